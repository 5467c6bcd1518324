//! Error-text analysis, identical at index and at query time.
//!
//! Text is cut at white space into chunks; each chunk passes the [`mask`] rules, which drop or
//! shorten the parts that vary from one occurrence of an error to the next (ids, addresses,
//! times), and what stays is cut into [`tokenize`] tokens.

pub mod mask;
pub mod tokenize;

pub use tokenize::{Tokenizer, tokens};
