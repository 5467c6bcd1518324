//! `errbook build --embed`: the search alone, for a docs site that another tool publishes. One
//! script defines the `<errbook-search>` element; the engine and the index are scripts beside
//! it (as in the offline bundle, so that it works from `file://` too), and results lead to the
//! documents' own pages on that site, at the anchor the tool gives the entry's heading.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use errbook_core::config::Platform;
use errbook_core::records::{Document, Record};
use unicode_normalization::UnicodeNormalization;

use crate::project::Project;

/// The element's script, which loads the rest from beside itself.
const ELEMENT: &str = include_str!("../embed/errbook-search.js");
pub const ELEMENT_FILE: &str = "errbook-search.js";

impl Project {
    /// Writes the embeddable search into `out`, replacing what was there only once all of it is
    /// written. Needs `[book] original-url` and `[embed] platform` (checked by the caller).
    pub fn build_embed(&self, out: &Path, base: &str, platform: Platform) -> Result<()> {
        crate::output::replace_dir(out, &self.config.root, &self.config.src, |dir| {
            // Records name their files from the book's root; pages are published from the source folder.
            let src = self.config.src.strip_prefix(&self.config.root).unwrap_or(&self.config.src);
            let documents: HashMap<(&str, &str), &Document> =
                self.documents.iter().map(|d| ((d.lang.as_str(), d.id.as_str()), d)).collect();
            let address = |r: &Record| {
                let document = documents.get(&(r.lang.as_str(), r.document.as_str())).copied();
                original_address(src, document, base, platform, r)
            };
            crate::index::write_embedded(dir, &self.records, &self.vocabulary, &address)?;
            std::fs::write(dir.join(ELEMENT_FILE), self.element_script())
                .with_context(|| format!("writing {ELEMENT_FILE}"))
        })
    }

    /// The element's script, with the book's UI strings for the search in each of its
    /// languages (the element speaks the page's language).
    fn element_script(&self) -> String {
        let strings: serde_json::Map<String, serde_json::Value> = self
            .config
            .languages
            .iter()
            .map(|l| {
                let t = |id: &str| self.look.strings.get(&l.code, id, None).unwrap_or_default();
                let texts = serde_json::json!({
                    "label": t("search-label"),
                    "placeholder": t("search-placeholder"),
                    "results": t("search-results"),
                    "noResults": t("search-no-results"),
                });
                (l.code.clone(), texts)
            })
            .collect();
        // JSON is a JavaScript literal; the script is a file of its own, never inline in a page.
        let json = serde_json::Value::Object(strings);
        ELEMENT.replacen(STRINGS_SLOT, &format!("const STRINGS = {json};"), 1)
    }
}

/// Where the element's script receives the book's strings.
const STRINGS_SLOT: &str = "const STRINGS = {};";

/// Where `platform` publishes the entry `r`: its document's page under `base` (or the page its
/// `document`'s front matter names as `original-url`), then its heading's anchor. `src` is the
/// source folder from the book's root, as records name their files.
pub fn original_address(src: &Path, document: Option<&Document>, base: &str, platform: Platform, r: &Record) -> String {
    let named = document.and_then(|d| d.front_matter.get("original-url")).and_then(|v| v.as_str());
    let page = match named {
        Some(url) => url.to_string(),
        None => {
            let path = Path::new(&r.source.path);
            let relative = path.strip_prefix(src).unwrap_or(path).to_string_lossy().replace('\\', "/");
            format!("{base}{}", page_path(platform, &relative))
        }
    };
    // An entry that is not a heading (a table row, a term line) has no anchor of its own.
    if r.level == 0 {
        return page;
    }
    let anchor = if r.explicit_id { r.id.clone() } else { slug(platform, &r.heading) };
    if anchor.is_empty() { page } else { format!("{page}#{anchor}") }
}

/// The page a document at `relative` (from the source folder, `/`-separated) is published at,
/// from the site's root.
pub fn page_path(platform: Platform, relative: &str) -> String {
    let stem = relative.strip_suffix(".mdx").or_else(|| relative.strip_suffix(".md")).unwrap_or(relative);
    let (folder, name) = stem.rsplit_once('/').map_or(("", stem), |(f, n)| (f, n));
    let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    let index = matches!(name, "index" | "README" | "_index");
    match platform {
        Platform::GitHub => relative.to_string(),
        _ if index => folder,
        Platform::Docusaurus => format!("{folder}{name}"),
        Platform::VitePress => format!("{folder}{name}.html"),
        Platform::Hugo | Platform::MkDocs | Platform::Starlight => format!("{folder}{name}/"),
    }
}

/// The anchor `platform` gives a heading, by its own default rule. The heading is CommonMark
/// inline text; its code spans count by their text, as the rendered heading shows it.
pub fn slug(platform: Platform, heading: &str) -> String {
    let text: String = heading.chars().filter(|&c| c != '`').collect();
    let text = text.trim();
    match platform {
        // github-slugger (Docusaurus, Starlight through rehype-slug) and Hugo's "github" ids:
        // lower case, punctuation but `-` and `_` dropped, each space a `-`.
        Platform::GitHub | Platform::Docusaurus | Platform::Starlight | Platform::Hugo => text
            .to_lowercase()
            .chars()
            .filter(|&c| !is_punctuation(c) || c == '-' || c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect(),
        // Python-Markdown's toc `slugify`: decomposed (é is e), then ASCII letters, digits, `_`
        // and `-` only, runs of spaces and hyphens one `-`.
        Platform::MkDocs => {
            let kept: String = text
                .nfkd()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ' | '\t'))
                .collect::<String>()
                .trim()
                .to_lowercase();
            join_runs(&kept, |c| c == '-' || c.is_whitespace())
        }
        // VitePress's slugify: decomposed without accents (full-width signs become ASCII), runs
        // of spaces and ASCII punctuation one `-`, none at the ends, a leading digit prefixed
        // with `_`.
        Platform::VitePress => {
            let text: String =
                text.nfkd().filter(|c| !matches!(c, '\u{0300}'..='\u{036F}') && !c.is_control()).collect();
            let joined = join_runs(&text, |c| c.is_whitespace() || is_vitepress_special(c));
            let trimmed = joined.trim_matches('-').to_lowercase();
            match trimmed.starts_with(|c: char| c.is_ascii_digit()) {
                true => format!("_{trimmed}"),
                false => trimmed,
            }
        }
    }
}

/// `text` with each run of characters that `sep` accepts replaced by one `-`.
fn join_runs(text: &str, sep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in text.chars() {
        if sep(c) {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// Punctuation and symbols, as github-slugger removes them (Unicode's P and S categories),
/// by the blocks headings draw them from: ASCII, Latin-1, the general punctuation, letterlike,
/// arrow, mathematical and technical blocks, CJK and full-width punctuation, emoji.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{00A1}'..='\u{00BF}' if !matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾'))
        || matches!(c, '×' | '÷')
        || matches!(c, '\u{2010}'..='\u{2BFF}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{1F000}'..='\u{1FAFF}')
}

fn is_vitepress_special(c: char) -> bool {
    "~`!@#$%^&*()-_+=[]{}|\\;:\"'“”‘’<>,.?/".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings slugged by the tools themselves (github-slugger, VitePress's `@mdit-vue/shared`,
    /// Python-Markdown's toc, Hugo 0.111), made by `scripts/reference-slugs.sh`.
    #[test]
    fn slugs_are_those_the_tools_make() {
        let rows: Vec<serde_json::Value> = serde_json::from_str(include_str!("../embed/reference-slugs.json")).unwrap();
        assert!(rows.len() >= 10);
        for row in rows {
            let heading = row["heading"].as_str().unwrap();
            for (platform, key) in [
                (Platform::GitHub, "github"),
                (Platform::Docusaurus, "github"),
                (Platform::Starlight, "github"),
                (Platform::Hugo, "hugo"),
                (Platform::VitePress, "vitepress"),
                (Platform::MkDocs, "mkdocs"),
            ] {
                assert_eq!(slug(platform, heading), row[key].as_str().unwrap(), "{platform:?}: {heading}");
            }
        }
    }

    #[test]
    fn an_entry_leads_to_its_heading_on_its_documents_page() {
        let document = Document { id: "errors".into(), lang: "ja".into(), ..Document::default() };
        let record = Record {
            lang: "ja".into(),
            document: "errors".into(),
            heading: "ディスクがいっぱい: `ENOSPC`".into(),
            level: 2,
            source: errbook_core::records::Source { path: "docs/ja/errors.md".into(), line: 3 },
            ..Record::default()
        };
        let address =
            |platform, r: &Record| original_address(Path::new("docs"), Some(&document), "https://d.test/", platform, r);
        assert_eq!(address(Platform::GitHub, &record), "https://d.test/ja/errors.md#ディスクがいっぱい-enospc");
        assert_eq!(address(Platform::MkDocs, &record), "https://d.test/ja/errors/#enospc");
        // The writer's own id wins; an entry that is no heading leads to the page.
        let explicit = Record { id: "disk-full".into(), explicit_id: true, ..record.clone() };
        assert_eq!(address(Platform::Hugo, &explicit), "https://d.test/ja/errors/#disk-full");
        let row = Record { level: 0, ..record.clone() };
        assert_eq!(address(Platform::Hugo, &row), "https://d.test/ja/errors/");
        // A document that names its page in front matter is found there.
        let mut moved = document.clone();
        moved.front_matter.insert("original-url".into(), serde_json::json!("https://elsewhere.test/disk"));
        let at = original_address(Path::new("docs"), Some(&moved), "https://d.test/", Platform::Hugo, &record);
        assert_eq!(at, "https://elsewhere.test/disk#ディスクがいっぱい-enospc");
    }

    #[test]
    fn the_element_has_a_place_for_the_strings() {
        assert_eq!(ELEMENT.matches(STRINGS_SLOT).count(), 1);
    }

    #[test]
    fn documents_are_published_where_each_platform_puts_them() {
        let cases = [
            (Platform::MkDocs, "guide/errors.md", "guide/errors/"),
            (Platform::MkDocs, "guide/index.md", "guide/"),
            (Platform::Hugo, "guide/_index.md", "guide/"),
            (Platform::Docusaurus, "guide/errors.mdx", "guide/errors"),
            (Platform::VitePress, "errors.md", "errors.html"),
            (Platform::VitePress, "index.md", ""),
            (Platform::Starlight, "guide/errors.md", "guide/errors/"),
            (Platform::GitHub, "docs/errors.md", "docs/errors.md"),
        ];
        for (platform, relative, page) in cases {
            assert_eq!(page_path(platform, relative), page, "{platform:?}: {relative}");
        }
    }
}
