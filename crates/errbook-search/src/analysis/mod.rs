//! Error-text analysis, identical at index and at query time.
//!
//! Text is cut at white space into chunks; each chunk passes the [`mask`] rules, which drop or
//! shorten the parts that vary from one occurrence of an error to the next (ids, addresses,
//! times), and what stays is cut into [`tokenize`] tokens. [`names`] spots error names.
//! [`escapes`] takes terminal escape sequences out of log text before any of that. [`words`] is
//! the one word-boundary rule of extraction and scanning.

pub mod escapes;
pub mod mask;
pub mod names;
pub mod tokenize;
pub mod words;

pub use names::error_names;
#[cfg(feature = "tantivy")]
pub use tokenize::Tokenizer;
pub use tokenize::tokens;
pub use words::{contains_word, glued};
