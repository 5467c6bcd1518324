//! Ingestion of arbitrary text: front matter, markdown (with HTML headings) and plain text,
//! then record extraction and the mermaid check. Nothing may panic.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use errbook_core::book::compile_file;
use errbook_core::config::Config;
use errbook_core::diagnostics::Diagnostics;
use errbook_core::discover::{Format, SourceFile};
use errbook_site::diagram;
use errbook_core::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;

/// The repository's own book: its configuration and vocabulary.
static BOOK: LazyLock<(Config, Vocabulary)> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("fuzz/ is inside the repository");
    let mut diags = Diagnostics::default();
    let config = Config::load(root, &mut diags).expect("the repository's book.toml loads");
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let vocabulary = Vocabulary::load(root, &codes, &mut diags);
    (config, vocabulary)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (config, vocabulary) = &*BOOK;
    for (path, format) in [("content/en/fuzz.md", Format::Markdown), ("content/ja/fuzz.txt", Format::PlainText)] {
        let file = SourceFile { path: path.into(), format, path_language: None, text: text.into() };
        let mut diags = Diagnostics::default();
        if let Some((_, records)) = compile_file(config, vocabulary, &file, &mut diags) {
            for diagram in records.iter().flat_map(|r| &r.diagrams) {
                let _ = diagram::check(&diagram.source);
            }
        }
    }
});
