//! Last stage: writing the output folder so that a reader never sees half of it.
//!
//! Everything is written into a staging folder beside the target, then swapped in with two
//! renames; a build that fails leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Fills a fresh folder with `fill`, then puts it in place of `target`.
pub fn replace_dir(target: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = target.file_name().with_context(|| format!("output folder `{}` has no name", target.display()))?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if target.exists() && !target.is_dir() {
        bail!("output path `{}` exists and is not a folder; remove it or choose another --out", target.display());
    }
    std::fs::create_dir_all(parent).with_context(|| format!("creating `{}`", parent.display()))?;
    let sibling =
        |tag: &str| -> PathBuf { parent.join(format!(".{}.{tag}-{}", name.to_string_lossy(), std::process::id())) };
    let staging = sibling("staging");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).with_context(|| format!("creating `{}`", staging.display()))?;
    // Removes the staging folder when `fill` fails, or panics, before it is swapped in.
    let cleanup = RemoveOnDrop(&staging);
    fill(&staging)?;
    std::mem::forget(cleanup);
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

struct RemoveOnDrop<'a>(&'a Path);

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
        replace_dir(&target, |d| Ok(std::fs::write(d.join("a"), "1")?)).unwrap();
        let err = replace_dir(&target, |d| {
            std::fs::write(d.join("a"), "2")?;
            bail!("boom")
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "1");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["book"]);
    }

    #[test]
    fn a_panic_while_writing_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book");
        let panicked = std::panic::catch_unwind(|| replace_dir(&target, |_| panic!("renderer bug")));
        assert!(panicked.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn success_replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book");
        replace_dir(&target, |d| Ok(std::fs::write(d.join("old-file"), "1")?)).unwrap();
        replace_dir(&target, |d| Ok(std::fs::write(d.join("new-file"), "2")?)).unwrap();
        assert!(!target.join("old-file").exists());
        assert!(target.join("new-file").exists());
    }
}
