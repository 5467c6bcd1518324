//! The screen for the ASCII words of a line (all of them, in most lines of most logs): looked
//! up in a small open-addressing table of the book's words by hash. The runs are found from a
//! mask of the line's letters, digits and `_`, made sixteen bytes at a time (no byte-by-byte
//! branching), and runs too short to be a word are never looked at.
//!
//! Every ASCII token of a line is one of its runs of letters and digits, lowercased, or a
//! CamelCase part of one (see `analysis::tokenize`), and an error name is a run of letters,
//! digits and `_`. Looking those up finds every word the line can match; the tokenizer decides
//! afterwards. Two words with one hash only let a line through that would have been stopped,
//! never the other way round.

use wide::{CmpEq, CmpGt, i8x16};

use crate::analysis::tokenize::MAX_TOKEN_CHARS;

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

/// What the screen of a line keeps between lines, so that no line allocates.
#[derive(Default)]
pub(super) struct Scratch {
    /// Bit i set when byte i is part of a run, then a zero word: a zero bit ends every run.
    named: Vec<u64>,
    /// Bits set in every run that the tokenizer splits (see [`sixteen`]).
    cuts: Vec<u64>,
    /// The hashes of the line's runs that passed the filter.
    passed: Vec<u64>,
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

    /// Calls `found` with the id of every word among the runs of ASCII letters, digits and `_`
    /// of `line`, and of their CamelCase parts. Returns whether the line is ASCII.
    pub(super) fn screen(&self, line: &[u8], scratch: &mut Scratch, found: &mut impl FnMut(u32)) -> bool {
        let ascii = masks(line, scratch);
        let Scratch { named, cuts, passed } = scratch;
        // Every run long enough to be a word is hashed and filtered, the ones that pass kept
        // for the table: no branch on whether a run passes, which no predictor could guess.
        // (Runs are a byte or more apart: no division for a closer bound.)
        let most = line.len() / 2 + 1;
        if passed.len() < most {
            passed.resize(most, 0);
        }
        let mut kept = 0;
        let mut carry = 0;
        for k in 0..named.len() - 1 {
            let (word, next) = (named[k], named[k + 1]);
            // Runs shorter than any word are dropped by shifting the masks.
            let mut long = word & !(word << 1 | carry);
            carry = word >> 63;
            for d in 1..self.shortest.min(8) {
                long &= word >> d | next << (64 - d);
            }
            while long != 0 {
                let start = 64 * k + long.trailing_zeros() as usize;
                long &= long - 1;
                let end = run_end(named, start);
                let hash = hash(line, start, end - start);
                passed[kept] = hash;
                kept += self.passes(hash) as usize;
            }
        }
        for &hash in &passed[..kept] {
            self.look_up(hash, found);
        }
        // The words inside a name, and the parts of CamelCase words (the tokenizer makes none
        // of a word too long to be one): rare in logs, found from the cuts.
        let mut done = 0;
        for (k, &word) in cuts.iter().enumerate() {
            let mut cut = word;
            while cut != 0 {
                let at = 64 * k + cut.trailing_zeros() as usize;
                cut &= cut - 1;
                if at >= done {
                    done = run_end(named, at);
                    self.parts(&line[run_start(named, at)..done], found);
                }
            }
        }
        ascii
    }

    /// Looks up the parts of a run that is a name or CamelCase: its pieces between `_`, and
    /// their CamelCase parts, as `tokenize::camel_parts` cuts them (letters here are ASCII).
    #[cold]
    fn parts(&self, run: &[u8], found: &mut impl FnMut(u32)) {
        let sized = |w: &&[u8]| (self.shortest..=MAX_TOKEN_CHARS).contains(&w.len());
        let underscore = run.contains(&b'_');
        for word in run.split(|b| *b == b'_').filter(sized) {
            if underscore {
                self.look_up(hash_of(word), found);
            }
            let (upper, lower) = (|i: usize| word[i].is_ascii_uppercase(), |i: usize| word[i].is_ascii_lowercase());
            let cuts = (1..word.len())
                .filter(|&i| upper(i) && (lower(i - 1) || (upper(i - 1) && i + 1 < word.len() && lower(i + 1))));
            let mut start = 0;
            for end in cuts.chain([word.len()]) {
                if end - start < word.len() {
                    self.look_up(hash_of(&word[start..end]), found);
                }
                start = end;
            }
        }
    }

    #[inline(always)]
    fn passes(&self, hash: u64) -> bool {
        let bit = filter_bit(hash);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    #[inline(always)]
    fn look_up(&self, hash: u64, found: &mut impl FnMut(u32)) {
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

/// The first position after `start` whose bit is not set in `bits` (whose last word is 0).
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

/// The position after the last one before `at` whose bit is not set in `bits` (or 0).
fn run_start(bits: &[u64], at: usize) -> usize {
    let mut k = at / 64;
    let mut free = !bits[k] & ((1 << (at % 64)) - 1);
    while free == 0 {
        if k == 0 {
            return 0;
        }
        k -= 1;
        free = !bits[k];
    }
    64 * k + 64 - free.leading_zeros() as usize
}

/// Fills `scratch` with the masks of `line` (see [`Scratch`]): bytes that are not ASCII belong
/// to no run. Returns whether the line is ASCII.
#[inline(always)]
fn masks(line: &[u8], scratch: &mut Scratch) -> bool {
    let Scratch { named, cuts, .. } = scratch;
    for bits in [&mut *named, &mut *cuts] {
        bits.clear();
        bits.resize(line.len() / 64 + 2, 0);
    }
    let mut high = i8x16::splat(0);
    // The previous sixteen bytes' capitals and small letters.
    let mut before = (0, 0);
    let mut add = |at: usize, bytes: [u8; 16]| {
        let v = i8x16::new(bytes.map(|b| b as i8));
        high |= v;
        let (run, cut) = sixteen(v, &mut before);
        named[at / 64] |= (run as u64) << (at % 64);
        cuts[at / 64] |= (cut as u64) << (at % 64);
    };
    let whole = line.len() / 16 * 16;
    for (k, chunk) in line[..whole].chunks_exact(16).enumerate() {
        add(16 * k, chunk.try_into().unwrap_or_default());
    }
    if whole < line.len() {
        // The last bytes, padded with zeros: the last sixteen of the line shifted down, when it
        // has sixteen (no copy of a length known only now).
        let rest = line.len() - whole;
        let padded = match line.len().checked_sub(16) {
            Some(from) => {
                let last = u128::from_le_bytes(line[from..].try_into().unwrap_or_default());
                (last >> (8 * (16 - rest))).to_le_bytes()
            }
            None => {
                let mut padded = [0u8; 16];
                padded[..rest].copy_from_slice(line);
                padded
            }
        };
        add(whole, padded);
    }
    high.move_mask() == 0
}

/// Of 16 bytes: a bit each for those that are a letter, a digit or `_`, and one in every run
/// that the tokenizer splits (at an `_`, or where `tokenize::camel_parts` cuts: a capital after
/// a small letter, or a small letter after two capitals, as in `HTTPError`; `before` carries
/// the capitals and small letters of the previous sixteen bytes).
#[inline(always)]
fn sixteen(v: i8x16, before: &mut (u32, u32)) -> (u32, u32) {
    // `low..=high` moved to the bottom of the signed range, where one comparison tells it
    // (for ASCII bytes, the only ones that count).
    let within = |low: u8, high: u8| {
        let moved = v + i8x16::splat((0x80u8.wrapping_sub(low)) as i8);
        i8x16::splat((high - low) as i8 - 127).cmp_gt(moved)
    };
    let upper = within(b'A', b'Z');
    let lower = within(b'a', b'z');
    let underscore = v.cmp_eq(i8x16::splat(b'_' as i8));
    let named = upper | lower | within(b'0', b'9') | underscore;
    let bits = |m: i8x16| m.move_mask() as u32 & 0xffff;
    let (up, low) = (bits(upper), bits(lower));
    // Bit i of `shifted(x, n)` is x's bit i - n, counting on into the previous sixteen bytes.
    let shifted = |x: u32, previous: u32, n: u32| (x << n | previous >> (16 - n)) & 0xffff;
    let (up_before, low_before) = *before;
    let cut = up & shifted(low, low_before, 1) | low & shifted(up, up_before, 1) & shifted(up, up_before, 2);
    *before = (up, low);
    (bits(named), cut | bits(underscore))
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;

const ONES: u64 = 0x0101_0101_0101_0101;

/// A hash of the run of `length` bytes at `start` in `bytes` (letters, digits and `_`)
/// lower-cased, never 0 (the empty slot). Runs of up to sixteen bytes, nearly all, take one
/// or two loads.
#[inline(always)]
fn hash(bytes: &[u8], start: usize, length: usize) -> u64 {
    // The run's bytes among eight from `at`, lower-cased by the 0x20 bit: it leaves digits as
    // they are and makes `_` 0x7f, on both sides of the table alike.
    let eight = |at: usize| {
        let n = (start + length - at).min(8);
        let keep = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
        (load(bytes, at) | (ONES * 0x20)) & keep
    };
    let second = if length > 8 { eight(start + 8) } else { 0 };
    let mut h = (eight(start) ^ length as u64).wrapping_mul(K1).rotate_left(29) ^ second.wrapping_mul(K2);
    let mut at = start + 16;
    while at < start + length {
        h = (h ^ eight(at)).wrapping_mul(K1).rotate_left(29);
        at += 8;
    }
    let h = h ^ (h >> 32);
    (h ^ (h >> 29)) | 1
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

/// The hash of a word (letters, digits, `_`), as [`hash`] makes it of a run.
fn hash_of(word: &[u8]) -> u64 {
    hash(word, 0, word.len())
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
        assert!(table.screen(line.as_bytes(), &mut super::Scratch::default(), &mut |id| ids.push(id)));
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| WORDS[id as usize]).collect()
    }

    /// The masks are computed sixteen bytes at a time: every length and every kind of byte,
    /// against the plain rules.
    #[test]
    fn the_masks_follow_the_plain_rules() {
        let alphabet = b"aZ09_-. :/\n\t\x7f@[`{zAbCDe";
        let mut scratch = super::Scratch::default();
        for length in 0..150 {
            let line: Vec<u8> = (0..length).map(|i| alphabet[(i * 7 + length) % alphabet.len()]).collect();
            assert!(super::masks(&line, &mut scratch));
            let bit = |bits: &[u64], i: usize| bits[i / 64] >> (i % 64) & 1 == 1;
            let byte = |i: usize| line.get(i).copied().unwrap_or(0);
            for (i, &b) in line.iter().enumerate() {
                let named = b.is_ascii_alphanumeric() || b == b'_';
                assert_eq!(bit(&scratch.named, i), named, "byte {i} of {length}");
                let (up, low) = (|b: u8| b.is_ascii_uppercase(), |b: u8| b.is_ascii_lowercase());
                let back = |n: usize| if i >= n { byte(i - n) } else { 0 };
                let cut = b == b'_' || (up(b) && low(back(1))) || (low(b) && up(back(1)) && up(back(2)));
                assert_eq!(bit(&scratch.cuts, i), cut, "cut {i} of {length}: {:?}", String::from_utf8_lossy(&line));
            }
            let beyond = (length..scratch.named.len() * 64).any(|i| bit(&scratch.named, i));
            assert!(!beyond, "nothing past the end of {length}");
            assert_eq!(scratch.named.last(), Some(&0), "a zero word ends every run");
            let mut foreign = line.clone();
            foreign.push(0xe3);
            assert!(!super::masks(&foreign, &mut scratch), "a byte that is not ASCII at {length}");
        }
    }

    /// A run's parts are the tokenizer's.
    #[test]
    fn parts_are_cut_as_the_tokenizer_cuts_them() {
        let words =
            ["HTTPError", "ReadTimeoutError", "my_Custom_ErrorX", "SQLite3DBError", "ABCdefGHIjk", "ErrorAB", "aB_Cd"];
        let parts = |w: &str| -> Vec<String> {
            w.split('_').flat_map(|p| crate::analysis::tokenize::camel_parts(p).map(str::to_lowercase)).collect()
        };
        let all: Vec<String> = words.iter().flat_map(|w| parts(w)).collect();
        let table = AsciiWords::new(all.iter().map(String::as_str).zip(0..));
        for word in words {
            let mut got = Vec::new();
            table.parts(word.as_bytes(), &mut |id| got.push(all[id as usize].clone()));
            for part in parts(word).into_iter().filter(|p| p.len() >= 4 && p.len() < word.len()) {
                assert!(got.contains(&part), "{part} of {word}: {got:?}");
            }
        }
    }

    /// Runs of every length, starting anywhere, across words: against counting bit by bit.
    #[test]
    fn runs_end_and_start_where_their_bits_do() {
        for (start, length) in (0..140).flat_map(|s| [1, 2, 7, 63, 64, 65, 127, 128, 129, 200].map(|l| (s, l))) {
            let mut bits = vec![0u64; (start + length) / 64 + 2];
            (start..start + length).for_each(|i| bits[i / 64] |= 1 << (i % 64));
            for at in [start, start + length / 2, start + length - 1] {
                assert_eq!(super::run_end(&bits, at), start + length, "end of {start}+{length} from {at}");
                assert_eq!(super::run_start(&bits, at), start, "start of {start}+{length} from {at}");
            }
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
