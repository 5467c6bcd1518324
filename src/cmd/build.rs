//! `errbook build`: compile and write the output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use errbook::project::Project;
use errbook::site::Links;

pub(crate) fn run(root: &Path, out: Option<PathBuf>, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let book = match load_to_write(root, deny_warnings) {
        Ok(book) => book,
        Err(code) => return code,
    };
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

/// `errbook build --embed`: the search alone, for the site that publishes the documents.
pub(crate) fn embed(root: &Path, out: Option<PathBuf>, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let book = match load_to_write(root, deny_warnings) {
        Ok(book) => book,
        Err(code) => return code,
    };
    let (Some(base), Some(platform)) = (book.config.original_url.clone(), book.config.platform) else {
        eprintln!("error: `build --embed` needs to know where the documents are published");
        eprintln!(
            "  help: add to book.toml `[book] original-url = \"https://docs.example.org/\"` (the site's root) and `[embed] platform = \"mkdocs\"` (or docusaurus, github, hugo, starlight, vitepress)"
        );
        return super::failure();
    };
    let base = if base.ends_with('/') { base } else { format!("{base}/") };
    let out = out.unwrap_or_else(|| book.config.embed_dir.clone());
    if let Err(err) = book.build_embed(&out, &base, platform) {
        eprintln!("error: {err:#}");
        eprintln!("the previous output in `{}` was left as it was", out.display());
        return super::failure();
    }
    eprintln!(
        "wrote the search of {} into {} in {:.2}s; add to a page <script src=\".../{}\" defer></script> and <errbook-search></errbook-search>",
        super::count(book.records.len(), "entry", "entries"),
        out.display(),
        started.elapsed().as_secs_f64(),
        errbook::site::embed::ELEMENT_FILE,
    );
    ExitCode::SUCCESS
}

/// The book, unless it has errors, or warnings that `deny_warnings` (or book.toml) refuses:
/// then nothing is written.
fn load_to_write(root: &Path, deny_warnings: bool) -> Result<Project, ExitCode> {
    let Some(book) = super::load(root) else { return Err(super::failure()) };
    if let Some(code) = super::denied(&book, deny_warnings) {
        eprintln!("nothing was written");
        return Err(code);
    }
    Ok(book)
}
