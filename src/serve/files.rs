//! Which file a request path names, refusing anything outside the served folder: `..` and `.`
//! segments (also percent-encoded), backslashes, NUL, and symlinks that lead out.

use std::path::{Path, PathBuf};

use errbook_core::routes;

#[derive(Debug, PartialEq)]
pub(super) enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing `/`: relative links inside need it.
    Redirect(String),
    NotFound,
}

/// Resolves the path part of a request URL against `root` (which must be canonical).
pub(super) fn resolve(root: &Path, url: &str) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else { return Resolved::NotFound };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Resolved::NotFound;
    }
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(':') {
            return Resolved::NotFound;
        }
        file.push(segment);
    }
    // Symlinks are followed only if they stay inside the root.
    let Ok(real) = file.canonicalize() else { return Resolved::NotFound };
    if !real.starts_with(root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !path.ends_with('/') {
            // One leading `/`: `//en` would send the browser to a host named `en`.
            return Resolved::Redirect(format!("/{}/", path.trim_start_matches('/')));
        }
        return match real.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    Resolved::File(real)
}

/// `%xx` escapes decoded; `None` for a bad escape (`%zz`, a `%` at the end) or text that is
/// not UTF-8. (The crate leaves a bad escape as it is; a request holding one is refused.)
fn percent_decode(text: &str) -> Option<String> {
    let bad_escape = text
        .match_indices('%')
        .any(|(i, _)| !text.get(i + 1..i + 3).is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())));
    if bad_escape {
        return None;
    }
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|s| s.into_owned())
}

/// The type a file is served as: errbook's own kinds (pages, styles, scripts, the search
/// engine's module, the sitemap, the theme's icon), then the media kinds a build copies
/// ([`routes::MEDIA_TYPES`], the same table that decides what it copies), and
/// `application/octet-stream` for anything else, which a browser only downloads.
pub(super) fn content_type(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let own = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => Some("text/html; charset=utf-8"),
        Some("css") => Some("text/css; charset=utf-8"),
        Some("js") => Some("text/javascript; charset=utf-8"),
        Some("wasm") => Some("application/wasm"),
        Some("xml") => Some("application/xml"),
        Some("svg") => Some("image/svg+xml"),
        _ => None,
    };
    own.or_else(|| routes::media_type(name)).unwrap_or("application/octet-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("en/errors/a")).unwrap();
        std::fs::write(root.join("index.html"), "root").unwrap();
        std::fs::write(root.join("en/errors/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn files_and_folders_inside_the_root_are_served() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(resolve(&root, "/en/errors/a/?q=x"), Resolved::File(root.join("en/errors/a/index.html")));
        assert_eq!(resolve(&root, "/en/errors/a"), Resolved::Redirect("/en/errors/a/".into()));
        assert_eq!(resolve(&root, "//en/errors/a"), Resolved::Redirect("/en/errors/a/".into()), "never off-site");
        assert_eq!(resolve(&root, "/en/%65rrors/a/index.html"), Resolved::File(root.join("en/errors/a/index.html")));
    }

    #[test]
    fn paths_out_of_the_root_are_refused() {
        let (_dir, root) = site();
        for url in [
            "/../secret.txt",
            "/en/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/etc/passwd",
            "secret.txt",
            "/C:/Windows/win.ini",
            "/index.html%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, url), Resolved::NotFound, "{url}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn files_are_served_as_their_kind() {
        for (name, kind) in [
            ("index.html", "text/html; charset=utf-8"),
            ("assets/site.js", "text/javascript; charset=utf-8"),
            ("assets/engine.wasm", "application/wasm"),
            ("media/manual.pdf", "application/pdf"),
            ("media/clip.MP4", "video/mp4"),
            ("media/shot.png", "image/png"),
            ("media/logs.zip", "application/zip"),
            ("media/out.log", "text/plain; charset=utf-8"),
            ("search/0.bin", "application/octet-stream"),
            ("errbook-output", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }
}
