//! The search query path on arbitrary pastes, against the index of the repository's own book.
//! Nothing may panic, and no paste may yield more results than asked for.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use errbook_core::book::Book;
use errbook_core::diagnostics::Diagnostics;
use errbook_search::{SearchIndex, SearchOptions};
use libfuzzer_sys::fuzz_target;

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("fuzz/ is inside the repository");
    let book = Book::compile(root, &mut Diagnostics::default()).expect("the repository's book loads");
    let bytes = errbook_site::index::build(&book.records, &book.vocabulary).expect("index builds");
    SearchIndex::open(&bytes).expect("index opens")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = SearchOptions { limit: 3, prefer_lang: Some("ja".into()), ..SearchOptions::default() };
    let hits = INDEX.search(&text, &options).expect("search answers");
    assert!(hits.len() <= 3);
});
