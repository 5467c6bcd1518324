//! The static site: every record and document as pages in each language, rendered with the
//! theme's tera templates and the Fluent UI strings, with code highlighted and diagrams drawn
//! at build time. The same pages, with file links, make the offline bundle.

pub mod diagram;
mod flowchart;
pub mod highlight;
mod layered;
pub mod links;
mod pages;
mod related;
pub mod strings;
pub mod text;
pub mod theme;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::book::Book;
pub use links::Links;
use strings::{Strings, Translate};

/// Pages written, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
}

pub struct Site<'b> {
    book: &'b Book,
    links: Links,
    strings: Arc<Strings>,
    tera: HashMap<String, tera::Tera>,
    related: related::Related,
}

impl<'b> Site<'b> {
    pub fn new(book: &'b Book, links: Links) -> Result<Site<'b>> {
        let mut base = tera::Tera::default();
        base.add_raw_templates(book.theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("theme templates: {e:?}"))?;
        base.autoescape_on(vec![".html"]);
        let strings = Arc::clone(&book.strings);
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
        Ok(Site { book, links, strings, tera, related: related::Related::new(&book.records) })
    }

    /// Writes every page and asset into `out`; `tick` is called once per page written.
    pub fn render(&self, out: &Path, tick: &(dyn Fn() + Sync)) -> Result<Stats> {
        let assets = out.join("assets");
        std::fs::create_dir_all(&assets)?;
        for (name, bytes) in &self.book.theme.assets {
            std::fs::write(assets.join(name), bytes).with_context(|| format!("writing assets/{name}"))?;
        }
        std::fs::write(assets.join("highlight.css"), highlight::stylesheet())?;

        let write = |dir: &str, file: &str, html: String| -> Result<()> {
            let folder = out.join(dir);
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join(file), html).with_context(|| format!("writing {dir}{file}"))?;
            tick();
            Ok(())
        };
        let records = &self.book.records;
        (0..records.len()).into_par_iter().try_for_each(|i| -> Result<()> {
            let r = &records[i];
            let html = self.entry_page(i).with_context(|| format!("rendering {} ({})", r.title, r.source))?;
            write(&links::entry_dir(&r.lang, &r.id), "index.html", html)
        })?;
        self.book.documents.par_iter().try_for_each(|d| -> Result<()> {
            let html = self.document_page(d).with_context(|| format!("rendering {}", d.source.path))?;
            write(&links::document_dir(&d.lang, &d.id), "index.html", html)
        })?;
        for lang in &self.book.config.languages {
            write(&format!("{}/", lang.code), "index.html", self.home_page(&lang.code)?)?;
        }
        write("", "index.html", self.root_page()?)?;
        write("", "404.html", self.not_found_page()?)?;
        std::fs::write(out.join("sitemap.xml"), self.sitemap())?;
        let pages = records.len() + self.book.documents.len() + self.book.config.languages.len() + 2;
        Ok(Stats { pages })
    }

    /// A UI string; a missing one is a bug of the theme or the strings, reported as such.
    fn t(&self, lang: &str, id: &str) -> String {
        self.strings.get(lang, id, None).unwrap_or_else(|| id.to_string())
    }
}
