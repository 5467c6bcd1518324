//! Entries that are not written as headings: pages that list their problems as term lines
//! and give each its text below. Three shapes, read from structure alone:
//! - a paragraph that is one bold run, a sentence rather than a label (`**When deploying my
//!   stack, I receive a `NoSuchBucket` error**`), with its text in the paragraphs after it;
//! - a short line ending in a hard break with its definition on the next lines
//!   (`Connection timed out␠␠` then the explanation), as documentation exported to markdown
//!   from other formats writes terms;
//! - a definition list's terms (`Why is my page not published?` then `: …`), which the
//!   parser hands over as paragraphs that are all label.
//!
//! A section holding two or more such terms is cut at each one into sub-sections, so that the
//! rest of extraction (which sections are entries, what each holds) reads them as it reads
//! headings. One term alone is an emphasised sentence, not a list of problems.

use crate::parse::{Block, Section, Text, parse_markdown};
use crate::vocabulary::Vocabulary;

use super::entries::label_role;
use super::plain::plain;

/// The longest term line, in characters: beyond that it is a sentence of the text.
const MAX_TERM_CHARS: usize = 200;

/// `sections` with the terms of each section made sub-sections.
pub(super) fn promote(sections: &[Section], vocab: &Vocabulary) -> Vec<Section> {
    let mut out = Vec::with_capacity(sections.len());
    for section in sections {
        let terms: Vec<(usize, Term)> =
            section.blocks.iter().enumerate().filter_map(|(i, b)| term(b, vocab).map(|t| (i, t))).collect();
        if terms.len() < 2 {
            out.push(section.clone());
            continue;
        }
        let mut parent = Section { blocks: section.blocks[..terms[0].0].to_vec(), ..section.clone() };
        parent.blocks.shrink_to_fit();
        out.push(parent);
        let level = (section.level + 1).min(6);
        for (n, (at, term)) in terms.iter().enumerate() {
            let end = terms.get(n + 1).map_or(section.blocks.len(), |(next, _)| *next);
            let mut blocks = term.rest.clone();
            blocks.extend_from_slice(&section.blocks[at + 1..end]);
            out.push(Section { level, heading: term.heading.clone(), anchor: None, line: term.line, blocks });
        }
    }
    out
}

struct Term {
    heading: String,
    line: usize,
    /// The definition written in the same paragraph, after the term's line.
    rest: Vec<Block>,
}

fn term(block: &Block, vocab: &Vocabulary) -> Option<Term> {
    let Block::Paragraph(t) = block else { return None };
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
    let hard_break = first.ends_with("  ") || first.ends_with('\\');
    let heading = plain(first.trim_end().trim_end_matches('\\'));
    if !hard_break || rest.trim().is_empty() || !reads_as_term(&heading) || label_role(&heading, vocab).is_some() {
        return None;
    }
    let rest = parse_markdown(rest, t.line).sections.into_iter().flat_map(|s| s.blocks).collect();
    Some(Term { heading, line: t.line, rest })
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
        promote(&outline.sections, &Vocabulary::builtin()).into_iter().map(|s| (s.level, s.heading)).collect()
    }

    #[test]
    fn bold_sentences_side_by_side_are_sub_sections() {
        let md = "# Fixing the tool\n\nIntro.\n\n**The tool says `Boom` when I run it**  \nIt breaks.\n\n\
                  **Note**  \nA note.\n\n**My files are not written**\n\nCheck the disk.\n";
        assert_eq!(
            headings(md),
            [(0, String::new()), (1, "Fixing the tool".into()), (2, "The tool says `Boom` when I run it".into()),
             (2, "My files are not written".into())]
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
        let sections = promote(&outline.sections, &Vocabulary::builtin());
        assert_eq!(sections[2].heading, "Request timed out");
        assert_eq!((sections[3].heading.as_str(), sections[3].line), ("Disk is full", 6));
        let Block::Paragraph(p) = &sections[3].blocks[0] else { panic!() };
        assert_eq!((p.text.as_str(), p.line), ("Free some space.", 7));
    }

    #[test]
    fn japanese_terms_count_characters_not_words() {
        let md = "# よくある問題\n\n**ページが表示されない**\n\n説明。\n\n**ビルドが終わらない**\n\n説明。\n";
        assert_eq!(headings(md)[2..], [(2, "ページが表示されない".into()), (2, "ビルドが終わらない".into())]);
    }
}
