//! The context of each kind of page, and its rendering.

use anyhow::Result;
use serde::Serialize;
use tera::Context;

use super::highlight::code_block;
use super::links::{self, entry_dir};
use super::markdown::{self, Render};
use super::text::escape;
use super::written::{self, Ids};
use super::{Site, diagram};
use errbook_core::config::{Language, Layout};
use errbook_core::records::plain::plain;
use errbook_core::records::{Diagram, Document, Record};
use errbook_core::routes::Resolved;

#[derive(Serialize)]
struct LangLink {
    code: String,
    name: String,
    title: String,
    url: String,
    current: bool,
}

impl LangLink {
    fn new(language: &Language, url: String, current: bool) -> LangLink {
        LangLink {
            code: language.code.clone(),
            name: language.name.clone(),
            title: language.title.clone(),
            url,
            current,
        }
    }
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct EntryLink {
    title: String,
    url: String,
    lang: String,
}

/// The page being rendered: its language, its folder and the source file its text comes from.
pub(super) struct Here<'p> {
    pub lang: &'p str,
    pub dir: &'p str,
    pub source: &'p str,
    /// What diagrams drawn on the page are labelled with.
    pub title: &'p str,
    /// The page's labels for copy buttons and permalinks, looked up once a page (a page renders
    /// its text block by block).
    pub labels: Labels,
}

pub(super) struct Labels {
    pub copy: String,
    pub copied: String,
    pub permalink: String,
}

const SITEMAP_HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
/// What a path needs escaped to stand as a query's value (its `%` included, so that it reads
/// back as it was).
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
/// Entries a home page lists per document and per service at most (a document's page lists
/// all of its entries).
const HOME_ENTRIES: usize = 12;
/// Entry links a home page gives its documents in all: a book of hundreds of documents gets a
/// list of documents, so that the page stays small however large the book.
const HOME_DOCUMENT_LINKS: usize = 240;

impl<'b> Site<'b> {
    /// What every page has: its language, title, the language switcher and the alternates.
    /// `counterparts` gives, per language, the folder of this page in that language.
    fn base(&self, lang: &str, dir: &str, title: &str, counterparts: &dyn Fn(&str) -> Option<String>) -> Context {
        let config = &self.book.config;
        let mut ctx = Context::new();
        ctx.insert("lang", lang);
        ctx.insert("page_title", title);
        ctx.insert("book_title", &config.language(lang).map_or(config.title.as_str(), |l| l.title.as_str()));
        ctx.insert("assets", &format!("{}assets/", self.links.root(dir)));
        ctx.insert("root", &self.links.root(dir));
        ctx.insert("bundle", &self.links.bundle);
        ctx.insert("engine_version", &crate::index::ENGINE_VERSION.get(..12).unwrap_or("0"));
        ctx.insert("home_url", &self.links.href(dir, &format!("{lang}/")));
        let mut languages = Vec::new();
        let mut alternates = Vec::new();
        // With the public address: a canonical link, and hreflang links that are absolute (as
        // search engines want them). The offline bundle has no address.
        let public = config.url.as_deref().filter(|_| !self.links.bundle);
        let absolute = |to: &str| public.map(|u| format!("{u}{}", links::encode(to)));
        ctx.insert("canonical", &absolute(dir));
        for l in &config.languages {
            let target = counterparts(&l.code);
            let url = match &target {
                Some(target) => self.links.href(dir, target),
                // No page in that language: its home, told where the reader came from, so that
                // it can say this page is not translated and lead back.
                None => {
                    let from = self.links.href("", dir);
                    let from = percent_encoding::utf8_percent_encode(&from, QUERY_VALUE);
                    format!("{}?untranslated={from}", self.links.href(dir, &format!("{}/", l.code)))
                }
            };
            if let Some(target) = &target {
                let url = absolute(target).unwrap_or_else(|| self.links.href(dir, target));
                alternates.push(Alternate { lang: l.code.clone(), url });
            }
            languages.push(LangLink::new(l, url, l.code == lang));
        }
        ctx.insert("languages", &languages);
        ctx.insert("alternates", &alternates);
        ctx
    }

    fn render_template(&self, lang: &str, template: &str, ctx: &Context) -> Result<String> {
        // A page in a language the book does not list (the root page) speaks its default one.
        let default = &self.book.config.default_language().code;
        let tera = self.tera.get(lang).or_else(|| self.tera.get(default)).expect("the default language has templates");
        let html = tera.render(template, ctx).map_err(|e| {
            let mut msg = format!("template {template}: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            anyhow::anyhow!(msg)
        })?;
        Ok(super::csp::with_meta(&html))
    }

    fn labels(&self, lang: &str) -> Labels {
        Labels { copy: self.t(lang, "copy"), copied: self.t(lang, "copied"), permalink: self.t(lang, "permalink") }
    }

    fn diagram(&self, lang: &str, d: &Diagram, label: &str) -> String {
        // `errbook check` has parsed every diagram already; a failure here is the renderer's.
        diagram::figure(&d.source, label, &self.t(lang, "flowchart-source"))
            .unwrap_or_else(|e| format!("<pre class=\"diagram-error\"><code>{}</code></pre>", escape(&e)))
    }

    /// Record text as HTML, its links resolved from the page `here`.
    fn markdown(&self, here: &Here<'_>, md: &str) -> String {
        self.markdown_with_ids(here, md, &|_| None)
    }

    /// Record text as HTML, its list items given the ids `item_id` has for their lines (counted
    /// from 0 in `md`); mermaid diagrams drawn.
    pub(super) fn markdown_with_ids(
        &self,
        here: &Here<'_>,
        md: &str,
        item_id: &dyn Fn(usize) -> Option<String>,
    ) -> String {
        let routes = &self.book.routes;
        let link = |url: &str| match routes.resolve(url, here.source, here.lang) {
            Resolved::Document { lang, id } => Some(self.links.href(here.dir, &links::document_dir(&lang, &id))),
            Resolved::Entry { lang, id } => Some(self.links.href(here.dir, &self.entry_target_of(&lang, &id))),
            Resolved::Media(path) => Some(self.links.href(here.dir, &format!("{}{path}", links::MEDIA_DIR))),
            Resolved::External(url) => Some(url),
            Resolved::Fragment(f) => Some(format!("#{f}")),
            Resolved::Text => None,
        };
        // Only the book's own images are shown: a page makes no request to another site.
        let image = |url: &str| match routes.resolve(url, here.source, here.lang) {
            Resolved::Media(path) => Some(self.links.href(here.dir, &format!("{}{path}", links::MEDIA_DIR))),
            _ => None,
        };
        let (copy, copied) = (&here.labels.copy, &here.labels.copied);
        let code = |lang: &str, code: &str| match lang {
            "mermaid" => {
                self.diagram(here.lang, &Diagram { kind: lang.into(), source: code.into(), line: 0 }, here.title)
            }
            "" => code_block("text", code, "", copy, copied),
            _ => code_block(lang, code, "", copy, copied),
        };
        let callout = |kind: &str| self.t(here.lang, &format!("callout-{}", kind.to_ascii_lowercase()));
        markdown::render(
            md,
            &Render {
                link: &link,
                image: &image,
                code: &code,
                callout: &callout,
                item_id,
                permalink: &here.labels.permalink,
            },
        )
    }

    pub(super) fn entry_page(&self, i: usize) -> Result<String> {
        let records = &self.book.records;
        let r = &records[i];
        let dir = entry_dir(&r.lang, &r.id);
        let counterpart = |lang: &str| {
            if lang == r.lang {
                return Some(dir.clone());
            }
            self.related.counterpart(records, i, lang).map(|j| entry_dir(&records[j].lang, &records[j].id))
        };
        let mut ctx = self.base(&r.lang, &dir, &r.title, &counterpart);
        let lang = r.lang.as_str();
        let here = Here { lang, dir: &dir, source: &r.source.path, title: &r.title, labels: self.labels(lang) };
        let Labels { copy, copied, .. } = &here.labels;
        let messages: Vec<String> =
            r.error_messages.iter().map(|m| code_block("text", &m.text, "error-message", copy, copied)).collect();
        let mut ids = Ids::new((1..=r.causes.len()).map(|n| format!("cause-{n}")));
        let body = written::written(r, &mut ids, 1, "", &here.labels.permalink, &|md, items| {
            self.markdown_with_ids(&here, md, items)
        });
        let causes: Vec<serde_json::Value> = r
            .causes
            .iter()
            .zip(&body.causes)
            .map(|(c, href)| serde_json::json!({ "title": c.title, "href": href }))
            .collect();
        let flowchart = super::flowchart::figure(r, &self.t(lang, "flowchart"));
        let entry = serde_json::json!({
            "title": r.title,
            "services": r.services,
            "messages": messages,
            "causes": causes,
            "flowchart": flowchart,
            "body": body.html,
            "source": r.source.to_string(),
            "path": links::encode(&dir),
        });
        // A table of contents where the text is long enough to need one.
        ctx.insert("toc", &if body.toc.len() >= 3 { body.toc } else { Vec::new() });
        ctx.insert("siblings", &self.siblings(&dir, i));
        ctx.insert("entry", &entry);
        ctx.insert("page_description", &summary_of(r));
        ctx.insert("og_type", "article");
        let document = self.documents_with_id(&r.document).find(|d| d.lang == r.lang);
        ctx.insert(
            "document",
            &serde_json::json!({
                "title": document.map_or("", |d| d.title.as_str()),
                "url": self.links.href(&dir, &links::document_dir(&r.lang, &r.document)),
                "path": links::encode(&links::document_dir(&r.lang, &r.document)),
            }),
        );
        let related: Vec<EntryLink> =
            self.related.of(records, i).into_iter().map(|j| self.entry_link(&dir, &records[j])).collect();
        ctx.insert("related", &related);
        self.render_template(lang, "entry.html", &ctx)
    }

    /// The entries before and after `i` in its document.
    fn siblings(&self, from: &str, i: usize) -> serde_json::Value {
        let r = &self.book.records[i];
        let all = self.related.in_document(&r.lang, &r.document);
        let at = all.iter().position(|&j| j == i).unwrap_or(0);
        let link = |j: usize| self.entry_link(from, &self.book.records[j]);
        serde_json::json!({
            "previous": at.checked_sub(1).map(|p| link(all[p])),
            "next": all.get(at + 1).map(|&n| link(n)),
        })
    }

    /// A document's entries as a script that the sidebar of each of their pages lists (one
    /// file, not the list repeated on every page): titles and folders from the site root.
    pub(super) fn entries_script(&self, d: &Document) -> String {
        let entries: Vec<serde_json::Value> = self
            .entries_of(&d.lang, &d.id)
            .iter()
            .map(|r| serde_json::json!({ "title": r.title, "path": links::encode(&entry_dir(&r.lang, &r.id)) }))
            .collect();
        script_data("errbookEntries", "The entries of this document, for the sidebar of their pages.", &entries)
    }

    /// Where an entry of the book is read, from the site root (see [`links::entry_target`]).
    /// (The index is empty in the `pages` layout, where an entry's page needs no lookup.)
    fn entry_target_of(&self, lang: &str, id: &str) -> String {
        self.entry_index.get(&(lang, id)).map_or_else(
            || entry_dir(lang, id),
            |&i| links::entry_target(self.book.config.layout, &self.book.records[i]),
        )
    }

    /// The documents written in `lang`, in the book's order.
    fn documents_in<'s>(&'s self, lang: &'s str) -> impl Iterator<Item = &'b Document> + 's {
        self.book.documents.iter().filter(move |d| d.lang == lang)
    }

    fn entry_link(&self, from: &str, r: &Record) -> EntryLink {
        EntryLink {
            title: r.title.clone(),
            url: self.links.href(from, &links::entry_target(self.book.config.layout, r)),
            lang: r.lang.clone(),
        }
    }

    fn documents_with_id(&self, id: &str) -> impl Iterator<Item = &'b Document> + use<'_, 'b> {
        self.documents_by_id.get(id).into_iter().flatten().map(|&i| &self.book.documents[i])
    }

    fn entries_of(&self, lang: &str, document: &str) -> Vec<&'b Record> {
        self.related.in_document(lang, document).iter().map(|&i| &self.book.records[i]).collect()
    }

    pub(super) fn document_page(&self, d: &Document) -> Result<String> {
        let dir = links::document_dir(&d.lang, &d.id);
        // Documents naming this one in `translation_of`, and the one it names.
        let naming = self.translating.get(d.id.as_str()).into_iter().flatten().map(|&i| &self.book.documents[i]);
        let named = d.translation_of.iter().flat_map(|of| self.documents_with_id(of));
        let translations: Vec<&Document> = naming.chain(named).filter(|o| o.lang != d.lang).collect();
        let counterpart = |lang: &str| {
            if lang == d.lang {
                return Some(dir.clone());
            }
            translations.iter().find(|o| o.lang == lang).map(|o| links::document_dir(&o.lang, &o.id))
        };
        let mut ctx = self.base(&d.lang, &dir, &d.title, &counterpart);
        let lang = d.lang.as_str();
        let here = Here { lang, dir: &dir, source: &d.source.path, title: &d.title, labels: self.labels(lang) };
        let entries = self.entries_of(&d.lang, &d.id);
        // The document as written: its own sections and its entries (each a section that starts
        // with a link to its page), merged by line. Entries read from a table's rows are in
        // the table already; the section holding the table lists them too.
        let mut ids = Ids::new(entries.iter().map(|r| r.id.clone()));
        let label = &here.labels.permalink;
        let ends: Vec<usize> = d.guidance.iter().skip(1).map(|g| g.line).chain([usize::MAX]).collect();
        let mut parts: Vec<(usize, serde_json::Value)> = Vec::new();
        for (g, end) in d.guidance.iter().zip(ends) {
            let heading = if g.level <= 1 && g.heading == d.title { "" } else { g.heading.as_str() };
            let id = if heading.is_empty() { String::new() } else { ids.unique(None, heading) };
            let rows: Vec<EntryLink> = entries
                .iter()
                .filter(|r| r.level == 0 && (g.line + 1..end).contains(&r.source.line))
                .map(|r| self.entry_link(&dir, r))
                .collect();
            parts.push((
                g.line,
                serde_json::json!({
                    "heading": heading,
                    "id": id,
                    "permalink": super::markdown::permalink(&id, label),
                    "tag": g.level.clamp(2, 6),
                    "html": self.markdown(&here, &g.text),
                    "entries": rows,
                }),
            ));
        }
        for r in entries.iter().filter(|r| r.level > 0) {
            let tag = r.level.clamp(2, 6);
            let body =
                written::written(r, &mut ids, tag, &format!("{}-", r.id), &here.labels.permalink, &|md, items| {
                    self.markdown_with_ids(&here, md, items)
                });
            parts.push((
                r.source.line,
                serde_json::json!({
                    "entry": true,
                    "id": r.id,
                    "permalink": super::markdown::permalink(&r.id, label),
                    "title": r.title,
                    "url": self.links.href(&dir, &links::entry_target(self.book.config.layout, r)),
                    "tag": tag,
                    "html": body.html,
                }),
            ));
        }
        parts.sort_by_key(|(line, _)| *line);
        let toc: Vec<serde_json::Value> = parts
            .iter()
            .filter(|(_, p)| p["tag"] == 2 && p["id"] != "")
            .map(|(_, p)| serde_json::json!({ "id": p["id"], "text": p.get("title").unwrap_or(&p["heading"]), "level": 1 }))
            .collect();
        ctx.insert("toc", &if toc.len() >= 3 { toc } else { Vec::new() });
        let parts: Vec<serde_json::Value> = parts.into_iter().map(|(_, p)| p).collect();
        ctx.insert("parts", &parts);
        ctx.insert("source", &d.source.path);
        ctx.insert("description", &d.description);
        let first_text = d.guidance.iter().map(|g| plain(&g.text)).find(|t| !t.trim().is_empty()).unwrap_or_default();
        ctx.insert("page_description", &shorten(if d.description.is_empty() { &first_text } else { &d.description }));
        ctx.insert("og_type", "article");
        ctx.insert("tags", &d.tags);
        self.render_template(lang, "document.html", &ctx)
    }

    pub(super) fn home_page(&self, lang: &str) -> Result<String> {
        let dir = format!("{lang}/");
        let title = self.book.config.language(lang).map_or(self.book.config.title.clone(), |l| l.title.clone());
        let mut ctx = self.base(lang, &dir, &title, &|l: &str| Some(format!("{l}/")));
        let description = self.book.config.language(lang).map_or(&self.book.config.description, |l| &l.description);
        ctx.insert("description", description);
        ctx.insert("page_description", &shorten(description));
        let in_lang = self.documents_in(lang).count();
        // Fewer than three entries a document would read as an arbitrary pick: none then.
        let per_document = match HOME_DOCUMENT_LINKS / in_lang.max(1) {
            n if n < 3 => 0,
            n => n.min(HOME_ENTRIES),
        };
        let file = self.file_if_shared_title(lang);
        let documents: Vec<serde_json::Value> = self
            .documents_in(lang)
            .map(|d| {
                let all = self.entries_of(lang, &d.id);
                let entries: Vec<EntryLink> = all.iter().take(per_document).map(|r| self.entry_link(&dir, r)).collect();
                serde_json::json!({
                    "title": d.title,
                    "file": file(d),
                    "url": self.links.href(&dir, &links::document_dir(lang, &d.id)),
                    "entries": entries,
                    "count": all.len(),
                })
            })
            .collect();
        ctx.insert("documents", &documents);
        let mut services: std::collections::BTreeMap<&str, Vec<EntryLink>> = Default::default();
        for r in self.book.records.iter().filter(|r| r.lang == lang) {
            for s in &r.services {
                services.entry(s).or_default().push(self.entry_link(&dir, r));
            }
        }
        let services: Vec<serde_json::Value> = services
            .into_iter()
            .map(|(name, mut entries)| {
                let count = entries.len();
                entries.truncate(HOME_ENTRIES);
                serde_json::json!({ "name": name, "count": count, "more": count - entries.len(), "entries": entries })
            })
            .collect();
        ctx.insert("services", &services);
        self.render_template(lang, "home.html", &ctx)
    }

    /// Per document of `lang`, its file name if another document has its title (three called
    /// "Troubleshooting" are told apart so), else "".
    fn file_if_shared_title(&self, lang: &str) -> impl Fn(&Document) -> &str + use<'_> {
        let mut titles: std::collections::HashMap<&str, usize> = Default::default();
        for d in self.documents_in(lang) {
            *titles.entry(d.title.as_str()).or_default() += 1;
        }
        move |d: &Document| match titles.get(d.title.as_str()) {
            Some(&n) if n > 1 => d.source.path.rsplit('/').next().unwrap_or_default(),
            _ => "",
        }
    }

    /// The documents of a language as a script that entry pages' sidebars list (one file, not
    /// a list repeated on every page): their titles, the file of those that share a title, and
    /// their folders from the site root.
    pub(super) fn documents_script(&self, lang: &str) -> String {
        let file = self.file_if_shared_title(lang);
        let documents: Vec<serde_json::Value> = self
            .documents_in(lang)
            .map(|d| {
                serde_json::json!({
                    "title": d.title,
                    "file": file(d),
                    "path": links::encode(&links::document_dir(lang, &d.id)),
                })
            })
            .collect();
        // JSON is JavaScript; `<` escaped all the same, so that no text can close a script tag.
        let json = serde_json::to_string(&documents).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c");
        format!(
            "// The book's documents in this language, for the sidebar of every entry page.\nwindow.errbookDocuments = {json};\n"
        )
    }

    pub(super) fn root_page(&self) -> Result<String> {
        let default = &self.book.config.default_language().code;
        let mut ctx = self.base(default, "", &self.book.config.title, &|l: &str| Some(format!("{l}/")));
        let choices: Vec<LangLink> = self
            .book
            .config
            .languages
            .iter()
            .map(|l| LangLink::new(l, self.links.href("", &format!("{}/", l.code)), false))
            .collect();
        ctx.insert("choices", &choices);
        self.render_template(default, "root.html", &ctx)
    }

    /// Served for any missing address at any depth, so its links start from the base URL.
    pub(super) fn not_found_page(&self) -> Result<String> {
        let config = &self.book.config;
        let lang = &config.default_language().code;
        let base = config.base_url.trim_end_matches('/');
        let mut ctx = self.base(lang, "", &self.t(lang, "not-found-title"), &|_| None);
        ctx.insert("assets", &format!("{base}/assets/"));
        ctx.insert("root", &format!("{base}/"));
        ctx.insert("home_url", &format!("{base}/{lang}/"));
        let languages: Vec<LangLink> =
            config.languages.iter().map(|l| LangLink::new(l, format!("{base}/{}/", l.code), &l.code == lang)).collect();
        ctx.insert("languages", &languages);
        // One page for every address of the site, whatever its language: it speaks them all.
        let said: Vec<serde_json::Value> = config
            .languages
            .iter()
            .map(|l| {
                serde_json::json!({
                    "lang": l.code,
                    "title": self.t(&l.code, "not-found-title"),
                    "text": self.t(&l.code, "not-found-text"),
                    "home": self.t(&l.code, "not-found-home"),
                    "url": format!("{base}/{}/", l.code),
                })
            })
            .collect();
        ctx.insert("said", &said);
        let html = self.render_template(lang, "404.html", &ctx)?;
        // Without the site's address, its links start from the host's root; at a deeper root
        // (a project's pages) the script finds the site and leads them there.
        if config.url.is_some() || config.base_url != "/" {
            return Ok(html);
        }
        let script = format!("<script>{}</script>\n", super::csp::FIND_ROOT);
        Ok(match html.rfind("</body>") {
            Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
            None => html + &script,
        })
    }

    /// Every page at its absolute address; none without one (a relative `<loc>` is invalid).
    pub(super) fn sitemap(&self) -> String {
        let config = &self.book.config;
        let absolute = config.url.as_deref().or(Some(config.base_url.as_str()).filter(|u| u.contains("://")));
        let Some(base) = absolute.map(|u| u.trim_end_matches('/')) else {
            return format!("{SITEMAP_HEAD}</urlset>\n");
        };
        let mut dirs: Vec<String> = vec![String::new()];
        dirs.extend(self.book.config.languages.iter().map(|l| format!("{}/", l.code)));
        dirs.extend(self.book.documents.iter().map(|d| links::document_dir(&d.lang, &d.id)));
        if self.book.config.layout == Layout::Pages {
            dirs.extend(self.book.records.iter().map(|r| entry_dir(&r.lang, &r.id)));
        }
        let mut xml = String::from(SITEMAP_HEAD);
        for dir in dirs {
            xml.push_str(&format!("  <url><loc>{}/{}</loc></url>\n", escape(base), escape(&links::encode(&dir))));
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// What an entry is about, in a sentence or two for search engines and link previews: what it
/// means, else its message and its causes.
fn summary_of(r: &Record) -> String {
    let summary = plain(&r.summary);
    if !summary.trim().is_empty() {
        return shorten(&summary);
    }
    let parts: Vec<&str> = r
        .error_messages
        .first()
        .map(|m| m.text.as_str())
        .into_iter()
        .chain(r.causes.iter().map(|c| c.title.as_str()))
        .collect();
    shorten(&parts.join(" — "))
}

/// A script that sets `window.NAME` to `items`. JSON is JavaScript; `<` is escaped all the same,
/// so that no text can close a script tag.
fn script_data(name: &str, what: &str, items: &[serde_json::Value]) -> String {
    let json = serde_json::to_string(items).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c");
    format!("// {what}\nwindow.{name} = {json};\n")
}

/// Text on one line without code's backticks, cut at a word near 200 characters.
fn shorten(text: &str) -> String {
    let text = text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 200 {
        return text;
    }
    let cut: String = text.chars().take(200).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}
