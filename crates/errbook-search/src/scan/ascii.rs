//! The screen for lines of ASCII text, most lines of most logs: their words looked up in a
//! small open-addressing table of the book's words by hash, in one pass over the bytes.
//!
//! Every token of an ASCII line is one of its runs of letters and digits, lowercased, or a
//! CamelCase part of one (see `analysis::tokenize`), and an error name is a run of letters,
//! digits and `_`. Looking those up finds every word the line can match; the tokenizer decides
//! afterwards. Two words with one hash only let a line through that would have been stopped,
//! never the other way round.

use crate::analysis::tokenize::camel_parts;

/// Tokens longer than this are dropped by the tokenizer: such runs are not looked up.
const MAX_RUN: usize = 40;

pub(super) struct AsciiWords {
    /// `(hash, word id)`, a power of two long; hash 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    /// The shortest word: shorter runs are not looked up.
    shortest: usize,
}

impl AsciiWords {
    /// The table of `words` (lower case) that are ASCII, with their ids.
    pub(super) fn new<'w>(words: impl Iterator<Item = (&'w str, u32)>) -> AsciiWords {
        let words: Vec<(&str, u32)> = words.filter(|(w, _)| w.is_ascii() && !w.is_empty()).collect();
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = AsciiWords { slots: vec![(0, 0); size], shortest: usize::MAX };
        for (word, id) in words {
            table.shortest = table.shortest.min(word.len());
            let hash = hash(word.bytes());
            let mut slot = hash as usize & (size - 1);
            while table.slots[slot].0 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (hash, id);
        }
        table
    }

    /// Calls `found` with the id of every word among the runs of `line` (ASCII), and of their
    /// CamelCase parts.
    pub(super) fn screen(&self, line: &[u8], found: &mut impl FnMut(u32)) {
        let mut i = 0;
        while i < line.len() {
            if !is_named(line[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let (mut letters, mut upper, mut lower, mut underscore) = (false, false, false, false);
            let mut h = SEED;
            while i < line.len() && is_named(line[i]) {
                let b = line[i];
                letters |= b.is_ascii_alphabetic();
                upper |= b.is_ascii_uppercase();
                lower |= b.is_ascii_lowercase();
                underscore |= b == b'_';
                h = step(h, b.to_ascii_lowercase());
                i += 1;
            }
            let run = &line[start..i];
            if !letters || run.len() < self.shortest {
                continue;
            }
            if run.len() <= MAX_RUN {
                self.look_up(finish(h), found);
            }
            // The words inside a name, and the parts of CamelCase words: rare in logs.
            if underscore || (upper && lower) {
                for word in run.split(|b| *b == b'_').filter(|w| w.len() >= self.shortest && w.len() <= MAX_RUN) {
                    if underscore {
                        self.look_up(hash(word.iter().copied()), found);
                    }
                    let text = std::str::from_utf8(word).unwrap_or_default();
                    for part in camel_parts(text).into_iter().filter(|p| p.len() < word.len()) {
                        self.look_up(hash(part.bytes()), found);
                    }
                }
            }
        }
    }

    fn look_up(&self, hash: u64, found: &mut impl FnMut(u32)) {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let (h, id) = self.slots[slot];
            if h == hash {
                found(id);
            }
            if h == 0 {
                return;
            }
            slot = (slot + 1) & mask;
        }
    }
}

fn is_named(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a of the lower-cased bytes, never 0 (the empty slot).
fn hash(bytes: impl Iterator<Item = u8>) -> u64 {
    finish(bytes.fold(SEED, |h, b| step(h, b.to_ascii_lowercase())))
}

fn finish(h: u64) -> u64 {
    // Mixed so that the low bits, which pick the slot, depend on every byte.
    let h = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h ^ (h >> 32)) | 1
}

#[cfg(test)]
mod tests {
    use super::AsciiWords;
    use crate::analysis::tokens;

    const WORDS: &[&str] = &[
        "timeout",
        "cannotpullcontainererror",
        "cannot",
        "pull",
        "container",
        "error",
        "my_custom_error",
        "custom",
        "http",
        "httperror",
        "operationalerror",
        "operational",
        "sqlite3",
        "denied",
        "word",
    ];

    fn found(table: &AsciiWords, line: &str) -> Vec<&'static str> {
        let mut ids = Vec::new();
        table.screen(line.as_bytes(), &mut |id| ids.push(id));
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| WORDS[id as usize]).collect()
    }

    /// The screen must find every word of the table that the tokenizer makes of a line (more is
    /// harmless: the tokens decide afterwards).
    #[test]
    fn every_token_of_a_line_that_is_a_word_is_found() {
        let table = AsciiWords::new(WORDS.iter().enumerate().map(|(id, w)| (*w, id as u32)));
        let lines = [
            "2026-11-11T04:25:41Z ERROR ReadTimeout while pulling: CannotPullContainerError: pull access denied",
            "HTTPError 503 from upstream; sqlite3.OperationalError: database is locked",
            "my_Custom_Error raised (custom=1) TIMEOUT",
            "words glued: timeouterror xtimeout Error_ _error",
            &format!("{}Timeout {}", "a".repeat(45), "Word".repeat(11)),
        ];
        for line in lines {
            let got = found(&table, line);
            for token in tokens(line) {
                if WORDS.contains(&token.as_str()) {
                    assert!(got.contains(&token.as_str()), "{token} of {line:?}: found only {got:?}");
                }
            }
        }
        let named = found(&table, lines[2]);
        assert!(named.contains(&"my_custom_error"), "error names keep their underscores: {named:?}");
        assert!(found(&table, "nothing to see here").is_empty());
    }
}
