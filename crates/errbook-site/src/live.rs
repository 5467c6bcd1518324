//! A site kept up to date while its documents are edited (`errbook serve`). After an edit of
//! the content, only what it changed is compiled, rendered and written: the files whose text
//! changed are compiled again (the others come from a cache), the pages of the entries and
//! documents that differ are written in place, and the search index is updated entry by entry,
//! its parts rewritten only where their bytes differ. What is written is what a full build of
//! the same sources writes (tested against one).
//!
//! An edit that changes what other pages show of an entry or a document (a title, an id, an
//! error message, services, translations, which entries exist, where links lead), or any change
//! outside the content's documents (book.toml, a theme, strings, vocabulary, media), builds the
//! whole site again.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::index::SearchFiles;
use crate::project::Project;
use crate::{Links, Site, Stats};
use errbook_core::book::{Book, CompiledFiles};
use errbook_core::diagnostics::Diagnostics;
use errbook_core::records::{Document, Record};

pub struct LiveSite {
    project: Project,
    search: SearchFiles,
    files: CompiledFiles,
    out: PathBuf,
    /// An update failed while writing: the site may be part old, part new, so the next update
    /// builds it whole.
    broken: bool,
}

/// Why a build or an update did not happen.
pub enum Failure {
    /// The book has errors; nothing was written.
    Book(Diagnostics),
    /// Writing the site failed.
    Output(anyhow::Error),
}

/// What an update wrote.
#[derive(Debug, Clone, Copy)]
pub enum Written {
    /// The whole site.
    Site(Stats),
    /// These pages, for this many entries that changed (indexed again).
    Pages { pages: usize, entries: usize },
}

impl LiveSite {
    /// Builds the book at `root` into `out` (for a server), keeping what updates need.
    pub fn build(root: &Path, out: &Path) -> Result<(LiveSite, Stats), Failure> {
        let mut files = CompiledFiles::default();
        let project = Project::load_with(root, Some(&mut files)).map_err(Failure::Book)?;
        let (stats, search) = project.build_keeping_search(out).map_err(Failure::Output)?;
        Ok((LiveSite { project, search, files, out: out.to_path_buf(), broken: false }, stats))
    }

    /// The book as last built.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Brings the site up to date after `changed` (paths of the book's files) changed. When the
    /// book has errors nothing is written; when writing fails, the next update builds the whole
    /// site.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Result<Written, Failure> {
        if self.broken || !changed.iter().all(|p| self.is_content_edit(p)) {
            let (site, stats) = LiveSite::build(root, &self.out)?;
            *self = site;
            return Ok(Written::Site(stats));
        }
        let mut files = std::mem::take(&mut self.files);
        let loaded = Project::load_with(root, Some(&mut files));
        let project = match loaded {
            Ok(project) => project,
            Err(diags) => {
                self.files = files;
                return Err(Failure::Book(diags));
            }
        };
        let Some((records, documents)) = changed_pages(&self.project, &project) else {
            self.files = files;
            let (stats, search) = project.build_keeping_search(&self.out).map_err(Failure::Output)?;
            self.search = search;
            self.project = project;
            return Ok(Written::Site(stats));
        };
        let out = &self.out;
        let search = &mut self.search;
        let (pages, indexed) = rayon::join(
            || -> Result<usize> {
                let site = Site::new(&project.book, &project.look, Links { bundle: false })?;
                let pages = site.rewrite(out, &records, &documents)?;
                project.write_records(out)?;
                Ok(pages)
            },
            || search.update(out, &project.records, &project.vocabulary, &records),
        );
        let written = pages.and_then(|pages| indexed.map(|()| Written::Pages { pages, entries: records.len() }));
        self.broken = written.is_err();
        self.project = project;
        self.files = files;
        written.map_err(Failure::Output)
    }
}

impl LiveSite {
    /// Whether a change of `path` (canonical, as the watcher names it) can change documents
    /// alone: it is a document of the content folder, or a file there that no page shows
    /// (an editor's swap or backup file; a file a page starts to show comes with an edit of
    /// that page, which changes the routes).
    fn is_content_edit(&self, path: &Path) -> bool {
        let src = &self.project.config.src;
        let src = src.canonicalize().unwrap_or_else(|_| src.clone());
        let Ok(within) = path.strip_prefix(&src) else { return false };
        let shown = within.to_str().is_some_and(|p| self.project.routes.media.contains(&p.replace('\\', "/")));
        errbook_core::discover::is_document(path) || !shown
    }
}

/// The entries and documents (indexes into `new`'s lists) whose pages differ between the two
/// books, when no other page does; `None` when the whole site must be written again.
fn changed_pages(old: &Book, new: &Book) -> Option<(Vec<usize>, Vec<usize>)> {
    let same = old.documents.len() == new.documents.len()
        && old.records.len() == new.records.len()
        && old.documents.iter().zip(&new.documents).all(|(a, b)| document_shown(a) == document_shown(b))
        && old.records.iter().zip(&new.records).all(|(a, b)| record_shown(a) == record_shown(b))
        && old.routes == new.routes;
    if !same {
        return None;
    }
    let records: Vec<usize> = (0..new.records.len()).filter(|&i| old.records[i] != new.records[i]).collect();
    // A document's page lists its entries by where they stand in it, and shows its own text.
    let documents = (0..new.documents.len())
        .filter(|&i| {
            let d = &new.documents[i];
            old.documents[i] != *d
                || records.iter().any(|&r| new.records[r].document == d.id && new.records[r].lang == d.lang)
        })
        .collect();
    Some((records, documents))
}

/// What other pages show of a document, or depend on: its address, title and translations.
fn document_shown(d: &Document) -> impl PartialEq + '_ {
    (&d.lang, &d.id, &d.title, &d.translation_of, &d.aliases, &d.source.path, &d.records)
}

/// What other pages show of an entry, or depend on: its address, title, document, services,
/// messages (related entries, counterparts) and translations.
fn record_shown(r: &Record) -> impl PartialEq + '_ {
    (&r.lang, &r.id, &r.title, &r.document, &r.services, &r.error_messages, &r.translations, &r.source.path)
}
