//! errbook compiles troubleshooting documents into structured error records, a bilingual static
//! site and a pasted-error search. The crates, in layers: `errbook-search` (analysis, index,
//! ranking; also the browser's engine) under `errbook-core` (book to records) under
//! `errbook-site` (pages, search index files, output); this crate is the command line and
//! `errbook serve` on top, and re-exports the layers' modules under one name.

pub use errbook_core::{
    book, config, diagnostics, discover, frontmatter, parse, paths, records, routes, terminal, translations, vocabulary,
};
pub use errbook_site as site;
pub use errbook_site::{index, output, project};

pub mod remote;
pub mod serve;
