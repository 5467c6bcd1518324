//! Second stage: turns a document, whatever its form, into one [`Outline`]: the sections in
//! order, each with its heading and its blocks of text, code, lists and quotes.
//!
//! Markdown (with HTML headings and front matter) and plain text extracted from web pages take
//! different roads here and meet in the same outline, so record extraction knows only one shape.

pub mod html;
pub mod limits;
mod markdown;
mod plaintext;
pub mod platform;

pub use markdown::parse_markdown;
pub use plaintext::parse_plain_text;

/// A document as sections. The first section (level 0, no heading) holds what comes before the
/// first heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub sections: Vec<Section>,
    /// File lines nested deeper than [`limits::MAX_NESTING`], cut back before parsing.
    pub too_deep: Vec<usize>,
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
    /// A note, tip or warning set apart from the text (GitHub alerts, admonitions): never an
    /// error message, always shown as a callout.
    Callout(Callout),
    Table(Table),
}

/// Running text. `text` is plain characters with inline code kept in backticks, for reading
/// words and messages; `md` is the CommonMark it was written in, for showing it.
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
    pub md: String,
    /// `md` after the label and its colon.
    pub rest_md: String,
}

/// A link in a document's text: where it leads, its text and line, and whether it shows an
/// image. Records keep them as they are (`records::Link`).
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
    /// The name the fence gives the block (`sh [npm]`, `title="npm"`): a tab's, in a group of
    /// blocks for several tools.
    pub label: String,
    pub code: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<Item>,
    pub line: usize,
    /// The list as written; empty when it was recovered from plain text.
    pub md: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's own first paragraph.
    pub text: Text,
    /// Anything nested below it: sub-lists, code, further paragraphs.
    pub children: Vec<Block>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// `NOTE`, `TIP`, `IMPORTANT`, `WARNING` or `CAUTION`: every platform's kinds fold into these.
    pub kind: String,
    pub title: String,
    pub body: Text,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: Vec<Text>,
    pub rows: Vec<Vec<Text>>,
    pub line: usize,
    pub md: String,
}

impl Text {
    /// Text that was never markdown (recovered from plain text): its markdown form escapes it.
    pub fn plain(text: impl Into<String>, line: usize) -> Text {
        let text = text.into();
        let md = escape_markdown(&text);
        Text { rest: text.clone(), rest_md: md.clone(), md, text, line, ..Text::default() }
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
            Block::Callout(c) => c.line,
            Block::Table(t) => t.line,
        }
    }

    /// The block's words as plain text: list items as `- ` lines, code fenced.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write_text(&mut out, self, 0);
        out.trim_end().to_string()
    }

    /// The block as CommonMark, the form record text is kept in.
    pub fn to_markdown(&self) -> String {
        match self {
            Block::Paragraph(t) => t.md.clone(),
            Block::Quote(t) => quote_lines(&t.md),
            Block::Code(c) if c.label.is_empty() => fenced(&c.lang, &c.code),
            Block::Code(c) => fenced(&format!("{} [{}]", c.lang, c.label.replace(']', "")), &c.code),
            Block::List(l) if !l.md.is_empty() => l.md.clone(),
            Block::List(l) => {
                let mut out = String::new();
                for (n, item) in l.items.iter().enumerate() {
                    let marker = if l.ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                    let pad = " ".repeat(marker.len());
                    out.push_str(&marker);
                    out.push_str(&item.text.md);
                    out.push('\n');
                    for child in &item.children {
                        for line in child.to_markdown().lines() {
                            out.push_str(&pad);
                            out.push_str(line);
                            out.push('\n');
                        }
                    }
                }
                out.trim_end().to_string()
            }
            Block::Callout(c) => {
                let head =
                    if c.title.is_empty() { format!("[!{}]", c.kind) } else { format!("[!{}] {}", c.kind, c.title) };
                quote_lines(&format!("{head}\n{}", c.body.md))
            }
            Block::Table(t) => t.md.clone(),
        }
    }

    /// Every link in the block, nested ones included.
    pub fn links(&self) -> Vec<&Link> {
        match self {
            Block::Paragraph(t) | Block::Quote(t) => t.links.iter().collect(),
            Block::Callout(c) => c.body.links.iter().collect(),
            Block::Code(_) => Vec::new(),
            Block::List(l) => l
                .items
                .iter()
                .flat_map(|i| i.text.links.iter().chain(i.children.iter().flat_map(|c| c.links())))
                .collect(),
            Block::Table(t) => t.head.iter().chain(t.rows.iter().flatten()).flat_map(|c| &c.links).collect(),
        }
    }
}

fn write_text(out: &mut String, block: &Block, indent: usize) {
    let pad = " ".repeat(indent);
    match block {
        Block::Paragraph(t) => out.push_str(&format!("{pad}{}\n", t.text)),
        Block::Quote(t) => out.push_str(&format!("{pad}> {}\n", t.text)),
        Block::Callout(c) => out.push_str(&format!("{pad}{} {}\n", c.title, c.body.text)),
        Block::Code(c) => out.push_str(&format!("{pad}```{}\n{}\n{pad}```\n", c.lang, c.code.trim_end())),
        Block::List(l) => {
            for (n, item) in l.items.iter().enumerate() {
                let marker = if l.ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                out.push_str(&format!("{pad}{marker}{}\n", item.text.text));
                for child in &item.children {
                    write_text(out, child, indent + marker.len());
                }
            }
        }
        Block::Table(t) => {
            for row in std::iter::once(&t.head).chain(&t.rows) {
                let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                out.push_str(&format!("{pad}{}\n", cells.join(" | ")));
            }
        }
    }
}

/// `text` with `> ` before each line.
fn quote_lines(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name a fence's info string gives its block: `sh [npm]` (VitePress code groups) or
/// `title="npm"` (Docusaurus, MkDocs); "" for none.
pub fn fence_label(info: &str) -> String {
    static LABEL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"\[([^\]]+)\]|\btitle="([^"]+)""#).expect("valid regex"));
    LABEL.captures(info).and_then(|c| c.get(1).or(c.get(2))).map_or(String::new(), |m| m.as_str().trim().to_string())
}

/// A fenced code block whose fence is longer than any run of backticks in the code.
pub fn fenced(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}", code.trim_end_matches('\n'))
}

/// Plain text made safe to read as markdown: nothing in it becomes markup.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let lead = &line[..line.len() - trimmed.len()];
        out.push_str(lead);
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if trimmed.starts_with(['#', '-', '+', '=']) {
            out.push('\\');
        }
        for (n, c) in trimmed.chars().enumerate() {
            if "\\`*_[]<>{}~|".contains(c) || (n == digits && digits > 0 && (c == '.' || c == ')')) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
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
