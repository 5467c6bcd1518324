//! The screen for lines of ASCII text, most lines of most logs: their words looked up in a
//! small open-addressing table of the book's words by hash, in one pass over the bytes.
//!
//! Every token of an ASCII line is one of its runs of letters and digits, lowercased, or a
//! CamelCase part of one (see `analysis::tokenize`), and an error name is a run of letters,
//! digits and `_`. Looking those up finds every word the line can match; the tokenizer decides
//! afterwards. Two words with one hash only let a line through that would have been stopped,
//! never the other way round.

use crate::analysis::tokenize::{MAX_TOKEN_CHARS, camel_parts};

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
            let hash = hash(word.as_bytes());
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
            if CLASS[line[i] as usize] & NAMED == 0 {
                i += 1;
                continue;
            }
            let start = i;
            let mut classes = 0;
            while i < line.len() && CLASS[line[i] as usize] & NAMED != 0 {
                classes |= CLASS[line[i] as usize];
                i += 1;
            }
            let run = &line[start..i];
            if classes & LETTER == 0 || run.len() < self.shortest {
                continue;
            }
            // The run whole: a word, or an error name (of any length).
            self.look_up(hash(run), found);
            // The words inside a name, and the parts of CamelCase words (the tokenizer makes
            // none of a word too long to be one): rare in logs.
            let underscore = classes & UNDERSCORE != 0;
            if underscore || classes & (UPPER | LOWER) == UPPER | LOWER {
                let sized = |w: &&[u8]| (self.shortest..=MAX_TOKEN_CHARS).contains(&w.len());
                for word in run.split(|b| *b == b'_').filter(sized) {
                    if underscore {
                        self.look_up(hash(word), found);
                    }
                    let text = std::str::from_utf8(word).unwrap_or_default();
                    for part in camel_parts(text).into_iter().filter(|p| p.len() < word.len()) {
                        self.look_up(hash(part.as_bytes()), found);
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

/// What a byte is, as bits: a run is made of `NAMED` bytes.
const NAMED: u8 = 1;
const LETTER: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
const UNDERSCORE: u8 = 16;

static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            NAMED | LETTER | UPPER
        } else if c.is_ascii_lowercase() {
            NAMED | LETTER | LOWER
        } else if c.is_ascii_digit() {
            NAMED
        } else if c == b'_' {
            NAMED | UNDERSCORE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// A hash of `bytes` (ASCII) lower-cased, eight bytes at a time; never 0 (the empty slot).
fn hash(bytes: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Lower case: 0x20 added to the bytes from `A` to `Z` (all bytes are below 0x80).
        let upper = (x + ONES * (0x80 - b'A' as u64)) & !(x + ONES * (0x7f - b'Z' as u64)) & (ONES * 0x80);
        h = (h ^ (x | (upper >> 2))).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    let h = (h ^ (h >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h ^ (h >> 29)) | 1
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
        "averyveryverylongcustomnameforanerrorthatgoesonexception",
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
        let long = "AVeryVeryVeryLongCustomNameForAnErrorThatGoesOnException";
        assert!(
            found(&table, &format!("{long}: it broke")).contains(&long.to_lowercase().as_str()),
            "names of any length"
        );
        assert!(found(&table, "nothing to see here").is_empty());
    }
}
