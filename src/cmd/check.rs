//! `errbook check`: compile without writing, report every problem.

use std::path::Path;
use std::process::ExitCode;

pub(crate) fn run(root: &Path, deny_warnings: bool) -> ExitCode {
    let Some(book) = super::load(root) else { return super::failure() };
    if let Some(code) = super::denied(&book, deny_warnings) {
        return code;
    }
    let warnings = book.diagnostics.warnings();
    eprintln!(
        "ok: {} ({}) in {}, {}",
        super::count(book.records.len(), "entry", "entries"),
        super::per_language(&book),
        super::count(book.documents.len(), "document", "documents"),
        super::count(warnings, "warning", "warnings")
    );
    ExitCode::SUCCESS
}
