//! First stage: finds the documents under the source folder, reads them as UTF-8 and decides
//! each one's form (markdown or plain text) and language.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Location, display_path};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// Text as it comes out of a web page or a PDF: no markup, headings on lines of their own.
    PlainText,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the book root, with `/` separators: this is what records and messages show.
    pub path: String,
    pub format: Format,
    /// The language the path says (`en/…`, `name.ja.md`); front matter may still override it.
    pub path_language: Option<String>,
    pub text: String,
}

/// Reads every `.md`, `.markdown`, `.mdx` and `.txt` file below `config.src`, sorted by path.
pub fn discover(config: &Config, diags: &mut Diagnostics) -> Vec<SourceFile> {
    let src_shown = display_path(&config.root, &config.src);
    if !config.src.is_dir() {
        diags.error(
            None,
            format!("source folder `{}` does not exist", src_shown.display()),
            "create it, or point `src` in the [book] section of book.toml at your documents",
        );
        return Vec::new();
    }
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    // Links are followed (a book may link folders of its own), but never out of the book.
    let book = config.root.canonicalize().unwrap_or_else(|_| config.root.clone());
    let content = config.src.canonicalize().unwrap_or_else(|_| config.src.clone());
    let mut files = Vec::new();
    let walker = WalkDir::new(&config.src)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| display_path(&config.root, p)).unwrap_or_default();
                let (message, help) = if err.loop_ancestor().is_some() {
                    (
                        "symbolic link loop: the link points at a folder that contains it".to_string(),
                        "remove or retarget the link",
                    )
                } else {
                    (
                        format!("cannot read: {}", err.io_error().map_or(err.to_string(), ToString::to_string)),
                        "check that the file exists and is readable",
                    )
                };
                diags.error(Some(Location::new(path, 1, 1)), message, help);
                continue;
            }
        };
        let path = entry.path();
        let Some(format) = format_of(path) else { continue };
        if entry.file_type().is_dir() {
            continue;
        }
        let shown = display_path(&config.root, path);
        let rel = shown.to_string_lossy().replace('\\', "/");
        // A file is read only where it really lies inside the book.
        let bytes = match path.canonicalize() {
            Ok(real) if !real.starts_with(&book) && !real.starts_with(&content) => {
                diags.error(
                    Some(Location::new(&shown, 1, 1)),
                    format!("symbolic link leads outside the book, to `{}`; it is not read", real.display()),
                    "remove the link, or copy the file into the content folder",
                );
                continue;
            }
            Ok(_) => std::fs::read(path),
            Err(err) => Err(err),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.error(
                    Some(Location::new(&shown, 1, 1)),
                    format!("cannot read: {err}"),
                    "check that the file exists and is readable",
                );
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
                diags.error(
                    Some(Location::at_offset(&shown, &prefix, valid)),
                    "file is not valid UTF-8",
                    "save it as UTF-8 (for Japanese text saved as Shift_JIS: `iconv -f SHIFT_JIS -t UTF-8`)",
                );
                continue;
            }
        };
        let within = path.strip_prefix(&config.src).unwrap_or(path);
        files.push(SourceFile { path: rel, format, path_language: language_of(within, &codes), text });
    }
    files
}

/// Whether `path` is a document errbook reads (by its extension), rather than media.
pub fn is_document(path: &Path) -> bool {
    format_of(path).is_some()
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()? {
        "md" | "markdown" | "mdx" => Some(Format::Markdown),
        "txt" => Some(Format::PlainText),
        _ => None,
    }
}

/// `en/x.md` or `x.ja.md`: the language a path names, among the book's languages.
fn language_of(within_src: &Path, codes: &[&str]) -> Option<String> {
    let stem = within_src.file_stem()?.to_str()?;
    if let Some((_, suffix)) = stem.rsplit_once('.')
        && codes.contains(&suffix)
    {
        return Some(suffix.to_string());
    }
    within_src.components().filter_map(|c| c.as_os_str().to_str()).find(|c| codes.contains(c)).map(str::to_string)
}

/// The file name without its language suffix and extension: `ecs.ja.md` → `ecs`.
pub fn document_stem(path: &str, language: &str) -> String {
    let name = PathBuf::from(path);
    let stem = name.file_stem().and_then(|s| s.to_str()).unwrap_or("document");
    stem.strip_suffix(&format!(".{language}")).unwrap_or(stem).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_folder_or_suffix() {
        let codes = ["en", "ja"];
        assert_eq!(language_of(Path::new("ja/x.md"), &codes).as_deref(), Some("ja"));
        assert_eq!(language_of(Path::new("guides/x.ja.md"), &codes).as_deref(), Some("ja"));
        assert_eq!(language_of(Path::new("guides/x.md"), &codes), None);
    }

    #[test]
    fn stem_drops_language_suffix() {
        assert_eq!(document_stem("content/ecs.ja.md", "ja"), "ecs");
        assert_eq!(document_stem("content/ja/ecs.md", "ja"), "ecs");
    }
}
