//! Second stage: turns a document, whatever its form, into one [`Outline`]: the sections in
//! order, each with its heading and its blocks of text, code, lists and quotes.
//!
//! Markdown (with HTML headings and front matter) and plain text extracted from web pages take
//! different roads here and meet in the same outline, so record extraction knows only one shape.

mod html;
mod markdown;
mod plaintext;

pub use markdown::parse_markdown;
pub use plaintext::parse_plain_text;

/// A document as sections. The first section (level 0, no heading) holds what comes before the
/// first heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// 1 to 6; 0 for the text before the first heading.
    pub level: u8,
    pub heading: String,
    /// An explicit anchor: `{#id}` or `<h2 id="id">`.
    pub anchor: Option<String>,
    pub line: usize,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Text),
    Code(Code),
    List(List),
    /// A block quote; in troubleshooting pages, nearly always a quoted error or log line.
    Quote(Text),
}

/// Running text: plain characters with inline code kept in backticks, nothing else of markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub text: String,
    /// The bold words the text starts with (`**Solution:**`), a common way to label a part.
    pub label: Option<String>,
    /// The text after the label and its colon.
    pub rest: String,
    pub code_spans: Vec<String>,
    pub links: Vec<Link>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub url: String,
    pub text: String,
    pub line: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub image: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The fence's language, or "" for none.
    pub lang: String,
    pub code: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<Item>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's own first paragraph.
    pub text: Text,
    /// Anything nested below it: sub-lists, code, further paragraphs.
    pub children: Vec<Block>,
    pub line: usize,
}

impl Text {
    pub fn plain(text: impl Into<String>, line: usize) -> Text {
        let text = text.into();
        Text { rest: text.clone(), text, line, ..Text::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Paragraph(t) | Block::Quote(t) => t.line,
            Block::Code(c) => c.line,
            Block::List(l) => l.line,
        }
    }

    /// The block as text: list items as `- ` lines, code fenced.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write_block(&mut out, self, 0);
        out.trim_end().to_string()
    }

    /// Every link in the block, nested ones included.
    pub fn links(&self) -> Vec<&Link> {
        match self {
            Block::Paragraph(t) | Block::Quote(t) => t.links.iter().collect(),
            Block::Code(_) => Vec::new(),
            Block::List(l) => l
                .items
                .iter()
                .flat_map(|i| i.text.links.iter().chain(i.children.iter().flat_map(|c| c.links())))
                .collect(),
        }
    }
}

fn write_block(out: &mut String, block: &Block, indent: usize) {
    let pad = " ".repeat(indent);
    match block {
        Block::Paragraph(t) => out.push_str(&format!("{pad}{}\n", t.text)),
        Block::Quote(t) => out.push_str(&format!("{pad}> {}\n", t.text)),
        Block::Code(c) => out.push_str(&format!("{pad}```{}\n{}\n{pad}```\n", c.lang, c.code.trim_end())),
        Block::List(l) => {
            for (n, item) in l.items.iter().enumerate() {
                let marker = if l.ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                out.push_str(&format!("{pad}{marker}{}\n", item.text.text));
                for child in &item.children {
                    write_block(out, child, indent + marker.len());
                }
            }
        }
    }
}

/// Maps byte offsets of the parsed text to 1-based line numbers of the file.
pub(crate) struct Lines {
    starts: Vec<usize>,
    offset: usize,
}

impl Lines {
    pub(crate) fn new(text: &str, line_offset: usize) -> Lines {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, offset: line_offset }
    }

    pub(crate) fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte) + self.offset
    }
}
