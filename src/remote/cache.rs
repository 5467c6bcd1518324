//! The copies of a site's search files kept in the user's cache folder, one folder a site: what
//! can change between builds (the manifest, the packed index) with the validators to ask the
//! server whether it did, and the parts of one build under that build's key.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

/// What the server said of a file it sent: to ask it next time whether the file changed.
#[derive(Debug, Default, Clone)]
pub(super) struct Validators {
    pub(super) etag: Option<String>,
    pub(super) last_modified: Option<String>,
    /// When the copy was last fetched or confirmed, in seconds since 1970.
    pub(super) checked: u64,
}

pub(super) struct Cache {
    /// `None` when the platform has no cache folder: every file is fetched.
    folder: Option<PathBuf>,
}

impl Cache {
    /// The cache of the site at `base`, under the user's cache folder.
    pub(super) fn of(base: &str) -> Cache {
        let folder = dirs::cache_dir().map(|dir| dir.join("errbook").join("sites").join(folder_name(base)));
        Cache { folder }
    }

    /// A file that can change between builds, and what the server said of it.
    pub(super) fn current(&self, path: &str) -> Option<(Vec<u8>, Validators)> {
        let file = self.folder.as_ref()?.join("current").join(path);
        let bytes = std::fs::read(&file).ok()?;
        let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(with_ext(&file)).ok()?).ok()?;
        let text = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let validators =
            Validators { etag: text("etag"), last_modified: text("last_modified"), checked: meta["checked"].as_u64()? };
        Some((bytes, validators))
    }

    pub(super) fn keep_current(&self, path: &str, bytes: &[u8], validators: &Validators) -> std::io::Result<()> {
        let Some(folder) = &self.folder else { return Ok(()) };
        let file = folder.join("current").join(path);
        let meta = json!({
            "etag": validators.etag, "last_modified": validators.last_modified, "checked": validators.checked,
        });
        write(&file, bytes)?;
        write(&with_ext(&file), meta.to_string().as_bytes())
    }

    /// A part of the build `key`; parts never change under one key.
    pub(super) fn part(&self, key: &str, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.folder.as_ref()?.join("parts").join(key).join(path)).ok()
    }

    pub(super) fn keep_part(&self, key: &str, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let Some(folder) = &self.folder else { return Ok(()) };
        write(&folder.join("parts").join(key).join(path), bytes)
    }

    /// Removes the parts of every build but `key`, so that the cache holds one build a site.
    pub(super) fn forget_other_builds(&self, key: &str) -> std::io::Result<()> {
        let Some(folder) = &self.folder else { return Ok(()) };
        let Ok(builds) = std::fs::read_dir(folder.join("parts")) else { return Ok(()) };
        for build in builds {
            let build = build?;
            if build.file_name() != key {
                std::fs::remove_dir_all(build.path())?;
            }
        }
        Ok(())
    }
}

/// Seconds since 1970, now.
pub(super) fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// "3 minutes", "2 hours": how long ago `checked` was, for a person.
pub(super) fn age(checked: u64) -> String {
    let secs = now().saturating_sub(checked);
    let (n, one, many) = match secs {
        0..120 => (secs, "second", "seconds"),
        120..7_200 => (secs / 60, "minute", "minutes"),
        7_200..172_800 => (secs / 3_600, "hour", "hours"),
        _ => (secs / 86_400, "day", "days"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A folder name for the site at `base`: readable, and distinct for distinct addresses.
fn folder_name(base: &str) -> String {
    let readable: String = base
        .split_once("://")
        .map_or(base, |(_, rest)| rest)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .take(60)
        .collect();
    let hash = base.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{readable}-{hash:016x}")
}

fn with_ext(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

/// Writes through a temporary file, so that a copy is whole or absent, even when two commands
/// fill the cache at once.
fn write(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temp = tempfile::NamedTempFile::new_in(folder)?;
    std::io::Write::write_all(&mut temp, bytes)?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_get_distinct_readable_folders() {
        let a = folder_name("https://org.github.io/project/");
        let b = folder_name("https://org.github.io/project2/");
        assert!(a.starts_with("org.github.io_project_-"), "{a}");
        assert_ne!(a, b);
        assert_eq!(folder_name("http://127.0.0.1:8000/"), folder_name("http://127.0.0.1:8000/"));
    }

    #[test]
    fn ages_read_as_a_person_says_them() {
        assert_eq!(age(now() - 5), "5 seconds");
        assert_eq!(age(now() - 600), "10 minutes");
        assert_eq!(age(now() - 3 * 3_600), "3 hours");
        assert_eq!(age(now() - 86_400 * 2), "2 days");
        assert_eq!(age(now() - 7_200), "2 hours");
        assert_eq!(age(now() - 3_600), "60 minutes");
    }
}
