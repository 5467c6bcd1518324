//! Finds the troubleshooting entries in an [`Outline`] and fills their records.
//!
//! Which sections are entries is decided from the shape of the document, never from its name:
//! - an entry is the deepest section that owns role parts: sub-headings such as "Common Causes"
//!   or bold labels such as **症状**;
//! - in a document with no role parts at all (a page of notes, text from a web page), every
//!   section one level below the title is an entry.
//!
//! Everything outside the entries is the document's general guidance.

use crate::parse::{Block, Section};
use crate::vocabulary::{Role, Vocabulary, normalize_label};

use super::entries::{block_label_role, find_entries, section_end, single_error_page};
use super::entry::Entry;
use super::input::command;
use super::rows;
use super::{Diagram, Document, Guidance, Record, Source, Written, append_paragraph};

pub use super::input::Input;

pub fn extract(input: &Input<'_>, vocab: &Vocabulary) -> (Document, Vec<Record>) {
    let promoted = super::terms::promote(&input.outline.sections, vocab);
    let sections = &promoted.sections;
    let roles: Vec<Option<Role>> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| match s.level {
            0 => None,
            _ if promoted.causes.binary_search(&i).is_ok() => Some(Role::Cause),
            _ => vocab.role(&s.heading),
        })
        .collect();

    let title = input
        .front
        .title
        .clone()
        .or_else(|| sections.iter().find(|s| s.level == 1).map(|s| s.heading.clone()))
        .unwrap_or_else(|| input.id.clone());
    let title: String = title.chars().filter(|&c| !crate::terminal::is_hidden(c)).collect();
    let mut document = Document {
        id: input.id.clone(),
        lang: input.lang.to_string(),
        title: title.clone(),
        source: Source { path: input.path.to_string(), line: 1 },
        translation_of: input.front.translation_of.clone(),
        description: input.front.description.clone().unwrap_or_default(),
        tags: input.front.tags.to_vec(),
        aliases: input.front.routes(),
        links: sections.iter().flat_map(|s| &s.blocks).flat_map(|b| b.links()).cloned().collect(),
        front_matter: crate::frontmatter::as_json(&input.front.extra),
        ..Document::default()
    };

    let mut records = Vec::new();
    // Whether the page is one problem is decided by the parts its headings name, not by the
    // causes a lead-in announced.
    let named: std::borrow::Cow<'_, [Option<Role>]> = match promoted.causes.is_empty() {
        true => std::borrow::Cow::Borrowed(&roles),
        false => {
            roles.iter().enumerate().map(|(i, &r)| r.filter(|_| promoted.causes.binary_search(&i).is_err())).collect()
        }
    };
    if single_error_page(&title, sections, &named, vocab) {
        let record = single_entry(input, vocab, &title, sections, &roles, &mut document);
        document.records.push(record.id.clone());
        records.push(record);
        set_services(vocab, &document, &mut records);
        return (document, records);
    }
    let entries = find_entries(sections, &roles, vocab);
    let mut i = 0;
    while i < sections.len() {
        if entries.contains(&i) {
            // An entry ends where its section ends, or where an entry nested in it begins.
            let end = section_end(sections, i);
            let end = entries.iter().copied().find(|&e| e > i && e < end).unwrap_or(end);
            let record = build_entry(input, vocab, &sections[i..end], &roles[i..end]);
            document.records.push(record.id.clone());
            records.push(record);
            i = end;
            continue;
        }
        // A section's text stays with its document, error tables included; their rows are
        // entries as well.
        if let Some(g) = guidance(&sections[i]) {
            document.guidance.push(g);
        }
        let rows = rows::entries(input, vocab, &sections[i]);
        for record in rows {
            document.records.push(record.id.clone());
            records.push(record);
        }
        i += 1;
    }
    set_services(vocab, &document, &mut records);
    (document, records)
}

/// Each entry's services: those named by its document (title and file name), its own title,
/// its messages and the code it runs or configures. Prose names services in passing ("check
/// CloudWatch", "a Python app"), and so do logs shown as examples (a traceback), which made every
/// entry seem to concern half the list.
fn set_services(vocab: &Vocabulary, document: &Document, records: &mut [Record]) {
    for r in records {
        let mut haystack = format!("{}\n{}\n{}\n", document.title, document.id, r.title);
        for m in &r.error_messages {
            haystack.push_str(&m.text);
            haystack.push('\n');
        }
        for c in r.all_commands().filter(|c| !super::is_plain(&c.lang)) {
            haystack.push_str(&c.code);
            haystack.push('\n');
        }
        r.services = vocab.services_in(&haystack);
    }
}

/// A page that is one error: the title is the entry, role sections are its parts, reference
/// sections its document's guidance, and every other section one of its causes (the checks and
/// examples such pages are made of).
fn single_entry(
    input: &Input<'_>,
    vocab: &Vocabulary,
    title: &str,
    sections: &[Section],
    roles: &[Option<Role>],
    document: &mut Document,
) -> Record {
    let head = Section { level: 1, heading: title.to_string(), anchor: None, line: 1, blocks: Vec::new() };
    // A reference section by its name, or the page's closing section of links (関連情報).
    let reference = |i: usize| {
        vocab.not_entries.contains(&normalize_label(&sections[i].heading))
            || (i + 1 == sections.len() && super::entries::is_references(&sections[i]))
    };
    // Cases grouped under one heading (an "Examples" section's sub-sections) are the causes the
    // page counts; then its other sections ("What went wrong?", "Error type") explain the error.
    let parents = super::entries::parents(sections);
    let grouped = sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| s.level > 2 && roles[i].is_none() && parents[i].is_some_and(|p| roles[p].is_none()))
        .count()
        >= 2;
    let mut entry = Entry::new(input, vocab, &head, !grouped);
    for (i, (section, role)) in sections.iter().zip(roles).enumerate() {
        let holds_cases = grouped && sections.get(i + 1).is_some_and(|next| next.level > section.level);
        if section.level == 0 || (section.level == 1 && section.heading == title) {
            entry.blocks(&section.blocks);
        } else if role.is_some() {
            entry.label(&section.heading, "", "", section.line);
            entry.blocks(&section.blocks);
        } else if reference(i) || holds_cases {
            if let Some(g) = guidance(section) {
                document.guidance.push(g);
            }
        } else if grouped && section.level <= 2 {
            entry.sub_heading(&section.heading);
            entry.blocks(&section.blocks);
        } else {
            entry.heading_cause(section);
        }
    }
    let mut record = entry.finish(title);
    record.level = 1;
    // The page is the entry: all of it but its title, its links included.
    let body = sections.iter().filter(|s| !(s.level == 1 && s.heading == title));
    record.body = written(body, 1);
    record
}

fn build_entry(input: &Input<'_>, vocab: &Vocabulary, sections: &[Section], roles: &[Option<Role>]) -> Record {
    let head = &sections[0];
    // Prose cues decide causes and fixes only where the writer labelled none (an `**Error:**`
    // or `**Issue:**` lead labels the problem, not its explanation).
    let explains = |role: Option<Role>| {
        matches!(role, Some(Role::Causes | Role::Cause | Role::Solution | Role::Debugging | Role::Meaning))
    };
    let labelled = roles.iter().skip(1).any(|&r| explains(r))
        || sections.iter().flat_map(|s| &s.blocks).any(|b| explains(block_label_role(b, vocab)));
    let mut entry = Entry::new(input, vocab, head, !labelled);
    entry.blocks(&head.blocks);
    for (section, role) in sections.iter().zip(roles).skip(1) {
        match role {
            // A term that a lead-in called a cause: its line is the cause's title.
            Some(Role::Cause) if vocab.role(&section.heading).is_none() => {
                entry.heading_cause(section);
                continue;
            }
            Some(_) => {
                entry.label(&section.heading, "", "", section.line);
            }
            None => entry.sub_heading(&section.heading),
        }
        entry.blocks(&section.blocks);
    }
    let mut record = entry.finish(&head.heading);
    record.level = head.level;
    record.body = written(sections.iter(), head.level);
    record
}

/// Sections as written: the first one's blocks, then each further section's heading (its depth
/// below `top`) and blocks.
fn written<'s>(sections: impl Iterator<Item = &'s Section>, top: u8) -> Vec<Written> {
    let mut body = Vec::new();
    for (n, section) in sections.enumerate() {
        if n > 0 || section.level > top {
            body.push(Written {
                line: section.line,
                level: section.level.saturating_sub(top).max(1),
                text: section.heading.clone(),
                anchor: section.anchor.clone(),
            });
        }
        for block in &section.blocks {
            body.push(Written { line: block.line(), level: 0, text: block.to_markdown(), anchor: None });
        }
    }
    body
}

fn guidance(section: &Section) -> Option<Guidance> {
    let mut g = Guidance {
        heading: section.heading.clone(),
        level: section.level,
        line: section.line.max(1),
        ..Guidance::default()
    };
    for block in &section.blocks {
        match block {
            Block::Code(c) if c.lang == "mermaid" => {
                g.diagrams.push(Diagram { kind: c.lang.clone(), source: c.code.clone(), line: c.line });
            }
            Block::Code(c) => g.commands.push(command(c)),
            _ => {}
        }
        append_paragraph(&mut g.text, &block.to_markdown());
    }
    let empty = g.heading.is_empty() && g.text.is_empty() && g.commands.is_empty() && g.diagrams.is_empty();
    (!empty).then_some(g)
}
