//! The screen for lines of ASCII text, most lines of most logs: their words looked up in a
//! small open-addressing table of the book's words by hash. The runs are found from a mask of
//! the line's letters, digits and `_`, made sixteen bytes at a time (no byte-by-byte
//! branching), and runs too short to be a word are never looked at.
//!
//! Every token of an ASCII line is one of its runs of letters and digits, lowercased, or a
//! CamelCase part of one (see `analysis::tokenize`), and an error name is a run of letters,
//! digits and `_`. Looking those up finds every word the line can match; the tokenizer decides
//! afterwards. Two words with one hash only let a line through that would have been stopped,
//! never the other way round.

use wide::{CmpEq, CmpGt, i8x16};

use crate::analysis::tokenize::{MAX_TOKEN_CHARS, camel_parts};

pub(super) struct AsciiWords {
    /// `(hash, word id)`, a power of two long; hash 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    /// One bit per value of a hash's top bits, set for the words': most runs of a log are no
    /// word, and are turned away here, in a few kilobytes that stay in the cache.
    filter: Vec<u64>,
    /// The shortest word: shorter runs are not looked up.
    shortest: usize,
    /// No two words share a hash (the rule; the exception is handled): a look-up stops at
    /// the first word it finds.
    unique: bool,
}

const FILTER_BITS: u32 = 16;

/// A hash's place in [`AsciiWords::filter`]: its top bits.
#[inline(always)]
fn filter_bit(hash: u64) -> usize {
    (hash >> (64 - FILTER_BITS)) as usize
}

impl AsciiWords {
    /// The table of `words` (lower case) that are ASCII, with their ids.
    pub(super) fn new<'w>(words: impl Iterator<Item = (&'w str, u32)>) -> AsciiWords {
        let words: Vec<(&str, u32)> = words.filter(|(w, _)| w.is_ascii() && !w.is_empty()).collect();
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = AsciiWords {
            slots: vec![(0, 0); size],
            filter: vec![0; 1 << (FILTER_BITS - 6)],
            shortest: usize::MAX,
            unique: true,
        };
        for (word, id) in words {
            table.shortest = table.shortest.min(word.len());
            let hash = hash_of(word.as_bytes());
            let bit = filter_bit(hash);
            table.filter[bit / 64] |= 1 << (bit % 64);
            let mut slot = hash as usize & (size - 1);
            while table.slots[slot].0 != 0 {
                table.unique &= table.slots[slot].0 != hash;
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (hash, id);
        }
        table
    }

    /// Calls `found` with the id of every word among the runs of `line`, and of their CamelCase
    /// parts, if the line is ASCII (and returns whether it is). `bits` is room for the line's
    /// bit masks.
    pub(super) fn screen(&self, line: &[u8], bits: &mut Vec<u64>, found: &mut impl FnMut(u32)) -> bool {
        // Bit i is set when byte i is part of a run; a zero word ends every run. Runs shorter
        // than any word are dropped by shifting the masks, without looking at them one by one.
        if !named_bits(line, bits) {
            return false;
        }
        let mut carry = 0;
        for k in 0..bits.len() - 1 {
            let (word, next) = (bits[k], bits[k + 1]);
            let mut long = word & !(word << 1 | carry);
            carry = word >> 63;
            for d in 1..self.shortest.min(8) {
                long &= word >> d | next << (64 - d);
            }
            while long != 0 {
                let start = 64 * k + long.trailing_zeros() as usize;
                long &= long - 1;
                self.run(line, start, run_end(bits, start), found);
            }
        }
        true
    }

    /// Looks up the run `line[start..end]` whole and, when it is a name or CamelCase, its parts.
    #[inline(always)]
    fn run(&self, line: &[u8], start: usize, end: usize, found: &mut impl FnMut(u32)) {
        if end - start < self.shortest {
            return;
        }
        // (A run without a letter is no word either: the filter turns it away.)
        let (hash, classes) = hash(line, start, end);
        // The run whole: a word, or an error name (of any length).
        self.look_up(hash, found);
        // The words inside a name, and the parts of CamelCase words (the tokenizer makes none
        // of a word too long to be one): rare in logs.
        let underscore = classes & UNDERSCORE != 0;
        if underscore || classes & (UPPER | LOWER) == UPPER | LOWER {
            let sized = |w: &&[u8]| (self.shortest..=MAX_TOKEN_CHARS).contains(&w.len());
            for word in line[start..end].split(|b| *b == b'_').filter(sized) {
                if underscore {
                    self.look_up(hash_of(word), found);
                }
                let text = std::str::from_utf8(word).unwrap_or_default();
                for part in camel_parts(text).filter(|p| p.len() < word.len()) {
                    self.look_up(hash_of(part.as_bytes()), found);
                }
            }
        }
    }

    #[inline(always)]
    fn look_up(&self, hash: u64, found: &mut impl FnMut(u32)) {
        let bit = filter_bit(hash);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let (h, id) = self.slots[slot];
            if h == hash {
                found(id);
                if self.unique {
                    return;
                }
            }
            if h == 0 {
                return;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// What a run holds, as bits of [`hash`]'s second value.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const UNDERSCORE: u8 = 4;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The first position from `start` whose bit is not set in `bits` (whose last word is 0).
#[inline(always)]
fn run_end(bits: &[u64], start: usize) -> usize {
    let mut k = start / 64;
    let mut free = !bits[k] & u64::MAX << (start % 64);
    while free == 0 {
        k += 1;
        free = !bits[k];
    }
    64 * k + free.trailing_zeros() as usize
}

/// The high bit of each byte of `x` that is at least `c` (all bytes below 0x80).
#[inline(always)]
fn at_least(x: u64, c: u8) -> u64 {
    x.wrapping_add(ONES * (0x80 - c as u64)) & HIGH
}

#[inline(always)]
fn between(x: u64, low: u8, high: u8) -> u64 {
    at_least(x, low) & !at_least(x, high + 1)
}

/// The high bit of each byte of `x` equal to `c`.
#[inline(always)]
fn equal(x: u64, c: u8) -> u64 {
    !(x ^ (ONES * c as u64)).wrapping_add(ONES * 0x7f) & HIGH
}

/// The eight bytes of `bytes` from `at` (`at` < its length), little-endian, zeros past its end.
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    let eight = |from: usize| u64::from_le_bytes(bytes[from..from + 8].try_into().unwrap_or_default());
    if at + 8 <= bytes.len() {
        eight(at)
    } else if bytes.len() >= 8 {
        // The last eight bytes, shifted down to start at `at`.
        eight(bytes.len() - 8) >> (8 * (at + 8 - bytes.len()))
    } else {
        bytes[at..].iter().rev().fold(0, |word, b| word << 8 | *b as u64)
    }
}

/// Sets `bits` to the line's mask, followed by a zero word: bit i set when byte i is a letter,
/// a digit or `_`. Returns whether the line is ASCII (if not, the bits mean nothing).
#[inline(always)]
fn named_bits(line: &[u8], bits: &mut Vec<u64>) -> bool {
    bits.clear();
    bits.resize(line.len() / 64 + 2, 0);
    let mut high = 0;
    let mut set = |at: usize, (named, bytes): (u32, u32)| {
        bits[at / 64] |= (named as u64) << (at % 64);
        high |= bytes;
    };
    let whole = line.len() / 16 * 16;
    for (k, sixteen) in line[..whole].chunks_exact(16).enumerate() {
        set(16 * k, named16(sixteen));
    }
    let rest = line.len() - whole;
    if rest > 0 {
        // The last sixteen bytes, the ones already seen shifted out.
        let (named, bytes) = match line.len().checked_sub(16) {
            Some(from) => named16(&line[from..]),
            None => {
                let mut padded = [0u8; 16];
                padded[..rest].copy_from_slice(line);
                named16(&padded)
            }
        };
        let seen = (16 - rest) as u32;
        let shifted = |mask: u32| if line.len() >= 16 { mask >> seen } else { mask };
        set(whole, (shifted(named), shifted(bytes)));
    }
    high == 0
}

/// Of 16 bytes: bit i set when byte i is a letter, a digit or `_`, and when it is not ASCII.
#[inline(always)]
fn named16(sixteen: &[u8]) -> (u32, u32) {
    let v = i8x16::new(<[u8; 16]>::try_from(sixteen).unwrap_or_default().map(|b| b as i8));
    // Signed comparisons hold for ASCII bytes, the only ones that count.
    let between =
        |v: i8x16, low: u8, high: u8| v.cmp_gt(i8x16::splat(low as i8 - 1)) & i8x16::splat(high as i8 + 1).cmp_gt(v);
    let lower = v | i8x16::splat(0x20);
    let named = between(lower, b'a', b'z') | between(v, b'0', b'9') | v.cmp_eq(i8x16::splat(b'_' as i8));
    (named.move_mask() as u32 & 0xffff, v.move_mask() as u32 & 0xffff)
}

/// A hash of `bytes[start..end]` (ASCII letters, digits and `_`) lower-cased, eight bytes at a
/// time, never 0 (the empty slot); and what the run holds ([`UPPER`], [`LOWER`], [`UNDERSCORE`]).
#[inline(always)]
fn hash(bytes: &[u8], start: usize, end: usize) -> (u64, u8) {
    let mut h = (end - start) as u64;
    let (mut upper, mut lower, mut underscore) = (0, 0, 0);
    let mut at = start;
    while at < end {
        let keep = if end - at >= 8 { u64::MAX } else { (1 << (8 * (end - at))) - 1 };
        let x = load(bytes, at) & keep;
        // Lower case by the 0x20 bit: it leaves digits as they are and makes `_` 0x7f, on both
        // sides of the table alike.
        let lowered = (x | (ONES * 0x20)) & keep;
        let letters = between(lowered, b'a', b'z');
        // A capital lacks the 0x20 bit, which the shift moves to the byte's high bit.
        upper |= letters & !(x << 2);
        lower |= letters & x << 2;
        underscore |= equal(x, b'_');
        h = (h ^ lowered).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
        at += 8;
    }
    let h = h ^ (h >> 32);
    let classes = ((upper != 0) as u8 * UPPER) | ((lower != 0) as u8 * LOWER) | ((underscore != 0) as u8 * UNDERSCORE);
    ((h ^ (h >> 29)) | 1, classes)
}

#[inline(always)]
fn hash_of(word: &[u8]) -> u64 {
    hash(word, 0, word.len()).0
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
        assert!(table.screen(line.as_bytes(), &mut Vec::new(), &mut |id| ids.push(id)));
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| WORDS[id as usize]).collect()
    }

    /// The mask is computed sixteen bytes at a time, the last ones overlapping: every length
    /// and every kind of byte, against the plain rule.
    #[test]
    fn the_mask_marks_exactly_the_letters_digits_and_underscores() {
        let alphabet = b"aZ09_-. :/\n\t\x7f@[`{";
        for length in 0..150 {
            let line: Vec<u8> = (0..length).map(|i| alphabet[(i * 7 + length) % alphabet.len()]).collect();
            let mut bits = Vec::new();
            assert!(super::named_bits(&line, &mut bits));
            for (i, b) in line.iter().enumerate() {
                let named = b.is_ascii_alphanumeric() || *b == b'_';
                assert_eq!(bits[i / 64] >> (i % 64) & 1 == 1, named, "byte {i} of {length}");
            }
            let beyond = (length..bits.len() * 64).any(|i| bits[i / 64] >> (i % 64) & 1 == 1);
            assert!(!beyond, "nothing past the end of {length}");
            assert_eq!(bits.last(), Some(&0), "a zero word ends every run");
            let mut foreign = line.clone();
            foreign.push(0xe3);
            assert!(!super::named_bits(&foreign, &mut bits), "a byte that is not ASCII at {length}");
        }
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
