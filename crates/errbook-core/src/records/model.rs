//! The record format. `records.json` is read by the site, the search index and by people's own
//! tools, so its shape is versioned: bump [`SCHEMA_VERSION`] on any change that is not a new
//! optional field.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

/// A link in a document's text, as parsing finds it.
pub use crate::parse::Link;

/// The whole of `records.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordsFile {
    pub schema_version: u32,
    pub title: String,
    pub languages: Vec<String>,
    pub documents: Vec<Document>,
    pub records: Vec<Record>,
}

/// Where something was written: a path relative to the book root and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub line: usize,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// One troubleshooting entry: an error, what it means, why it happens and how to fix it.
///
/// Text fields hold plain text with inline code in backticks; paragraphs are separated by a
/// blank line and list items start with `- `.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Unique within its language: the explicit anchor if the heading has one, else a slug
    /// (prefixed by the document's id when another document has the same one).
    pub id: String,
    /// Whether `id` is the writer's own anchor, which old links use and errbook never changes.
    #[serde(skip)]
    pub explicit_id: bool,
    /// The entry's heading as written (inline code with its backticks), from which the site that
    /// publishes the document makes its anchor (`build --embed`).
    #[serde(skip)]
    pub heading: String,
    pub lang: String,
    pub title: String,
    /// The id of the document the entry comes from.
    pub document: String,
    pub source: Source,
    /// The level of the entry's heading in its document (1–6); 0 for an entry made of a table
    /// row, which its table shows.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub level: u8,
    /// What the error means.
    pub summary: String,
    /// What the reader sees.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub symptom: String,
    /// The literal error messages, as they appear in logs and consoles.
    pub error_messages: Vec<ErrorMessage>,
    pub causes: Vec<Cause>,
    /// Fixes that belong to no single cause.
    pub solutions: Vec<Content>,
    pub debugging_steps: Vec<Step>,
    /// Code that belongs to no cause, solution or step.
    pub commands: Vec<Command>,
    pub diagrams: Vec<Diagram>,
    /// The entry as its document writes it, in the author's order: its blocks of text, code,
    /// lists and tables, and the headings of its sub-sections. The parts above are what errbook
    /// read out of it; pages show this.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Written>,
    pub links: Vec<Link>,
    /// The services and tools the entry concerns (ECS, ECR, ecspresso …).
    pub services: Vec<String>,
    /// The same entry in other languages, as the book pairs them: language → entry id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorMessage {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
    /// Error lines shown as evidence for this cause (from its logs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_messages: Vec<String>,
    /// Code shown as evidence (logs, the faulty configuration).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
    pub solution: Content,
    pub line: usize,
}

/// Text with the code that goes with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
    pub line: usize,
}

/// One block of an entry as written, or the heading of one of its sub-sections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub line: usize,
    /// How deep the heading sits below the entry's own (1 for a sub-section); 0 for a block.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub level: u8,
    /// The block as CommonMark; a heading's words as plain text.
    pub text: String,
    /// A heading's explicit anchor (`{#id}`), which links to it use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// A code block: a command to run, a configuration snippet or a log excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    /// The fence's language (`bash`, `python`, `yaml` …), `text` when it named none.
    pub lang: String,
    pub code: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagram {
    /// `mermaid`.
    pub kind: String,
    pub source: String,
    pub line: usize,
}

/// A source document, with what it says outside its entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub source: Source,
    /// The id of this document in another language, from front matter `translation_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<String>,
    /// Front matter `description`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Front matter `tags`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The paths the document was published at before (front matter `aliases`, `redirect_from`,
    /// a `slug` or `permalink` with folders): links to them lead here, and they redirect here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Every link and image of the document, for checking once the whole book is known.
    #[serde(skip)]
    pub links: Vec<Link>,
    /// Front matter `entry_translations` (line, entry id, `lang/id`), for pairing once the whole
    /// book is known.
    #[serde(skip)]
    pub entry_translations: Vec<(usize, String, String)>,
    /// The front matter's other keys (Jekyll's `layout`, `parent`, `nav_order` …).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub front_matter: std::collections::BTreeMap<String, serde_json::Value>,
    /// General guidance: introduction, debugging methods, flows, summaries.
    pub guidance: Vec<Guidance>,
    /// Ids of the entries, in document order.
    pub records: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Guidance {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub heading: String,
    pub level: u8,
    pub line: usize,
    /// The section as written (CommonMark), its code and diagrams in place.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The section's code blocks again, for tools that want its commands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<Command>,
    /// The section's mermaid diagrams again, checked before pages draw them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagrams: Vec<Diagram>,
}

impl Default for Source {
    fn default() -> Self {
        Source { path: String::new(), line: 1 }
    }
}

impl Record {
    /// Every code block of the entry, wherever it sits.
    pub fn all_commands(&self) -> impl Iterator<Item = &Command> {
        self.causes
            .iter()
            .flat_map(|c| c.commands.iter().chain(&c.solution.commands))
            .chain(self.solutions.iter().flat_map(|s| &s.commands))
            .chain(self.debugging_steps.iter().flat_map(|s| &s.commands))
            .chain(&self.commands)
    }
}

/// Joins text with a blank line, the paragraph separator of record text.
pub fn append_paragraph(dst: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !dst.is_empty() {
        dst.push_str("\n\n");
    }
    dst.push_str(text);
}
