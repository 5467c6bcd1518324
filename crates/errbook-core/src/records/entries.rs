//! Which sections of a document are entries, decided by evidence at any heading depth:
//! - a section that owns role parts (sub-headings such as "Common Causes", labels such as
//!   **症状**) is an entry: the deepest such owner;
//! - a section whose heading names a problem (a quoted or backticked message, an error name,
//!   "… fails", "Unable to …", 〜できない) or whose own text shows a literal message is an entry;
//! - the sibling leaves of such entries are entries too (a troubleshooting page lists its
//!   problems side by side, not every title says "error");
//! - a section that holds entries is a category, not an entry (unless it has a body of its own);
//! - references ("See also"), catalogue names ("Common issues"), procedures ("Checking the
//!   status") and how-to questions are never entries by themselves, nor a section whose errors
//!   sit in a table (its rows are the entries);
//! - a page whose title is an error and whose sections name none is one entry
//!   ([`single_error_page`]).
//!
//! The words are vocabulary data (`i18n/<lang>/sections.toml`), never written here.

use std::collections::{HashMap, HashSet};

use crate::parse::{Block, Section, Table};
use crate::vocabulary::{Role, Vocabulary};

use super::messages;
use super::slug::slugify;

/// The indexes of the sections that are entries, in order. Every per-section fact is computed
/// once, and "does the subtree of `i` hold one" is a difference of prefix counts, so a page of
/// thousands of sections costs linear time.
pub fn find_entries(sections: &[Section], roles: &[Option<Role>], vocab: &Vocabulary) -> Vec<usize> {
    let n = sections.len();
    let ends: Vec<usize> = (0..n).map(|i| section_end(sections, i)).collect();
    let parents = parents(sections);
    let mut owner = vec![false; n];
    let mut inside_owner = vec![false; n];
    for o in role_owners(sections, roles, vocab) {
        owner[o] = true;
        // Its parts run to the end of its last role part: a problem written after them
        // ("Unable to update …" after the causes a page lists) is an entry of its own.
        let parts_end = (o + 1..ends[o]).filter(|&k| roles[k].is_some()).map(|k| ends[k]).max().unwrap_or(ends[o]);
        inside_owner[o + 1..parts_end].iter_mut().for_each(|x| *x = true);
    }
    let tables: Vec<bool> = sections.iter().map(|s| has_error_table(s, vocab)).collect();
    let open: Vec<bool> = (0..n)
        .map(|i| {
            let s = &sections[i];
            let plain = s.level > 0 && roles[i].is_none() && !inside_owner[i];
            let excluded = (vocab.is_not_entry(&s.heading) && !heading_has_message(&s.heading, vocab))
                || (vocab.is_procedure_only(&s.heading) && !quotes_message(&s.heading))
                || (vocab.is_how_to_question(&s.heading) && !heading_has_message(&s.heading, vocab))
                || tables[i]
                || is_table_of_contents(s)
                || (ends[i] == n && is_references(s));
            plain && !excluded
        })
        .collect();
    // Whether the subtree below `i` (not `i` itself) has a section for which `flags` is true.
    let below = |flags: &[bool]| {
        let mut prefix = vec![0usize; n + 1];
        for (k, &f) in flags.iter().enumerate() {
            prefix[k + 1] = prefix[k] + usize::from(f);
        }
        let ends = &ends;
        move |i: usize| prefix[ends[i]] > prefix[i + 1]
    };
    let mut candidate: Vec<bool> = (0..n)
        .map(|i| owner[i] || (open[i] && (names_problem(&sections[i], vocab) || shows_message(&sections[i], vocab))))
        .collect();

    // Leaves beside entries are entries: siblings share a parent and have no open sub-sections.
    let has_open_child = below(&open);
    // Siblings by parent, in the page's order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<Option<usize>, usize> = HashMap::new();
    for i in (0..n).filter(|&i| open[i] || owner[i]) {
        let g = *group_of.entry(parents[i]).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    for members in &groups {
        let leaves: Vec<usize> = members.iter().copied().filter(|&i| !has_open_child(i)).collect();
        let found: Vec<usize> = leaves.iter().copied().filter(|&i| candidate[i]).collect();
        // A heading with nothing under it says nothing of a problem.
        let said = |i: usize| !sections[i].blocks.is_empty();
        if !found.is_empty() && found.len() * 3 >= leaves.len() {
            for &i in leaves.iter().filter(|&&i| said(i)) {
                candidate[i] = true;
            }
        }
        // Siblings written in the same shape as an entry ("My pod stays pending" beside "My pod
        // is crashing") are entries too, whatever their words.
        // How many found entries open with each pair of words: one lookup a sibling.
        let mut shapes: HashMap<String, usize> = HashMap::new();
        for &f in &found {
            if let Some(lead) = leading_words(&sections[f].heading) {
                *shapes.entry(lead).or_default() += 1;
            }
        }
        for &i in &leaves {
            let Some(lead) = leading_words(&sections[i].heading) else { continue };
            let others = shapes.get(&lead).copied().unwrap_or(0) - usize::from(found.binary_search(&i).is_ok());
            if said(i) && others > 0 {
                candidate[i] = true;
            }
        }
    }

    // A checklist: checks ("Verify the setup", 設定を確認する) side by side with problems under
    // one heading are the checks of those problems, each an entry.
    let procedure: Vec<bool> = (0..n)
        .map(|i| {
            let s = &sections[i];
            s.level > 0
                && roles[i].is_none()
                && !inside_owner[i]
                && !open[i]
                && !tables[i]
                && vocab.is_procedure(&s.heading)
                && !vocab.is_not_entry(&s.heading)
                && section_end(sections, i) == i + 1
        })
        .collect();
    let checks: Vec<usize> = (0..n).filter(|&i| procedure[i]).collect();
    let mut beside: HashMap<Option<usize>, usize> = HashMap::new();
    for &i in &checks {
        *beside.entry(parents[i]).or_default() += 1;
    }
    let with_problems: HashSet<Option<usize>> =
        (0..n).filter(|&j| candidate[j] && !has_open_child(j)).map(|j| parents[j]).collect();
    // A procedure an entry above points to ("- Turn off `dnsmasq`." over "### Turn off
    // dnsmasq", a link to its anchor) is that entry's fix.
    let pointed = pointed_to(sections, &candidate);
    for &i in &checks {
        let answers = target_keys(&sections[i]).iter().any(|k| pointed.get(k).is_some_and(|&from| from < i));
        if beside[&parents[i]] >= 2 && !answers && with_problems.contains(&parents[i]) {
            candidate[i] = true;
        }
    }

    // A candidate holding candidates (or error-table rows) is a category, unless it says
    // something of its own.
    let (holds_candidates, holds_rows) = (below(&candidate), below(&tables));
    let entries: Vec<usize> = (0..n)
        .filter(|&i| candidate[i] && !holds_rows(i))
        .filter(|&i| {
            // A body of its own keeps a problem heading an entry beside those nested in it
            // (never the page's title).
            !holds_candidates(i) || owner[i] || (parents[i].is_some() && has_own_body(&sections[i]))
        })
        .collect();
    if !entries.is_empty() {
        return entries;
    }
    let excluded = |i: usize| sections[i].level > 0 && roles[i].is_none() && !inside_owner[i] && !open[i];
    entries_by_level(sections, roles)
        .into_iter()
        .filter(|&i| !excluded(i) && !sections[i].heading.trim().is_empty())
        .collect()
}

/// The words a heading opens with, when they are enough to call two headings alike: its first
/// two words, or, in a script written without spaces, its first three characters.
fn leading_words(heading: &str) -> Option<String> {
    let heading = heading.trim().to_lowercase();
    let words: Vec<&str> = heading.split_whitespace().collect();
    match words.as_slice() {
        [one, two, _, ..] => Some(format!("{one} {two}")),
        [one] if !one.is_ascii() && one.chars().count() > 4 => Some(one.chars().take(3).collect()),
        _ => None,
    }
}

/// Each section's parent (the nearest section above it of a lower level), in one pass.
pub(super) fn parents(sections: &[Section]) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.level == 0 {
                return None;
            }
            while stack.last().is_some_and(|&j| sections[j].level >= s.level) {
                stack.pop();
            }
            let parent = stack.last().copied();
            stack.push(i);
            parent
        })
        .collect()
}

/// Whether the page is one error: its title is an error (`TypeError: "x" is not a function`,
/// `Error: Permission denied (publickey)`) and no section names another one.
pub fn single_error_page(title: &str, sections: &[Section], roles: &[Option<Role>], vocab: &Vocabulary) -> bool {
    let title_is_error =
        messages::from_title(title).iter().any(|m| m.chars().count() >= 3) || heading_has_message(title, vocab);
    // A page whose parts are its top sections (Symptoms, Cause, Resolution) is one problem,
    // whatever its title says.
    let top_roles = sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| {
            roles[i].is_some() && parent_of(sections, i).is_none_or(|p| sections[p].level == 1 && s.level == 2)
        })
        .count();
    let owners_below_title = role_owners(sections, roles, vocab).iter().any(|&o| sections[o].level > 1);
    if top_roles >= 2 && !owners_below_title && sections.iter().filter(|s| s.level == 1).count() <= 1 {
        return true;
    }
    title_is_error
        && !role_owners(sections, roles, vocab).iter().any(|&o| sections[o].level > 1)
        && !sections
            .iter()
            .zip(roles)
            .any(|(s, r)| s.level > 1 && r.is_none() && names_another_error(&s.heading, vocab))
}

/// A heading that quotes a message of two words or more (a quoted `"git"` or `` `PATH` `` is a
/// word, not an error).
fn quotes_message(heading: &str) -> bool {
    messages::from_title(heading).iter().any(|m| m.split_whitespace().count() >= 2)
}

/// A heading that names an error of its own: an error name, or a message it quotes.
fn names_another_error(heading: &str, vocab: &Vocabulary) -> bool {
    crate::vocabulary::has_error_identifier(heading)
        || quotes_message(heading)
        || messages::code_span_messages(heading).next().is_some()
        || messages::reads_as_output(heading, vocab)
}

/// The error table of a section: the column that names each row's error, if the table has one.
/// A column counts when its header says so (Error code, メッセージ …) or when most of its cells
/// are a single piece of inline code.
pub fn error_table(table: &Table, vocab: &Vocabulary) -> Option<usize> {
    if table.rows.is_empty() {
        return None;
    }
    let by_header =
        table.head.iter().position(|h| vocab.table_keys.contains(&crate::vocabulary::normalize_label(&h.text)));
    by_header.or_else(|| {
        let code_cells = table.rows.iter().filter(|r| r.first().is_some_and(|c| is_single_code(&c.text))).count();
        (code_cells * 5 >= table.rows.len() * 3).then_some(0)
    })
}

fn has_error_table(section: &Section, vocab: &Vocabulary) -> bool {
    section.blocks.iter().any(|b| matches!(b, Block::Table(t) if error_table(t, vocab).is_some()))
}

/// Text that is one piece of inline code and nothing else.
pub(super) fn is_single_code(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2 && t.starts_with('`') && t.ends_with('`') && t.matches('`').count() == 2
}

/// A heading that quotes or names a message: `"failed to update service"`, `` `Error: …` ``,
/// `CannotPullContainerError`, `grpc: error while marshaling`, `error converting YAML to JSON`.
pub fn heading_has_message(heading: &str, vocab: &Vocabulary) -> bool {
    !messages::from_title(heading).is_empty()
        || messages::code_span_messages(heading).next().is_some()
        || messages::reads_as_output(heading, vocab)
}

/// A heading that names a problem, quotes a message, or asks a question (a troubleshooting
/// page's "Does the Service exist?" is a check of a problem).
fn names_problem(section: &Section, vocab: &Vocabulary) -> bool {
    let heading = section.heading.trim();
    heading_has_message(heading, vocab) || vocab.names_problem(heading) || heading.ends_with(['?', '？'])
}

/// The section's own text shows a literal message: a quoted error, an `**Error:**` lead, or a
/// code block announced as an error.
fn shows_message(section: &Section, vocab: &Vocabulary) -> bool {
    let mut cued = false;
    for block in &section.blocks {
        match block {
            Block::Quote(q) if vocab.looks_like_error(&q.text) => return true,
            Block::Paragraph(t) => {
                if t.label.as_deref().is_some_and(|l| vocab.role(l) == Some(Role::ErrorMessage)) && !t.rest.is_empty() {
                    return true;
                }
                cued = messages::announces_message(&t.text, vocab);
            }
            Block::Code(c) if cued && vocab.looks_like_error(&c.code) => return true,
            _ => cued = false,
        }
    }
    false
}

/// The most words of a list item compared with the headings after it.
const MAX_HEADING_WORDS: usize = 12;

/// What the candidates point to, each with the first candidate that does: the anchors they
/// link to (`#turn-off-dnsmasq`) and the openings of their list items, word by word, as slugs.
fn pointed_to(sections: &[Section], candidate: &[bool]) -> HashMap<String, usize> {
    let mut pointed = HashMap::new();
    for (j, section) in sections.iter().enumerate().filter(|&(j, _)| candidate[j]) {
        for block in &section.blocks {
            for link in block.links() {
                if let Some(fragment) = link.url.strip_prefix('#') {
                    pointed.entry(slugify(fragment)).or_insert(j);
                }
            }
            if let Block::List(list) = block {
                for item in &list.items {
                    let slug = slugify(&item.text.text);
                    let mut prefix = String::new();
                    // A heading is a few words: the openings of long items stop there, so that
                    // a page of long items costs no more than its text.
                    for word in slug.split('-').take(MAX_HEADING_WORDS) {
                        if !prefix.is_empty() {
                            prefix.push('-');
                        }
                        prefix.push_str(word);
                        pointed.entry(prefix.clone()).or_insert(j);
                    }
                }
            }
        }
    }
    pointed
}

/// The slugs by which a section is pointed to: its heading's, and its explicit anchor's.
fn target_keys(section: &Section) -> Vec<String> {
    let mut keys = vec![slugify(&section.heading)];
    keys.extend(section.anchor.as_deref().map(slugify));
    keys
}

/// A body of its own: code, a quote, or two paragraphs before its first sub-section.
fn has_own_body(section: &Section) -> bool {
    let paragraphs = section.blocks.iter().filter(|b| matches!(b, Block::Paragraph(_))).count();
    paragraphs >= 2 || section.blocks.iter().any(|b| matches!(b, Block::Code(_) | Block::Quote(_)))
}

/// A section whose text is mostly links: at the end of a page, where to read next, whatever
/// its heading calls it (See also, Related topics, 関連項目, Next steps). Elsewhere a short
/// answer may well be a link.
pub(super) fn is_references(section: &Section) -> bool {
    let (mut text, mut linked) = (0usize, 0usize);
    for block in &section.blocks {
        match block {
            Block::Paragraph(t) => {
                text += t.text.chars().count();
                linked += t.links.iter().map(|l| l.text.chars().count()).sum::<usize>();
            }
            Block::List(l) => {
                for item in &l.items {
                    if !item.children.is_empty() {
                        return false;
                    }
                    text += item.text.text.chars().count();
                    linked += item.text.links.iter().map(|l| l.text.chars().count()).sum::<usize>();
                }
            }
            _ => return false,
        }
    }
    text > 0 && linked * 2 >= text
}

/// A section that is only a list of links to the page's own headings.
fn is_table_of_contents(section: &Section) -> bool {
    let mut lists = section.blocks.iter().filter_map(|b| match b {
        Block::List(l) => Some(l),
        _ => None,
    });
    let Some(list) = lists.next() else { return false };
    section.blocks.len() == 1
        && list.items.iter().all(|i| i.text.links.len() == 1 && i.text.links[0].url.starts_with('#'))
}

/// Sections that own role parts: a role heading's nearest non-role ancestor, or a section with
/// role labels among its own blocks. The deepest owners count.
fn role_owners(sections: &[Section], roles: &[Option<Role>], vocab: &Vocabulary) -> Vec<usize> {
    let mut owners: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let owner = if roles[i].is_some() {
            let mut p = parent_of(sections, i);
            while let Some(j) = p.filter(|&j| roles[j].is_some()) {
                p = parent_of(sections, j);
            }
            p
        } else if sections[i].level > 0 && sections[i].blocks.iter().any(|b| block_label_role(b, vocab).is_some()) {
            Some(i)
        } else {
            None
        };
        if let Some(o) = owner.filter(|o| !owners.contains(o)) {
            owners.push(o);
        }
    }
    let is_ancestor = |a: usize, b: usize| a < b && b < section_end(sections, a);
    owners.iter().copied().filter(|&a| !owners.iter().any(|&b| is_ancestor(a, b))).collect()
}

/// Entries of a document without role parts: the sections one level below its title.
fn entries_by_level(sections: &[Section], roles: &[Option<Role>]) -> Vec<usize> {
    let first = sections.iter().find(|s| s.level > 0).map_or(0, |s| s.level);
    let title_level = if sections.iter().filter(|s| s.level == first).count() == 1 { first } else { 0 };
    let candidates = || (0..sections.len()).filter(|&i| sections[i].level > title_level && roles[i].is_none());
    let Some(level) = candidates().map(|i| sections[i].level).min() else { return Vec::new() };
    candidates().filter(|&i| sections[i].level == level).collect()
}

pub fn block_label_role(block: &Block, vocab: &Vocabulary) -> Option<Role> {
    match block {
        Block::Paragraph(t) => t.label.as_deref().and_then(|label| label_role(label, vocab).map(|(role, _)| role)),
        _ => None,
    }
}

/// The role a label names, with a title it carries: "Cause 2: Port mismatch" → (Cause, "Port mismatch").
pub fn label_role<'l>(label: &'l str, vocab: &Vocabulary) -> Option<(Role, &'l str)> {
    if let Some(role) = vocab.role(label) {
        return Some((role, ""));
    }
    let (key, inner) = crate::vocabulary::split_label(label)?;
    vocab.role(key).map(|role| (role, inner))
}

/// Index just past section `i` and everything nested below it.
pub fn section_end(sections: &[Section], i: usize) -> usize {
    let level = sections[i].level;
    if level == 0 {
        return i + 1;
    }
    sections[i + 1..].iter().position(|s| s.level <= level).map_or(sections.len(), |p| i + 1 + p)
}

pub fn parent_of(sections: &[Section], i: usize) -> Option<usize> {
    let level = sections[i].level;
    (0..i).rev().find(|&j| sections[j].level > 0 && sections[j].level < level)
}
