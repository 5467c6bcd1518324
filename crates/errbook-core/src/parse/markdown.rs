//! Markdown (CommonMark with GitHub extensions, via pulldown-cmark) into an [`Outline`].
//!
//! Platform markup (shortcodes, Liquid, MDX, admonitions) is rewritten first
//! ([`super::platform`]); every block keeps the markdown it was written in beside its words.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{
    Block, Callout, Code, Item, Lines, Link, List, Outline, Section, Table, Text, fence_label, html, platform,
};

/// Parses a markdown body; `line_offset` is the number of file lines before it (front matter).
pub fn parse_markdown(body: &str, line_offset: usize) -> Outline {
    let (src, too_deep) = super::limits::limit_nesting(&platform::normalize(body));
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_DEFINITION_LIST;
    // Events are read as they come, never collected: a page of one huge paragraph would
    // otherwise hold tens of bytes per word.
    let events = Parser::new_ext(&src, options).into_offset_iter();
    let mut parser = Events { events, lines: Lines::new(&src, line_offset), src: &src };
    let mut outline = parser.outline();
    outline.too_deep = too_deep.into_iter().map(|n| n + 1 + line_offset).collect();
    outline
}

struct Events<'a> {
    events: pulldown_cmark::OffsetIter<'a>,
    lines: Lines,
    src: &'a str,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Option<(Event<'a>, usize, Range<usize>)> {
        let (event, range) = self.events.next()?;
        Some((event, self.lines.line(range.start), range))
    }

    fn outline(&mut self) -> Outline {
        let mut sections = vec![Section::default()];
        while let Some((event, line, range)) = self.next() {
            let Event::Start(tag) = event else { continue };
            match tag {
                Tag::Heading { level, id, .. } => {
                    let mut text = InlineText::new(line);
                    self.inline_until(TagEnd::Heading(level), &mut text);
                    let anchor = id.map(|id| id.to_string()).or(text.anchor.take());
                    let heading = text.finish(self.src).text;
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
                Tag::DefinitionList => {
                    for block in self.definition_list() {
                        push_block(&mut sections, block);
                    }
                }
                tag => {
                    if let Some(block) = self.block(tag, line, range) {
                        push_block(&mut sections, block);
                    }
                }
            }
        }
        Outline { sections, too_deep: Vec::new() }
    }

    /// The block that `tag` opens; `None` for blocks that hold nothing errbook reads.
    fn block(&mut self, tag: Tag<'a>, line: usize, range: Range<usize>) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let mut text = InlineText::new(line);
                self.inline_until(TagEnd::Paragraph, &mut text);
                Some(Block::Paragraph(text.finish(self.src)))
            }
            Tag::CodeBlock(kind) => {
                let (lang, label) = match kind {
                    CodeBlockKind::Fenced(info) => {
                        (info.split_whitespace().next().unwrap_or("").to_string(), fence_label(&info))
                    }
                    CodeBlockKind::Indented => Default::default(),
                };
                let code = self.raw_until(TagEnd::CodeBlock);
                Some(Block::Code(Code { lang, label, code, line }))
            }
            Tag::BlockQuote(kind) => {
                let mut parts: Vec<Text> = Vec::new();
                while let Some((event, line, range)) = self.next() {
                    match event {
                        Event::End(TagEnd::BlockQuote(k)) if k == kind => break,
                        Event::Start(tag) => match self.block(tag, line, range) {
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
                quote.md = unquote(&source(self.src, range));
                quote.rest_md = quote.md.clone();
                Some(callout(&quote).map_or(Block::Quote(quote), Block::Callout))
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some((event, line, _)) = self.next() {
                    match event {
                        Event::End(TagEnd::List(_)) => break,
                        Event::Start(Tag::Item) => items.push(self.item(line)),
                        _ => {}
                    }
                }
                Some(Block::List(List { ordered: start.is_some(), items, line, md: source(self.src, range) }))
            }
            Tag::HtmlBlock => {
                let raw = self.raw_until(TagEnd::HtmlBlock);
                html_block(&raw, line)
            }
            Tag::Table(_) => Some(self.table(line, range)),
            other => {
                // Footnotes and the like: keep their words as a paragraph.
                let end = other.to_end();
                let mut text = InlineText::new(line);
                let mut depth = 0;
                while let Some((event, line, range)) = self.next() {
                    match event {
                        Event::End(e) if e == end && depth == 0 => break,
                        Event::Start(t) if t.to_end() == end => depth += 1,
                        Event::End(e) if e == end => depth -= 1,
                        e => text.feed(e, line, range),
                    }
                }
                let text = text.finish(self.src);
                (!text.is_empty()).then_some(Block::Paragraph(text))
            }
        }
    }

    fn table(&mut self, line: usize, range: Range<usize>) -> Block {
        let mut table = Table { head: Vec::new(), rows: Vec::new(), line, md: source(self.src, range) };
        let mut row: Vec<Text> = Vec::new();
        while let Some((event, line, _)) = self.next() {
            match event {
                Event::End(TagEnd::Table) => break,
                Event::Start(Tag::TableCell) => {
                    let mut cell = InlineText::new(line);
                    self.inline_until(TagEnd::TableCell, &mut cell);
                    row.push(cell.finish(self.src));
                }
                Event::End(TagEnd::TableHead) => table.head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => table.rows.push(std::mem::take(&mut row)),
                _ => {}
            }
        }
        Block::Table(table)
    }

    fn item(&mut self, line: usize) -> Item {
        self.item_until(line, TagEnd::Item)
    }

    /// A list item, or anything shaped like one (a definition): its own first paragraph and the
    /// blocks nested below it.
    fn item_until(&mut self, line: usize, end: TagEnd) -> Item {
        let mut own = InlineText::new(line);
        let mut own_done = false;
        let mut children = Vec::new();
        while let Some((event, line, range)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Start(Tag::Paragraph) if !own_done && own.is_empty() => {
                    self.inline_until(TagEnd::Paragraph, &mut own);
                    own_done = true;
                }
                Event::Start(tag) if is_block(&tag) => {
                    own_done = true;
                    if let Some(block) = self.block(tag, line, range) {
                        children.push(block);
                    }
                }
                inline if !own_done => own.feed(inline, line, range),
                _ => {}
            }
        }
        Item { text: own.finish(self.src), children, line }
    }

    /// A definition list as blocks: each term a paragraph that is all label (the way a bold
    /// term line reads), then its definition's paragraphs, lists and code.
    fn definition_list(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, line, _)) = self.next() {
            match event {
                Event::End(TagEnd::DefinitionList) => break,
                Event::Start(Tag::DefinitionListTitle) => {
                    let mut title = InlineText::new(line);
                    self.inline_until(TagEnd::DefinitionListTitle, &mut title);
                    let mut term = title.finish(self.src);
                    term.label = Some(term.text.clone());
                    term.rest.clear();
                    term.rest_md.clear();
                    blocks.push(Block::Paragraph(term));
                }
                Event::Start(Tag::DefinitionListDefinition) => {
                    let item = self.item_until(line, TagEnd::DefinitionListDefinition);
                    if !item.text.is_empty() {
                        blocks.push(Block::Paragraph(item.text));
                    }
                    blocks.extend(item.children);
                }
                _ => {}
            }
        }
        blocks
    }

    fn inline_until(&mut self, end: TagEnd, text: &mut InlineText) {
        while let Some((event, line, range)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                event => text.feed(event, line, range),
            }
        }
    }

    /// The raw text of a code or HTML block.
    fn raw_until(&mut self, end: TagEnd) -> String {
        let mut raw = String::new();
        while let Some((event, _, _)) = self.next() {
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
            | Tag::DefinitionList
    )
}

/// The markdown of a block as written, its lines moved left by the column it starts at (a block
/// nested in a list item is indented in the file, not in itself).
fn source(src: &str, range: Range<usize>) -> String {
    let end = range.end.min(src.len());
    let start = range.start.min(end);
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let column = src[line_start..start].chars().count();
    let mut out = String::with_capacity(end - start);
    for (i, line) in src[start..end].split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let spaces = line.bytes().take(column).take_while(|&b| b == b' ').count();
        out.push_str(&line[spaces..]);
    }
    out.trim_end().to_string()
}

/// A quote's markdown without its `>` marks.
fn unquote(md: &str) -> String {
    md.lines()
        .map(|l| {
            let t = l.trim_start();
            match t.strip_prefix('>') {
                Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
                None => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A quote opening with `[!NOTE]` (GitHub's alerts, and every admonition once rewritten) is a
/// callout; its first line after the marker is its title.
fn callout(quote: &Text) -> Option<Callout> {
    let (first, body_md) = quote.md.split_once('\n').unwrap_or((&quote.md, ""));
    let marker = first.trim_start().strip_prefix("[!")?;
    let (word, title) = marker.split_once(']')?;
    let kind = platform::callout_kind(word)?;
    let title = title.trim();
    let plain = quote.text.trim_start().strip_prefix(&format!("[!{word}]")).unwrap_or(&quote.text).trim_start();
    let plain = plain.strip_prefix(title).unwrap_or(plain).trim();
    let body = Text {
        text: plain.to_string(),
        rest: plain.to_string(),
        md: body_md.trim().to_string(),
        rest_md: body_md.trim().to_string(),
        code_spans: quote.code_spans.clone(),
        links: quote.links.clone(),
        line: quote.line,
        label: None,
    };
    Some(Callout { kind: kind.to_string(), title: title.to_string(), body, line: quote.line })
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
    /// Where in the source the leading bold run closed.
    label_source_end: Option<usize>,
    strong_at_start: bool,
    link_stack: Vec<(String, usize, bool)>,
    events: usize,
    /// The source bytes the events cover.
    span: Option<Range<usize>>,
    /// An `<a name="…">` or `<a id="…">` anchor met in the text (old pages put them in headings).
    anchor: Option<String>,
}

impl InlineText {
    fn new(line: usize) -> Self {
        InlineText {
            text: String::new(),
            code_spans: Vec::new(),
            links: Vec::new(),
            line,
            label_end: None,
            label_source_end: None,
            strong_at_start: false,
            link_stack: Vec::new(),
            events: 0,
            span: None,
            anchor: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn feed(&mut self, event: Event<'_>, line: usize, range: Range<usize>) {
        let first = self.events == 0;
        self.events += 1;
        self.span = Some(match self.span.take() {
            Some(s) => s.start.min(range.start)..s.end.max(range.end),
            None => range.clone(),
        });
        match event {
            Event::Text(t) => self.text.push_str(&t),
            Event::Code(c) => {
                self.text.push('`');
                self.text.push_str(&c);
                self.text.push('`');
                self.code_spans.push(c.to_string());
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::InlineHtml(h) | Event::Html(h) => match html::inline_tag(&h) {
                html::InlineTag::Anchor(id) => self.anchor = self.anchor.take().or(id),
                html::InlineTag::Break => self.text.push(' '),
                html::InlineTag::Formatting => {}
                html::InlineTag::Other => self.text.push_str(&h),
            },
            Event::Start(Tag::Strong) if first => self.strong_at_start = true,
            Event::End(TagEnd::Strong) if self.strong_at_start && self.label_end.is_none() => {
                self.label_end = Some(self.text.len());
                self.label_source_end = Some(range.end);
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

    fn finish(self, src: &str) -> Text {
        let text = self.text.trim().to_string();
        let lead = self.text.len() - self.text.trim_start().len();
        let md = self.span.clone().map_or(String::new(), |s| source(src, s));
        let (label, rest, rest_md) = match self.label_end {
            Some(end) if end > lead => {
                let label = self.text[lead..end].trim().to_string();
                let rest = after_label(&self.text[end..]).to_string();
                let rest_md = match (self.label_source_end, &self.span) {
                    (Some(at), Some(span)) if at <= span.end => after_label(&source(src, at..span.end)).to_string(),
                    _ => rest.clone(),
                };
                (Some(label), rest, rest_md)
            }
            _ => (None, text.clone(), md.clone()),
        };
        Text { text, label, rest, code_spans: self.code_spans, links: self.links, line: self.line, md, rest_md }
    }
}

fn after_label(text: &str) -> &str {
    text.trim_start().trim_start_matches([':', '：']).trim()
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
