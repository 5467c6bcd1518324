//! Markdown (CommonMark with GitHub extensions, via pulldown-cmark) into an [`Outline`].

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Block, Code, Item, Lines, Link, List, Outline, Section, Text, html};

/// Parses a markdown body; `line_offset` is the number of file lines before it (front matter).
pub fn parse_markdown(body: &str, line_offset: usize) -> Outline {
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(body, options).into_offset_iter().collect();
    let mut parser = Events { events, pos: 0, lines: Lines::new(body, line_offset) };
    parser.outline()
}

struct Events<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    lines: Lines,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Option<(Event<'a>, usize)> {
        let (event, range) = self.events.get(self.pos)?.clone();
        self.pos += 1;
        Some((event, self.lines.line(range.start)))
    }

    fn outline(&mut self) -> Outline {
        let mut sections = vec![Section::default()];
        while let Some((event, line)) = self.next() {
            let Event::Start(tag) = event else { continue };
            match tag {
                Tag::Heading { level, id, .. } => {
                    let mut text = InlineText::new(line);
                    self.inline_until(TagEnd::Heading(level), &mut text);
                    let anchor = id.map(|id| id.to_string());
                    let heading = text.finish().text;
                    sections.push(Section { level: heading_level(level), heading, anchor, line, blocks: Vec::new() });
                }
                Tag::HtmlBlock => {
                    let raw = self.raw_until(TagEnd::HtmlBlock);
                    if let Some(h) = html::heading(&raw) {
                        sections.push(Section {
                            level: h.level,
                            heading: h.text,
                            anchor: h.id,
                            line,
                            blocks: Vec::new(),
                        });
                    } else if let Some(block) = html_block(&raw, line) {
                        push_block(&mut sections, block);
                    }
                }
                tag => {
                    if let Some(block) = self.block(tag, line) {
                        push_block(&mut sections, block);
                    }
                }
            }
        }
        Outline { sections }
    }

    /// The block that `tag` opens; `None` for blocks that hold nothing errbook reads.
    fn block(&mut self, tag: Tag<'a>, line: usize) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let mut text = InlineText::new(line);
                self.inline_until(TagEnd::Paragraph, &mut text);
                Some(Block::Paragraph(text.finish()))
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let code = self.raw_until(TagEnd::CodeBlock);
                Some(Block::Code(Code { lang, code, line }))
            }
            Tag::BlockQuote(kind) => {
                let mut parts: Vec<Text> = Vec::new();
                while let Some((event, line)) = self.next() {
                    match event {
                        Event::End(TagEnd::BlockQuote(k)) if k == kind => break,
                        Event::Start(tag) => match self.block(tag, line) {
                            Some(Block::Paragraph(t) | Block::Quote(t)) => parts.push(t),
                            Some(other) => parts.push(Text::plain(other.to_text(), other.line())),
                            None => {}
                        },
                        _ => {}
                    }
                }
                let mut quote = Text { line, ..Text::default() };
                for part in parts {
                    if !quote.text.is_empty() {
                        quote.text.push('\n');
                    }
                    quote.text.push_str(&part.text);
                    quote.code_spans.extend(part.code_spans);
                    quote.links.extend(part.links);
                }
                quote.rest = quote.text.clone();
                Some(Block::Quote(quote))
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some((event, line)) = self.next() {
                    match event {
                        Event::End(TagEnd::List(_)) => break,
                        Event::Start(Tag::Item) => items.push(self.item(line)),
                        _ => {}
                    }
                }
                Some(Block::List(List { ordered: start.is_some(), items, line }))
            }
            Tag::HtmlBlock => {
                let raw = self.raw_until(TagEnd::HtmlBlock);
                html_block(&raw, line)
            }
            other => {
                // Tables, footnotes and the like: keep their words as a paragraph.
                let end = other.to_end();
                let mut text = InlineText::new(line);
                let mut depth = 0;
                while let Some((event, _)) = self.next() {
                    match event {
                        Event::End(e) if e == end && depth == 0 => break,
                        Event::Start(t) if t.to_end() == end => depth += 1,
                        Event::End(e) if e == end => depth -= 1,
                        Event::End(TagEnd::TableCell) => text.feed(Event::Text(" ".into()), 0),
                        Event::End(TagEnd::TableRow | TagEnd::TableHead) => text.feed(Event::SoftBreak, 0),
                        e => text.feed(e, 0),
                    }
                }
                let text = text.finish();
                (!text.is_empty()).then_some(Block::Paragraph(text))
            }
        }
    }

    fn item(&mut self, line: usize) -> Item {
        let mut own = InlineText::new(line);
        let mut own_done = false;
        let mut children = Vec::new();
        while let Some((event, line)) = self.next() {
            match event {
                Event::End(TagEnd::Item) => break,
                Event::Start(Tag::Paragraph) if !own_done && own.is_empty() => {
                    self.inline_until(TagEnd::Paragraph, &mut own);
                    own_done = true;
                }
                Event::Start(tag) if is_block(&tag) => {
                    own_done = true;
                    if let Some(block) = self.block(tag, line) {
                        children.push(block);
                    }
                }
                inline if !own_done => own.feed(inline, line),
                _ => {}
            }
        }
        Item { text: own.finish(), children, line }
    }

    fn inline_until(&mut self, end: TagEnd, text: &mut InlineText) {
        while let Some((event, line)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                event => text.feed(event, line),
            }
        }
    }

    /// The raw text of a code or HTML block.
    fn raw_until(&mut self, end: TagEnd) -> String {
        let mut raw = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => raw.push_str(&t),
                _ => {}
            }
        }
        raw
    }
}

fn push_block(sections: &mut [Section], block: Block) {
    if let Some(section) = sections.last_mut() {
        section.blocks.push(block);
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::HtmlBlock
            | Tag::Table(_)
            | Tag::Heading { .. }
            | Tag::FootnoteDefinition(_)
    )
}

/// An HTML block that is not a heading: only its images matter (they may be broken links).
fn html_block(raw: &str, line: usize) -> Option<Block> {
    let links: Vec<Link> =
        html::image_sources(raw).into_iter().map(|url| Link { url, text: String::new(), line, image: true }).collect();
    (!links.is_empty()).then(|| Block::Paragraph(Text { links, line, ..Text::default() }))
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Collects inline events into a [`Text`], noticing a bold label at the very start.
struct InlineText {
    text: String,
    code_spans: Vec<String>,
    links: Vec<Link>,
    line: usize,
    /// Byte length of `text` when the leading bold run closed.
    label_end: Option<usize>,
    strong_at_start: bool,
    link_stack: Vec<(String, usize, bool)>,
    events: usize,
}

impl InlineText {
    fn new(line: usize) -> Self {
        InlineText {
            text: String::new(),
            code_spans: Vec::new(),
            links: Vec::new(),
            line,
            label_end: None,
            strong_at_start: false,
            link_stack: Vec::new(),
            events: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn feed(&mut self, event: Event<'_>, line: usize) {
        let first = self.events == 0;
        self.events += 1;
        match event {
            Event::Text(t) => self.text.push_str(&t),
            Event::Code(c) => {
                self.text.push('`');
                self.text.push_str(&c);
                self.text.push('`');
                self.code_spans.push(c.to_string());
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::InlineHtml(h) | Event::Html(h) => self.text.push_str(&h),
            Event::Start(Tag::Strong) if first => self.strong_at_start = true,
            Event::End(TagEnd::Strong) if self.strong_at_start && self.label_end.is_none() => {
                self.label_end = Some(self.text.len());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link_stack.push((dest_url.to_string(), self.text.len(), false))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.link_stack.push((dest_url.to_string(), self.text.len(), true))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, start, image)) = self.link_stack.pop() {
                    let text = self.text[start..].to_string();
                    if image {
                        // Alt text is not part of the prose.
                        self.text.truncate(start);
                    }
                    self.links.push(Link { url, text, line: line.max(self.line), image });
                }
            }
            Event::TaskListMarker(done) => self.text.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn finish(self) -> Text {
        let text = self.text.trim().to_string();
        let lead = self.text.len() - self.text.trim_start().len();
        let (label, rest) = match self.label_end {
            Some(end) if end > lead => {
                let label = self.text[lead..end].trim().to_string();
                let rest = self.text[end..].trim_start().trim_start_matches([':', '：']).trim().to_string();
                (Some(label), rest)
            }
            _ => (None, text.clone()),
        };
        Text { text, label, rest, code_spans: self.code_spans, links: self.links, line: self.line }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(md: &str) -> Outline {
        parse_markdown(md, 0)
    }

    #[test]
    fn bold_label_is_split_from_its_text() {
        let o = outline("**症状**: `ecspresso deploy` コマンドが失敗する\n");
        let Block::Paragraph(t) = &o.sections[0].blocks[0] else { panic!() };
        assert_eq!(t.label.as_deref(), Some("症状"));
        assert_eq!(t.rest, "`ecspresso deploy` コマンドが失敗する");
        assert_eq!(t.code_spans, ["ecspresso deploy"]);
    }

    #[test]
    fn html_heading_becomes_section_with_anchor() {
        let o = outline("# T\n\n<h2 id=\"x_y\">\n  Hello there\n</h2>\n\ntext\n");
        let s = &o.sections[2];
        assert_eq!((s.level, s.heading.as_str(), s.anchor.as_deref(), s.line), (2, "Hello there", Some("x_y"), 3));
        assert_eq!(s.blocks.len(), 1);
    }

    #[test]
    fn tight_list_item_with_nested_list() {
        let o =
            outline("1. **タスク定義の問題**\n   - コンテナ定義が正しくない\n   - 解決策: `ecspresso verify` を実行\n");
        let Block::List(l) = &o.sections[0].blocks[0] else { panic!() };
        assert!(l.ordered);
        assert_eq!(l.items[0].text.label.as_deref(), Some("タスク定義の問題"));
        let Block::List(inner) = &l.items[0].children[0] else { panic!() };
        assert_eq!(inner.items[1].text.text, "解決策: `ecspresso verify` を実行");
        assert_eq!(inner.items[1].line, 3);
    }

    #[test]
    fn heading_attribute_anchor_and_lines_after_front_matter() {
        let o = parse_markdown("## Title {#my-id}\n\n```bash\nls\n```\n", 4);
        assert_eq!(o.sections[1].anchor.as_deref(), Some("my-id"));
        assert_eq!(o.sections[1].line, 5);
        let Block::Code(c) = &o.sections[1].blocks[0] else { panic!() };
        assert_eq!((c.lang.as_str(), c.code.as_str(), c.line), ("bash", "ls\n", 7));
    }

    #[test]
    fn quote_keeps_its_text() {
        let o = outline("> Response: <Response [401]>\n");
        let Block::Quote(q) = &o.sections[0].blocks[0] else { panic!() };
        assert_eq!(q.text, "Response: <Response [401]>");
    }
}
