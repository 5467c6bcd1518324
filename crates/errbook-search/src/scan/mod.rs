//! Scanning a whole log for the book's known errors, line by line, in bounded memory.
//!
//! A log line is an occurrence of an entry when it holds, in order, at least [`MIN_COVERAGE`]
//! of the tokens of one of the entry's literal messages or cause evidence lines (of a message
//! of several lines, its longest line), including every word that makes it an error ("timeout",
//! "denied", "失敗"), and no other message is matched better by that line: the same masking,
//! tokens and in-order test that re-rank search results.
//!
//! A log line that matches no message whole still counts for an entry when it holds an error
//! name that few entries of the book have (`CannotPullContainerError`) followed by its detail
//! (`CannotPullContainerError: pull access denied for …`): logs print the name with details of
//! their own far more often than the exact message a page quotes. A name that many entries
//! share says too little, and counts only within a whole message.
//!
//! Tokenizing every line of a gigabyte log would be slow, so lines are first screened for the
//! messages' words (four letters or more, or CJK bigrams): a message is a candidate only when
//! its rarest word (its anchor) and its error words are in the line, and too few of its other
//! words, numbers and short words (looked up in the lower-cased line) are absent to rule it out.
//! Only lines with a candidate are tokenized. A line's runs of ASCII letters and digits are
//! looked up in a hash table ([`ascii`]), and so are the CJK characters and pairs of a line
//! that is not ASCII ([`cjk`]): every word the tokenizer can make of the line is found.

mod ascii;
mod cjk;
mod line_tokens;
mod patterns;

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::io::{self, Read};

use crate::analysis::{escapes, glued};
use crate::pack::EntryMeta;
use line_tokens::LineTokens;
use patterns::Patterns;

/// Share of a message line's tokens that a log line must hold, in order.
pub const MIN_COVERAGE: f32 = 0.8;
/// Message lines with fewer tokens say too little to be recognized on their own ("Error").
pub const MIN_TOKENS: usize = 3;
/// Longer log lines are matched on their first this many bytes (memory stays bounded).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// An error name counts on its own when at most this many entries have it.
pub const FEW_ENTRIES: usize = 3;
/// Sets of words whose verdicts are kept at most (then forgotten all at once).
const MEMO: usize = 1 << 16;
/// Sample lines are cut to this many characters.
const SAMPLE_CHARS: usize = 300;
/// A log is read this many bytes at a time: enough that the calls to read cost little, and a
/// small part of what a scan holds in memory.
const READ_BYTES: usize = 128 * 1024;

/// The known error lines of a book, ready to scan logs with.
pub struct Scanner<'e> {
    entries: &'e [EntryMeta],
    patterns: Patterns,
    /// Finds the words (and names) among a line's runs of ASCII letters and digits.
    ascii: ascii::AsciiWords,
    /// Finds the CJK words of a line that is not ASCII.
    cjk: cjk::CjkWords,
}

/// How a line was matched: by a distinctive error name (its word id), or by the messages
/// (patterns) it holds best. Every entry of one way is found by the same lines.
#[derive(PartialEq, Eq, Hash)]
enum Matched {
    Name(u32),
    Patterns(Vec<usize>),
}

/// A word of the book, as a scan sees it.
struct Word {
    /// The line it was last found in.
    line: u64,
    /// Its share of the key of a set of words (see [`Verdicts`]).
    key: (u64, u64),
    /// Whether it anchors a pattern or is a distinctive error name: a line without such a word
    /// matches nothing.
    triggers: bool,
    /// Whether it is a distinctive error name.
    names: bool,
}

/// The lines matched one way.
#[derive(Default)]
struct Tally {
    count: u64,
    first_line: u64,
    last_line: u64,
    /// The first line (cut to a few hundred characters).
    sample: String,
}

/// What a scan found for one entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Occurrence {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub url: String,
    pub source: String,
    /// Log lines that matched the entry.
    pub count: u64,
    /// 1-based line numbers in the log.
    pub first_line: u64,
    pub last_line: u64,
    /// The first matching line (cut to a few hundred characters).
    pub sample: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub lines: u64,
    pub bytes: u64,
    /// Entries found, most frequent first.
    pub entries: Vec<Occurrence>,
}

impl<'e> Scanner<'e> {
    /// `error_words` are the book's (lower-case) words that make a line an error.
    pub fn new(entries: &'e [EntryMeta], error_words: &[String]) -> Scanner<'e> {
        let patterns = Patterns::new(entries, error_words);
        let words = || patterns.words.iter().zip(0..).map(|(w, id)| (w.as_str(), id));
        let (ascii, cjk) = (ascii::AsciiWords::new(words()), cjk::CjkWords::new(words()));
        Scanner { entries, patterns, ascii, cjk }
    }

    /// Reads `log` to its end and reports the entries found in it. (`log` is read in large
    /// reads of its own: it needs no buffer.)
    pub fn scan(&self, mut log: impl Read) -> io::Result<Report> {
        self.scan_log(&mut log)
    }

    /// The scan, compiled once in this crate whatever the reader: its steps are inlined into
    /// its loop, not called across crates.
    fn scan_log(&self, log: &mut dyn Read) -> io::Result<Report> {
        let book = &self.patterns;
        let mut tallies: FxHashMap<Matched, Tally> = FxHashMap::default();
        let mut lines = 0u64;
        // By word id: what a line's words are looked up for, in one place.
        let mut words: Vec<Word> = (0..book.words.len() as u32)
            .map(|w| Word {
                line: 0,
                key: Verdicts::mix(w),
                triggers: !book.anchored[w as usize].is_empty() || book.names[w as usize].is_some(),
                names: book.names[w as usize].is_some(),
            })
            .collect();
        let mut present: Vec<u32> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let mut lower: Vec<u8> = Vec::new();
        let mut best: Vec<usize> = Vec::new();
        let mut scratch = ascii::Scratch::default();
        let mut got: Vec<u32> = Vec::new();
        let mut in_order: Vec<u32> = Vec::new();
        let mut verdicts = Verdicts::default();
        // By short token id: the line it was last searched for in, and whether it was found.
        let mut shorts: Vec<(u64, bool)> = vec![(0, false); book.finders.len()];
        // By token id: the line it was last seen in.
        let mut in_line: Vec<u64> = vec![0; book.vocabulary.len()];
        let mut line_tokens = LineTokens::default();
        let mut on_line = |line: &[u8], start: usize, screened: &mut ascii::Screened<'_>| {
            lines += 1;
            present.clear();
            let (mut triggered, mut set) = (false, (0u64, 0u64));
            let mut saw = |w: u32| {
                let word = &mut words[w as usize];
                if word.line != lines {
                    word.line = lines;
                    present.push(w);
                    triggered |= word.triggers;
                    set = (set.0.wrapping_add(word.key.0), set.1.wrapping_add(word.key.1));
                }
            };
            if !screened.line(start, start + line.len(), &mut saw) {
                self.cjk.screen(line, &mut saw);
            }
            if !triggered {
                return;
            }
            let has = |w: u32| words[w as usize].line == lines;
            let allowed = verdicts.of(set, &present, |present| {
                present
                    .iter()
                    .flat_map(|&w| &book.anchored[w as usize])
                    .filter_map(|&p| Some((p, book.all[p].words_missing(has)?)))
                    .collect()
            });
            candidates.clear();
            lower.clear();
            // Patterns share their short tokens ("in", "1"): each is searched for once a line.
            let mut has_short = |t: u32| {
                let (line_no, found) = &mut shorts[t as usize];
                if *line_no != lines {
                    let (finder, letters) = &book.finders[t as usize];
                    if *letters && lower.is_empty() {
                        lower.extend(line.iter().map(u8::to_ascii_lowercase));
                    }
                    *line_no = lines;
                    *found = finder.find(if *letters { &lower } else { line }).is_some();
                }
                *found
            };
            for &(p, missing) in allowed {
                if book.all[p].may_match(missing, &mut has_short) {
                    candidates.push(p);
                }
            }
            if candidates.is_empty() && !present.iter().any(|&w| words[w as usize].names) {
                return;
            }
            // (Checked whole first: the lossy conversion is far slower on text that is valid.)
            let text = std::str::from_utf8(line).map_or_else(|_| String::from_utf8_lossy(line), Cow::Borrowed);
            got.clear();
            // (Tokens the book lacks match nothing: they are left out.)
            line_tokens.each(&text, &book.vocabulary, &mut |id| {
                if let Some(stamp) = in_line.get_mut(id as usize) {
                    *stamp = lines;
                    got.push(id);
                }
            });
            // Only the patterns the line matches best: a line that holds one message whole is
            // not also an occurrence of its near relatives ("… in billing-api" vs "… in auth-api").
            let mut best_coverage = MIN_COVERAGE;
            best.clear();
            for &p in &candidates {
                // A pattern whose tokens the line lacks too many of, in any order, cannot be
                // among the best: its order is not looked at.
                let share = book.all[p].share_in(|id| in_line[id as usize] == lines);
                if share + f32::EPSILON < best_coverage {
                    continue;
                }
                let Some(coverage) = book.all[p].coverage(&got, &mut in_order) else { continue };
                if coverage > best_coverage + f32::EPSILON {
                    best_coverage = coverage;
                    best.clear();
                }
                if coverage + f32::EPSILON >= best_coverage {
                    best.push(p);
                }
            }
            // The error name the line is about outranks a message that does not hold it
            // ("CannotPullContainerError: … repository does not exist" is not that other error).
            let name = present
                .iter()
                .copied()
                .find(|&w| book.names[w as usize].as_ref().is_some_and(|(name, _)| names_with_detail(&text, name)))
                .filter(|&w| match book.vocabulary.get(&book.words[w as usize]) {
                    Some(&token) => !best.iter().any(|&p| book.all[p].holds(token)),
                    None => true,
                });
            let how = match name {
                Some(w) => Matched::Name(w),
                None if best.is_empty() => return,
                None => {
                    best.sort_unstable();
                    Matched::Patterns(best.clone())
                }
            };
            let tally = tallies.entry(how).or_insert_with(|| Tally {
                first_line: lines,
                sample: sample(&text),
                ..Tally::default()
            });
            tally.count += 1;
            tally.last_line = lines;
        };
        // A line too long is cut, and screened alone.
        let mut long_scratch = ascii::Scratch::default();
        let bytes = for_each_block(log, MAX_LINE_BYTES, |text, length| {
            let mut screened = self.ascii.screen(text, length, &mut scratch);
            while let Some((start, end)) = screened.next_line() {
                if end - start <= MAX_LINE_BYTES {
                    on_line(&text[start..end], start, &mut screened);
                } else {
                    let (cut, length) = (&text[start..], MAX_LINE_BYTES);
                    on_line(&cut[..length], 0, &mut self.ascii.screen(cut, length, &mut long_scratch));
                }
            }
        })?;
        // Each entry adds up the tallies of the ways it was matched, in the order they were
        // first seen, so that its sample is its first line.
        let mut tallies: Vec<(Matched, Tally)> = tallies.into_iter().collect();
        // (A line is tallied one way: first lines differ, and any sort orders them alike.)
        tallies.sort_unstable_by_key(|(_, tally)| tally.first_line);
        let mut found: Vec<Option<Occurrence>> = vec![None; self.entries.len()];
        let mut matched: Vec<usize> = Vec::new();
        for (how, tally) in tallies {
            matched.clear();
            match how {
                Matched::Name(w) => matched.extend(book.names[w as usize].iter().flat_map(|(_, entries)| entries)),
                Matched::Patterns(best) => matched.extend(best.iter().flat_map(|&p| &book.all[p].entries)),
            }
            matched.sort_unstable();
            matched.dedup();
            for &e in &matched {
                let occurrence = found[e].get_or_insert_with(|| occurrence(&self.entries[e], &tally));
                occurrence.count += tally.count;
                occurrence.last_line = occurrence.last_line.max(tally.last_line);
            }
        }
        // Most frequent first, then by first line, ties broken by id: the report must not depend
        // on hash order. (A report can have tens of thousands of entries: their places are
        // sorted, not them, and their ids compared only on a tie.)
        let mut order: Vec<usize> = (0..found.len()).filter(|&e| found[e].is_some()).collect();
        order.sort_by(|&a, &b| {
            let (Some(a), Some(b)) = (&found[a], &found[b]) else { return Ordering::Equal };
            (b.count, a.first_line).cmp(&(a.count, b.first_line)).then_with(|| (&a.lang, &a.id).cmp(&(&b.lang, &b.id)))
        });
        let entries = order.into_iter().filter_map(|e| found[e].take()).collect();
        Ok(Report { lines, bytes, entries })
    }
}

/// The patterns a line's words leave possible, each with the number of its words the line lacks.
type Verdict = Vec<(usize, usize)>;

/// What the words of a line allow, by set of words: lines of one template hold the same words,
/// and their verdict is worked out once. A set is known by two sums of its words' ids, each id
/// mixed its own way (in any order): 128 bits that two sets of words share with a chance far
/// below one in 2⁹⁰ even among the most sets kept.
#[derive(Default)]
struct Verdicts {
    by_set: FxHashMap<(u64, u64), usize>,
    verdicts: Vec<Verdict>,
}

impl Verdicts {
    /// A word id's shares of its set's key (SplitMix64 of two numbers made of it: sums of ids
    /// alone collide).
    fn mix(w: u32) -> (u64, u64) {
        let split = |x: u64| {
            let mut z = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        (split(w as u64 + 1), split(w as u64 + (1 << 40)))
    }

    /// The verdict on the words `present`, whose key is `set`, worked out by `judge` when they
    /// are new.
    fn of(&mut self, set: (u64, u64), present: &[u32], judge: impl FnOnce(&[u32]) -> Verdict) -> &[(usize, usize)] {
        let i = match self.by_set.get(&set) {
            Some(&i) => i,
            None => {
                if self.verdicts.len() >= MEMO {
                    self.by_set.clear();
                    self.verdicts.clear();
                }
                self.verdicts.push(judge(present));
                self.by_set.insert(set, self.verdicts.len() - 1);
                self.verdicts.len() - 1
            }
        };
        &self.verdicts[i]
    }
}

/// Whether `line` holds `name` as a word of its own, followed by more than punctuation: the
/// error with its detail, not a mention of its name alone.
fn names_with_detail(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = &line[i + name.len()..];
        !glued(before)
            && !glued(after.chars().next())
            && after
                .trim_start_matches(|c: char| c == ':' || c == '-' || c.is_whitespace())
                .chars()
                .any(char::is_alphanumeric)
    })
}

/// A line cut to a few hundred characters.
fn sample(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(SAMPLE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn occurrence(entry: &EntryMeta, first: &Tally) -> Occurrence {
    Occurrence {
        id: entry.id.clone(),
        title: entry.title.clone(),
        lang: entry.lang.clone(),
        url: entry.url.clone(),
        source: entry.source.clone(),
        count: 0,
        first_line: first.first_line,
        last_line: first.last_line,
        sample: first.sample.clone(),
    }
}

/// Calls `f(text, length)` with the lines of `reader` a block at a time, the first `length`
/// bytes of `text`: as many whole lines as a read brings, each ending in `\n` but for the last
/// line of the log, with [`ascii::PADDING`] bytes or more after them in `text`. The log is read
/// into a buffer of its own, and the blocks screened where they were read. A line that spans
/// reads is held to its first `max` bytes, never whole. Terminal escape sequences are taken out
/// of a block that has any, where it lies (a block's lines are whole, and a sequence never
/// spans lines: the lines and their count are the log's). Returns the log's length in bytes.
fn for_each_block(mut reader: impl Read, max: usize, mut f: impl FnMut(&[u8], usize)) -> io::Result<u64> {
    let mut f = |text: &mut [u8], length: usize| {
        // One search for the byte that opens them, a block at a time: a log without colours
        // pays that alone.
        let length = match memchr::memchr(escapes::ESC, &text[..length]) {
            None => length,
            Some(_) => escapes::strip_in_place(&mut text[..length]),
        };
        f(text, length)
    };
    let mut buffer = vec![0; max + READ_BYTES + ascii::PADDING];
    // The start of a line that the last read ended in, at the buffer's start: `held` bytes of
    // it, and whether it went on for more (dropped).
    let (mut held, mut cut_short) = (0, false);
    let mut bytes = 0u64;
    loop {
        let read = match reader.read(&mut buffer[held..held + READ_BYTES]) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if read == 0 {
            if held > 0 {
                f(&mut buffer, held);
            }
            return Ok(bytes);
        }
        bytes += read as u64;
        let end = held + read;
        // Where the lines of this read start: after the line held, if it was cut short.
        let mut start = 0;
        if cut_short {
            let Some(newline) = memchr::memchr(b'\n', &buffer[held..end]) else { continue };
            buffer[held] = b'\n';
            f(&mut buffer, held + 1);
            (start, held, cut_short) = (held + newline + 1, 0, false);
        }
        let whole = match memchr::memrchr(b'\n', &buffer[start.max(held)..end]) {
            Some(newline) => {
                let whole = start.max(held) + newline + 1;
                f(&mut buffer[start..], whole - start);
                whole
            }
            None => start,
        };
        buffer.copy_within(whole..end, 0);
        held = end - whole;
        if held > max {
            (held, cut_short) = (max, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        ["error", "failed", "denied", "timeout", "失敗"].map(String::from).to_vec()
    }

    fn entry(id: &str, messages: &[&str]) -> EntryMeta {
        EntryMeta {
            id: id.into(),
            lang: "en".into(),
            title: id.into(),
            messages: messages.iter().map(|m| m.to_string()).collect(),
            ..EntryMeta::default()
        }
    }

    #[test]
    fn counts_known_errors_with_their_first_and_last_lines() {
        let entries = [
            entry("pull", &["CannotPullContainerError: pull access denied for repository"]),
            entry("health", &["Task failed ELB health checks in target-group"]),
        ];
        let log = "\
2026-01-02T10:00:00Z starting task 4f1c2a
2026-01-02T10:00:01Z CannotPullContainerError: pull access denied for 123456789012.dkr.ecr.us-east-1.amazonaws.com/api, repository does not exist
2026-01-02T10:00:02Z retrying
2026-01-02T10:00:09Z CannotPullContainerError: pull access denied for other/app, repository does not exist
";
        let report = Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap();
        assert_eq!(report.lines, 4);
        assert_eq!(report.entries.len(), 1, "{report:?}");
        let pull = &report.entries[0];
        assert_eq!((pull.id.as_str(), pull.count, pull.first_line, pull.last_line), ("pull", 2, 2, 4));
        assert!(pull.sample.contains("CannotPullContainerError"));
    }

    /// A line that is not UTF-8 (a Latin-1 name in it) is matched all the same, its sample
    /// showing the bad byte as U+FFFD.
    #[test]
    fn lines_that_are_not_utf8_are_matched_too() {
        let entries = [entry("pull", &["CannotPullContainerError: pull access denied for repository"])];
        let log = b"user Jos\xe9: CannotPullContainerError: pull access denied for repository x\nok\n";
        let report = Scanner::new(&entries, &words()).scan(&log[..]).unwrap();
        assert_eq!(report.entries.len(), 1, "{report:?}");
        assert_eq!(
            report.entries[0].sample,
            "user Jos\u{fffd}: CannotPullContainerError: pull access denied for repository x"
        );
    }

    #[test]
    fn partial_or_reordered_messages_do_not_count() {
        let entries = [entry("pull", &["CannotPullContainerError: pull access denied for repository"])];
        let log = "repository denied access pull\nCannotPullContainer maybe\n";
        assert!(Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap().entries.is_empty());
    }

    #[test]
    fn a_line_counts_for_the_messages_it_matches_best() {
        let entries = [
            entry("billing", &["ThrottlingException: Rate exceeded in billing-api"]),
            entry("auth", &["ThrottlingException: Rate exceeded in auth-api"]),
            entry("billing-ja", &["ThrottlingException: Rate exceeded in billing-api"]),
        ];
        let log = "ERROR ThrottlingException: Rate exceeded in billing-api\n";
        let report = Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap();
        let mut ids: Vec<&str> = report.entries.iter().map(|o| o.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["billing", "billing-ja"]);
    }

    #[test]
    fn a_line_without_the_words_that_make_the_error_does_not_count() {
        let entries = [entry("stable", &["timeout waiting for service stable"])];
        let scanner = Scanner::new(&entries, &words());
        assert!(scanner.scan("INFO waiting for service stable\n".as_bytes()).unwrap().entries.is_empty());
        assert_eq!(scanner.scan("ERROR timeout waiting for service stable\n".as_bytes()).unwrap().entries.len(), 1);
    }

    #[test]
    fn japanese_messages_are_found_in_japanese_logs() {
        let entries = [entry("ja", &["コンテナイメージの取得に失敗しました"])];
        let log = "10:00 INFO 起動\n10:01 ERROR コンテナイメージの取得に失敗しました (api)\n";
        let report = Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap();
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].first_line, 2);
    }

    /// A log that comes at most `step` bytes a read.
    struct Trickle<'t> {
        log: &'t [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.log.len());
            buf[..n].copy_from_slice(&self.log[..n]);
            self.log = &self.log[n..];
            Ok(n)
        }
    }

    /// The lines of `text` read `step` bytes at a time, each cut to `max` bytes as a scan
    /// cuts them, and the log's length.
    fn read_lines(text: &str, step: usize, max: usize) -> (Vec<Vec<u8>>, u64) {
        let mut lines = Vec::new();
        let reader = Trickle { log: text.as_bytes(), step };
        let table = ascii::AsciiWords::new(std::iter::empty());
        let mut scratch = ascii::Scratch::default();
        let bytes = for_each_block(reader, max, |text, length| {
            assert!(text.len() >= length + ascii::PADDING, "room to read past the block");
            let mut screened = table.screen(text, length, &mut scratch);
            while let Some((start, end)) = screened.next_line() {
                lines.push(text[start..end.min(start + max)].to_vec());
            }
        })
        .unwrap();
        (lines, bytes)
    }

    #[test]
    fn long_lines_are_cut_and_the_last_line_needs_no_newline() {
        let text = format!("short\n{}\nend", "x".repeat(100));
        for step in [16, 1000] {
            let (lines, bytes) = read_lines(&text, step, 10);
            assert_eq!(lines, [&b"short"[..], b"xxxxxxxxxx", b"end"], "read {step} bytes at a time");
            assert_eq!(bytes, text.len() as u64);
        }
    }

    /// Lines come whole (or cut) whatever the buffer's size and wherever its ends fall.
    #[test]
    fn lines_are_the_same_at_every_buffer_size() {
        let text = format!("a\n\nthree\n{}\n\n{}\nlast", "y".repeat(37), "z".repeat(5));
        let expected: Vec<Vec<u8>> = text.split('\n').map(|l| l.as_bytes()[..l.len().min(20)].to_vec()).collect();
        for step in 1..50 {
            assert_eq!(
                read_lines(&text, step, 20),
                (expected.clone(), text.len() as u64),
                "read {step} bytes at a time"
            );
        }
        let ended = format!("{text}\n");
        assert_eq!(read_lines(&ended, 7, 20).0, expected, "a last newline ends the last line, and no more");
    }

    /// Lines are screened a read at a time: the report is the same whatever the reads' size,
    /// and a line too long to hold whole is matched on its start alone.
    #[test]
    fn a_report_does_not_depend_on_how_the_log_is_read() {
        let entries = [
            entry("pull", &["CannotPullContainerError: pull access denied for repository"]),
            entry("timeout", &["upstream request timeout after retries"]),
        ];
        let long = "x ".repeat(MAX_LINE_BYTES / 2);
        let log = format!(
            "INFO start\nERROR CannotPullContainerError: pull access denied for repository api\n\
             起動 ERROR upstream request timeout after retries\n{long} upstream request timeout after retries\n\
             ERROR upstream request timeout after retries {long}\nERROR upstream request timeout after retries"
        );
        let scanner = Scanner::new(&entries, &words());
        let whole = scanner.scan(log.as_bytes()).unwrap();
        let got: Vec<(&str, u64, u64, u64)> =
            whole.entries.iter().map(|o| (o.id.as_str(), o.count, o.first_line, o.last_line)).collect();
        assert_eq!(got, [("timeout", 3, 3, 6), ("pull", 1, 2, 2)]);
        assert_eq!((whole.lines, whole.bytes), (6, log.len() as u64));
        for step in [1, 2, 3, 7, 64, 65, 100, 4096, MAX_LINE_BYTES - 1, MAX_LINE_BYTES + 1, READ_BYTES + 1] {
            let report = scanner.scan(Trickle { log: log.as_bytes(), step }).unwrap();
            assert_eq!(report, whole, "read {step} bytes at a time");
        }
    }

    /// A program that colours its output writes escape sequences between a message's words:
    /// the line is matched as a terminal shows it, on its own line number, however it is read.
    #[test]
    fn coloured_lines_are_matched_as_they_are_shown() {
        let entries = [entry("disk", &["OSError: [Errno 28] No space left on device"])];
        let plain = "INFO start\nINFO more\nOSError: [Errno 28] No space left on device\nINFO end\n";
        let coloured = "\x1b]0;job 12\x07INFO start\n\x1b[2mINFO more\x1b[0m\n\
                        \x1b[1;31mOSError\x1b[0m: [Errno 28] No \x1b[4mspace\x1b[24m left on device\x1b[0m\nINFO end\n";
        let scanner = Scanner::new(&entries, &words());
        let expected = scanner.scan(plain.as_bytes()).unwrap();
        assert_eq!(expected.entries.len(), 1);
        for step in [1, 2, 3, 5, 8, 13, 4096] {
            let report = scanner.scan(Trickle { log: coloured.as_bytes(), step }).unwrap();
            assert_eq!(report.bytes, coloured.len() as u64);
            assert_eq!(
                (report.lines, report.entries.clone()),
                (4, expected.entries.clone()),
                "read {step} bytes at a time"
            );
        }
    }

    #[test]
    fn a_distinctive_error_name_with_its_detail_counts_for_its_entry() {
        let mut pull = entry("pull", &["Stopped reason: CannotPullContainerError:"]);
        pull.title = "CannotPullContainerError".to_string();
        let other = entry("404", &["Repository Does Not Exist"]);
        let entries = [pull, other];
        let scanner = Scanner::new(&entries, &words());
        let log = "INFO ok\nERROR CannotPullContainerError: pull access denied, repository does not exist\nCannotPullContainerError\nsee CannotPullContainerErrors docs\n";
        let report = scanner.scan(log.as_bytes()).unwrap();
        let ids: Vec<(&str, u64)> = report.entries.iter().map(|o| (o.id.as_str(), o.count)).collect();
        assert_eq!(ids, [("pull", 1)], "the name with detail counts, alone or glued to a word it does not");
    }

    #[test]
    fn a_name_many_entries_share_does_not_count_alone() {
        let entries: Vec<EntryMeta> =
            (0..=FEW_ENTRIES).map(|i| entry(&format!("e{i}"), &[&format!("TimeoutError: call {i} failed")])).collect();
        let scanner = Scanner::new(&entries, &words());
        let report = scanner.scan("TimeoutError: something else entirely\n".as_bytes()).unwrap();
        assert!(report.entries.is_empty(), "{:?}", report.entries);
    }

    #[test]
    fn an_entry_matched_by_several_messages_adds_up_their_lines() {
        let entries = [
            entry("both", &["Task failed ELB health checks", "ThrottlingException: Rate exceeded for api"]),
            entry("health", &["Task failed ELB health checks"]),
        ];
        let log = "\
INFO start
ERROR ThrottlingException: Rate exceeded for api
ERROR Task failed ELB health checks in tg-1
ERROR ThrottlingException: Rate exceeded for api
ERROR Task failed ELB health checks in tg-2
";
        let report = Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap();
        let got: Vec<(&str, u64, u64, u64)> =
            report.entries.iter().map(|o| (o.id.as_str(), o.count, o.first_line, o.last_line)).collect();
        assert_eq!(got, [("both", 4, 2, 5), ("health", 2, 3, 5)]);
        assert!(report.entries[0].sample.contains("ThrottlingException"), "the entry's own first line");
        assert!(report.entries[1].sample.ends_with("tg-1"));
    }

    #[test]
    fn lines_with_the_same_words_are_still_told_apart_by_their_short_tokens() {
        let entries = [entry("db", &["Connection refused on port 5432 by db-primary"])];
        let log = "\
ERROR Connection refused at port 6379 to db-primary
ERROR Connection refused on port 5432 by db-primary
ERROR Connection refused at port 6379 to db-primary
";
        let report = Scanner::new(&entries, &words()).scan(log.as_bytes()).unwrap();
        let got: Vec<(u64, u64)> = report.entries.iter().map(|o| (o.count, o.first_line)).collect();
        assert_eq!(got, [(1, 2)]);
    }

    #[test]
    fn short_message_lines_are_not_patterns() {
        let entries = [entry("short", &["Error"])];
        let report = Scanner::new(&entries, &words()).scan("Error\nError\n".as_bytes()).unwrap();
        assert!(report.entries.is_empty());
    }
}
