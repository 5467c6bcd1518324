//! The tokens of a candidate line, as ids in the book's vocabulary. Tokenizing a line is the
//! dearest step of a scan, and the lines that reach it repeat their chunks (a message's words,
//! its error names, the log's own prefixes) far more than they vary them: a chunk's tokens
//! depend on it alone (see `tokenize::each_chunk_token`), and each is worked out once.

use rustc_hash::FxHashMap;

use crate::analysis::tokenize::each_chunk_token;

/// Chunks remembered at most (then forgotten all at once): ids and timestamps never recur.
const CHUNKS: usize = 1 << 16;
/// Token ids remembered at most, likewise: a chunk can be a long path of many tokens.
const IDS: usize = 1 << 20;

/// Token id of a token that is not in the book's vocabulary.
pub(super) const UNKNOWN: u32 = u32::MAX;

#[derive(Default)]
pub(super) struct LineTokens {
    /// A chunk's token ids, as a range of `ids`.
    by_chunk: FxHashMap<Box<str>, (u32, u32)>,
    ids: Vec<u32>,
}

impl LineTokens {
    /// Calls `found` with the id in `vocabulary` of each token of `line`, in order
    /// ([`UNKNOWN`] for tokens it lacks): the ids of `each_token`'s tokens.
    pub(super) fn each(&mut self, line: &str, vocabulary: &FxHashMap<String, u32>, found: &mut impl FnMut(u32)) {
        for chunk in line.split_whitespace() {
            let (from, to) = match self.by_chunk.get(chunk) {
                Some(&range) => range,
                None => {
                    if self.by_chunk.len() >= CHUNKS || self.ids.len() >= IDS {
                        self.by_chunk.clear();
                        self.ids.clear();
                    }
                    let ids = &mut self.ids;
                    let from = ids.len() as u32;
                    each_chunk_token(chunk, &mut |t| ids.push(vocabulary.get(t).copied().unwrap_or(UNKNOWN)));
                    let range = (from, ids.len() as u32);
                    self.by_chunk.insert(chunk.into(), range);
                    range
                }
            };
            self.ids[from as usize..to as usize].iter().for_each(|&id| found(id));
        }
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
        }
        assert!(memo.by_chunk.contains_key("CannotPullContainerError:"), "chunks are remembered");
    }
}
