//! errbook's search core: one crate for the build (native) and the browser (wasm32), so that
//! documents and pasted errors are analysed by the very same code.
//!
//! - [`analysis`]: masking of the variable parts of error text, and tokenization of Latin and
//!   CJK text;
//! - [`paste`]: turning a paste of any size into a bounded, weighted set of query terms;
//! - [`rank`]: the answer to a paste, over any source of postings;
//! - [`schema`] and [`pack`]: the tantivy index and the single file it ships in; [`build`]
//!   writes it and [`search`] answers from it (`errbook search`);
//! - [`web`]: the index split into parts that a page loads as its queries need them, and the
//!   search over what is loaded (the browser engine, built without tantivy);
//! - [`scan`] (native only) finds the known errors in a whole log.

pub mod analysis;
#[cfg(feature = "tantivy")]
pub mod build;
mod bytes;
pub mod pack;
pub mod paste;
pub mod rank;
#[cfg(not(target_arch = "wasm32"))]
pub mod scan;
#[cfg(feature = "tantivy")]
pub mod schema;
#[cfg(feature = "tantivy")]
pub mod search;
pub mod web;

pub use pack::{EntryMeta, IndexMeta};
pub use rank::{Hit, SearchOptions};
#[cfg(feature = "tantivy")]
pub use search::SearchIndex;

/// Anything that went wrong loading or querying an index.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

#[cfg(feature = "tantivy")]
impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error(format!("search index: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
