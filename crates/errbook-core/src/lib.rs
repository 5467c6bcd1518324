//! errbook's core: troubleshooting documents compiled into structured error records. No
//! rendering and no writing: reading the book is its only I/O.
//!
//! The pipeline, one module a stage: [`config`] → [`discover`] → [`frontmatter`] and [`parse`]
//! → [`records`], driven by [`book::Book`]; [`routes`] decides where each link of the book
//! leads, [`translations`] pairs entries across languages, [`vocabulary`] holds the words every
//! stage recognizes, and [`diagnostics`] gathers every problem with its place.

pub mod book;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod parse;
pub mod paths;
pub mod records;
pub mod routes;
pub mod terminal;
pub mod translations;
pub mod vocabulary;
