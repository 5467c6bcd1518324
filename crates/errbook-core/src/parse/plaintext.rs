//! Plain text, as copied out of a web page or a PDF, into an [`Outline`].
//!
//! Such text has lost its markup: headings are lines of their own, and lines are often broken in
//! the middle of a sentence wherever the page had a link or inline code. The rules here are about
//! the shape of lines, never about particular words:
//! - the first line is the title;
//! - a heading is a short line that does not end like a sentence, follows the end of a sentence,
//!   and is followed by the start of one;
//! - a line that starts in lower case or with punctuation, or a very short line after a line that
//!   did not end a sentence, continues the paragraph before it;
//! - a line holding only `-` or `•` marks the next paragraph as a list item;
//! - after a paragraph ending in `:`, the lines that do not end like sentences are the example it
//!   announced: a command when they read like one, otherwise quoted output.

use super::{Block, Code, Item, List, Outline, Section, Text};

pub fn parse_plain_text(text: &str) -> Outline {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).collect();
    let mut builder = Builder::default();
    let mut prev_ends_sentence = true;
    let mut title_seen = false;
    for (i, &(line_no, line)) in lines.iter().enumerate() {
        if line.is_empty() {
            builder.flush();
            prev_ends_sentence = true;
            continue;
        }
        if !title_seen {
            title_seen = true;
            builder.heading(1, line, line_no);
            prev_ends_sentence = true;
            continue;
        }
        if matches!(line, "-" | "•" | "*" | "·" | "–") {
            builder.flush();
            builder.next_is_item = true;
            prev_ends_sentence = true;
            continue;
        }
        if builder.continues(line) {
            builder.append(line);
        } else {
            let next = lines[i + 1..].iter().map(|&(_, l)| l).find(|l| !l.is_empty());
            builder.flush();
            if prev_ends_sentence && is_heading(line, next) {
                builder.heading(2, line, line_no);
            } else {
                builder.start(line, line_no);
            }
        }
        prev_ends_sentence = ends_sentence(line);
    }
    builder.flush();
    let mut outline = Outline { sections: builder.sections, too_deep: Vec::new() };
    for section in &mut outline.sections {
        mark_examples(&mut section.blocks);
    }
    outline
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    paragraph: Option<(String, usize, bool)>,
    next_is_item: bool,
}

impl Builder {
    fn heading(&mut self, level: u8, text: &str, line: usize) {
        self.flush();
        self.sections.push(Section { level, heading: text.to_string(), anchor: None, line, blocks: Vec::new() });
    }

    fn start(&mut self, text: &str, line: usize) {
        self.paragraph = Some((text.to_string(), line, std::mem::take(&mut self.next_is_item)));
    }

    fn continues(&self, line: &str) -> bool {
        let Some((text, _, _)) = &self.paragraph else { return false };
        let first = line.chars().next().unwrap_or(' ');
        first.is_lowercase()
            || ".,;:)]".contains(first)
            || (!ends_sentence(text) && line.split_whitespace().count() <= 3)
    }

    fn append(&mut self, line: &str) {
        if let Some((text, _, _)) = &mut self.paragraph {
            let first = line.chars().next().unwrap_or(' ');
            if !".,;:)]".contains(first) {
                text.push(' ');
            }
            text.push_str(line);
        }
    }

    fn flush(&mut self) {
        let Some((text, line, is_item)) = self.paragraph.take() else { return };
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let blocks = &mut self.sections.last_mut().expect("a section exists").blocks;
        let text = Text::plain(text, line);
        if !is_item {
            blocks.push(Block::Paragraph(text));
            return;
        }
        let item = Item { text, children: Vec::new(), line };
        match blocks.last_mut() {
            Some(Block::List(list)) if !list.ordered => list.items.push(item),
            _ => blocks.push(Block::List(List { ordered: false, items: vec![item], line, md: String::new() })),
        }
    }
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', '。', '！', '？', '：'])
}

fn is_heading(line: &str, next: Option<&str>) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    let starts_well = first.is_uppercase() || first.is_ascii_digit() || first == '"' || !first.is_ascii();
    let next_starts_sentence = next.is_none_or(|n| {
        let c = n.chars().next().unwrap_or(' ');
        c.is_uppercase() || c.is_ascii_digit() || !c.is_ascii() || c == '-'
    });
    starts_well
        && next_starts_sentence
        && !line.ends_with(['.', ',', ';', ':', '。', '、', '：'])
        && line.chars().count() <= 100
        && line.split_whitespace().count() <= 16
        && !looks_like_command(line)
}

/// `aws ecr get-login-password` (after a `$ ` prompt or not): lower-case words, no sentence
/// punctuation.
fn looks_like_command(line: &str) -> bool {
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 12
        && words[0].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !line.chars().any(|c| c.is_uppercase())
        && !ends_sentence(line)
        && !line.ends_with(',')
}

/// Turns the paragraphs announced by a line ending in `:` into code or quoted output.
fn mark_examples(blocks: &mut [Block]) {
    let mut announced = false;
    for block in blocks.iter_mut() {
        let Block::Paragraph(text) = block else {
            announced = false;
            continue;
        };
        if announced && !ends_sentence(&text.text) {
            *block = if looks_like_command(&text.text) {
                Block::Code(Code {
                    lang: "sh".to_string(),
                    label: String::new(),
                    code: format!("{}\n", text.text),
                    line: text.line,
                })
            } else {
                Block::Quote(text.clone())
            };
            continue;
        }
        announced = text.text.ends_with([':', '：']);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(section: &Section) -> Vec<String> {
        section.blocks.iter().map(Block::to_text).collect()
    }

    #[test]
    fn lines_split_mid_sentence_are_rejoined() {
        let o = parse_plain_text(
            "Title line\nHTTP 429: Too Many Requests\nYou may receive a 429: Too Many Requests\nerror or a\nThrottleException\nerror from one or more calls. If you\nuse Docker, you may see TOOMANYREQUESTS: Rate exceeded\n.\n",
        );
        assert_eq!(o.sections[1].heading, "HTTP 429: Too Many Requests");
        assert_eq!(
            paragraphs(&o.sections[1]),
            [
                "You may receive a 429: Too Many Requests error or a ThrottleException error from one or more calls. If you use Docker, you may see TOOMANYREQUESTS: Rate exceeded."
            ]
        );
    }

    #[test]
    fn heading_needs_a_sentence_end_before_and_a_sentence_start_after() {
        let o = parse_plain_text(
            "T\nFirst sentence ends here.\nFor example, the throttle for the X\naction is 20.\nNext Heading Here\nBody starts.\n",
        );
        let headings: Vec<&str> = o.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["T", "Next Heading Here"]);
    }

    #[test]
    fn announced_example_becomes_command_and_quote() {
        let o = parse_plain_text(
            "T\nH\nYou may receive the following error:\n\naws ecr get-login-password\nA client error (AccessDeniedException) occurred: User: arn\n:user/name\nis not authorized\nThis indicates a problem.\n",
        );
        let kinds: Vec<&str> = o.sections[1]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Code(_) => "code",
                Block::Quote(_) => "quote",
                Block::List(_) => "list",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["p", "code", "quote", "p"]);
        assert_eq!(
            o.sections[1].blocks[2].to_text(),
            "> A client error (AccessDeniedException) occurred: User: arn:user/name is not authorized"
        );
    }

    #[test]
    fn dash_lines_make_list_items() {
        let o = parse_plain_text("T\nSteps follow here.\n-\nVerify one thing.\n-\nVerify another.\n");
        let Block::List(list) = &o.sections[0].blocks[1] else { panic!("{:?}", o.sections[0].blocks) };
        assert_eq!(list.items.len(), 2);
    }
}
