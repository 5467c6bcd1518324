//! Third stage: the structured error records, the heart of errbook's output.
//!
//! [`model`] is the versioned record format written to `records.json`; [`extract`] finds the
//! entries in an outline and fills their fields; [`messages`] finds the literal error strings;
//! [`plain`] reads the words of record text, which is kept as CommonMark.

pub mod entries;
pub mod extract;
pub mod messages;
pub mod model;
pub mod plain;
mod rows;
pub mod slug;

pub use model::*;
