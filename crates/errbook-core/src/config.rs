//! `book.toml`: read as written ([`BookToml`]), then checked once into the [`Config`] every
//! later stage uses.
//!
//! Unknown keys and wrong types are errors that name the key and the line, since a misspelt key
//! that is silently ignored is a setting the writer believes in and does not get.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, LineIndex, Location};

pub const CONFIG_FILE: &str = "book.toml";

/// `book.toml` exactly as the writer typed it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookToml {
    #[serde(default)]
    pub book: BookSection,
    #[serde(default)]
    pub build: BuildSection,
    #[serde(default)]
    pub language: BTreeMap<toml::Spanned<String>, LanguageSection>,
    #[serde(default)]
    pub site: SiteSection,
    #[serde(default)]
    pub embed: EmbedSection,
    /// Entries that are the same error in several languages: language code → entry id.
    #[serde(default)]
    pub translations: Vec<BTreeMap<String, toml::Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookSection {
    pub title: Option<String>,
    pub description: Option<String>,
    pub src: Option<PathBuf>,
    pub default_language: Option<toml::Spanned<String>>,
    pub original_url: Option<toml::Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildSection {
    pub build_dir: Option<PathBuf>,
    pub deny_warnings: Option<bool>,
    pub layout: Option<toml::Spanned<String>>,
}

/// How entries are published: a page each (`pages`, the default), or as sections of their
/// documents' pages only (`sections`: about one page a document, for hosts that limit a site's
/// files or size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Pages,
    Sections,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LanguageSection {
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteSection {
    pub theme: Option<toml::Spanned<String>>,
    pub base_url: Option<toml::Spanned<String>>,
    pub url: Option<toml::Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EmbedSection {
    pub platform: Option<toml::Spanned<String>>,
    pub embed_dir: Option<PathBuf>,
}

/// The documentation tool that publishes the book's documents, for `errbook build --embed`:
/// it decides where a document's page is and how its headings' anchors are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Docusaurus,
    GitHub,
    Hugo,
    MkDocs,
    Starlight,
    VitePress,
}

impl Platform {
    pub const ALL: [(&str, Platform); 6] = [
        ("docusaurus", Platform::Docusaurus),
        ("github", Platform::GitHub),
        ("hugo", Platform::Hugo),
        ("mkdocs", Platform::MkDocs),
        ("starlight", Platform::Starlight),
        ("vitepress", Platform::VitePress),
    ];
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding `book.toml`; every relative path is taken from here.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Where the documents are (absolute).
    pub src: PathBuf,
    /// Where `errbook build` writes (absolute).
    pub build_dir: PathBuf,
    /// Warnings fail `build` and `check`, as `--deny-warnings` does (a CI's setting).
    pub deny_warnings: bool,
    pub layout: Layout,
    /// In the order the site lists them; the default language first.
    pub languages: Vec<Language>,
    pub theme: String,
    pub base_url: String,
    /// The site's public address, path included, ending in `/`: canonical links, absolute
    /// hreflang links, `sitemap.xml` and OpenGraph tags start from it.
    pub url: Option<String>,
    /// The site the documents were published on; their site-root links (`/docs/x/`) lead there.
    pub original_url: Option<String>,
    /// Entries paired as translations of each other (`[[translations]]`).
    pub translations: Vec<Translation>,
    /// `[embed] platform`: what publishes the documents, for `build --embed`.
    pub platform: Option<Platform>,
    /// Where `errbook build --embed` writes (absolute).
    pub embed_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: String,
    /// What the book is about, in this language (the book's description when not given).
    pub description: String,
}

/// One `[[translations]]` table: the same error's entry in each language it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The table's line in book.toml.
    pub line: usize,
    /// (language, entry id), in language order.
    pub ids: Vec<(String, String)>,
}

impl Config {
    /// Reads `root/book.toml`; a missing file means all defaults (an English and a Japanese
    /// book in `content/`).
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let shown = root.display().to_string();
        if !root.is_dir() {
            diags.error(
                None,
                format!("folder `{shown}` does not exist"),
                "pass -C the folder that holds your book.toml",
            );
            return None;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            // A folder is a book by its book.toml: without one, `content/` there may be anything.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                diags.error(
                    None,
                    format!("no book.toml in `{shown}`: this folder is not a book"),
                    format!("run `errbook init {shown}` to start one here, or pass -C the folder that holds book.toml"),
                );
                return None;
            }
            Err(err) => {
                diags.error(Some(Location::new(CONFIG_FILE, 1, 1)), format!("cannot read book.toml: {err}"), "");
                return None;
            }
        };
        let raw = match toml::from_str::<BookToml>(&text) {
            Ok(raw) => raw,
            Err(err) => {
                let loc = err.span().map(|s| Location::at_offset(CONFIG_FILE, &text, s.start));
                let help = "see the book.toml section of README.md for every key and its type";
                diags.error(loc, format!("invalid book.toml: {}", err.message()), help);
                return None;
            }
        };
        Config::check(root, raw, &text, diags)
    }

    fn check(root: &Path, raw: BookToml, text: &str, diags: &mut Diagnostics) -> Option<Config> {
        // Where a value is written, for messages: the parser knows each value's place.
        let lines = LineIndex::new(text);
        let at = |span: std::ops::Range<usize>| Some(lines.location(CONFIG_FILE, span.start));
        if let Some(code) = raw.language.keys().find(|code| !is_language_code(code.get_ref())) {
            diags.error(
                at(code.span()),
                format!("language code `{}` is not a language tag", code.get_ref()),
                "use a short tag such as `en`, `ja` or `pt-br` for [language.CODE]",
            );
            return None;
        }
        let mut languages: Vec<Language> = if raw.language.is_empty() {
            vec![default_language("en"), default_language("ja")]
        } else {
            raw.language
                .into_iter()
                .map(|(code, l)| {
                    let code = code.into_inner();
                    let fallback = default_language(&code);
                    Language {
                        name: l.name.unwrap_or(fallback.name),
                        title: l.title.unwrap_or(fallback.title),
                        description: l.description.unwrap_or_default(),
                        code,
                    }
                })
                .collect()
        };
        let default = match &raw.book.default_language {
            Some(code) => code.get_ref().clone(),
            None => languages[0].code.clone(),
        };
        let Some(pos) = languages.iter().position(|l| l.code == default) else {
            let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            diags.error(
                raw.book.default_language.as_ref().and_then(|code| at(code.span())),
                format!("default-language `{default}` has no [language.{default}] section"),
                format!("set default-language to one of: {}", known.join(", ")),
            );
            return None;
        };
        let default = languages.remove(pos);
        languages.insert(0, default);

        let title = raw.book.title.unwrap_or_else(|| "Troubleshooting".to_string());
        if let Some(url) = raw.book.original_url.as_ref().filter(|u| !is_web_url(u.get_ref())) {
            diags.error(
                at(url.span()),
                format!("original-url `{}` is not an http(s) URL", url.get_ref()),
                "write the address of the site the documents were published on, e.g. \"https://docs.example.com\"",
            );
            return None;
        }
        if let Some(url) = raw.site.base_url.as_ref().filter(|u| !is_web_url(u.get_ref()) && !is_site_path(u.get_ref()))
        {
            diags.error(
                at(url.span()),
                format!("base-url `{}` is neither an http(s) URL nor a path", url.get_ref()),
                "write where the site is hosted: \"https://docs.example.com/errors/\" or a path such as \"/errors/\"",
            );
            return None;
        }
        if let Some(url) = raw.site.url.as_ref().filter(|u| !is_web_url(u.get_ref())) {
            diags.error(
                at(url.span()),
                format!("url `{}` is not an http(s) URL", url.get_ref()),
                "write the site's public address, its path included: \"https://org.github.io/project/\"",
            );
            return None;
        }
        let url = raw.site.url.map(|u| {
            let u = u.into_inner();
            if u.ends_with('/') { u } else { format!("{u}/") }
        });
        let book_description = raw.book.description.unwrap_or_default();
        for lang in &mut languages {
            if lang.description.is_empty() {
                lang.description.clone_from(&book_description);
            }
        }
        let layout = match raw.build.layout.as_ref().map(|l| l.get_ref().as_str()) {
            None | Some("pages") => Layout::Pages,
            Some("sections") => Layout::Sections,
            Some(other) => {
                diags.error(
                    raw.build.layout.as_ref().and_then(|l| at(l.span())),
                    format!("layout `{other}` is not one errbook knows"),
                    "write \"pages\" (a page per entry, the default) or \"sections\" (entries as sections of their documents' pages)",
                );
                return None;
            }
        };
        let platform = match raw.embed.platform.as_ref() {
            None => None,
            Some(name) => match Platform::ALL.iter().find(|(n, _)| *n == name.get_ref()) {
                Some(&(_, platform)) => Some(platform),
                None => {
                    let known: Vec<&str> = Platform::ALL.iter().map(|(n, _)| *n).collect();
                    diags.error(
                        at(name.span()),
                        format!("platform `{}` is not one errbook knows", name.get_ref()),
                        format!("write one of {}: the tool that publishes the documents", known.join(", ")),
                    );
                    return None;
                }
            },
        };
        let translations = translations(raw.translations, &lines, &languages, diags)?;
        let theme = raw.site.theme.as_ref().map_or("default", |t| t.get_ref().as_str()).to_string();
        let plain_name = |name: &str| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && name.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c))
        };
        if !plain_name(&theme) {
            diags.error(
                raw.site.theme.as_ref().and_then(|t| at(t.span())),
                format!("theme `{theme}` is not the name of a folder under themes/"),
                "name a folder of the book's themes/ folder (letters, digits, `-`, `_`), or remove `theme` to use the built-in one",
            );
            return None;
        }
        if theme != "default" && !root.join("themes").join(&theme).is_dir() {
            diags.error(
                raw.site.theme.as_ref().and_then(|t| at(t.span())),
                format!("theme `{theme}` not found: there is no folder themes/{theme}"),
                "create the folder with the files to override, or remove `theme` from [site]",
            );
        }
        let build_dir = root.join(raw.build.build_dir.unwrap_or_else(|| PathBuf::from("book")));
        // Beside the site, never inside it, as the offline bundle.
        let embed_dir = match raw.embed.embed_dir {
            Some(dir) => root.join(dir),
            None => {
                let name = build_dir.file_name().map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
                build_dir.with_file_name(format!("{name}-embed"))
            }
        };
        Some(Config {
            src: root.join(raw.book.src.unwrap_or_else(|| PathBuf::from("content"))),
            build_dir,
            deny_warnings: raw.build.deny_warnings.unwrap_or(false),
            layout,
            root: root.to_path_buf(),
            description: book_description,
            title,
            languages,
            theme,
            // Where the 404 page finds the site: the base URL, else the public address.
            base_url: raw
                .site
                .base_url
                .map(toml::Spanned::into_inner)
                .or_else(|| url.clone())
                .unwrap_or_else(|| "/".to_string()),
            url,
            original_url: raw.book.original_url.map(toml::Spanned::into_inner),
            translations,
            platform,
            embed_dir,
        })
    }

    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// `[[translations]]` checked: each names two languages of the book or more.
fn translations(
    tables: Vec<BTreeMap<String, toml::Spanned<String>>>,
    lines: &LineIndex<'_>,
    languages: &[Language],
    diags: &mut Diagnostics,
) -> Option<Vec<Translation>> {
    let mut out = Vec::new();
    for table in tables {
        let line = table.values().map(|v| lines.location(CONFIG_FILE, v.span().start).line).min().unwrap_or(1);
        if let Some(lang) = table.keys().find(|l| !languages.iter().any(|k| &k.code == *l)) {
            let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            diags.error(
                Some(Location::new(CONFIG_FILE, line, 1)),
                format!("[[translations]] names `{lang}`, which is not a language of this book"),
                format!("use the language codes of the book: {}", known.join(", ")),
            );
            return None;
        }
        if table.len() < 2 {
            diags.error(
                Some(Location::new(CONFIG_FILE, line, 1)),
                "[[translations]] names a single entry; a translation pairs two languages or more",
                "give the entry's id in each language, e.g. en = \"task-failed-to-start\" and ja = \"タスクが起動しない\"",
            );
            return None;
        }
        // In the book's language order.
        let ids = languages
            .iter()
            .filter_map(|l| table.get(&l.code).map(|id| (l.code.clone(), id.get_ref().clone())))
            .collect();
        out.push(Translation { line, ids });
    }
    Some(out)
}

/// Characters a URL setting may hold after its scheme: none that ends an attribute or a line,
/// starts markup or escapes (pages and `sitemap.xml` write these settings into every link).
fn url_chars_ok(rest: &str) -> bool {
    rest.chars().all(|c| c.is_ascii_graphic() && !"\"'<>\\`{}|^".contains(c) || (!c.is_ascii() && !c.is_control()))
}

/// `http://` or `https://`, a host, then a path of safe characters.
fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]_".contains(&b)) && url_chars_ok(rest)
}

/// A path on the site's own host: `/`, `/docs/`; never `//host` (another site).
fn is_site_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && url_chars_ok(path)
}

fn default_language(code: &str) -> Language {
    let (name, title) = match code {
        "en" => ("English", "Troubleshooting"),
        "ja" => ("日本語", "トラブルシューティング"),
        other => (other, "Troubleshooting"),
    };
    Language { code: code.to_string(), name: name.to_string(), title: title.to_string(), description: String::new() }
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Option<Config>, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let mut diags = Diagnostics::default();
        (Config::load(dir.path(), &mut diags), diags)
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let (config, diags) = load("[book]\ntitle = \"x\"\ntitel = \"y\"\n");
        assert!(config.is_none());
        let shown = diags.sorted()[0].to_string();
        assert!(shown.starts_with("book.toml:3:1: error:"), "{shown}");
        assert!(shown.contains("titel"), "{shown}");
    }

    /// Checks made after parsing name the value's own line, not the top of the file.
    #[test]
    fn checked_values_name_their_line() {
        for (text, place) in [
            ("[book]\ntitle = \"x\"\ndefault-language = \"fr\"\n", "book.toml:3:20: error: default-language `fr`"),
            ("[book]\n\noriginal-url = \"ftp://x\"\n", "book.toml:3:16: error: original-url `ftp://x`"),
            ("[language.en]\nname = \"E\"\n\n[language.bad_code]\n", "book.toml:4:11: error: language code `bad_code`"),
            ("[site]\nbase-url = \"data:text/javascript,alert(1)//\"\n", "book.toml:2:12: error: base-url `data:"),
            ("[site]\nbase-url = \"//evil.test/\"\n", "book.toml:2:12: error: base-url `//evil.test/`"),
            ("[book]\noriginal-url = \"https://x.test/\\\" onload=\\\"\"\n", "book.toml:2:16: error: original-url"),
            ("[embed]\nplatform = \"jekyll\"\n", "book.toml:2:12: error: platform `jekyll` is not one errbook knows"),
        ] {
            let (config, diags) = load(text);
            assert!(config.is_none());
            let shown = diags.sorted()[0].to_string();
            assert!(shown.starts_with(place), "{shown}");
        }
    }

    #[test]
    fn wrong_type_names_line() {
        let (_, diags) = load("[book]\ntitle = 5\n");
        let shown = diags.sorted()[0].to_string();
        assert!(shown.starts_with("book.toml:2:"), "{shown}");
    }

    #[test]
    fn default_language_comes_first() {
        let (config, _) = load("[book]\ndefault-language = \"ja\"\n[language.en]\n[language.ja]\n");
        let codes: Vec<String> = config.unwrap().languages.into_iter().map(|l| l.code).collect();
        assert_eq!(codes, ["ja", "en"]);
    }

    #[test]
    fn default_language_must_be_declared() {
        let (config, diags) = load("[book]\ndefault-language = \"fr\"\n[language.en]\n");
        assert!(config.is_none());
        assert!(diags.sorted()[0].message.contains("fr"));
    }
}
