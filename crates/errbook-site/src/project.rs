//! A book with its look: the core's records ([`Book`]) beside the site's theme and strings
//! ([`Look`]), loaded and checked together so that one run reports every problem, and built
//! into a site.

use std::path::Path;

use anyhow::{Context, Result};

use crate::{Links, Look, Site, Stats, check_diagrams};
use errbook_core::book::Book;
use errbook_core::diagnostics::Diagnostics;

pub struct Project {
    pub book: Book,
    pub look: Look,
}

impl std::ops::Deref for Project {
    type Target = Book;

    fn deref(&self) -> &Book {
        &self.book
    }
}

impl Project {
    /// Compiles the book at `root` and loads its look. `Err` holds every problem found when any
    /// is an error; otherwise the warnings are in `book.diagnostics`.
    pub fn load(root: &Path) -> Result<Project, Diagnostics> {
        let mut diags = Diagnostics::default();
        let Some(mut book) = Book::compile(root, &mut diags) else { return Err(diags) };
        let look = Look::load(root, &book.config, &mut diags);
        check_diagrams(&book, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        book.diagnostics = diags;
        Ok(Project { book, look })
    }

    /// Writes the site into `out`, replacing what was there only once all of it is written.
    /// `links` says whether links are for a server or for `file://`; `tick` is called per page.
    pub fn build(&self, out: &Path, links: Links, tick: &(dyn Fn() + Sync)) -> Result<Stats> {
        let mut stats = Stats::default();
        crate::output::replace_dir(out, &self.config.root, &self.config.src, |dir| {
            // The index is written on one thread (tantivy's writer) while pages take the others.
            let (data, pages) = rayon::join(
                || self.write_data(dir, links.bundle),
                || Site::new(&self.book, &self.look, links)?.render(dir, tick),
            );
            data?;
            stats = pages?;
            Ok(())
        })?;
        Ok(stats)
    }

    /// `records.json` and the search index (for the offline bundle, with scripts for pages).
    fn write_data(&self, dir: &Path, bundle: bool) -> Result<()> {
        let json = serde_json::to_string_pretty(&self.records_file())?;
        std::fs::write(dir.join("records.json"), json).context("writing records.json")?;
        crate::index::write(dir, &self.records, &self.vocabulary, bundle)
    }
}
