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
//! Only lines with a candidate are tokenized. An ASCII line's words are looked up in a hash
//! table ([`ascii`]); other lines go through one Aho-Corasick automaton over the words, which
//! finds them anywhere.

mod ascii;

use std::io::{self, BufRead};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use memchr::memmem::Finder;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analysis::tokenize::each_token;
use crate::analysis::tokenize::is_cjk;
use crate::analysis::{error_names, tokens};
use crate::pack::EntryMeta;
use crate::rank::in_order;

/// Share of a message line's tokens that a log line must hold, in order.
pub const MIN_COVERAGE: f32 = 0.8;
/// Message lines with fewer tokens say too little to be recognized on their own ("Error").
pub const MIN_TOKENS: usize = 3;
/// Longer log lines are matched on their first this many bytes (memory stays bounded).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// An error name counts on its own when at most this many entries have it.
pub const FEW_ENTRIES: usize = 3;
/// Sample lines are cut to this many characters.
const SAMPLE_CHARS: usize = 300;

/// The known error lines of a book, ready to scan logs with.
pub struct Scanner<'e> {
    entries: &'e [EntryMeta],
    patterns: Vec<Pattern>,
    /// Word id → the patterns it anchors.
    anchored: Vec<Vec<usize>>,
    /// The words and names, by id (the order of [`Scanner::anchored`]).
    words: Vec<String>,
    /// Finds the words in raw log bytes; built at the first line that is not ASCII (a few
    /// tenths of a second for a large book, which most logs never need).
    automaton: OnceLock<AhoCorasick>,
    /// The same words (and names) for ASCII lines.
    ascii: ascii::AsciiWords,
    /// Searchers for the patterns' short tokens.
    finders: Vec<Finder<'static>>,
    /// By word id: for a distinctive error name, the name as written and the entries it names.
    names: Vec<Option<(String, Vec<usize>)>>,
    /// Every token of every pattern, by id: a line is compared with patterns as numbers.
    vocabulary: FxHashMap<String, u32>,
}

/// One distinct message line.
struct Pattern {
    /// The entries whose messages read like this.
    entries: Vec<usize>,
    tokens: Vec<String>,
    /// Its tokens and the ones that make it an error (a line without them is a different
    /// story), by their ids in [`Scanner::vocabulary`].
    ids: Vec<u32>,
    required: Vec<u32>,
    /// Word ids of its tokens that are words (repeats kept), and of its required tokens.
    words: Vec<u32>,
    required_words: Vec<u32>,
    /// Its other tokens that can be looked for in the line's bytes (numbers, short words), by
    /// their searchers' places in [`Scanner::finders`].
    short: Vec<u32>,
}

/// How a line was matched: by a distinctive error name (its word id), or by the messages
/// (patterns) it holds best. Every entry of one way is found by the same lines.
#[derive(PartialEq, Eq, Hash)]
enum Matched {
    Name(u32),
    Patterns(Vec<usize>),
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
        // Entries often share a message (the same error in two languages, or in two
        // documents): each distinct token sequence is one pattern, matched once per line.
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_tokens: FxHashMap<Vec<String>, usize> = FxHashMap::default();
        let mut word_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut token_id = |t: &String| -> u32 {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(t.clone()).or_insert(next)
        };
        let mut word_id = |t: &String| -> Option<u32> {
            let next = word_ids.len() as u32;
            is_word(t).then(|| *word_ids.entry(t.clone()).or_insert(next))
        };
        // Short tokens recur across messages ("in", "500"): one searcher each.
        let mut short_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut finders: Vec<Finder<'static>> = Vec::new();
        let mut short_id = |t: &String| -> Option<u32> {
            (!is_word(t) && findable(t)).then(|| {
                *short_ids.entry(t.clone()).or_insert_with(|| {
                    finders.push(Finder::new(t.as_bytes()).into_owned());
                    finders.len() as u32 - 1
                })
            })
        };
        // Books repeat message texts far more than they vary them: each is tokenized once.
        let mut by_text: FxHashMap<&str, Option<usize>> = FxHashMap::default();
        for (e, entry) in entries.iter().enumerate() {
            for message in entry.messages.iter().chain(&entry.evidence) {
                let p = *by_text.entry(message).or_insert_with(|| {
                    // A log has one line at a time: of a message of several lines, the one that
                    // says most ("Exit code: 1" alone would match any exit).
                    let wanted = message.lines().map(tokens).max_by_key(Vec::len)?;
                    if wanted.len() < MIN_TOKENS {
                        return None;
                    }
                    Some(*by_tokens.entry(wanted.clone()).or_insert_with(|| {
                        let required: Vec<String> =
                            wanted.iter().filter(|t| is_error_word(t, error_words)).cloned().collect();
                        let words = wanted.iter().filter_map(&mut word_id).collect();
                        let required_words = required.iter().filter_map(&mut word_id).collect();
                        let short = wanted.iter().filter_map(&mut short_id).collect();
                        patterns.push(Pattern {
                            entries: Vec::new(),
                            ids: wanted.iter().map(&mut token_id).collect(),
                            required: required.iter().map(&mut token_id).collect(),
                            tokens: wanted,
                            words,
                            required_words,
                            short,
                        });
                        patterns.len() - 1
                    }))
                });
                let Some(p) = p else { continue };
                if !patterns[p].entries.contains(&e) {
                    patterns[p].entries.push(e);
                }
            }
        }
        // Distinctive error names; the entries that carry one in their title are the ones it
        // names, when there are such.
        let mut named: FxHashMap<&str, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
        for (e, entry) in entries.iter().enumerate() {
            let texts = entry.messages.iter().chain(&entry.evidence).chain(std::iter::once(&entry.title));
            for name in texts.flat_map(|t| error_names(t)) {
                let (all, titled) = named.entry(name).or_default();
                if !all.contains(&e) {
                    all.push(e);
                }
                if entry.title.contains(name) && !titled.contains(&e) {
                    titled.push(e);
                }
            }
        }
        let mut named_ids: Vec<(u32, (String, Vec<usize>))> = Vec::new();
        for (name, (all, titled)) in named {
            if all.len() > FEW_ENTRIES {
                continue;
            }
            let lower = name.to_lowercase();
            let next = word_ids.len() as u32;
            let id = *word_ids.entry(lower).or_insert(next);
            named_ids.push((id, (name.to_string(), if titled.is_empty() { all } else { titled })));
        }
        let mut names = vec![None; word_ids.len()];
        for (id, name) in named_ids {
            names[id as usize] = Some(name);
        }
        let ascii = ascii::AsciiWords::new(word_ids.iter().map(|(w, id)| (w.as_str(), *id)));
        let mut words: Vec<(&String, u32)> = word_ids.iter().map(|(w, id)| (w, *id)).collect();
        words.sort_by_key(|(_, id)| *id);

        // The anchor: the word that fewest patterns hold, then the longest. A pattern with no
        // word at all ("E 1 2") cannot be screened for and is left out.
        let mut frequency = vec![0usize; words.len()];
        for pattern in &patterns {
            let mut seen = pattern.words.clone();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                frequency[w as usize] += 1;
            }
        }
        let mut anchored: Vec<Vec<usize>> = vec![Vec::new(); words.len()];
        for (p, pattern) in patterns.iter().enumerate() {
            let anchor = pattern
                .words
                .iter()
                .min_by_key(|w| (frequency[**w as usize], std::cmp::Reverse(words[**w as usize].0.len())));
            if let Some(&w) = anchor {
                anchored[w as usize].push(p);
            }
        }
        let words = words.into_iter().map(|(w, _)| w.clone()).collect();
        Scanner { entries, patterns, anchored, words, automaton: OnceLock::new(), ascii, finders, names, vocabulary }
    }

    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A DFA: a few megabytes for tens of thousands of words, and the fastest search.
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.words)
                .expect("message words are plain strings, far below the automaton's size limits")
        })
    }

    /// Reads `log` to its end and reports the entries found in it.
    pub fn scan(&self, log: impl BufRead) -> io::Result<Report> {
        let mut tallies: FxHashMap<Matched, Tally> = FxHashMap::default();
        let (mut lines, mut bytes) = (0u64, 0u64);
        // `seen[w] == lines` when word w is in the current line.
        let mut seen: Vec<u64> = vec![0; self.anchored.len()];
        let mut present: Vec<u32> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let mut lower: Vec<u8> = Vec::new();
        let mut best: Vec<usize> = Vec::new();
        let mut bits: Vec<u64> = Vec::new();
        let mut got: Vec<u32> = Vec::new();
        for_each_line(log, MAX_LINE_BYTES, |line, length| {
            lines += 1;
            bytes += length as u64;
            present.clear();
            let mut saw = |w: u32| {
                if seen[w as usize] != lines {
                    seen[w as usize] = lines;
                    present.push(w);
                }
            };
            if line.is_ascii() {
                self.ascii.screen(line, &mut bits, &mut saw);
            } else {
                for m in self.automaton().find_overlapping_iter(line) {
                    saw(m.pattern().as_u32());
                }
            }
            candidates.clear();
            lower.clear();
            for &w in &present {
                for &p in &self.anchored[w as usize] {
                    let has = |w: u32| seen[w as usize] == lines;
                    if self.patterns[p].may_match(has, &self.finders, line, &mut lower) {
                        candidates.push(p);
                    }
                }
            }
            if candidates.is_empty() && !present.iter().any(|&w| self.names[w as usize].is_some()) {
                return;
            }
            let text = String::from_utf8_lossy(line);
            got.clear();
            each_token(&text, &mut |t| got.push(self.vocabulary.get(t).copied().unwrap_or(u32::MAX)));
            // Only the patterns the line matches best: a line that holds one message whole is
            // not also an occurrence of its near relatives ("… in billing-api" vs "… in auth-api").
            let mut best_coverage = MIN_COVERAGE;
            best.clear();
            for &p in &candidates {
                let Some(coverage) = self.patterns[p].coverage(&got) else { continue };
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
                .find(|&w| self.names[w as usize].as_ref().is_some_and(|(name, _)| names_with_detail(&text, name)))
                .filter(|&w| {
                    let lower = self.words[w as usize].as_str();
                    !best.iter().any(|&p| self.patterns[p].tokens.iter().any(|t| t == lower))
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
        })?;
        // Each entry adds up the tallies of the ways it was matched, in the order they were
        // first seen, so that its sample is its first line.
        let mut tallies: Vec<(Matched, Tally)> = tallies.into_iter().collect();
        tallies.sort_by_key(|(_, tally)| tally.first_line);
        let mut found: Vec<Option<Occurrence>> = vec![None; self.entries.len()];
        let mut matched: Vec<usize> = Vec::new();
        for (how, tally) in tallies {
            matched.clear();
            match how {
                Matched::Name(w) => matched.extend(self.names[w as usize].iter().flat_map(|(_, entries)| entries)),
                Matched::Patterns(best) => matched.extend(best.iter().flat_map(|&p| &self.patterns[p].entries)),
            }
            matched.sort_unstable();
            matched.dedup();
            for &e in &matched {
                let occurrence = found[e].get_or_insert_with(|| occurrence(&self.entries[e], &tally));
                occurrence.count += tally.count;
                occurrence.last_line = occurrence.last_line.max(tally.last_line);
            }
        }
        let mut entries: Vec<Occurrence> = found.into_iter().flatten().collect();
        // Ties broken by id: the report must not depend on hash order.
        entries.sort_by(|a, b| {
            b.count.cmp(&a.count).then(a.first_line.cmp(&b.first_line)).then(a.lang.cmp(&b.lang)).then(a.id.cmp(&b.id))
        });
        Ok(Report { lines, bytes, entries })
    }
}

impl Pattern {
    /// Whether `line`, holding the words for which `has` is true, could match: its error words
    /// are there, and no more of its tokens are missing than [`MIN_COVERAGE`] allows. (A word in
    /// the line is not yet a token of it: `coverage` decides.) `lower` is the line in ASCII
    /// lower case, or empty until a check needs it.
    fn may_match(&self, has: impl Fn(u32) -> bool, finders: &[Finder], line: &[u8], lower: &mut Vec<u8>) -> bool {
        let allowed = (1.0 - MIN_COVERAGE) * self.tokens.len() as f32 + f32::EPSILON;
        if !self.required_words.iter().all(|w| has(*w)) {
            return false;
        }
        let mut missing = self.words.iter().filter(|w| !has(**w)).count();
        if missing as f32 > allowed || self.short.is_empty() {
            return missing as f32 <= allowed;
        }
        if lower.is_empty() {
            lower.extend(line.iter().map(u8::to_ascii_lowercase));
        }
        for &token in &self.short {
            if missing as f32 > allowed {
                break;
            }
            if finders[token as usize].find(lower).is_none() {
                missing += 1;
            }
        }
        missing as f32 <= allowed
    }

    /// The share of the pattern's tokens the line holds in order, if the line counts as an
    /// occurrence at all.
    fn coverage(&self, line: &[u32]) -> Option<f32> {
        let found = in_order(&self.ids, line);
        let coverage = found.len() as f32 / self.ids.len() as f32;
        (coverage >= MIN_COVERAGE && self.required.iter().all(|r| found.contains(&r))).then_some(coverage)
    }
}

/// Whether `line` holds `name` as a word of its own, followed by more than punctuation: the
/// error with its detail, not a mention of its name alone.
fn names_with_detail(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = &line[i + name.len()..];
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !glued(before)
            && !glued(after.chars().next())
            && after
                .trim_start_matches(|c: char| c == ':' || c == '-' || c.is_whitespace())
                .chars()
                .any(char::is_alphanumeric)
    })
}

/// Whether a message token is (part of) one of the words that make a line an error.
fn is_error_word(token: &str, error_words: &[String]) -> bool {
    error_words.iter().any(|w| token.contains(w.as_str()) || (token.chars().all(is_cjk) && w.contains(token)))
}

/// A word worth screening lines for: four characters or more with a letter in them, or a CJK
/// bigram, and findable. Numbers and fragments ("20", "in") are in every line.
fn is_word(token: &str) -> bool {
    findable(token)
        && (token.chars().all(is_cjk) || (token.chars().count() >= 4 && token.chars().any(char::is_alphabetic)))
}

/// Whether a token can be found in raw log bytes by an ASCII case-insensitive search
/// (lower-casing other scripts may change the bytes).
fn findable(token: &str) -> bool {
    token.chars().all(|c| c.is_ascii() || is_cjk(c))
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

/// Calls `f` with each line of `reader` (without its `\n`, cut to `max` bytes) and its full
/// length; a line longer than `max` is skipped past, never held whole.
fn for_each_line(mut reader: impl BufRead, max: usize, mut f: impl FnMut(&[u8], usize)) -> io::Result<()> {
    let mut line: Vec<u8> = Vec::new();
    let mut length = 0usize;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if length > 0 {
                f(&line, length);
            }
            return Ok(());
        }
        let (part, end, used) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], true, i + 1),
            None => (buf, false, buf.len()),
        };
        if end && line.is_empty() && length == 0 {
            // The whole line is in the buffer: no copy.
            f(&part[..part.len().min(max)], part.len() + 1);
        } else {
            line.extend_from_slice(&part[..part.len().min(max - line.len().min(max))]);
            length += used;
            if end {
                f(&line, length);
                line.clear();
                length = 0;
            }
        }
        reader.consume(used);
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

    #[test]
    fn long_lines_are_cut_and_the_last_line_needs_no_newline() {
        let mut seen = Vec::new();
        let text = format!("short\n{}\nend", "x".repeat(100));
        for_each_line(io::BufReader::with_capacity(16, text.as_bytes()), 10, |l, n| seen.push((l.len(), n))).unwrap();
        assert_eq!(seen, vec![(5, 6), (10, 101), (3, 3)]);
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
    fn short_message_lines_are_not_patterns() {
        let entries = [entry("short", &["Error"])];
        let report = Scanner::new(&entries, &words()).scan("Error\nError\n".as_bytes()).unwrap();
        assert!(report.entries.is_empty());
    }
}
