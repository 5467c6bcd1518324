//! What extraction reads: one parsed document, and its code blocks as record commands. Kept
//! apart so that the modules that build entries (`entry/`, `rows.rs`) and the one that drives
//! them (`extract.rs`) depend on it, not on each other.

use crate::frontmatter::FrontMatter;
use crate::parse::{Code, Outline};

use super::Command;

/// One parsed document, ready for extraction.
pub struct Input<'a> {
    pub path: &'a str,
    pub lang: &'a str,
    pub id: String,
    pub front: &'a FrontMatter,
    pub outline: &'a Outline,
}

/// A code block as a record's command; a fence without a language is `text`.
pub(super) fn command(c: &Code) -> Command {
    let lang = if c.lang.is_empty() { "text".to_string() } else { c.lang.clone() };
    Command { lang, code: c.code.clone(), line: c.line }
}
