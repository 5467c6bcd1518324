//! The built site's search index, as `search` and `scan` read it, from a build on disk or a
//! hosted site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use errbook::config::Config;
use errbook::diagnostics::Diagnostics;
use errbook::index::INDEX_PATH;
use errbook::remote;

/// The packed index of the built site in `out` (default: the book's build-dir), or `None` after
/// saying what went wrong and what to do.
pub(crate) fn read_index(root: &Path, out: Option<PathBuf>) -> Option<Vec<u8>> {
    let out = match out {
        Some(out) => out,
        None => {
            let mut diags = Diagnostics::default();
            let Some(config) = Config::load(root, &mut diags) else {
                super::print_diagnostics(&diags);
                return None;
            };
            config.build_dir
        }
    };
    let path = out.join(INDEX_PATH);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("error: no search index at {}", path.display());
            eprintln!("  help: run `errbook build` first (or pass --out DIR where the book was built)");
            None
        }
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", path.display());
            None
        }
    }
}

/// The languages of an index's entries, in order of first appearance.
pub(crate) fn languages(entries: &[errbook_search::EntryMeta]) -> Vec<String> {
    let mut langs: Vec<String> = Vec::new();
    for e in entries {
        if !langs.contains(&e.lang) {
            langs.push(e.lang.clone());
        }
    }
    langs
}

/// What the site's reading said, then why it failed.
pub(crate) fn remote_failed(notes: &[String], err: &remote::Error) -> ExitCode {
    show_notes(notes);
    eprintln!("{err}");
    super::cannot()
}

pub(crate) fn show_notes(notes: &[String]) {
    for note in notes {
        eprintln!("{note}");
    }
}
