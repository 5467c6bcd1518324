//! Links between pages. Every link is relative, so the site works from any folder of any host
//! and from `file://`; in the offline bundle a link to a folder names its `index.html`, since
//! there is no server to find it.

use errbook_core::config::Layout;
use errbook_core::records::Record;

#[derive(Debug, Clone, Copy)]
pub struct Links {
    pub bundle: bool,
}

impl Links {
    /// The href from the page in folder `from` to the folder or file `to`; both are relative
    /// to the site root, folders end in `/`, and `""` is the root.
    /// `to` may end in a `#fragment` (an entry's section of its document's page).
    pub fn href(&self, from: &str, to: &str) -> String {
        let (to, fragment) = to.split_once('#').map_or((to, None), |(path, f)| (path, Some(f)));
        let mut href = "../".repeat(from.matches('/').count());
        href.push_str(&encode(to));
        if self.bundle && (to.is_empty() || to.ends_with('/')) {
            href.push_str("index.html");
        }
        if href.is_empty() {
            href.push_str("./");
        }
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(&encode(fragment));
        }
        href
    }
}

impl Links {
    /// The prefix that leads from the page in folder `from` to the site root (`../../`, `./`).
    pub fn root(&self, from: &str) -> String {
        let up = "../".repeat(from.matches('/').count());
        if up.is_empty() { "./".to_string() } else { up }
    }
}

/// Everything but what RFC 3986 leaves unreserved in a path segment, and `/`.
const PATH: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// Percent-encodes what may not stand in a URL path as it is; `/` stays.
pub fn encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// Where the content folder's images and files that pages point at are copied.
pub const MEDIA_DIR: &str = "media/";

/// The folder of an entry's page.
pub fn entry_dir(lang: &str, id: &str) -> String {
    format!("{lang}/errors/{id}/")
}

/// Where an entry is read, from the site root: its page, or its section of its document's
/// page (`en/docs/<document>/#<id>`).
pub fn entry_target(layout: Layout, r: &Record) -> String {
    match layout {
        Layout::Pages => entry_dir(&r.lang, &r.id),
        Layout::Sections => format!("{}#{}", document_dir(&r.lang, &r.document), r.id),
    }
}

/// The folder of a document's page.
pub fn document_dir(lang: &str, id: &str) -> String {
    format!("{lang}/docs/{id}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_from_any_depth() {
        let hosted = Links { bundle: false };
        assert_eq!(hosted.href("en/errors/x/", "ja/"), "../../../ja/");
        assert_eq!(hosted.href("", "en/"), "en/");
        assert_eq!(hosted.href("en/", ""), "../");
        assert_eq!(hosted.href("", ""), "./");
        let bundle = Links { bundle: true };
        assert_eq!(bundle.href("en/errors/x/", "ja/"), "../../../ja/index.html");
        assert_eq!(bundle.href("en/", "en/docs/d/#失敗"), "../en/docs/d/index.html#%E5%A4%B1%E6%95%97");
        assert_eq!(hosted.href("en/", "en/docs/d/#x"), "../en/docs/d/#x");
        assert_eq!(bundle.href("en/", "assets/style.css"), "../assets/style.css");
    }

    #[test]
    fn japanese_ids_are_percent_encoded() {
        assert_eq!(encode("ja/errors/失敗/"), "ja/errors/%E5%A4%B1%E6%95%97/");
    }
}
