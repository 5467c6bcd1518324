//! errbook's search core: one crate for the build (native) and the browser (wasm32), so that
//! documents and pasted errors are analysed by the very same code.
//!
//! - [`analysis`]: masking of the variable parts of error text, and tokenization of Latin and
//!   CJK text;
//! - [`paste`]: turning a paste of any size into a bounded, weighted set of query terms;
//! - [`schema`] and [`pack`]: the tantivy index and the single file it ships in;
//! - [`build`] (native only) writes the index; [`search`] answers queries;
//! - [`scan`] (native only) finds the known errors in a whole log.

pub mod analysis;
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod pack;
pub mod paste;
#[cfg(not(target_arch = "wasm32"))]
pub mod scan;
pub mod schema;
pub mod search;

pub use pack::{EntryMeta, IndexMeta};
pub use search::{Hit, SearchIndex, SearchOptions};

/// Anything that went wrong loading or querying an index.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error(format!("search index: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
