//! Record text is CommonMark; search, message spotting and diagram labels read its words. This
//! is the one place that turns the first into the second.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The words of `md`: inline code kept in backticks, link and image targets dropped, list items
/// as `- ` lines, paragraphs separated by a blank line, raw HTML left out.
pub fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut lists = 0usize;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::Code(c) => {
                out.push('`');
                out.push_str(&c);
                out.push('`');
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                end_line(&mut out);
                out.push_str("- ");
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Heading(_) | TagEnd::BlockQuote(_)) => {
                end_line(&mut out);
                out.push('\n');
            }
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => {
                lists -= 1;
                end_line(&mut out);
                if lists == 0 {
                    out.push('\n');
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => end_line(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            _ => {}
        }
    }
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end().trim_end_matches(" |");
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(line);
    }
    text
}

fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markup_goes_words_stay() {
        let md = "Run **`ecspresso verify`** and see [the docs](https://x.test).\n\n1. one\n   - nested `a`\n2. two\n\n```yaml\nkey: 1\n```";
        assert_eq!(plain(md), "Run `ecspresso verify` and see the docs.\n\n- one\n- nested `a`\n- two\n\nkey: 1");
    }

    #[test]
    fn escapes_are_resolved() {
        assert_eq!(plain("index\\.js \\-\\- function"), "index.js -- function");
    }
}
