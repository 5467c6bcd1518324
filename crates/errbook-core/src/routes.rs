//! Where each link of a book leads: to a page of the book, to a file of the content folder that
//! the site copies, to the site the documents were first published on, or nowhere (shown as
//! text). Decided once, so that `check` warns about exactly the links that the pages show as
//! text.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Location, display_path};
use crate::paths::{self, Target};
use crate::records::{Document, Record};

/// Where a link leads, once the book is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A document's page, or an entry's page when the fragment names one of its entries.
    Document {
        lang: String,
        id: String,
    },
    Entry {
        lang: String,
        id: String,
    },
    /// A file of the content folder (content-relative path), copied under `media/`.
    Media(String),
    /// A URL kept as written (or built from `original-url`).
    External(String),
    /// `#fragment` on the same page.
    Fragment(String),
    /// Nowhere: the link's text is shown without a link.
    Text,
}

#[derive(PartialEq)]
pub struct Routes {
    /// The content folder, relative to the book root with `/` separators.
    content: String,
    original_url: Option<String>,
    /// Document keys (content paths with and without extension, front-matter slugs and
    /// aliases) → (lang, id).
    documents: HashMap<String, (String, String)>,
    entries: HashSet<(String, String)>,
    /// Content files that links and images point at and that exist: copied into the site.
    pub media: BTreeSet<String>,
}

impl Routes {
    pub fn new(config: &Config, documents: &[Document], records: &[Record]) -> Routes {
        let content = display_path(&config.root, &config.src).to_string_lossy().replace('\\', "/");
        let mut keys = HashMap::new();
        for d in documents {
            let target = (d.lang.clone(), d.id.clone());
            let path = d.source.path.strip_prefix(&format!("{content}/")).unwrap_or(&d.source.path);
            let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
            for key in [path.to_string(), stem.to_string(), stem.trim_end_matches("/index").to_string()] {
                keys.entry(key).or_insert_with(|| target.clone());
            }
            for route in &d.aliases {
                keys.entry(route_key(route)).or_insert_with(|| target.clone());
            }
        }
        Routes {
            content,
            original_url: config.original_url.clone(),
            documents: keys,
            entries: records.iter().map(|r| (r.lang.clone(), r.id.clone())).collect(),
            media: BTreeSet::new(),
        }
    }

    /// Where `url`, written in the book file `file` (in language `lang`), leads.
    pub fn resolve(&self, url: &str, file: &str, lang: &str) -> Resolved {
        if paths::is_refused_url(url) {
            return Resolved::Text;
        }
        let fragment = url.split_once('#').map(|(_, f)| f.to_string());
        let to_page = |(lang, id): &(String, String)| match &fragment {
            Some(f) if self.entries.contains(&(lang.clone(), f.clone())) => {
                Resolved::Entry { lang: lang.clone(), id: f.clone() }
            }
            _ => Resolved::Document { lang: lang.clone(), id: id.clone() },
        };
        match paths::classify(url, file, &self.content) {
            Target::Fragment => match fragment {
                Some(f) if self.entries.contains(&(lang.to_string(), f.clone())) => {
                    Resolved::Entry { lang: lang.to_string(), id: f }
                }
                Some(f) => Resolved::Fragment(f),
                None => Resolved::Text,
            },
            Target::External => Resolved::External(url.trim().to_string()),
            Target::SiteRoot(path) => {
                if let Some(doc) = self.documents.get(&route_key(&path)) {
                    return to_page(doc);
                }
                match &self.original_url {
                    Some(base) => Resolved::External(format!("{}{}", base.trim_end_matches('/'), url.trim())),
                    None => Resolved::Text,
                }
            }
            Target::Content(path) => {
                let stem = path.strip_suffix('/').unwrap_or(&path);
                let found = [path.clone(), stem.to_string(), format!("{stem}/index")]
                    .iter()
                    .find_map(|k| self.documents.get(k).or_else(|| self.documents.get(&route_key(k))));
                match found {
                    Some(doc) => to_page(doc),
                    None if self.media.contains(&path) => Resolved::Media(path),
                    None => Resolved::Text,
                }
            }
            Target::Outside => Resolved::Text,
        }
    }

    /// Checks one link of `file`: a file of the content folder that exists is kept for copying;
    /// a link that will be shown as text gets a warning saying why.
    pub fn check(&mut self, config: &Config, url: &str, image: bool, file: &str, line: usize, diags: &mut Diagnostics) {
        let what = if image { "image" } else { "link" };
        let at = Some(Location::new(file, line, 1));
        if paths::is_refused_url(url) {
            let why = if paths::runs_script(url) { "runs script" } else { "is not a web or mail address" };
            diags.warning(
                at,
                format!("{what} `{url}` {why}; it is shown as text, never linked"),
                format!("link to a page instead ({} links are followed)", paths::LINK_SCHEMES.join(", ")),
            );
            return;
        }
        if self.resolve(url, file, "").is_document() {
            return;
        }
        match paths::classify(url, file, &self.content) {
            Target::Content(path) => {
                if is_content_file(&config.src, &path) && !is_inert_media(&path) {
                    diags.warning(
                        at,
                        format!(
                            "{what} `{url}` is not an image, video, audio, PDF, archive or text file; it is not copied (a browser could run it from the site), and is shown as text"
                        ),
                        "link to the page's source elsewhere with a full https:// URL, or share it in an archive (.zip)",
                    );
                } else if is_content_file(&config.src, &path) {
                    self.media.insert(path);
                } else {
                    diags.warning(
                        at,
                        format!("{what} `{url}`: no such file or document in the content folder; shown as text"),
                        "point at a file inside the content folder, or use a full https:// URL",
                    );
                }
            }
            Target::SiteRoot(_) if self.original_url.is_none() => {
                diags.warning(
                    at,
                    format!("{what} `{url}` is a path on the site this page was published on; shown as text"),
                    "set `original-url` in the [book] section of book.toml (e.g. \"https://docs.example.com\") to link there",
                );
            }
            Target::Outside => {
                let shown = if image { "not copied" } else { "shown as text" };
                diags.warning(
                    at,
                    format!("{what} `{url}` leads out of the content folder; {shown}"),
                    format!("copy the file into `{}` and point at it with a relative path", self.content),
                );
            }
            _ => {}
        }
    }
}

impl Resolved {
    fn is_document(&self) -> bool {
        matches!(self, Resolved::Document { .. } | Resolved::Entry { .. })
    }
}

/// A site-root path or front-matter route as a key: no leading or trailing `/`, no `index.html`.
fn route_key(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    path.trim_matches('/').to_string()
}

/// The kinds of content file a site may hold, by extension, each with the media type it is
/// served as: kinds no browser runs. Images (not SVG, which may hold script), video, audio, PDF,
/// archives and plain text. Pages (`.html`, `.xhtml`, `.xml`), scripts and everything unknown
/// are never copied into a site. Both what a build copies and how `serve` labels a file read it.
pub const MEDIA_TYPES: &[(&str, &str)] = &[
    // images
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("bmp", "image/bmp"),
    ("ico", "image/x-icon"),
    // video
    ("mp4", "video/mp4"),
    ("webm", "video/webm"),
    ("ogv", "video/ogg"),
    ("mov", "video/quicktime"),
    ("m4v", "video/mp4"),
    // audio
    ("mp3", "audio/mpeg"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/ogg"),
    ("wav", "audio/wav"),
    ("flac", "audio/flac"),
    ("m4a", "audio/mp4"),
    ("aac", "audio/aac"),
    // documents
    ("pdf", "application/pdf"),
    // archives
    ("zip", "application/zip"),
    ("gz", "application/gzip"),
    ("tgz", "application/gzip"),
    ("tar", "application/x-tar"),
    ("bz2", "application/x-bzip2"),
    ("xz", "application/x-xz"),
    ("zst", "application/zstd"),
    ("7z", "application/x-7z-compressed"),
    // text
    ("txt", "text/plain; charset=utf-8"),
    ("log", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("tsv", "text/tab-separated-values; charset=utf-8"),
    ("json", "application/json"),
    ("yaml", "application/yaml"),
    ("yml", "application/yaml"),
    ("toml", "application/toml"),
    ("patch", "text/x-diff; charset=utf-8"),
    ("diff", "text/x-diff; charset=utf-8"),
];

/// The media type of a file named `path` (`/` separated) when it is of a kind in
/// [`MEDIA_TYPES`], by its extension in any case; `None` for every other file.
pub fn media_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let ext = ext.to_ascii_lowercase();
    MEDIA_TYPES.iter().find(|(kind, _)| *kind == ext).map(|(_, media_type)| *media_type)
}

/// Whether a content file is of a kind that no browser runs ([`MEDIA_TYPES`]).
pub fn is_inert_media(path: &str) -> bool {
    media_type(path).is_some()
}

/// Whether `path` (content-relative) is a regular file that really lies inside the content
/// folder, symbolic links resolved: nothing outside the book is ever copied.
pub fn is_content_file(src: &Path, path: &str) -> bool {
    let (Ok(root), Ok(file)) = (src.canonicalize(), src.join(path).canonicalize()) else { return false };
    file.starts_with(&root) && file.is_file()
}

#[cfg(test)]
mod tests {
    use super::{MEDIA_TYPES, is_inert_media, media_type, route_key};

    #[test]
    fn only_inert_kinds_are_media() {
        for ok in ["a.png", "img/B.JPG", "clip.webm", "log.txt", "x.tar.gz", "manual.pdf"] {
            assert!(is_inert_media(ok), "{ok}");
        }
        for bad in ["evil.html", "x.HTM", "i.svg", "a.js", "m.mjs", "f.xml", "p.xhtml", "Dockerfile", ".png", "run.sh"]
        {
            assert!(!is_inert_media(bad), "{bad}");
        }
    }

    #[test]
    fn every_media_kind_has_one_type() {
        for (i, (kind, _)) in MEDIA_TYPES.iter().enumerate() {
            assert!(!MEDIA_TYPES[..i].iter().any(|(k, _)| k == kind), "{kind} twice");
        }
        assert_eq!(media_type("docs/Manual.PDF"), Some("application/pdf"));
        assert_eq!(media_type("clip.mp4"), Some("video/mp4"));
        assert_eq!(media_type("x.tar.gz"), Some("application/gzip"));
        assert_eq!(media_type("evil.html"), None);
        assert_eq!(media_type(".zip"), None);
    }

    #[test]
    fn route_keys_ignore_slashes_and_index() {
        assert_eq!(route_key("/docs/x/"), "docs/x");
        assert_eq!(route_key("/docs/x/index.html#a"), "docs/x");
        assert_eq!(route_key("docs/x.html"), "docs/x");
    }
}
