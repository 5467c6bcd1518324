//! Third stage: the structured error records, the heart of errbook's output.
//!
//! [`model`] is the versioned record format written to `records.json`; [`entries`] decides which
//! sections are entries, [`extract`] turns a document into its records (an entry's walk is in
//! `entry/`, table rows in `rows.rs`); [`messages`] finds the literal error strings;
//! [`plain`] reads the words of record text, which is kept as CommonMark; `terms.rs` makes term
//! lines and definition lists sub-sections before entries are looked for.

pub mod entries;
mod entry;
pub mod extract;
pub mod input;
pub mod messages;
pub mod model;
mod output;
pub mod plain;
mod rows;
pub mod slug;
mod terms;

pub use model::*;
pub use output::is_plain;
