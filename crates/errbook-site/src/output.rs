//! Last stage: writing the output folder so that a reader never sees half of it, and so that
//! nothing but errbook's own output is ever replaced.
//!
//! Everything is written into a staging folder beside the target, then swapped in: on Linux by
//! one atomic exchange of the two names (`renameat2` with `RENAME_EXCHANGE`), so that the site's
//! address is never empty, elsewhere by two renames. A build that fails leaves the previous
//! output exactly as it was. Every output holds a marker file; a folder without it is never
//! replaced unless it is empty, and an output folder may not be the book, hold it, or touch its
//! content folder. Staging folders left by builds that were killed are removed by the next.
//! The same rules decide what `errbook serve` may serve ([`check_target`]) and which files, such
//! as the bundle's zip, errbook may write over ([`check_file_target`], [`write_file`]).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The file that marks a folder as errbook's output, safe to replace.
pub const MARKER: &str = ".errbook-output";
const MARKER_TEXT: &str = "This folder was written by errbook and is replaced by each build.\n";

/// Fills a fresh folder with `fill`, then puts it in place of `target`. `book` is the book root
/// and `content` its content folder: the target may not be either, hold either, or lie in the
/// content folder.
pub fn replace_dir(target: &Path, book: &Path, content: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = target.file_name().with_context(|| format!("output folder `{}` has no name", target.display()))?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    check_target(target, book, content)?;
    std::fs::create_dir_all(parent).with_context(|| format!("creating `{}`", parent.display()))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    remove_stale(parent, &prefix);
    let sibling = |tag: &str| -> PathBuf { parent.join(format!("{prefix}{tag}-{}", std::process::id())) };
    let staging = sibling("staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).with_context(|| format!("creating `{}`", staging.display()))?;
    // Removes the staging folder when `fill` fails, or panics, before it is swapped in.
    let cleanup = RemoveOnDrop(&staging);
    std::fs::write(staging.join(MARKER), MARKER_TEXT)?;
    fill(&staging)?;
    std::mem::forget(cleanup);
    if target.exists() && exchange(&staging, target) {
        // `staging` now holds the previous output.
        return std::fs::remove_dir_all(&staging)
            .with_context(|| format!("removing the previous output `{}`", staging.display()));
    }
    let old = sibling("old");
    let had_previous = target.exists();
    if had_previous {
        std::fs::rename(target, &old).with_context(|| format!("moving the previous `{}` aside", target.display()))?;
    }
    if let Err(err) = std::fs::rename(&staging, target) {
        if had_previous {
            let _ = std::fs::rename(&old, target);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err).with_context(|| format!("putting the new `{}` in place", target.display()));
    }
    if had_previous {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing the previous output `{}`", old.display()))?;
    }
    Ok(())
}

/// Writes one file of an output folder in place, whole or not at all: a reader of a site being
/// served sees the old file or the new one, never half of it. For updates of single pages
/// (`errbook serve`); a build writes a fresh folder with [`replace_dir`].
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut staged = path.as_os_str().to_owned();
    staged.push(".errbook-part");
    std::fs::write(&staged, bytes)?;
    std::fs::rename(&staged, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&staged);
    })
}

/// Creates `dir` as errbook's own (marked, so that a later build may replace it) when it does
/// not exist yet: the folder the offline bundle is written into by default.
pub fn create_own_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating `{}`", dir.display()))?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
    }
    Ok(())
}

/// Writes the file `target` whole or not at all: into a file beside it, renamed over it once
/// complete. Nothing is left behind when `fill` fails (or panics). Whether `target` is errbook's
/// to replace is [`check_file_target`]'s to say, before anything is built.
pub fn write_file(target: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let mut staged = target.as_os_str().to_owned();
    staged.push(".errbook-part");
    let staged = PathBuf::from(staged);
    let mut file = std::fs::File::create(&staged).with_context(|| format!("creating `{}`", staged.display()))?;
    let cleanup = RemoveFileOnDrop(&staged);
    fill(&mut file)?;
    drop(file);
    std::fs::rename(&staged, target).with_context(|| format!("writing `{}`", target.display()))?;
    std::mem::forget(cleanup);
    Ok(())
}

/// Refuses a file output (the bundle's zip) that would overwrite what errbook did not write:
/// `target` may be missing, or a file that `ours` recognizes as errbook's own; anything else (a
/// folder, a link, a file of the user's) is left alone.
pub fn check_file_target(target: &Path, ours: impl FnOnce(&Path) -> bool) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("reading `{}`", target.display())),
        Ok(meta) if !meta.is_file() => {
            bail!("output path `{}` exists and is not a file; choose another --out", target.display())
        }
        Ok(_) if !ours(target) => bail!(
            "output file `{}` exists and was not written by errbook; errbook overwrites only its own output. Choose another --out, or remove this file yourself",
            target.display()
        ),
        Ok(_) => Ok(()),
    }
}

/// Refuses an output folder that is not errbook's to replace, or to serve: the book, a folder
/// holding it, the content folder or a folder in it, and a folder that is not empty and holds
/// no [`MARKER`].
pub fn check_target(target: &Path, book: &Path, content: &Path) -> Result<()> {
    if target.exists() && !target.is_dir() {
        bail!("output path `{}` exists and is not a folder; remove it or choose another --out", target.display());
    }
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // The nearest existing ancestor resolved, the rest as written.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    let (out, book, content) = (absolute(target), absolute(book), absolute(content));
    let what = if book.starts_with(&out) {
        Some("is the book's folder or holds it")
    } else if out.starts_with(&content) || content.starts_with(&out) {
        Some("is, holds or lies in the content folder")
    } else {
        None
    };
    if let Some(what) = what {
        bail!(
            "output folder `{}` {what}; building there would replace your documents. Choose another --out (or `[build] build-dir`)",
            target.display()
        );
    }
    // Outputs of errbook from before the marker are recognized by their index.
    let ours = target.join(MARKER).exists()
        || (target.join("records.json").is_file() && target.join("search/index.bin").is_file());
    if target.is_dir() && !ours {
        let mut entries = std::fs::read_dir(target).with_context(|| format!("reading `{}`", target.display()))?;
        if entries.next().is_some() {
            bail!(
                "output folder `{}` is not empty and was not written by errbook (it has no `{MARKER}`); errbook replaces only its own output. Choose a new or empty folder, or remove this one yourself",
                target.display()
            );
        }
    }
    Ok(())
}

/// Removes the staging and set-aside folders of builds whose process is gone (a build killed
/// between writing and swapping). Only where a process can be looked up (`/proc`).
fn remove_stale(parent: &Path, prefix: &str) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(tail) = name.strip_prefix(prefix) else { continue };
        let pid = tail.strip_prefix("staging-").or_else(|| tail.strip_prefix("old-"));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Swaps the two folders' names in one step, where the system can; false where it cannot (the
/// caller then renames twice).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

struct RemoveOnDrop<'a>(&'a Path);

struct RemoveFileOnDrop<'a>(&'a Path);

impl Drop for RemoveFileOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_keeps_previous_output_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book");
        replace_dir(&target, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |d| {
            Ok(std::fs::write(d.join("a"), "1")?)
        })
        .unwrap();
        let err = replace_dir(&target, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |d| {
            std::fs::write(d.join("a"), "2")?;
            bail!("boom")
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "1");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["book"]);
        assert!(target.join(MARKER).exists());
    }

    #[test]
    fn a_panic_while_writing_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book");
        let panicked = std::panic::catch_unwind(|| {
            replace_dir(&target, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |_| {
                panic!("renderer bug")
            })
        });
        assert!(panicked.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_folder_errbook_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".ssh")).unwrap();
        std::fs::write(home.join(".ssh/id_ed25519"), "key").unwrap();
        let err =
            replace_dir(&home, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |_| Ok(()));
        assert!(format!("{:#}", err.unwrap_err()).contains("was not written by errbook"));
        assert!(home.join(".ssh/id_ed25519").exists());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        replace_dir(&empty, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |_| Ok(()))
            .unwrap();
    }

    #[test]
    fn the_book_and_its_content_are_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("mybook");
        let content = book.join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.md"), "# A").unwrap();
        for out in [book.clone(), content.clone(), content.join("site"), dir.path().to_path_buf()] {
            let err = replace_dir(&out, &book, &content, |_| Ok(()));
            assert!(err.is_err(), "{} accepted", out.display());
        }
        assert!(content.join("a.md").exists());
        replace_dir(&book.join("book"), &book, &content, |_| Ok(())).unwrap();
    }

    #[test]
    fn staging_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".book.staging-4294967295");
        std::fs::create_dir(&dead).unwrap();
        replace_dir(
            &dir.path().join("book"),
            Path::new("/nonexistent-book"),
            Path::new("/nonexistent-book/content"),
            |_| Ok(()),
        )
        .unwrap();
        assert!(!dead.exists() || !Path::new("/proc/self").exists());
    }

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("offline.zip");
        write_file(&target, |f| Ok(std::io::Write::write_all(f, b"one")?)).unwrap();
        let failed = write_file(&target, |f| {
            std::io::Write::write_all(f, b"half")?;
            bail!("disk full")
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["offline.zip"], "nothing but the file");
    }

    #[test]
    fn a_file_errbook_did_not_write_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes.zip");
        check_file_target(&notes, |_| false).unwrap();
        std::fs::write(&notes, "mine").unwrap();
        let err = check_file_target(&notes, |_| false).unwrap_err();
        assert!(format!("{err:#}").contains("was not written by errbook"), "{err:#}");
        check_file_target(&notes, |_| true).unwrap();
        assert!(check_file_target(dir.path(), |_| true).is_err(), "a folder is no file to write");
    }

    #[test]
    fn success_replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book");
        replace_dir(&target, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |d| {
            Ok(std::fs::write(d.join("old-file"), "1")?)
        })
        .unwrap();
        replace_dir(&target, Path::new("/nonexistent-book"), Path::new("/nonexistent-book/content"), |d| {
            Ok(std::fs::write(d.join("new-file"), "2")?)
        })
        .unwrap();
        assert!(!target.join("old-file").exists());
        assert!(target.join("new-file").exists());
    }
}
