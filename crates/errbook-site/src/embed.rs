//! `errbook build --embed`: the search alone, for a docs site that another tool publishes. One
//! script defines the `<errbook-search>` element; the engine and the index are scripts beside
//! it (as in the offline bundle, so that it works from `file://` too), and results lead to the
//! documents' own pages on that site, at the anchor the tool gives the entry's heading.

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
            let address = |r: &Record| original_address(&self.config.src, &self.documents, base, platform, r);
            crate::index::write_embedded(dir, &self.records, &self.vocabulary, &address)?;
            std::fs::write(dir.join(ELEMENT_FILE), ELEMENT).with_context(|| format!("writing {ELEMENT_FILE}"))
        })
    }
}

/// Where `platform` publishes the entry `r`: its document's page under `base` (or the page the
/// document's front matter names as `original-url`), then its heading's anchor.
pub fn original_address(src: &Path, documents: &[Document], base: &str, platform: Platform, r: &Record) -> String {
    let document = documents.iter().find(|d| d.lang == r.lang && d.id == r.document);
    let named = document.and_then(|d| d.front_matter.get("original-url")).and_then(|v| v.as_str());
    let page = match named {
        Some(url) => url.to_string(),
        None => {
            let path = Path::new(&r.source.path);
            let relative = src
                .file_name()
                .and_then(|name| path.strip_prefix(name).ok())
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
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

/// ASCII punctuation and the CJK and full-width punctuation blocks.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
}

fn is_vitepress_special(c: char) -> bool {
    "~`!@#$%^&*()-_+=[]{}|\\;:\"'“”‘’<>,.?/".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_slugged_as_each_platform_does() {
        let cases = [
            (
                "Error: `EACCES` permission denied!",
                [
                    (Platform::GitHub, "error-eacces-permission-denied"),
                    (Platform::MkDocs, "error-eacces-permission-denied"),
                    (Platform::VitePress, "error-eacces-permission-denied"),
                ],
            ),
            (
                "Module not found - can't resolve 'x'",
                [
                    (Platform::GitHub, "module-not-found---cant-resolve-x"),
                    (Platform::MkDocs, "module-not-found-cant-resolve-x"),
                    (Platform::VitePress, "module-not-found-can-t-resolve-x"),
                ],
            ),
            (
                "404 on /docs/ pages",
                [
                    (Platform::GitHub, "404-on-docs-pages"),
                    (Platform::MkDocs, "404-on-docs-pages"),
                    (Platform::VitePress, "_404-on-docs-pages"),
                ],
            ),
            (
                "ビルドが失敗する（ENOSPC）",
                [
                    (Platform::GitHub, "ビルドが失敗するenospc"),
                    (Platform::MkDocs, "enospc"),
                    (Platform::VitePress, "ビルドが失敗する-enospc"),
                ],
            ),
            (
                "Café crashes",
                [
                    (Platform::GitHub, "café-crashes"),
                    (Platform::MkDocs, "cafe-crashes"),
                    (Platform::VitePress, "cafe-crashes"),
                ],
            ),
        ];
        for (heading, expected) in cases {
            for (platform, slugged) in expected {
                // VitePress keeps the decomposed form (a voiced kana as kana and mark).
                let slugged: String = match platform {
                    Platform::VitePress => slugged.nfkd().collect(),
                    _ => slugged.to_string(),
                };
                assert_eq!(slug(platform, heading), slugged, "{platform:?}: {heading}");
            }
        }
        assert_eq!(slug(Platform::Docusaurus, "Hello World"), slug(Platform::GitHub, "Hello World"));
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
