//! The core's driver: [`Book::compile`] runs every stage over a book's sources, from
//! `book.toml` to the records, and collects all problems. Nothing here renders or writes: the
//! site's theme, strings and diagram checks join in the site crate's `project`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Location};
use crate::discover::{self, Format, SourceFile};
use crate::frontmatter::{self, FrontMatter};
use crate::parse::{limits, parse_markdown, parse_plain_text};
use crate::paths;
use crate::records::extract::{self, Input};
use crate::records::slug::slugify;
use crate::records::{Document, Record, RecordsFile, SCHEMA_VERSION};
use crate::routes::Routes;
use crate::translations;
use crate::vocabulary::Vocabulary;

/// A file's document and records (none when it cannot be read as a page), and its problems.
type Compiled = (Option<(Document, Vec<Record>)>, Diagnostics);

/// Files as last compiled, by path, with the text they were compiled from.
#[derive(Default)]
pub struct CompiledFiles(HashMap<String, (String, Compiled)>);

pub struct Book {
    pub config: Config,
    pub vocabulary: Vocabulary,
    pub documents: Vec<Document>,
    pub records: Vec<Record>,
    pub routes: Routes,
    /// Warnings of a successful load (see the site crate's `Project::load`).
    pub diagnostics: Diagnostics,
}

impl Book {
    /// Compiles the book at `root`, every problem into `diags`; `None` when `book.toml` cannot
    /// be read (nothing else can be, then). The book's own `diagnostics` stay empty: the caller
    /// gathers everything it checks into `diags` first.
    pub fn compile(root: &Path, diags: &mut Diagnostics) -> Option<Book> {
        Book::compile_with(root, diags, None)
    }

    /// [`Book::compile`], taking each file whose text is unchanged from `cache` (and leaving
    /// every file compiled there). A cache is for one `book.toml` and vocabulary: start a new
    /// one when either changes.
    pub fn compile_with(root: &Path, diags: &mut Diagnostics, cache: Option<&mut CompiledFiles>) -> Option<Book> {
        let config = Config::load(root, diags)?;
        let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        let vocab = Vocabulary::load(root, &codes, diags);
        let files = discover::discover(&config, diags);

        // Files compile in parallel, each with its own diagnostics, gathered in file order.
        let known = cache.as_deref().map(|c| &c.0);
        let compiled: Vec<Compiled> = files
            .par_iter()
            .map(|file| match known.and_then(|k| k.get(&file.path)) {
                Some((text, compiled)) if *text == file.text => compiled.clone(),
                _ => {
                    let mut file_diags = Diagnostics::default();
                    (compile_file(&config, &vocab, file, &mut file_diags), file_diags)
                }
            })
            .collect();
        if let Some(cache) = cache {
            // Files compiled before keep their entries; only the others are cloned in.
            let mut before = std::mem::take(&mut cache.0);
            cache.0 = files
                .into_iter()
                .zip(&compiled)
                .map(|(f, c)| match before.remove(&f.path) {
                    Some((text, kept)) if text == f.text => (f.path, (text, kept)),
                    _ => (f.path, (f.text, c.clone())),
                })
                .collect();
        }
        let mut documents = Vec::new();
        let mut records = Vec::new();
        for (compiled, file_diags) in compiled {
            diags.extend(file_diags);
            if let Some((doc, recs)) = compiled {
                documents.push(doc);
                records.extend(recs);
            }
        }
        make_ids_unique(&mut documents, &mut records, diags);
        translations::pair(&config, &documents, &mut records, diags);
        let mut routes = Routes::new(&config, &documents, &records);
        for d in &mut documents {
            // One warning per distinct link of a page, at its first use.
            let mut seen = std::collections::HashSet::new();
            for link in std::mem::take(&mut d.links) {
                if seen.insert((link.url.clone(), link.image)) {
                    routes.check(&config, &link.url, link.image, &d.source.path, link.line, diags);
                }
            }
            if d.records.is_empty() {
                diags.warning(
                    Some(Location::new(&d.source.path, 1, 1)),
                    "no entry found: no section names an error, a failure or a problem to fix",
                    "give each error a heading of its own (its message, or \"… fails\") with parts such as \"Cause\" and \"Solution\"; the page is published as a document with its text",
                );
            }
        }
        for r in records.iter().filter(|r| r.error_messages.is_empty()) {
            diags.warning(
                Some(Location::new(&r.source.path, r.source.line, 1)),
                format!("entry \"{}\" has no recognizable error message", r.title),
                "put the literal message under an \"Error Message\" heading, in a code block or a `> quote`, so that a pasted error finds this entry",
            );
        }
        let diagnostics = Diagnostics::default();
        Some(Book { config, vocabulary: vocab, documents, records, routes, diagnostics })
    }

    pub fn records_file(&self) -> RecordsFile {
        RecordsFile {
            schema_version: SCHEMA_VERSION,
            title: self.config.title.clone(),
            languages: self.config.languages.iter().map(|l| l.code.clone()).collect(),
            documents: self.documents.clone(),
            records: self.records.clone(),
        }
    }
}

/// Compiles one source file into its document and records; problems go to `diags`. Never panics,
/// whatever the text (fuzzed: `fuzz/fuzz_targets/ingest.rs`).
pub fn compile_file(
    config: &Config,
    vocab: &Vocabulary,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<(Document, Vec<Record>)> {
    // As CommonMark asks, for safety: a NUL byte is read as U+FFFD, in plain text too.
    let text = match file.text.contains('\0') {
        true => Cow::Owned(file.text.replace('\0', "\u{FFFD}")),
        false => Cow::Borrowed(file.text.as_str()),
    };
    let (text, too_long) = limits::limit_line_length(&text);
    for line in too_long {
        diags.warning(
            Some(Location::new(&file.path, line + 1, 1)),
            format!("a line longer than {} KiB; only its beginning is read", limits::MAX_LINE_BYTES / 1024),
            "break the text into lines and paragraphs, or link to the file instead of pasting it",
        );
    }
    let (front, outline) = match file.format {
        Format::Markdown => {
            let split = frontmatter::split(&file.path, &text, diags)?;
            (split.front, parse_markdown(split.body, split.body_line_offset))
        }
        Format::PlainText => (FrontMatter::default(), parse_plain_text(&text)),
    };
    let lang = match &front.lang {
        Some(lang) if config.language(lang).is_none() => {
            let line = front.key_line("lang");
            let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            diags.error(
                Some(Location::new(&file.path, line, 1)),
                format!("language `{lang}` is not one of this book's languages"),
                format!("use one of {} or add a [language.{lang}] section to book.toml", known.join(", ")),
            );
            return None;
        }
        Some(lang) => lang.clone(),
        None => file.path_language.clone().unwrap_or_else(|| config.default_language().code.clone()),
    };
    for line in &outline.too_deep {
        diags.warning(
            Some(Location::new(&file.path, *line, 1)),
            format!(
                "quotes or lists nested deeper than {} levels; the deeper ones are read as text",
                limits::MAX_NESTING
            ),
            "nest less deeply",
        );
    }
    check_routes(&front, &file.path, diags);
    let id = document_id(&front, &file.path, &lang, diags);
    let input = Input { path: &file.path, lang: &lang, id, front: &front, outline: &outline };
    let (mut document, records) = extract::extract(&input, vocab);
    let key_line = front.key_line("entry_translations");
    document.entry_translations =
        front.entry_translations.iter().map(|(id, other)| (key_line, id.clone(), other.clone())).collect();
    Some((document, records))
}

/// A page's old addresses that would be written over errbook's own files (`/sitemap.xml`,
/// `/404.html`, `/assets/…`) are errors at their front matter key.
fn check_routes(front: &FrontMatter, path: &str, diags: &mut Diagnostics) {
    let paths_only = |v: &Option<String>| v.iter().filter(|s| s.contains('/')).cloned().collect::<Vec<_>>();
    for (key, routes) in [
        ("aliases", front.aliases.to_vec()),
        ("redirect_from", front.redirect_from.to_vec()),
        ("slug", paths_only(&front.slug)),
        ("permalink", paths_only(&front.permalink)),
    ] {
        for route in routes {
            if let Some(taken) = paths::site_file_taken(&route) {
                diags.error(
                    Some(Location::new(path, front.key_line(key), 1)),
                    format!("{key} `{route}` is errbook's own `{taken}`; the page's redirect would replace it"),
                    "remove this address, or give the page another one",
                );
            }
        }
    }
}

/// The document's id: front matter `id` or `slug` when it is one word, else the file's name.
fn document_id(front: &FrontMatter, path: &str, lang: &str, diags: &mut Diagnostics) -> String {
    let stem = slugify(&discover::document_stem(path, lang));
    let Some(named) = front.id.as_deref().or(front.slug.as_deref().filter(|s| !s.contains('/'))) else { return stem };
    let id = named.trim().to_string();
    if paths::is_valid_id(&id) {
        return id;
    }
    diags.warning(
        Some(Location::new(path, 1, 1)),
        format!("front matter id `{named}` can hold only letters, digits, `-` and `_`; the page is `{stem}`"),
        "change the id, or remove it to use the file name",
    );
    stem
}

/// Entry ids are unique within a language. A derived id (a slug of the heading) that another
/// entry already has gets its document's id in front (then a number), with a warning; two
/// explicit anchors that clash are an error, since old links name them.
fn make_ids_unique(documents: &mut [Document], records: &mut [Record], diags: &mut Diagnostics) {
    // Two files may share a name in different folders: the later one gets a number.
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    for d in documents.iter_mut() {
        let key = (d.lang.clone(), d.id.clone());
        let Some(first) = seen.get(&key).cloned() else {
            seen.insert(key, d.source.path.clone());
            continue;
        };
        let mut n = 2;
        while seen.contains_key(&(d.lang.clone(), format!("{}-{n}", d.id))) {
            n += 1;
        }
        let id = format!("{}-{n}", d.id);
        diags.warning(
            Some(Location::new(&d.source.path, 1, 1)),
            format!("document id `{}` is also used by {first}; this document is `{id}`", d.id),
            "rename one of the two files, or give one of them its own `id` in its front matter",
        );
        for r in records.iter_mut().filter(|r| r.lang == d.lang && r.document == d.id && r.source.path == d.source.path)
        {
            r.document = id.clone();
        }
        d.id = id;
        seen.insert((d.lang.clone(), d.id.clone()), d.source.path.clone());
    }
    for r in records.iter().filter(|r| !paths::is_valid_id(&r.id)) {
        diags.error(
            Some(Location::new(&r.source.path, r.source.line, 1)),
            format!("entry id `{}` can hold only letters, digits, `-` and `_`", r.id),
            "change the heading's anchor, e.g. `## Title {#my-entry}`",
        );
    }
    // Explicit anchors are placed first, so a derived id never takes one from them.
    let mut taken: HashMap<(String, String), usize> = HashMap::new();
    let order: Vec<usize> = (0..records.len())
        .filter(|&i| records[i].explicit_id)
        .chain((0..records.len()).filter(|&i| !records[i].explicit_id))
        .collect();
    for i in order {
        let key = (records[i].lang.clone(), records[i].id.clone());
        let Some(&first) = taken.get(&key) else {
            taken.insert(key, i);
            continue;
        };
        let (r, other) = (&records[i], &records[first]);
        if r.explicit_id {
            diags.error(
                Some(Location::new(&r.source.path, r.source.line, 1)),
                format!("duplicate entry id `{}` in language `{}`: also used at {}", r.id, r.lang, other.source),
                "give one of the two headings another anchor, e.g. `## Title {#another-id}`",
            );
            continue;
        }
        let base = format!("{}-{}", r.document, r.id);
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains_key(&(r.lang.clone(), id.clone())) {
            id = format!("{base}-{n}");
            n += 1;
        }
        diags.warning(
            Some(Location::new(&r.source.path, r.source.line, 1)),
            format!("entry id `{}` is also used at {}; this entry is `{id}`", r.id, other.source),
            "give the heading an anchor of its own to choose its id, e.g. `## Title {#my-id}`",
        );
        let old = std::mem::replace(&mut records[i].id, id.clone());
        if let Some(doc) = documents.iter_mut().find(|d| d.lang == records[i].lang && d.id == records[i].document)
            && let Some(slot) = doc.records.iter_mut().find(|x| **x == old)
        {
            *slot = id.clone();
        }
        taken.insert((records[i].lang.clone(), id), i);
    }
}
