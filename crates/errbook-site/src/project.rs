//! A book with its look: the core's records ([`Book`]) beside the site's theme and strings
//! ([`Look`]), loaded and checked together so that one run reports every problem, and built
//! into a site.

use std::path::Path;

use anyhow::{Context, Result};

use crate::index::SearchFiles;
use crate::{Links, Look, Site, Stats, check_diagrams};
use errbook_core::book::{Book, CompiledFiles};
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
        Project::load_with(root, None)
    }

    /// [`Project::load`] with the files compiled before (see [`Book::compile_with`]).
    pub fn load_with(root: &Path, cache: Option<&mut CompiledFiles>) -> Result<Project, Diagnostics> {
        let mut diags = Diagnostics::default();
        let Some(mut book) = Book::compile_with(root, &mut diags, cache) else { return Err(diags) };
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
        Ok(self.build_inner(out, links, tick, false)?.0)
    }

    /// [`Project::build`] for a server, returning the search files too, for updates
    /// (`errbook serve`).
    pub fn build_keeping_search(&self, out: &Path) -> Result<(Stats, SearchFiles)> {
        let (stats, search) = self.build_inner(out, Links { bundle: false }, &|| {}, true)?;
        Ok((stats, search.expect("kept")))
    }

    /// With `keep`, the search index is kept for updates (for a server: `links` are then for
    /// one).
    fn build_inner(
        &self,
        out: &Path,
        links: Links,
        tick: &(dyn Fn() + Sync),
        keep: bool,
    ) -> Result<(Stats, Option<SearchFiles>)> {
        let mut built = None;
        crate::output::replace_dir(out, &self.config.root, &self.config.src, |dir| {
            // The index is written on one thread (tantivy's writer) while pages take the others.
            let (search, pages) = rayon::join(
                || -> Result<Option<SearchFiles>> {
                    self.write_records(dir)?;
                    match keep {
                        true => Ok(Some(SearchFiles::write(dir, &self.records, &self.vocabulary, self.config.layout)?)),
                        false => {
                            let layout = self.config.layout;
                            crate::index::write(dir, &self.records, &self.vocabulary, layout, links.bundle)
                                .map(|()| None)
                        }
                    }
                },
                || Site::new(&self.book, &self.look, links)?.render(dir, tick),
            );
            built = Some((pages?, search?));
            Ok(())
        })?;
        Ok(built.expect("a build that succeeded filled the folder"))
    }

    /// `records.json`, replaced whole.
    pub fn write_records(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(&self.records_file())?;
        crate::output::replace_file(&dir.join("records.json"), json.as_bytes()).context("writing records.json")
    }
}
