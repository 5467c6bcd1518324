//! Watching the book's sources: a change to content, themes, vocabulary and strings, or
//! book.toml, after a short quiet period so that an editor's save burst is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Editors write a file in several steps; wait this long after the last event.
const QUIET: Duration = Duration::from_millis(150);

pub struct Sources {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
}

impl Sources {
    /// Watches `root`'s book.toml and the folders in `folders` (those that exist).
    pub fn watch(root: &Path, folders: &[PathBuf]) -> notify::Result<Sources> {
        // Events name absolute paths: compare them with absolute ones, whatever the user typed
        // (`errbook serve` inside the book gives `.`).
        let absolute = |p: &Path| {
            p.canonicalize().unwrap_or_else(|_| std::env::current_dir().map(|d| d.join(p)).unwrap_or(p.to_path_buf()))
        };
        let root = &absolute(root);
        let folders: Vec<PathBuf> = folders.iter().map(|f| absolute(f)).collect();
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        // The root itself, not recursively: book.toml, and folders created later.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watched = vec![root.join("book.toml")];
        for folder in folders {
            if folder.is_dir() {
                watcher.watch(&folder, RecursiveMode::Recursive)?;
            }
            watched.push(folder);
        }
        Ok(Sources { _watcher: watcher, events, watched })
    }

    /// Blocks until a watched source changes, then until things are quiet; returns the
    /// changed paths.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut changed = self.relevant(self.events.recv().ok()?);
            if changed.is_empty() {
                continue;
            }
            loop {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => changed.extend(self.relevant(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            changed.sort();
            changed.dedup();
            return Some(changed);
        }
    }

    fn relevant(&self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        let event = match event {
            Ok(event) => event,
            // Events were lost (the kernel's queue overflowed, a watch was removed): which
            // sources changed is unknown, so book.toml stands for all of them and the whole site
            // is built again.
            Err(err) => {
                eprintln!("serve: watching the sources failed ({err}); building everything again");
                return vec![self.watched[0].clone()];
            }
        };
        if event.kind.is_access() {
            return Vec::new();
        }
        event.paths.into_iter().filter(|p| self.watched.iter().any(|w| p.starts_with(w))).collect()
    }
}
