//! A process-wide memo for the costly, pure parts of rendering (diagram layout, code
//! highlighting): books repeat the same diagrams and commands across entries and languages, and
//! `errbook serve` rebuilds a book whose content mostly did not change.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

pub(super) struct Memo<K, V> {
    entries: Mutex<Option<HashMap<K, V>>>,
    /// Past this many entries the memo starts over, so that a long `serve` session stays small.
    max: usize,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub(super) const fn new(max: usize) -> Self {
        Memo { entries: Mutex::new(None), max }
    }

    /// The value for `key`; `compute` runs outside the lock, since pages render in parallel.
    pub(super) fn get_or_compute(&self, key: K, compute: impl FnOnce(&K) -> V) -> V {
        if let Some(value) = self.lock().as_ref().and_then(|entries| entries.get(&key)) {
            return value.clone();
        }
        let value = compute(&key);
        let mut guard = self.lock();
        let entries = guard.get_or_insert_with(HashMap::new);
        if entries.len() >= self.max {
            entries.clear();
        }
        entries.insert(key, value.clone());
        value
    }

    fn lock(&self) -> MutexGuard<'_, Option<HashMap<K, V>>> {
        // A panic elsewhere cannot leave a half-written entry: inserts are single calls.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_key_and_starts_over_when_full() {
        let memo = Memo::new(2);
        let mut calls = 0;
        for key in [1, 1, 2, 1] {
            memo.get_or_compute(key, |k| {
                calls += 1;
                k * 10
            });
        }
        assert_eq!(calls, 2);
        assert_eq!(memo.get_or_compute(3, |k| k * 10), 30);
        assert_eq!(memo.get_or_compute(1, |_| 0), 0, "cleared when the third key came");
    }
}
