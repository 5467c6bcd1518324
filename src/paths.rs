//! Where a book may point: links and images stay inside the content folder, and entry ids are
//! single path segments, so that nothing a writer types makes the build read or write outside
//! the book.

/// Why a link cannot stay as written, or `None` when it is fine. `file` is the source file and
/// `content` the content folder, both relative to the book root with `/` separators.
pub fn link_problem(url: &str, file: &str, content: &str) -> Option<String> {
    let url = url.trim();
    let target = url.split(['?', '#']).next().unwrap_or("");
    if target.is_empty() {
        return None;
    }
    if let Some((scheme, _)) = target.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        if scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return match scheme.as_str() {
                "file" => Some("a file: URL points outside the content folder".into()),
                _ => None,
            };
        }
        // "C:" and the like: a drive letter, so an absolute path.
        return Some("an absolute path points outside the content folder".into());
    }
    if target.starts_with('/') || target.starts_with('\\') {
        return Some("an absolute path points outside the content folder".into());
    }
    let base = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for segment in target.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some("the path leads out of the book".into());
                }
            }
            s => parts.push(s),
        }
    }
    let inside = content.split('/').filter(|p| !p.is_empty()).enumerate().all(|(i, c)| parts.get(i) == Some(&c));
    (!inside).then(|| "the path leads out of the content folder".into())
}

/// Whether a link would run script if it were ever made clickable.
pub fn is_script_url(url: &str) -> bool {
    let lower: String = url.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = lower.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html"].iter().any(|s| lower.starts_with(s))
}

/// Entry ids become folder names (`en/errors/<id>/`): letters, digits, `-` and `_` only.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_content_folder_are_fine() {
        for url in ["other.md", "./img/a.png", "../ja/ecs.md#x", "https://example.com/a", "mailto:a@b.c", "#anchor", ""]
        {
            assert_eq!(link_problem(url, "content/en/ecs.md", "content"), None, "{url}");
        }
    }

    #[test]
    fn links_leaving_the_content_folder_are_problems() {
        for url in [
            "../../book.toml",
            "../../../../etc/passwd",
            "/etc/passwd",
            "file:///etc/passwd",
            "C:\\Windows\\win.ini",
            "..\\..\\secret.txt",
            "img/../../../x.png",
        ] {
            assert!(link_problem(url, "content/en/ecs.md", "content").is_some(), "{url}");
        }
    }

    #[test]
    fn script_urls_are_recognized_however_written() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JavaScript:alert(1)"));
        assert!(is_script_url("java\tscript:alert(1)"));
        assert!(!is_script_url("https://example.com/javascript:"));
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
