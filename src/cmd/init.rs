//! `errbook init [DIR]`: a new knowledge base that builds and passes `errbook check` at once:
//! book.toml, one English and one Japanese entry, and an empty theme folder for overrides.
//! Existing files are never overwritten.

use std::path::Path;
use std::process::ExitCode;

use errbook::terminal;

const BOOK_TOML: &str = r#"# Every key is described in errbook's README.
[book]
title = "Troubleshooting"
src = "content"
default-language = "en"

[build]
build-dir = "book"

[language.en]
name = "English"
title = "Troubleshooting"

[language.ja]
name = "日本語"
title = "トラブルシューティング"

[site]
theme = "custom"
"#;

const EN_ENTRY: &str = r#"# Disk errors

## No space left on device {#no-space-left}

### Error Message

```
OSError: [Errno 28] No space left on device
```

### What It Means

The disk the process writes to is full.

### Common Causes

**Cause 1: Logs are never rotated**

**Solution:**
```bash
# Find the largest folders
du -xh / 2>/dev/null | sort -h | tail -20
```

### Debugging Steps

1. **Check free space:**
```bash
df -h
```
"#;

const JA_ENTRY: &str = r#"# ディスクのエラー

## ディスクの空きがない {#no-space-left}

**症状**: 書き込みが `No space left on device` で失敗する

> OSError: [Errno 28] No space left on device

**考えられる原因と解決策**:

1. **ログがローテートされていない**
   - 古いログが残り続けている
   - 解決策: ログのローテートを設定する
"#;

const THEME_README: &str = "Files placed here replace the built-in theme's files of the same name:\nbase.html, entry.html, home.html, document.html, root.html, 404.html, static/style.css, static/site.js, static/search.js.\n";

pub(crate) fn run(dir: &Path, force: bool) -> ExitCode {
    let files = [
        ("book.toml", BOOK_TOML),
        ("content/en/disk-errors.md", EN_ENTRY),
        ("content/ja/disk-errors.md", JA_ENTRY),
        ("themes/custom/README.txt", THEME_README),
    ];
    let existing: Vec<&str> = files.iter().map(|(p, _)| *p).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        eprintln!("error: {} already has {}; nothing was written", dir.display(), existing.join(", "));
        eprintln!("  help: run `errbook init` in an empty folder, or give it a new folder name");
        return super::failure();
    }
    // A folder of other things (a home folder, a project) is not where a book is meant to go.
    let mut others: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    if !others.is_empty() && !force {
        others.sort_unstable();
        let shown: Vec<&str> = others.iter().map(String::as_str).take(3).collect();
        let more = if others.len() > 3 { format!(" and {} more", others.len() - 3) } else { String::new() };
        eprintln!(
            "error: {} is not empty (it holds {}{more}); nothing was written",
            terminal::escape(&dir.display().to_string()),
            terminal::escape(&shown.join(", "))
        );
        eprintln!(
            "  help: give a new folder name (`errbook init my-book`), or add --force to create the book beside these files"
        );
        return super::failure();
    }
    for (path, text) in files {
        let path = dir.join(path);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
        if let Err(err) = written {
            eprintln!("error: cannot write {}: {err}", path.display());
            return super::failure();
        }
    }
    eprintln!("created a knowledge base in {}; next: errbook -C {} build", dir.display(), dir.display());
    ExitCode::SUCCESS
}
