//! errbook compiles troubleshooting documents into structured error records.
//!
//! The pipeline, one module a stage: [`config`] → [`discover`] → [`frontmatter`] and [`parse`]
//! → [`records`] → [`index`] and [`site`] → [`output`], driven by [`book::Book`]; [`routes`]
//! decides where each link of the book leads.

pub mod book;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod index;
pub mod output;
pub mod parse;
pub mod paths;
pub mod project;
pub mod records;
pub mod routes;
pub mod serve;
pub mod site;
pub mod terminal;
pub mod translations;
pub mod vocabulary;
