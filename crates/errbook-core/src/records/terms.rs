//! Entries that are not written as headings: pages that list their problems as term lines
//! and give each its text below. Three shapes, read from structure alone:
//! - a paragraph that is one bold run, a sentence rather than a label (`**When deploying my
//!   stack, I receive a `NoSuchBucket` error**`), with its text in the paragraphs after it;
//! - a short line ending in a hard break with its definition on the next lines
//!   (`Connection timed out␠␠` then the explanation), as documentation exported to markdown
//!   from other formats writes terms;
//! - a list whose items are each a message in inline code, its explanation nested below;
//! - a list whose items hold term lines, several to an item, each with its definition, often
//!   after a line naming the group (`+ `RunTask`␠␠` then `` `RESOURCE:*` (instance ID)␠␠``
//!   and what it means);
//! - a definition list's terms (`Why is my page not published?` then `: …`), which the
//!   parser hands over as paragraphs that are all label.
//!
//! A section holding two or more such terms is cut at each one into sub-sections, so that the
//! rest of extraction (which sections are entries, what each holds) reads them as it reads
//! headings. One term alone is an emphasised sentence, not a list of problems. Terms that
//! follow a lead-in to causes ("The possible causes for this are:") are the causes of the
//! section they stand in, not problems of their own.

use std::borrow::Cow;

use crate::parse::{Block, Item, List, Section, Text, parse_markdown};
use crate::vocabulary::Vocabulary;

use super::entries::{is_single_code, label_role};
use super::messages;
use super::plain::plain;

/// The longest term line, in characters: beyond that it is a sentence of the text.
const MAX_TERM_CHARS: usize = 200;

/// A page's sections with its terms made sub-sections.
pub(super) struct Promoted<'s> {
    /// The sections as they are, not a copy, when no section lists terms (a page's text is
    /// held once).
    pub sections: Cow<'s, [Section]>,
    /// The indexes of the sub-sections that are causes of the section above them, in order.
    pub causes: Vec<usize>,
}

pub(super) fn promote<'s>(sections: &'s [Section], vocab: &Vocabulary) -> Promoted<'s> {
    // Each section's terms, block by block, read once; `None` for a section listing fewer than
    // two, which stays as it is.
    let terms: Vec<Option<Vec<Vec<Term>>>> = sections
        .iter()
        .map(|section| {
            // Under a heading that quotes a message, a list of coded lines names its parts
            // (asked only of a section that holds a list).
            let lists = section.blocks.iter().any(|b| matches!(b, Block::List(_)));
            let quotes = lists && super::entries::heading_has_message(&section.heading, vocab);
            let terms: Vec<Vec<Term>> = section.blocks.iter().map(|b| terms(b, vocab, quotes)).collect();
            (terms.iter().map(Vec::len).sum::<usize>() >= 2).then_some(terms)
        })
        .collect();
    if terms.iter().all(Option::is_none) {
        return Promoted { sections: Cow::Borrowed(sections), causes: Vec::new() };
    }
    let mut out = Vec::with_capacity(sections.len());
    let mut causes = Vec::new();
    for (section, terms) in sections.iter().zip(terms) {
        let Some(terms) = terms else {
            out.push(section.clone());
            continue;
        };
        let (heading, anchor) = (section.heading.clone(), section.anchor.clone());
        out.push(Section { level: section.level, heading, anchor, line: section.line, blocks: Vec::new() });
        let level = (section.level + 1).min(6);
        let first = terms.iter().position(|t| !t.is_empty()).unwrap_or(0);
        let mut are_causes =
            first > 0 && matches!(&section.blocks[first - 1], Block::Paragraph(t) if vocab.announces_causes(&t.text));
        for (block, terms) in section.blocks.iter().zip(terms) {
            if terms.is_empty() {
                out.last_mut().expect("the section itself was pushed").blocks.push(block.clone());
            }
            for term in terms {
                // The causes run until a term that is an error of its own, as a program
                // prints one, its error word first ("Unable to update the service: …").
                are_causes = are_causes && !opens_with_error(&term.heading, vocab);
                if are_causes {
                    causes.push(out.len());
                }
                out.push(Section { level, heading: term.heading, anchor: None, line: term.line, blocks: term.rest });
            }
        }
    }
    Promoted { sections: Cow::Owned(out), causes }
}

struct Term {
    heading: String,
    line: usize,
    /// The definition written in the same paragraph, after the term's line.
    rest: Vec<Block>,
}

/// The terms a block holds: none, one (a bold sentence, a term line, a definition's term), or
/// one an item of a list whose items are each a message in inline code
/// (`` 1. `unable to verify the first certificate` `` with its explanation below).
fn terms(block: &Block, vocab: &Vocabulary, under_message: bool) -> Vec<Term> {
    match block {
        Block::Paragraph(t) => term(t, vocab).into_iter().collect(),
        Block::List(list) => {
            let coded = |item: &&Item| is_single_code(&item.text.text);
            let message = |item: &Item| messages::code_span_messages(&item.text.text).next().is_some();
            if list.items.len() < 2 || !list.items.iter().all(|i| coded(&i)) || !list.items.iter().any(message) {
                return item_terms(list, vocab);
            }
            if under_message {
                return Vec::new();
            }
            list.items
                .iter()
                .map(|item| Term { heading: item.text.text.clone(), line: item.line, rest: item.children.clone() })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn term(t: &Text, vocab: &Vocabulary) -> Option<Term> {
    if let Some(label) = t.label.as_deref().filter(|_| t.rest.trim().is_empty()) {
        return (reads_as_term(label) && label_role(label, vocab).is_none()).then(|| Term {
            heading: label.to_string(),
            line: t.line,
            rest: Vec::new(),
        });
    }
    term_line(t, vocab)
}

/// `Term line␠␠\nIts definition…`: the first line ends in a hard break and the text goes on.
fn term_line(t: &Text, vocab: &Vocabulary) -> Option<Term> {
    let (first, rest) = t.md.split_once('\n')?;
    let heading = line_term(first, vocab)?;
    if rest.trim().is_empty() {
        return None;
    }
    Some(Term { heading, line: t.line, rest: blocks(rest, t.line + 1) })
}

/// The term a line names, when it is a term line: it reads as a term and ends in a hard break.
fn line_term(line: &str, vocab: &Vocabulary) -> Option<String> {
    let hard_break = line.ends_with("  ") || line.ends_with('\\');
    let heading = plain(line.trim_end().trim_end_matches('\\'));
    (hard_break && reads_as_term(&heading) && label_role(&heading, vocab).is_none()).then_some(heading)
}

fn blocks(md: &str, line: usize) -> Vec<Block> {
    parse_markdown(md, line.saturating_sub(1)).sections.into_iter().flat_map(|s| s.blocks).collect()
}

/// The terms of a list whose every item leads with a term line (after a line naming its
/// group, itself a term line followed by another); none unless the list holds two or more.
fn item_terms(list: &List, vocab: &Vocabulary) -> Vec<Term> {
    let mut out = Vec::new();
    for item in &list.items {
        let lines: Vec<&str> = item.text.md.lines().collect();
        let term_at = |k: usize| lines.get(k).and_then(|l| line_term(l, vocab)).filter(|_| k + 1 < lines.len());
        let first = match (term_at(0), term_at(1)) {
            (Some(_), Some(_)) => 1,
            (Some(_), None) => 0,
            _ => return Vec::new(),
        };
        let mut current: Option<(String, usize, Vec<&str>)> = None;
        let push = |current: Option<(String, usize, Vec<&str>)>, out: &mut Vec<Term>| {
            if let Some((heading, line, definition)) = current {
                out.push(Term { heading, line, rest: blocks(&definition.join("\n"), line + 1) });
            }
        };
        for (k, line) in lines.iter().enumerate().skip(first) {
            match term_at(k) {
                Some(heading) => push(current.replace((heading, item.line + k, Vec::new())), &mut out),
                None => current.iter_mut().for_each(|(_, _, definition)| definition.push(line)),
            }
        }
        push(current, &mut out);
        if let Some(last) = out.last_mut() {
            last.rest.extend(item.children.iter().cloned());
        }
    }
    if out.len() < 2 { Vec::new() } else { out }
}

fn opens_with_error(text: &str, vocab: &Vocabulary) -> bool {
    let lower = plain(text).to_lowercase();
    vocab
        .error_words
        .iter()
        .any(|w| lower.strip_prefix(w.as_str()).is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric())))
}

/// A term names something: a few words, not a sentence that ends or a lead-in to what follows.
fn reads_as_term(text: &str) -> bool {
    let text = text.trim();
    let chars = text.chars().count();
    let words = text.split_whitespace().count();
    let cjk = text.chars().filter(|c| errbook_search::analysis::tokenize::is_cjk(*c)).count();
    (2..=MAX_TERM_CHARS).contains(&chars)
        && (words >= 2 || cjk >= 4 || text.contains('`'))
        && !text.ends_with([':', '：', '.', '。', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(md: &str) -> Vec<(u8, String)> {
        let outline = parse_markdown(md, 0);
        promote(&outline.sections, &Vocabulary::builtin())
            .sections
            .iter()
            .map(|s| (s.level, s.heading.clone()))
            .collect()
    }

    #[test]
    fn bold_sentences_side_by_side_are_sub_sections() {
        let md = "# Fixing the tool\n\nIntro.\n\n**The tool says `Boom` when I run it**  \nIt breaks.\n\n\
                  **Note**  \nA note.\n\n**My files are not written**\n\nCheck the disk.\n";
        assert_eq!(
            headings(md),
            [
                (0, String::new()),
                (1, "Fixing the tool".into()),
                (2, "The tool says `Boom` when I run it".into()),
                (2, "My files are not written".into())
            ]
        );
    }

    #[test]
    fn one_bold_sentence_is_emphasis() {
        let md = "# T\n\n**Always back up before you upgrade the server**\n\nText.\n";
        assert_eq!(headings(md).len(), 2);
    }

    #[test]
    fn hard_break_term_lines_keep_their_definitions() {
        let md = "# Errors\n\nRequest timed out  \nThe server did not answer.\n\nDisk is full  \nFree some space.\n";
        let outline = parse_markdown(md, 0);
        let sections = promote(&outline.sections, &Vocabulary::builtin()).sections;
        assert_eq!(sections[2].heading, "Request timed out");
        assert_eq!((sections[3].heading.as_str(), sections[3].line), ("Disk is full", 6));
        let Block::Paragraph(p) = &sections[3].blocks[0] else { panic!() };
        assert_eq!((p.text.as_str(), p.line), ("Free some space.", 7));
    }

    #[test]
    fn a_list_of_messages_in_code_is_a_list_of_entries() {
        let md = "# Errors\n\n1. `tls: handshake failure on connect`\n\n   The peer refused.\n\n\
                  1. `certificate has expired`\n\n   Renew it.\n\n## Setup\n\n1. `make`\n1. `make install`\n";
        let outline = parse_markdown(md, 0);
        let sections = promote(&outline.sections, &Vocabulary::builtin()).sections;
        let heads: Vec<&str> = sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(heads, ["", "Errors", "`tls: handshake failure on connect`", "`certificate has expired`", "Setup"]);
        let Block::Paragraph(p) = &sections[3].blocks[0] else { panic!() };
        assert_eq!(p.text, "Renew it.");
    }

    #[test]
    fn terms_after_a_lead_in_to_causes_are_causes() {
        let md = "# Errors\n\n## Task cannot be placed\n\nThe possible causes are:\n\nNo hosts  \nAdd hosts.\n\nNot enough memory  \nAdd memory.\n";
        let outline = parse_markdown(md, 0);
        let promoted = promote(&outline.sections, &Vocabulary::builtin());
        assert_eq!(promoted.causes, [3, 4]);
        assert_eq!(promoted.sections[4].heading, "Not enough memory");
    }

    #[test]
    fn term_lines_inside_list_items_are_terms() {
        let md = "# Failures\n\n+ `Describe`  \n`MISSING` (cluster ID)  \nThe cluster was not found.\n+ `Run`  \n`RESOURCE:*` (host ID)  \nThe host is full.  \n`AGENT` (host ID)  \nThe agent is disconnected.\n";
        let heads: Vec<(u8, String)> = headings(md);
        assert_eq!(
            heads[2..],
            [
                (2, "`MISSING` (cluster ID)".into()),
                (2, "`RESOURCE:*` (host ID)".into()),
                (2, "`AGENT` (host ID)".into())
            ]
        );
        let outline = parse_markdown(md, 0);
        let sections = promote(&outline.sections, &Vocabulary::builtin()).sections;
        assert_eq!(sections[4].line, 9);
        let Block::Paragraph(p) = &sections[4].blocks[0] else { panic!() };
        assert_eq!((p.text.as_str(), p.line), ("The agent is disconnected.", 10));
    }

    #[test]
    fn japanese_terms_count_characters_not_words() {
        let md = "# よくある問題\n\n**ページが表示されない**\n\n説明。\n\n**ビルドが終わらない**\n\n説明。\n";
        assert_eq!(headings(md)[2..], [(2, "ページが表示されない".into()), (2, "ビルドが終わらない".into())]);
    }
}
