//! The theme: tera templates and static files. The default theme (this crate's `theme/`) is
//! built into the binary; a
//! book's `themes/<name>/` replaces any of its files, one by one, and may add static files of
//! its own (`static/…`, published under `assets/`). A theme follows the content folder's rule:
//! a symbolic link anywhere in it, or on the way to it, is an error (it could publish any file
//! of the machine on every page, or in `assets/`), and none of its files is read.

use std::path::Path;

use errbook_core::diagnostics::{Diagnostics, Location};

/// Templates of the default theme, by name.
pub const TEMPLATES: [(&str, &str); 7] = [
    ("base.html", include_str!("../theme/base.html")),
    ("root.html", include_str!("../theme/root.html")),
    ("home.html", include_str!("../theme/home.html")),
    ("entry.html", include_str!("../theme/entry.html")),
    ("document.html", include_str!("../theme/document.html")),
    ("404.html", include_str!("../theme/404.html")),
    // The table of contents of entry and document pages.
    ("toc.html", include_str!("../theme/toc.html")),
];

/// Static files of the default theme, copied to `assets/`.
pub const STATIC: [(&str, &str); 5] = [
    ("favicon.svg", include_str!("../theme/static/favicon.svg")),
    ("style.css", include_str!("../theme/static/style.css")),
    ("site.js", include_str!("../theme/static/site.js")),
    ("theme.js", include_str!("../theme/static/theme.js")),
    ("search.js", include_str!("../theme/static/search.js")),
];

pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Parses every template as the build will, so that `check` fails where `build` would: a
/// syntax error at its file, line and column, a template naming a parent the theme lacks.
fn check_templates(name: &str, templates: &[(String, String)], diags: &mut Diagnostics) {
    let mut all = tera::Tera::default();
    let Err(set_error) = all.add_raw_templates(templates.iter().map(|(f, t)| (f.as_str(), t.as_str()))) else {
        return;
    };
    // The set does not parse: each template alone says where.
    let mut located = false;
    for (file, text) in templates {
        let Err(err) = tera::Tera::default().add_raw_template(file, text) else { continue };
        // Alone, a template that extends another misses its parent; the theme must have it.
        if let tera::ErrorKind::MissingParent { parent, .. } = &err.kind {
            if !templates.iter().any(|(f, _)| f == parent) {
                let line = text.lines().position(|l| l.contains("extends")).map_or(1, |i| i + 1);
                diags.error(
                    Some(Location::new(theme_path(name, file), line, 1)),
                    format!("template extends `{parent}`, which the theme does not have"),
                    "extend one of the theme's templates (base.html …)",
                );
                located = true;
            }
            continue;
        }
        let (line, column, message) = parse_error(&err);
        diags.error(
            Some(Location::new(theme_path(name, file), line, column)),
            format!("template does not parse: {message}"),
            "fix the template syntax ({% … %}, {{ … }}); see https://keats.github.io/tera/docs/",
        );
        located = true;
    }
    if !located {
        diags.error(
            Some(Location::new(theme_path(name, ""), 1, 1)),
            format!("templates do not fit together: {}", chain(&set_error)),
            "a template may only extend or include templates of the theme",
        );
    }
}

/// Line, column and the parser's words from a tera error (`--> 3:8` … `= expected …`).
fn parse_error(err: &tera::Error) -> (usize, usize, String) {
    let text = chain(err);
    let at = text.split("--> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let expected = text.lines().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or("syntax error").to_string();
    let (line, column) = at.unwrap_or((1, 1));
    (line, column, expected)
}

/// An error and its sources, as one text.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push('\n');
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A theme file's path as the writer sees it.
fn theme_path(name: &str, rel: &str) -> String {
    format!("themes/{name}/{rel}")
}

/// Symbolic links on the way to the theme folder or inside it, as the writer sees them.
fn symlinks(root: &Path, name: &str) -> Vec<String> {
    let is_link = |path: &Path| path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
    for rel in ["themes".to_string(), format!("themes/{name}")] {
        if is_link(&root.join(&rel)) {
            return vec![rel];
        }
    }
    let dir = root.join("themes").join(name);
    walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
            theme_path(name, &rel)
        })
        .collect()
}

impl Theme {
    /// The built-in theme alone.
    fn builtin() -> Theme {
        Theme {
            templates: TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
            assets: STATIC.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect(),
        }
    }

    /// The default theme with the book's overrides from `themes/<name>/`.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
        // That the folder exists and is named plainly is checked with the configuration (at the
        // `theme` line).
        let dir = root.join("themes").join(name);
        let links = symlinks(root, name);
        for link in &links {
            diags.error(
                Some(Location::new(link, 1, 1)),
                "symbolic link in the theme; themes are read from their own files only",
                "copy the file into the theme folder instead of linking to it",
            );
        }
        if !links.is_empty() {
            return Theme::builtin();
        }
        // A file of the theme folder replaces the built-in one; one that exists but cannot be
        // read, or is not text where text is needed, is an error, never silently skipped.
        let read = |rel: &str, diags: &mut Diagnostics| match std::fs::read(dir.join(rel)) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                diags.error(Some(Location::new(theme_path(name, rel), 1, 1)), format!("cannot read: {err}"), "");
                None
            }
        };
        let mut templates = Vec::new();
        for (file, builtin) in TEMPLATES {
            let text = match read(file, diags).map(String::from_utf8) {
                Some(Ok(text)) => text,
                Some(Err(_)) => {
                    diags.error(
                        Some(Location::new(theme_path(name, file), 1, 1)),
                        "template is not valid UTF-8",
                        "save it as UTF-8",
                    );
                    builtin.to_string()
                }
                None => builtin.to_string(),
            };
            templates.push((file.to_string(), text));
        }
        let mut assets: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(file, text)| {
                let bytes = read(&format!("static/{file}"), diags).unwrap_or_else(|| text.as_bytes().to_vec());
                (file.to_string(), bytes)
            })
            .collect();
        check_templates(name, &templates, diags);
        // Files of the theme's own (a logo, a font) are published beside the built-in ones.
        let own = dir.join("static");
        for entry in walkdir::WalkDir::new(&own).min_depth(1) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) if err.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) => continue,
                Err(err) => {
                    let path = err.path().map_or_else(|| own.clone(), Path::to_path_buf);
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    diags.error(Some(Location::new(rel, 1, 1)), format!("cannot read: {err}"), "");
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&own) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !assets.iter().any(|(name, _)| *name == rel)
                && let Some(bytes) = read(&format!("static/{rel}"), diags)
            {
                assets.push((rel, bytes));
            }
        }
        Theme { templates, assets }
    }
}
