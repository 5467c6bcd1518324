//! The tokens of a candidate line, as ids in the book's vocabulary. Tokenizing a line is the
//! dearest step of a scan, and the lines that reach it repeat most of their chunks (a
//! message's words, its error names, the log's own prefixes): a chunk's tokens depend on it
//! alone (see `tokenize::each_chunk_token`), and a chunk that recurs is worked out once.
//!
//! The chunks that come once (timestamps, ids) are never remembered: they would make the table
//! large, and a look-up in a large table waits on memory, since the screen goes through a
//! hundred lines or so between two candidates.

use rustc_hash::FxHashMap;
use std::hash::BuildHasher;

use super::ascii::Filter;
use crate::analysis::tokenize::each_chunk_token;

/// Chunks remembered at most (then forgotten all at once).
const CHUNKS: usize = 1 << 12;
/// Token ids remembered at most, likewise: a chunk can be a long path of many tokens.
const IDS: usize = 1 << 16;
/// Chunks seen once at most (a quarter of [`LineTokens::seen`]'s bits) before they are forgotten.
const SEEN: usize = 1 << 14;

/// Token id of a token that is not in the book's vocabulary.
const UNKNOWN: u32 = u32::MAX;

pub(super) struct LineTokens {
    /// A chunk's token ids, as a range of `ids`.
    by_chunk: FxHashMap<Box<str>, (u32, u32)>,
    ids: Vec<u32>,
    /// The chunks seen once, a bit each by 16 bits of their hash, and how many: a chunk is
    /// remembered when it comes again.
    seen: Filter,
    seen_count: usize,
}

impl Default for LineTokens {
    fn default() -> LineTokens {
        LineTokens { by_chunk: FxHashMap::default(), ids: Vec::new(), seen: Filter::new(), seen_count: 0 }
    }
}

impl LineTokens {
    /// Calls `found` with the id in `vocabulary` of each token of `line`, in order
    /// ([`UNKNOWN`] for tokens it lacks): the ids of `each_token`'s tokens.
    pub(super) fn each(&mut self, line: &str, vocabulary: &FxHashMap<String, u32>, found: &mut impl FnMut(u32)) {
        for chunk in line.split_whitespace() {
            if let Some(&(from, to)) = self.by_chunk.get(chunk) {
                self.ids[from as usize..to as usize].iter().for_each(|&id| found(id));
                continue;
            }
            if self.by_chunk.len() >= CHUNKS || self.ids.len() >= IDS {
                self.by_chunk.clear();
                self.ids.clear();
            }
            let ids = &mut self.ids;
            let from = ids.len();
            each_chunk_token(chunk, &mut |t| ids.push(vocabulary.get(t).copied().unwrap_or(UNKNOWN)));
            ids[from..].iter().for_each(|&id| found(id));
            if self.seen_before(chunk) {
                self.by_chunk.insert(chunk.into(), (from as u32, self.ids.len() as u32));
            } else {
                self.ids.truncate(from);
            }
        }
    }

    /// Whether `chunk` (not remembered) was seen before, as far as its hash tells; it is seen now.
    fn seen_before(&mut self, chunk: &str) -> bool {
        let bit = self.by_chunk.hasher().hash_one(chunk) as u16;
        if self.seen.contains(bit) {
            return true;
        }
        self.seen.insert(bit);
        self.seen_count += 1;
        if self.seen_count >= SEEN {
            self.seen.clear();
            self.seen_count = 0;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokenize::tokens;

    #[test]
    fn a_line_has_the_tokens_of_the_tokenizer_however_often_its_chunks_recur() {
        let vocabulary: FxHashMap<String, u32> =
            ["cannot", "pull", "container", "error", "access", "denied", "接続", "続失", "失敗"]
                .iter()
                .zip(0..)
                .map(|(t, id)| (t.to_string(), id))
                .collect();
        let lines = [
            "2026-01-02T10:00:01Z CannotPullContainerError: pull access denied for other/app (task 4f1c2a9e8d7b6c5a)",
            "2026-01-02T10:00:02Z CannotPullContainerError: pull access denied for api, 10.0.12.7",
            "  接続失敗　ＥＲＲＯＲ: access denied  ",
            "",
            "CannotPullContainerError: pull access denied for other/app (task 4f1c2a9e8d7b6c5a)",
        ];
        let mut memo = LineTokens::default();
        for round in 0..2 {
            for line in lines {
                let mut got = Vec::new();
                memo.each(line, &vocabulary, &mut |id| got.push(id));
                let want: Vec<u32> =
                    tokens(line).iter().map(|t| vocabulary.get(t).copied().unwrap_or(UNKNOWN)).collect();
                assert_eq!(got, want, "round {round}: {line}");
            }
            if round == 0 {
                assert!(memo.by_chunk.contains_key("CannotPullContainerError:"), "a chunk that recurs is remembered");
                assert!(!memo.by_chunk.contains_key("10.0.12.7"), "a chunk seen once is not");
            }
        }
        assert!(memo.by_chunk.contains_key("10.0.12.7"), "nor until it comes again");
    }
}
