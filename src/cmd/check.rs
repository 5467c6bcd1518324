//! `errbook check`: compile without writing, report every problem.

use std::path::Path;
use std::process::ExitCode;

pub(crate) fn run(root: &Path) -> ExitCode {
    let Some(book) = super::load(root) else { return super::failure() };
    let warnings = book.diagnostics.warnings();
    eprintln!(
        "ok: {} entries ({}) in {} documents, {warnings} warning{}",
        book.records.len(),
        super::per_language(&book),
        book.documents.len(),
        if warnings == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}
