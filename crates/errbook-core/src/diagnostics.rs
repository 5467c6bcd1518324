//! Problems found while compiling a book, each tied to a place in a file.
//!
//! Every stage pushes into one [`Diagnostics`] instead of stopping at the first bad file, so a
//! single run reports everything; the CLI prints them all and then picks the exit code.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a source file; lines and columns count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { path: path.into(), line, column }
    }

    /// The location of byte `offset` in `text`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Location::new(path, line, column)
    }
}

/// Locations of many offsets in one text: its line starts are found once, and each offset's line
/// by a binary search over them, where [`Location::at_offset`] counts from the top every time
/// (200,000 `[[translations]]` tables once took minutes).
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The location of byte `offset`, as [`Location::at_offset`] gives it.
    pub fn location(&self, path: impl Into<PathBuf>, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        Location::new(path, line, self.text[start..offset].chars().count() + 1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `None` for problems that belong to no file, such as a missing source folder.
    pub location: Option<Location>,
    pub message: String,
    /// What the writer can do about it.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            // A file's name is printed as one line's part, whatever it holds.
            let path = loc.path.display().to_string();
            write!(f, "{}:{}:{}: ", crate::terminal::escape_line(&path), loc.line, loc.column)?;
        }
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All problems of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>, help: impl Into<String>) {
        self.push(Severity::Error, location, message.into(), help.into());
    }

    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>, help: impl Into<String>) {
        self.push(Severity::Warning, location, message.into(), help.into());
    }

    fn push(&mut self, severity: Severity, location: Option<Location>, message: String, help: String) {
        let help = (!help.is_empty()).then_some(help);
        self.items.push(Diagnostic { severity, location, message, help });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file and position so that output is stable whatever order stages ran in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| a.location.cmp(&b.location));
        items
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Shows `path` relative to `base` when it lies below it, so messages stay short.
pub fn display_path(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting() {
        let text = "ab\nデプロイx\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.location("f", offset), Location::at_offset("f", text, offset), "{offset}");
        }
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nデプロイx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 5));
    }

    #[test]
    fn display_names_file_line_column_and_help() {
        let mut d = Diagnostics::default();
        d.error(Some(Location::new("a.md", 3, 7)), "bad thing", "fix it");
        let shown = d.sorted()[0].to_string();
        assert_eq!(shown, "a.md:3:7: error: bad thing\n  help: fix it");
    }
}
