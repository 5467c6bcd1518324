//! Where a book may point: what errbook reads or copies stays inside the content folder, and
//! entry ids are single path segments, so that nothing a writer types makes the build read or
//! write outside the book.

/// What errbook itself writes at the top of a site; no old address of a page (front matter
/// `aliases`, `redirect_from`, a slug or permalink path) may take one of these names.
pub const SITE_FILES: [&str; 7] =
    ["index.html", "404.html", "sitemap.xml", "records.json", "assets", "search", "media"];

/// The file or folder of [`SITE_FILES`] a page's old address would be written over, if any.
pub fn site_file_taken(route: &str) -> Option<&'static str> {
    let path = route.split(['?', '#']).next().unwrap_or("");
    let first = path.split('/').find(|s| !s.is_empty())?;
    SITE_FILES.iter().copied().find(|name| name.eq_ignore_ascii_case(first))
}

/// Where a link or image of a page points, before the book knows what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing to follow: empty, or only a `#fragment` of the same page.
    Fragment,
    /// A URL with a scheme (`https:`, `mailto:` …): kept as written if the scheme is one of
    /// [`LINK_SCHEMES`].
    External,
    /// A path from the root of the site the page was published on (`/docs/x/`).
    SiteRoot(String),
    /// A file of the content folder, relative to it with `/` separators (`en/other.md`).
    Content(String),
    /// A path that leaves the content folder, a `file:` URL or an absolute file path.
    Outside,
}

/// Where `url`, written in `file`, points; `content` is the content folder. Both are relative
/// to the book root with `/` separators. The fragment and query are not part of the target.
pub fn classify(url: &str, file: &str, content: &str) -> Target {
    let url = url.trim();
    let target = url.split(['?', '#']).next().unwrap_or("");
    if target.is_empty() {
        return Target::Fragment;
    }
    if let Some((scheme, _)) = target.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        if scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return if scheme == "file" { Target::Outside } else { Target::External };
        }
        // "C:" and the like: a drive letter, so an absolute path.
        return Target::Outside;
    }
    if target.starts_with("//") || target.starts_with('\\') {
        return Target::Outside;
    }
    if target.starts_with('/') {
        return Target::SiteRoot(target.to_string());
    }
    let base = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for segment in target.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let prefix: Vec<&str> = content.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() <= prefix.len() || parts[..prefix.len()] != prefix[..] {
        return Target::Outside;
    }
    Target::Content(parts[prefix.len()..].join("/"))
}

/// The schemes a link may lead to. An allow-list: a link of any other scheme (`javascript:`,
/// `vbscript:`, `data:`, or one nobody thought of) is shown as its text, never followed.
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "ftp"];

/// Whether a link has a scheme that is not one of [`LINK_SCHEMES`] (nor `file:`, which
/// [`classify`] calls [`Target::Outside`]), read as a browser reads it: spaces around it and
/// tabs, newlines and controls inside it do not count.
pub fn is_refused_url(url: &str) -> bool {
    let cleaned: String = url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let target = cleaned.split(['/', '?', '#']).next().unwrap_or("");
    match target.split_once(':') {
        Some((scheme, _))
            if scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            let scheme = scheme.to_ascii_lowercase();
            scheme != "file" && !LINK_SCHEMES.contains(&scheme.as_str())
        }
        _ => false,
    }
}

/// Whether a refused link (see [`is_refused_url`]) would run script: said so in its warning.
pub fn runs_script(url: &str) -> bool {
    let cleaned: String = url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
}

/// Entry ids become folder names (`en/errors/<id>/`): letters, digits, `-` and `_` only.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_classified() {
        let c = |url| classify(url, "content/en/ecs.md", "content");
        assert_eq!(c("other.md"), Target::Content("en/other.md".into()));
        assert_eq!(c("./img/a.png"), Target::Content("en/img/a.png".into()));
        assert_eq!(c("../ja/ecs.md#x"), Target::Content("ja/ecs.md".into()));
        assert_eq!(c("https://example.com/a"), Target::External);
        assert_eq!(c("mailto:a@b.c"), Target::External);
        assert_eq!(c("#anchor"), Target::Fragment);
        assert_eq!(c("/workers/platform/limits/#cpu-time"), Target::SiteRoot("/workers/platform/limits/".into()));
    }

    #[test]
    fn paths_leaving_the_content_folder_are_outside() {
        for url in [
            "../../book.toml",
            "../../../../etc/passwd",
            "file:///etc/passwd",
            "C:\\Windows\\win.ini",
            "..\\..\\secret.txt",
            "img/../../../x.png",
            "//evil.example/x",
            "..",
        ] {
            assert_eq!(classify(url, "content/en/ecs.md", "content"), Target::Outside, "{url}");
        }
    }

    #[test]
    fn only_web_and_mail_schemes_are_followed_however_a_link_is_written() {
        for url in
            ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "vbscript:x", "data:text/html,x"]
        {
            assert!(is_refused_url(url) && runs_script(url), "{url}");
        }
        for url in ["vscode:open", "ms-settings:display", "chrome://settings", "ssh://git@example.org/repo"] {
            assert!(is_refused_url(url) && !runs_script(url), "an unknown scheme is refused too: {url}");
        }
        for url in [
            "https://example.com/javascript:",
            "HTTP://x.test",
            "mailto:a@b.c",
            "ftp://x.test/f",
            "../a.md",
            "#x",
            "/docs/x/",
            "a.md?x=javascript:1",
            "file:///etc/passwd",
        ] {
            assert!(!is_refused_url(url), "{url}");
        }
    }

    #[test]
    fn ids_are_single_path_segments() {
        assert!(is_valid_id("cannotpullcontainererror"));
        assert!(is_valid_id("デプロイに失敗する"));
        for id in ["", "../evil", "a/b", "a\\b", ".", "a b"] {
            assert!(!is_valid_id(id), "{id}");
        }
    }
}
