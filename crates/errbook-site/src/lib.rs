//! errbook's site: every record and document of a book (`errbook-core`) as pages in each
//! language, rendered with the theme's tera templates and the Fluent UI strings, with code
//! highlighted and diagrams drawn at build time; the search index files beside them
//! ([`index`]); written into a folder swapped in whole ([`output`]). The same pages, with file
//! links, make the offline bundle. [`project::Project`] loads a book with its [`Look`] and
//! builds it.

mod contrast;
pub mod csp;
mod css;
pub mod diagram;
pub mod embed;
mod flowchart;
pub mod highlight;
pub mod index;
mod layered;
mod linebreak;
pub mod links;
pub mod live;
mod markdown;
mod memo;
pub mod output;
mod pages;
pub mod project;
mod related;
pub mod strings;
mod svg;
pub mod text;
pub mod theme;
mod written;
mod xml;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;

use errbook_core::book::Book;
use errbook_core::diagnostics::{Diagnostics, Location};
pub use links::Links;
use strings::{Strings, Translate};
use theme::Theme;

/// How a book looks: its theme and UI strings, loaded and checked beside the book.
pub struct Look {
    pub theme: Theme,
    pub strings: Arc<Strings>,
}

impl Look {
    /// The theme `config` names and the strings of its languages; problems go to `diags` (a
    /// UI string a template uses and a language lacks is an error).
    pub fn load(root: &Path, config: &errbook_core::config::Config, diags: &mut Diagnostics) -> Look {
        let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        let theme = Theme::load(root, &config.theme, diags);
        let strings = Strings::load(root, &codes, diags);
        strings.check_used(theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())), &codes, diags);
        Look { theme, strings: Arc::new(strings) }
    }
}

/// Checks every mermaid diagram of `book` as pages will draw it: one that does not parse is an
/// error, a click or link that is not http(s) or relative a warning (it is dropped), and so is a
/// style value that is not a colour or length.
pub fn check_diagrams(book: &Book, diags: &mut Diagnostics) {
    let in_records = book.records.iter().flat_map(|r| r.diagrams.iter().map(move |d| (&r.source.path, d)));
    let in_documents = book
        .documents
        .iter()
        .flat_map(|doc| doc.guidance.iter().flat_map(move |g| g.diagrams.iter().map(move |d| (&doc.source.path, d))));
    for (path, d) in in_records.chain(in_documents) {
        for (line, click) in diagram::unsafe_clicks(&d.source) {
            diags.warning(
                Some(Location::new(path, d.line + line, 1)),
                format!("diagram link `{click}` is not an http(s) or relative link; it is dropped"),
                "link diagram nodes to https:// addresses or to pages of the book",
            );
        }
        for dropped in diagram::clean_styles(&d.source).1 {
            diags.warning(
                Some(Location::new(path, d.line + dropped.line, 1)),
                format!(
                    "diagram style `{}` is not a colour or length errbook draws; it is dropped",
                    dropped.declaration
                ),
                "diagrams take fill, stroke and color as colours (#f9f, red), stroke-width as a length and stroke-dasharray as lengths",
            );
        }
        if let Some((nodes, edges)) = diagram::too_large(&d.source) {
            diags.warning(
                Some(Location::new(path, d.line, 1)),
                format!(
                    "mermaid diagram has {nodes} nodes and {edges} edges; diagrams over {} nodes or {} edges are shown as source, not drawn",
                    diagram::MAX_NODES,
                    diagram::MAX_EDGES
                ),
                "split the diagram into smaller ones",
            );
        }
        if let Err(err) = diagram::check(&d.source) {
            diags.error(
                Some(Location::new(path, d.line, 1)),
                format!("mermaid diagram does not parse: {err}"),
                "fix the diagram (lines count from the line after ```mermaid)",
            );
        }
    }
}

/// A page of the site, by index into the book's languages, documents or records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home(usize),
    Document(usize),
    Entry(usize),
}

/// Pages written, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
}

pub struct Site<'b> {
    book: &'b Book,
    look: &'b Look,
    links: Links,
    strings: Arc<Strings>,
    tera: HashMap<String, tera::Tera>,
    related: related::Related,
    /// Documents by id (in any language), and by the id their `translation_of` names: each
    /// page looks its document and translations up, never scanning all documents.
    documents_by_id: HashMap<&'b str, Vec<usize>>,
    translating: HashMap<&'b str, Vec<usize>>,
    /// Entries by language and id, for links to them when they are sections of their
    /// documents' pages (empty otherwise).
    entry_index: HashMap<(&'b str, &'b str), usize>,
}

impl<'b> Site<'b> {
    pub fn new(book: &'b Book, look: &'b Look, links: Links) -> Result<Site<'b>> {
        let mut base = tera::Tera::default();
        base.add_raw_templates(look.theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("theme templates: {e:?}"))?;
        base.autoescape_on(vec![".html"]);
        // Tera's own escaping also writes every `/` as `&#x2F;`, a sixth of a page of links;
        // `/` is harmless in text and in quoted attributes.
        base.set_escape_fn(text::escape);
        base.register_filter("code", text::code_filter);
        let strings = Arc::clone(&look.strings);
        let tera = book
            .config
            .languages
            .iter()
            .map(|l| {
                let mut t = base.clone();
                t.register_function("t", Translate { strings: Arc::clone(&strings), lang: l.code.clone() });
                (l.code.clone(), t)
            })
            .collect();
        let mut documents_by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut translating: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in book.documents.iter().enumerate() {
            documents_by_id.entry(d.id.as_str()).or_default().push(i);
            if let Some(of) = &d.translation_of {
                translating.entry(of.as_str()).or_default().push(i);
            }
        }
        Ok(Site {
            book,
            look,
            links,
            strings,
            tera,
            related: related::Related::new(&book.records),
            documents_by_id,
            translating,
            entry_index: match book.config.layout {
                errbook_core::config::Layout::Pages => HashMap::new(),
                errbook_core::config::Layout::Sections => {
                    book.records.iter().enumerate().map(|(i, r)| ((r.lang.as_str(), r.id.as_str()), i)).collect()
                }
            },
        })
    }

    /// Writes every page and asset into `out`; `tick` is called once per page written.
    pub fn render(&self, out: &Path, tick: &(dyn Fn() + Sync)) -> Result<Stats> {
        let assets = out.join("assets");
        std::fs::create_dir_all(&assets)?;
        for (name, bytes) in &self.look.theme.assets {
            let path = assets.join(name);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(&path, bytes).with_context(|| format!("writing assets/{name}"))?;
        }
        std::fs::write(assets.join("highlight.css"), highlight::stylesheet())?;
        self.copy_media(out)?;

        let write = |dir: &str, file: &str, html: String| -> Result<()> {
            let folder = out.join(dir);
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join(file), html).with_context(|| format!("writing {dir}{file}"))?;
            tick();
            Ok(())
        };
        // One parallel pass over every page, so that no core waits for another at a barrier; the
        // two home pages are the largest and go first. A document's entry pages follow its page,
        // which renders the same text, while its highlighted code is still in the memo.
        let book = self.book;
        let mut pages: Vec<Page> = (0..book.config.languages.len()).map(Page::Home).collect();
        for (i, d) in book.documents.iter().enumerate() {
            pages.push(Page::Document(i));
            pages.extend(self.related.in_document(&d.lang, &d.id).iter().map(|&r| Page::Entry(r)));
        }
        pages.retain(|&page| self.has_page(page));
        pages.par_iter().try_for_each(|&page| -> Result<()> {
            let (dir, html) = self.page(page)?;
            if let Page::Document(i) = page
                && self.entry_pages()
            {
                std::fs::create_dir_all(out.join(&dir))?;
                std::fs::write(out.join(&dir).join("entries.js"), self.entries_script(&book.documents[i]))
                    .with_context(|| format!("writing {dir}entries.js"))?;
            }
            write(&dir, "index.html", html)
        })?;
        for l in &book.config.languages {
            write(&format!("{}/", l.code), "documents.js", self.documents_script(&l.code))?;
        }
        write("", "index.html", self.root_page()?)?;
        self.write_redirects(out)?;
        write("", "404.html", self.not_found_page()?)?;
        std::fs::write(out.join("sitemap.xml"), self.sitemap())?;
        Ok(Stats { pages: pages.len() + 2 })
    }

    /// Whether entries have pages of their own (the `pages` layout), rather than being only
    /// sections of their documents' pages.
    fn entry_pages(&self) -> bool {
        self.book.config.layout == errbook_core::config::Layout::Pages
    }

    /// Whether the book's layout has `page`.
    fn has_page(&self, page: Page) -> bool {
        !matches!(page, Page::Entry(_)) || self.entry_pages()
    }

    /// A page's folder and HTML.
    fn page(&self, page: Page) -> Result<(String, String)> {
        match page {
            Page::Home(l) => {
                let code = &self.book.config.languages[l].code;
                Ok((format!("{code}/"), self.home_page(code)?))
            }
            Page::Document(i) => {
                let d = &self.book.documents[i];
                let html = self.document_page(d).with_context(|| format!("rendering {}", d.source.path))?;
                Ok((links::document_dir(&d.lang, &d.id), html))
            }
            Page::Entry(i) => {
                let r = &self.book.records[i];
                let html = self.entry_page(i).with_context(|| format!("rendering {} ({})", r.title, r.source))?;
                Ok((links::entry_dir(&r.lang, &r.id), html))
            }
        }
    }

    /// Writes `pages` again, in place, into `out`, a site this book's previous version was
    /// written to. All of them are rendered before any is written, so that a failure leaves the
    /// site as it was.
    pub fn rewrite(&self, out: &Path, pages: &[Page]) -> Result<usize> {
        let pages: Vec<Page> = pages.iter().copied().filter(|&page| self.has_page(page)).collect();
        let rendered: Vec<(String, String)> = pages.par_iter().map(|&page| self.page(page)).collect::<Result<_>>()?;
        for (&page, (dir, html)) in pages.iter().zip(&rendered) {
            // A document's page and the list of its entries' pages change together.
            if let Page::Document(i) = page
                && self.entry_pages()
            {
                output::replace_file(
                    &out.join(dir).join("entries.js"),
                    self.entries_script(&self.book.documents[i]).as_bytes(),
                )
                .with_context(|| format!("writing {dir}entries.js"))?;
            }
            output::replace_file(&out.join(dir).join("index.html"), html.as_bytes())
                .with_context(|| format!("writing {dir}index.html"))?;
        }
        Ok(rendered.len())
    }

    /// A page at each old address of a document (front matter `aliases`, `redirect_from`), that
    /// sends the reader on to the document's page. An address that is not a plain path, or that
    /// a page of the site already has, gets none.
    fn write_redirects(&self, out: &Path) -> Result<()> {
        // Errbook's own files are refused with the front matter; the languages' folders are
        // left alone quietly, as before.
        let reserved: Vec<&str> =
            self.book.config.languages.iter().map(|l| l.code.as_str()).chain(errbook_core::paths::SITE_FILES).collect();
        for d in &self.book.documents {
            for alias in &d.aliases {
                let segments: Vec<&str> =
                    alias.split(['?', '#']).next().unwrap_or("").split('/').filter(|s| !s.is_empty()).collect();
                let plain =
                    |s: &&str| *s != ".." && *s != "." && s.chars().all(|c| c.is_alphanumeric() || "-_.~".contains(c));
                if segments.is_empty() || !segments.iter().all(plain) || reserved.contains(&segments[0]) {
                    continue;
                }
                let dir = format!("{}/", segments.join("/"));
                let folder = out.join(&dir);
                if folder.join("index.html").exists() {
                    continue;
                }
                let target = self.links.href(&dir, &links::document_dir(&d.lang, &d.id));
                let target = text::escape(&target);
                let html = format!(
                    "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><meta charset=\"utf-8\"><title>{}</title><meta http-equiv=\"refresh\" content=\"0; url={target}\"><link rel=\"canonical\" href=\"{target}\"></head><body><p><a href=\"{target}\">{}</a></p></body></html>\n",
                    text::escape(&d.lang),
                    csp::POLICY,
                    text::escape(&d.title),
                    text::escape(&d.title)
                );
                std::fs::create_dir_all(&folder)?;
                std::fs::write(folder.join("index.html"), html).with_context(|| format!("writing {dir}index.html"))?;
            }
        }
        Ok(())
    }

    /// The content folder's files that pages point at, checked again to lie inside it.
    fn copy_media(&self, out: &Path) -> Result<()> {
        let src = &self.book.config.src;
        for path in &self.book.routes.media {
            if !errbook_core::routes::is_content_file(src, path) {
                continue;
            }
            let to = out.join(links::MEDIA_DIR).join(path);
            std::fs::create_dir_all(to.parent().expect("a media path has a folder"))?;
            std::fs::copy(src.join(path), &to).with_context(|| format!("copying {path}"))?;
        }
        Ok(())
    }

    /// A UI string; a missing one is a bug of the theme or the strings, reported as such.
    fn t(&self, lang: &str, id: &str) -> String {
        self.strings.get(lang, id, None).unwrap_or_else(|| id.to_string())
    }
}
