//! `errbook build`: compile and write the output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use errbook::site::Links;

pub(crate) fn run(root: &Path, out: Option<PathBuf>, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let Some(book) = super::load(root) else { return super::failure() };
    if let Some(code) = super::denied(&book, deny_warnings) {
        eprintln!("nothing was written");
        return code;
    }
    let out = out.unwrap_or_else(|| book.config.build_dir.clone());
    let progress = super::progress_bar(&book);
    let stats = match book.build(&out, Links { bundle: false }, &|| progress.inc(1)) {
        Ok(stats) => stats,
        Err(err) => {
            progress.finish_and_clear();
            eprintln!("error: {err:#}");
            eprintln!("the previous output in `{}` was left as it was", out.display());
            return super::failure();
        }
    };
    progress.finish_and_clear();
    eprintln!(
        "built {}: {} ({}) from {} into {} in {:.2}s",
        super::count(stats.pages, "page", "pages"),
        super::count(book.records.len(), "entry", "entries"),
        super::per_language(&book),
        super::count(book.documents.len(), "document", "documents"),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    if book.config.url.is_none() && super::notes_shown() {
        eprintln!(
            "note: without `url` in [site] (the public address, e.g. \"https://org.github.io/project/\"), pages have no canonical link, language links are relative and sitemap.xml lists no page"
        );
    }
    ExitCode::SUCCESS
}
