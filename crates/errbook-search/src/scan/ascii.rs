//! The screen for the ASCII words of a log (all of them, in most lines of most logs): looked up
//! in a small open-addressing table of the book's words by hash. The runs are found from a mask
//! of the text's letters, digits and `_`, made 64 bytes at a time (no byte-by-byte branching),
//! and runs too short to be a word are never looked at. Most runs start as no word does: a
//! filter on their first four bytes turns them away before their end is even looked for. A
//! whole read of the log is screened at once, and its words handed out line by line.
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
    /// The words' hashes, by their top bits: most runs of a log are no word, and are turned
    /// away here, in a few kilobytes that stay in the cache.
    filter: Filter,
    /// The words' first four bytes, by a hash of them: most runs of a log start as no word
    /// does, and are turned away on reading four bytes, before their end is looked for. (All
    /// set when a word is shorter: there is none, but nothing depends on it.)
    prefixes: Filter,
    /// The shortest word: shorter runs are not looked up.
    shortest: usize,
    /// No two words share a hash (the rule; the exception is handled): a look-up stops at
    /// the first word it finds.
    unique: bool,
}

/// A set of 16-bit numbers, one bit each.
pub(super) struct Filter(Box<[u64; 1 << 10]>);

impl Filter {
    pub(super) fn new() -> Filter {
        Filter(Box::new([0; 1 << 10]))
    }

    pub(super) fn insert(&mut self, bit: u16) {
        self.0[bit as usize / 64] |= 1 << (bit % 64);
    }

    pub(super) fn clear(&mut self) {
        self.0.fill(0);
    }

    #[inline(always)]
    pub(super) fn contains(&self, bit: u16) -> bool {
        self.0[bit as usize / 64] >> (bit % 64) & 1 != 0
    }
}

/// The bytes after a block that a screen may read (whatever they are): eight bytes can be read
/// from anywhere in the block, and [`WINDOW`] from any multiple of 64, with no end to look out
/// for.
pub(super) const PADDING: usize = 72;
/// The bytes of a word of the masks, and the four after them: where the runs that start in
/// those 64 bytes have their first four bytes read.
const WINDOW: usize = 68;

/// What the screen of a block of lines keeps between blocks, so that no block allocates.
#[derive(Default)]
pub(super) struct Scratch {
    /// Bit i set when byte i is part of a run, then a zero word: a zero bit ends every run.
    named: Vec<u64>,
    /// Bits set in every run that the tokenizer splits (see [`sixty_four`]).
    cuts: Vec<u64>,
    /// Bit i set when byte i is not ASCII.
    high: Vec<u64>,
    /// Bit i set when byte i is a `\n`.
    newlines: Vec<u64>,
    /// How many words of the masks are the text's (they are never shortened: a read's
    /// block and a line held over from it come in turns).
    used: usize,
    /// The start of every run that passed the prefixes' filter, in order.
    maybe: Vec<u32>,
    /// The start and hash of every run that passed the filter, in order.
    passed: Vec<(u32, u64)>,
    /// The start of every run that is a word, with its id, in order.
    words: Vec<(u32, u32)>,
    /// The start of every run that the tokenizer splits, with the id of each of its parts
    /// that is a word, in order.
    parts: Vec<(u32, u32)>,
}

/// The words found in a block of lines, handed out line by line.
pub(super) struct Screened<'s> {
    scratch: &'s mut Scratch,
    /// How many of the words, and of the parts, were handed out.
    next_word: usize,
    next_part: usize,
    /// The first byte that is not ASCII at or after the last line asked for.
    next_high: usize,
    /// The block's length, and where its next line starts.
    length: usize,
    line_start: usize,
}

impl Screened<'_> {
    /// The start and end of the block's next line (without its `\n`): every line that ends in
    /// one, and the last if it holds something.
    pub(super) fn next_line(&mut self) -> Option<(usize, usize)> {
        let start = self.line_start;
        if start >= self.length {
            return None;
        }
        let end = next_set(&self.scratch.newlines[..self.scratch.used], start).min(self.length);
        self.line_start = end + 1;
        Some((start, end))
    }

    /// Calls `found` with the id of every word among the runs of the line from `start` to
    /// `end`, and of their parts. Lines are asked for in order (the words of lines skipped
    /// are dropped). Returns whether the line is ASCII.
    pub(super) fn line(&mut self, start: usize, end: usize, found: &mut impl FnMut(u32)) -> bool {
        let Scratch { words, parts, high, used, .. } = &*self.scratch;
        while self.next_word < words.len() && (words[self.next_word].0 as usize) < end {
            let (at, id) = words[self.next_word];
            if at as usize >= start {
                found(id);
            }
            self.next_word += 1;
        }
        while self.next_part < parts.len() && (parts[self.next_part].0 as usize) < end {
            let (at, id) = parts[self.next_part];
            if at as usize >= start {
                found(id);
            }
            self.next_part += 1;
        }
        if self.next_high < start {
            self.next_high = next_set(&high[..*used], start);
        }
        self.next_high >= end
    }
}

impl AsciiWords {
    /// The table of `words` (lower case) that are ASCII, with their ids.
    pub(super) fn new<'w>(words: impl Iterator<Item = (&'w str, u32)>) -> AsciiWords {
        let words: Vec<(&str, u32)> = words.filter(|(w, _)| w.is_ascii() && !w.is_empty()).collect();
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = AsciiWords {
            slots: vec![(0, 0); size],
            filter: Filter::new(),
            prefixes: Filter::new(),
            shortest: usize::MAX,
            unique: true,
        };
        let mut padded = Vec::new();
        for (word, id) in words {
            table.shortest = table.shortest.min(word.len());
            padded.clear();
            padded.extend_from_slice(word.as_bytes());
            padded.resize(word.len() + PADDING, 0);
            let hash = hash(&padded, 0, word.len());
            table.filter.insert(filter_bits(hash));
            table.prefixes.insert(prefix_bits(&padded[..4]));
            let mut slot = hash as usize & (size - 1);
            while table.slots[slot].0 != 0 {
                table.unique &= table.slots[slot].0 != hash;
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (hash, id);
        }
        if table.shortest < 4 {
            table.prefixes.0.fill(u64::MAX);
        }
        table
    }

    /// Screens a block, the first `length` bytes of `text`, lines each ending in `\n` (the
    /// last one may not), with [`PADDING`] bytes or more after it in `text` (read where no copy
    /// is made): finds the runs of ASCII letters, digits and `_` that may be words, and the
    /// words among the CamelCase and `_` parts of runs; [`Screened::line`] hands them out line
    /// by line. A block of lines at a time, not a line: the SIMD pass and the runs' loop go on
    /// across lines.
    pub(super) fn screen<'s>(&'s self, text: &[u8], length: usize, scratch: &'s mut Scratch) -> Screened<'s> {
        let Scratch { named, cuts, high, newlines, used, maybe, passed, words, parts } = &mut *scratch;
        *used = masks(text, length, [named, cuts, high, newlines]);
        let (named, cuts) = (&named[..*used], &cuts[..*used]);
        // Every run long enough to be a word has its first four bytes filtered, and those that
        // pass are hashed whole and filtered again, the ones that pass kept for the table: no
        // branch on whether a run passes, which no predictor could guess. (Runs are a byte or
        // more apart: no division for a closer bound.)
        let most = length / 2 + 1;
        if maybe.len() < most {
            maybe.resize(most, 0);
            passed.resize(most, (0, 0));
        }
        let (maybe, passed) = (&mut maybe[..most], &mut passed[..most]);
        let mut n = 0;
        let mut carry = 0;
        for k in 0..named.len() - 1 {
            let (word, next) = (named[k], named[k + 1]);
            // Runs shorter than any word are dropped by shifting the masks.
            let mut long = word & !(word << 1 | carry);
            carry = word >> 63;
            for d in 1..self.shortest.min(8) {
                long &= word >> d | next << (64 - d);
            }
            // (A window of fixed size: no bounds to check in the loop.)
            let window: &[u8; WINDOW] =
                text.get(64 * k..64 * k + WINDOW).and_then(|w| w.try_into().ok()).unwrap_or(&[0; WINDOW]);
            while long != 0 {
                let at = long.trailing_zeros() as usize;
                long &= long - 1;
                maybe[n] = (64 * k + at) as u32;
                n += self.prefixes.contains(prefix_bits(&window[at..at + 4])) as usize;
            }
        }
        let mut kept = 0;
        for &start in &maybe[..n] {
            let start = start as usize;
            let hash = hash(text, start, run_end(named, start) - start);
            passed[kept] = (start as u32, hash);
            kept += self.filter.contains(filter_bits(hash)) as usize;
        }
        // Looked up all together: the table's misses in the cache overlap.
        words.clear();
        for &(start, hash) in &passed[..kept] {
            self.look_up(hash, &mut |id| words.push((start, id)));
        }
        // The words inside a name, and the parts of CamelCase words (the tokenizer makes none
        // of a word too long to be one): rare in logs, found from the cuts.
        parts.clear();
        let mut done = 0;
        for (k, &word) in cuts.iter().enumerate() {
            let mut cut = word;
            while cut != 0 {
                let at = 64 * k + cut.trailing_zeros() as usize;
                cut &= cut - 1;
                if at >= done {
                    let start = run_start(named, at);
                    done = run_end(named, at);
                    self.parts(text, start, done, &mut |id| parts.push((start as u32, id)));
                }
            }
        }
        let next_high = next_set(&high[..*used], 0);
        Screened { scratch, next_word: 0, next_part: 0, next_high, length, line_start: 0 }
    }

    /// Looks up the parts of the run of `text` from `start` to `end`, a name or CamelCase: its
    /// pieces between `_`, and their CamelCase parts, as `tokenize::camel_parts` cuts them
    /// (letters here are ASCII).
    #[cold]
    fn parts(&self, text: &[u8], start: usize, end: usize, found: &mut impl FnMut(u32)) {
        let sized = |length: usize| (self.shortest..=MAX_TOKEN_CHARS).contains(&length);
        let run = &text[start..end];
        let underscore = run.contains(&b'_');
        let mut from = start;
        for piece in run.split(|b| *b == b'_') {
            let at = from;
            from += piece.len() + 1;
            if !sized(piece.len()) {
                continue;
            }
            if underscore {
                self.look_up(hash(text, at, piece.len()), found);
            }
            let (upper, lower) = (|i: usize| piece[i].is_ascii_uppercase(), |i: usize| piece[i].is_ascii_lowercase());
            let cuts = (1..piece.len())
                .filter(|&i| upper(i) && (lower(i - 1) || (upper(i - 1) && i + 1 < piece.len() && lower(i + 1))));
            let mut part = 0;
            for cut in cuts.chain([piece.len()]) {
                if cut - part < piece.len() {
                    self.look_up(hash(text, at + part, cut - part), found);
                }
                part = cut;
            }
        }
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

/// The first position from `from` whose bit is set in `bits`, or `usize::MAX`.
fn next_set(bits: &[u64], from: usize) -> usize {
    let mut k = from / 64;
    let mut set = match bits.get(k) {
        Some(word) => word & u64::MAX << (from % 64),
        None => return usize::MAX,
    };
    while set == 0 {
        k += 1;
        match bits.get(k) {
            Some(&word) => set = word,
            None => return usize::MAX,
        }
    }
    64 * k + set.trailing_zeros() as usize
}

/// Fills `masks` (named, cuts, high, newlines: see [`Scratch`]) for the first `length` bytes
/// of `text` (then [`PADDING`] bytes that count as none), a word for each 64 bytes, and returns
/// how many words are in use: bytes that are not ASCII belong to no run.
fn masks(text: &[u8], length: usize, masks: [&mut Vec<u64>; 4]) -> usize {
    let whole = length / 64;
    // Every word in use is written below, the last one 0.
    let used = whole + 2;
    let [named, cuts, high, newlines] = masks;
    for bits in [&mut *named, &mut *cuts, &mut *high, &mut *newlines] {
        if bits.len() < used {
            bits.resize(used, 0);
        }
    }
    // The previous word's capitals and small letters.
    let mut before = (0, 0);
    for (k, chunk) in text.chunks_exact(64).take(whole + 1).enumerate() {
        let mut m = sixty_four(chunk.try_into().unwrap_or(&[0; 64]));
        if k == whole {
            // The bytes after the text.
            let inside = (1 << (length % 64)) - 1;
            for bits in [&mut m.named, &mut m.up, &mut m.low, &mut m.underscore, &mut m.high, &mut m.newline] {
                *bits &= inside;
            }
        }
        // Bit i of `shifted(x, n)` is x's bit i - n, counting on into the previous word.
        let shifted = |x: u64, previous: u64, n: u32| x << n | previous >> (64 - n);
        let (up_before, low_before) = before;
        let cut =
            m.up & shifted(m.low, low_before, 1) | m.low & shifted(m.up, up_before, 1) & shifted(m.up, up_before, 2);
        before = (m.up, m.low);
        named[k] = m.named;
        cuts[k] = cut | m.underscore;
        high[k] = m.high;
        newlines[k] = m.newline;
    }
    for bits in [named, cuts, high, newlines] {
        bits[whole + 1] = 0;
    }
    used
}

/// What [`sixty_four`] tells of 64 bytes, a bit for each.
struct Masks {
    /// Letters, digits and `_`.
    named: u64,
    up: u64,
    low: u64,
    underscore: u64,
    /// Bytes that are not ASCII.
    high: u64,
    newline: u64,
}

/// The masks of 64 bytes: whether each is a letter, a digit or `_`, a capital, a small letter,
/// `_`, not ASCII, or a `\n`. (The tokenizer splits a run at an `_`, and where
/// `tokenize::camel_parts` cuts: a capital after a small letter, or a small letter after two
/// capitals, as in `HTTPError`.)
#[inline(always)]
fn sixty_four(bytes: &[u8; 64]) -> Masks {
    let mut m = Masks { named: 0, up: 0, low: 0, underscore: 0, high: 0, newline: 0 };
    for (i, sixteen) in bytes.chunks_exact(16).enumerate() {
        let sixteen: [u8; 16] = sixteen.try_into().unwrap_or_default();
        let v = i8x16::new(sixteen.map(|b| b as i8));
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
        let bits = |m: i8x16| (m.move_mask() as u64 & 0xffff) << (16 * i);
        m.named |= bits(named);
        m.up |= bits(upper);
        m.low |= bits(lower);
        m.underscore |= bits(underscore);
        m.high |= bits(v);
        m.newline |= bits(v.cmp_eq(i8x16::splat(b'\n' as i8)));
    }
    m
}

/// A run's place in [`AsciiWords::prefixes`]: a hash of its first four bytes lower-cased (as
/// [`hash`] lower-cases them).
#[inline(always)]
fn prefix_bits(first: &[u8]) -> u16 {
    let four = u32::from_le_bytes(first.try_into().unwrap_or_default());
    ((four | 0x2020_2020).wrapping_mul(0x9e37_79b1) >> 16) as u16
}

/// A hash's place in [`AsciiWords::filter`]: its top bits.
#[inline(always)]
fn filter_bits(hash: u64) -> u16 {
    (hash >> 48) as u16
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;

const ONES: u64 = 0x0101_0101_0101_0101;

/// A hash of the run of `length` bytes (one or more) at `start` in `text` (letters, digits and
/// `_`, then eight bytes or more) lower-cased, never 0 (the empty slot). A run's first and last
/// eight bytes (which overlap in runs shorter than sixteen, nearly all) are read whole, with no
/// mask that depends on where the run ends; only longer runs read the bytes in between.
#[inline(always)]
fn hash(text: &[u8], start: usize, length: usize) -> u64 {
    // Lower-cased by the 0x20 bit: it leaves digits as they are and makes `_` 0x7f, on both
    // sides of the table alike.
    let eight = |at: usize| {
        text.get(at..at + 8).map_or(0, |b| u64::from_le_bytes(b.try_into().unwrap_or_default())) | (ONES * 0x20)
    };
    let end = start + length;
    let first = eight(start) & (u64::MAX >> (64 - 8 * length.clamp(1, 8)));
    let last = if length >= 8 { eight(end - 8) } else { 0 };
    let mut h = (first ^ length as u64).wrapping_mul(K1).rotate_left(29) ^ last.wrapping_mul(K2);
    let mut at = start + 8;
    while at + 8 < end {
        h = (h ^ eight(at)).wrapping_mul(K1).rotate_left(29);
        at += 8;
    }
    let h = h ^ (h >> 32);
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

    /// `text` and the bytes a screen may read after it: of every kind, none of them counted.
    fn padded(text: &[u8]) -> Vec<u8> {
        let after = b"aZ9_\n\xe3 ".iter().cycle().take(super::PADDING);
        text.iter().chain(after).copied().collect()
    }

    fn table_of_words() -> AsciiWords {
        AsciiWords::new(WORDS.iter().enumerate().map(|(id, w)| (*w, id as u32)))
    }

    fn found(table: &AsciiWords, line: &str) -> Vec<&'static str> {
        let mut ids = Vec::new();
        let mut scratch = super::Scratch::default();
        assert!(
            table
                .screen(&padded(line.as_bytes()), line.len(), &mut scratch)
                .line(0, line.len(), &mut |id| ids.push(id))
        );
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| WORDS[id as usize]).collect()
    }

    /// A piece of an ASCII log line (the screen's part; a line with other bytes is tokenized
    /// whole): a word of the table in any case, words glued into a CamelCase error name, or
    /// what surrounds them in logs.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = proptest::sample::select(WORDS);
        let cased = (word.clone(), 0..3u8).prop_map(|(w, case)| match case {
            0 => w.to_string(),
            1 => w.to_uppercase(),
            _ => w[..1].to_uppercase() + &w[1..],
        });
        let camel = proptest::collection::vec(word, 1..4)
            .prop_map(|ws| ws.iter().map(|w| w[..1].to_uppercase() + &w[1..]).collect::<String>() + "Error");
        prop_oneof![
            3 => cased,
            2 => camel,
            1 => "[a-z0-9_]{1,10}",
            1 => "[0-9a-f]{1,12}",
            1 => "[!-~]{1,6}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1024, ..Default::default() })]

        /// Whatever line is made of words, names and noise, the screen finds every word of the
        /// table that the tokenizer makes of it.
        #[test]
        fn the_screen_finds_every_token_the_tokenizer_makes(
            pieces in proptest::collection::vec(piece(), 1..12),
            seps in proptest::collection::vec(proptest::sample::select(&[" ", ": ", "_", ".", "-", "/", "", "(", ")", "=", "\t", "'"][..]), 12),
        ) {
            let line: String = pieces.iter().zip(&seps).map(|(p, s)| format!("{p}{s}")).collect();
            let got = found(&table_of_words(), &line);
            for token in tokens(&line) {
                if WORDS.contains(&token.as_str()) {
                    proptest::prop_assert!(got.contains(&token.as_str()), "{} of {:?}: found only {:?}", token, line, got);
                }
            }
        }
    }

    /// The masks are computed sixteen bytes at a time: every length and every kind of byte,
    /// against the plain rules.
    #[test]
    fn the_masks_follow_the_plain_rules() {
        let alphabet = b"aZ09_-. :/\n\t\x7f@[`{zAbCDe";
        let mut scratch = super::Scratch::default();
        // The masks of a text, as a screen makes them (of the text and what follows it).
        let masks = |text: &[u8], scratch: &mut super::Scratch| {
            let super::Scratch { named, cuts, high, newlines, used, .. } = scratch;
            *used = super::masks(&padded(text), text.len(), [named, cuts, high, newlines]);
        };
        // Longer and shorter texts in turn: what a longer one left is never read.
        for length in (0..150).flat_map(|n| [n, 149 - n]) {
            let line: Vec<u8> = (0..length).map(|i| alphabet[(i * 7 + length) % alphabet.len()]).collect();
            masks(&line, &mut scratch);
            let bit = |bits: &[u64], i: usize| bits[i / 64] >> (i % 64) & 1 == 1;
            let byte = |i: usize| line.get(i).copied().unwrap_or(0);
            for (i, &b) in line.iter().enumerate() {
                let named = b.is_ascii_alphanumeric() || b == b'_';
                assert_eq!(bit(&scratch.named, i), named, "byte {i} of {length}");
                let (up, low) = (|b: u8| b.is_ascii_uppercase(), |b: u8| b.is_ascii_lowercase());
                let back = |n: usize| if i >= n { byte(i - n) } else { 0 };
                let cut = b == b'_' || (up(b) && low(back(1))) || (low(b) && up(back(1)) && up(back(2)));
                assert_eq!(bit(&scratch.cuts, i), cut, "cut {i} of {length}: {:?}", String::from_utf8_lossy(&line));
                assert_eq!(bit(&scratch.newlines, i), b == b'\n', "newline {i} of {length}");
                assert!(!bit(&scratch.high, i), "an ASCII byte, {i} of {length}");
            }
            let used = scratch.used;
            for bits in [&scratch.named, &scratch.cuts, &scratch.high, &scratch.newlines] {
                assert!(!(length..used * 64).any(|i| bit(bits, i)), "nothing past the end of {length}");
            }
            let mut foreign = line.clone();
            foreign.push(0xe3);
            masks(&foreign, &mut scratch);
            let high: Vec<usize> = (0..foreign.len()).filter(|&i| bit(&scratch.high, i)).collect();
            assert_eq!(high, [length], "the byte that is not ASCII");
        }
    }

    /// A block of lines hands each line its own words, and tells which lines are ASCII, as if
    /// each had been screened alone.
    #[test]
    fn a_block_hands_each_line_its_own_words() {
        let table = table_of_words();
        let lines = [
            "ERROR timeout while pulling",
            "",
            "CannotPullContainerError: pull access denied",
            "タイムアウト timeout 発生",
            "nothing",
            &format!("{} my_custom_error", "x".repeat(70)),
            "HTTPError",
        ];
        for block in [lines.join("\n"), lines.join("\n") + "\n"] {
            let mut scratch = super::Scratch::default();
            let text = padded(block.as_bytes());
            let mut screened = table.screen(&text, block.len(), &mut scratch);
            for line in lines {
                let (start, end) = screened.next_line().expect("a line for each");
                assert_eq!(&block[start..end], line);
                let mut got = Vec::new();
                let ascii = screened.line(start, end, &mut |id| got.push(WORDS[id as usize]));
                got.sort_unstable();
                got.dedup();
                assert_eq!(ascii, line.is_ascii(), "{line:?}");
                let mut alone = Vec::new();
                let mut own = super::Scratch::default();
                let text = padded(line.as_bytes());
                table.screen(&text, line.len(), &mut own).line(0, line.len(), &mut |id| alone.push(WORDS[id as usize]));
                alone.sort_unstable();
                alone.dedup();
                assert_eq!(got, alone, "{line:?}");
            }
            assert_eq!(screened.next_line(), None, "no line after the last");
        }
        let block = lines.join("\n");
        let mut scratch = super::Scratch::default();
        let mut ascii_words = Vec::new();
        let start = lines[..3].iter().map(|l| l.len() + 1).sum::<usize>();
        table.screen(&padded(block.as_bytes()), block.len(), &mut scratch).line(
            start,
            start + lines[3].len(),
            &mut |id| ascii_words.push(id),
        );
        assert_eq!(ascii_words, [0], "the ASCII words of a line that is not ASCII are found too");
    }

    /// A word is found wherever it starts among the 64 bytes of a word of the masks, and up to
    /// the end of the block (its first four bytes are read from a window of fixed size).
    #[test]
    fn words_are_found_at_every_place_up_to_the_end() {
        let table = table_of_words();
        for before in 0..140 {
            let line = format!("{}-timeout", "-".repeat(before));
            assert_eq!(found(&table, &line), ["timeout"], "after {before} bytes");
            assert_eq!(found(&table, &format!("{line}-")), ["timeout"], "after {before} bytes, and before one");
        }
    }

    /// Words shorter than the prefixes' four bytes (none is made: words have four characters
    /// or more) would still be found.
    #[test]
    fn words_shorter_than_four_bytes_are_still_found() {
        let table = AsciiWords::new([("ok", 0), ("timeout", 1)].into_iter());
        let mut ids = Vec::new();
        let line = "OK: timeout, ok";
        let mut scratch = super::Scratch::default();
        table.screen(&padded(line.as_bytes()), line.len(), &mut scratch).line(0, line.len(), &mut |id| ids.push(id));
        assert_eq!(ids, [0, 1, 0]);
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
            let text = padded(word.as_bytes());
            table.parts(&text, 0, word.len(), &mut |id| got.push(all[id as usize].clone()));
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
        let table = table_of_words();
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
