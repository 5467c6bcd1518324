//! A site kept up to date while its documents are edited (`errbook serve`). After an edit of
//! the content, only what it changed is compiled, rendered and written: the files whose text
//! changed are compiled again (the others come from a cache), the pages of the entries and
//! documents that differ are written in place, and the search index is updated entry by entry,
//! its parts rewritten only where their bytes differ. What is written is what a full build of
//! the same sources writes (tested against one).
//!
//! An entry's title, services and messages show on other pages (home pages, related entries,
//! the language switcher): when they change, the home pages and the pages that link the entry
//! or now choose another are written too. A change of which pages exist or where they are (an
//! entry or document added, removed, renamed or moved, a document's title, where links lead),
//! or any change outside the content's documents (book.toml, a theme, strings, vocabulary,
//! media), builds the whole site again.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::index::SearchFiles;
use crate::project::Project;
use crate::related::Related;
use crate::{Links, Page, Site, Stats};
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
    /// This many pages, with the search files the change touched.
    Pages(usize),
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
        let Some(changed) = changed_pages(&self.project, &project) else {
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
                let pages = site.rewrite(out, &changed.pages)?;
                project.write_records(out)?;
                Ok(pages)
            },
            || search.update(out, &project.records, &project.vocabulary, &changed.records),
        );
        let written = pages.and_then(|pages| indexed.map(|()| Written::Pages(pages)));
        self.broken = written.is_err();
        self.project = project;
        self.files = files;
        written.map_err(Failure::Output)
    }

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

/// The pages to write again, and the entries whose records changed.
struct Changed {
    pages: Vec<Page>,
    records: Vec<usize>,
}

/// The pages that differ between the two books; `None` when the whole site must be written
/// again (a page came or went, or a document's place, title or links changed).
fn changed_pages(old: &Book, new: &Book) -> Option<Changed> {
    let same_places = old.documents.len() == new.documents.len()
        && old.records.len() == new.records.len()
        && old.documents.iter().zip(&new.documents).all(|(a, b)| document_place(a) == document_place(b))
        && old.records.iter().zip(&new.records).all(|(a, b)| record_place(a) == record_place(b))
        && old.routes == new.routes;
    if !same_places {
        return None;
    }
    let records: Vec<usize> = (0..new.records.len()).filter(|&i| old.records[i] != new.records[i]).collect();
    let mut entries = records.clone();
    let shown: Vec<usize> =
        records.iter().copied().filter(|&i| record_shown(&old.records[i]) != record_shown(&new.records[i])).collect();
    // The home pages list entries by title and service.
    let homes = if shown.is_empty() { 0 } else { new.config.languages.len() };
    if !shown.is_empty() {
        // Other entries' pages link this one as related or as the same entry in another
        // language (chosen by messages, documents and services), by its title.
        let retitled: Vec<usize> =
            shown.iter().copied().filter(|&i| old.records[i].title != new.records[i].title).collect();
        let languages: Vec<&str> = new.config.languages.iter().map(|l| l.code.as_str()).collect();
        let (before, after) = (Related::new(&old.records), Related::new(&new.records));
        let links = |related: &Related, all: &[Record], i: usize| {
            let counterparts: Vec<Option<usize>> = languages.iter().map(|l| related.counterpart(all, i, l)).collect();
            (related.of(all, i), counterparts)
        };
        // And the pages of its document's entries list it beside them, by its title.
        let beside = |i: usize| {
            retitled.iter().any(|&j| {
                new.records[j].document == new.records[i].document && new.records[j].lang == new.records[i].lang
            })
        };
        for i in 0..new.records.len() {
            let (related, counterparts) = links(&after, &new.records, i);
            if (related.clone(), counterparts) != links(&before, &old.records, i)
                || related.iter().any(|j| retitled.contains(j))
                || beside(i)
            {
                entries.push(i);
            }
        }
        entries.sort_unstable();
        entries.dedup();
    }
    // A document's page shows its own text and its entries whole.
    let documents = (0..new.documents.len()).filter(|&i| {
        let d = &new.documents[i];
        old.documents[i] != *d
            || records.iter().any(|&r| new.records[r].document == d.id && new.records[r].lang == d.lang)
    });
    let pages = (0..homes)
        .map(Page::Home)
        .chain(documents.map(Page::Document))
        .chain(entries.into_iter().map(Page::Entry))
        .collect();
    Some(Changed { pages, records })
}

/// Where a document's page is and what other pages say of it: its address, title and
/// translations, and its entries.
fn document_place(d: &Document) -> impl PartialEq + '_ {
    (&d.lang, &d.id, &d.title, &d.translation_of, &d.aliases, &d.source.path, &d.records)
}

/// Where an entry's page is: its address, its document and the translations it names.
fn record_place(r: &Record) -> impl PartialEq + '_ {
    (&r.lang, &r.id, &r.document, &r.source.path, &r.translations)
}

/// What other pages show of an entry or choose it by: its title (in links), services (home
/// pages, related entries) and messages (related entries, counterparts).
fn record_shown(r: &Record) -> impl PartialEq + '_ {
    (&r.title, &r.services, &r.error_messages)
}
