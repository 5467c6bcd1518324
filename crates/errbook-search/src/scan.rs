//! Scanning a whole log for the book's known errors, line by line, in bounded memory.
//!
//! A log line is an occurrence of an entry when it holds, in order, at least [`MIN_COVERAGE`]
//! of the tokens of one of the entry's literal messages or cause evidence lines (of a message
//! of several lines, its longest line), including every word that makes it an error ("timeout",
//! "denied", "失敗"): the same masking, tokens and in-order test that re-rank search results. Tokenizing every line of a
//! gigabyte log would be slow, so each message line has an anchor, its rarest token across the
//! book's messages, and only lines holding some anchor (found at once for all anchors by one
//! Aho-Corasick automaton) are tokenized.

use std::collections::HashMap;
use std::io::{self, BufRead};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use crate::analysis::tokenize::is_cjk;
use crate::analysis::tokens;
use crate::pack::EntryMeta;
use crate::search::in_order;

/// Share of a message line's tokens that a log line must hold, in order.
pub const MIN_COVERAGE: f32 = 0.8;
/// Message lines with fewer tokens say too little to be recognized on their own ("Error").
pub const MIN_TOKENS: usize = 3;
/// Longer log lines are matched on their first this many bytes (memory stays bounded).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Sample lines are cut to this many characters.
const SAMPLE_CHARS: usize = 300;

/// The known error lines of a book, ready to scan logs with.
pub struct Scanner<'e> {
    entries: &'e [EntryMeta],
    /// Every message line worth matching.
    patterns: Vec<Pattern>,
    /// Anchor pattern id → the message lines it anchors.
    anchored: Vec<Vec<usize>>,
    automaton: AhoCorasick,
}

struct Pattern {
    entry: usize,
    tokens: Vec<String>,
    /// The tokens that make it an error: a line without them is a different story.
    required: Vec<String>,
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
        let mut patterns: Vec<Pattern> = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            for message in entry.messages.iter().chain(&entry.evidence) {
                // A log has one line at a time: of a message of several lines, the one that
                // says most ("Exit code: 1" alone would match any exit).
                let Some(wanted) = message.lines().map(tokens).max_by_key(Vec::len) else { continue };
                if wanted.len() >= MIN_TOKENS && !patterns.iter().any(|p| p.entry == e && p.tokens == wanted) {
                    let required = wanted.iter().filter(|t| is_error_word(t, error_words)).cloned().collect();
                    patterns.push(Pattern { entry: e, tokens: wanted, required });
                }
            }
        }
        // How many message lines hold each token: the rarest one is the best anchor.
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for pattern in &patterns {
            let mut seen: Vec<&str> = pattern.tokens.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *frequency.entry(t).or_default() += 1;
            }
        }
        let mut anchors: Vec<&str> = Vec::new();
        let mut anchor_ids: HashMap<&str, usize> = HashMap::new();
        let mut anchored: Vec<Vec<usize>> = Vec::new();
        for (p, pattern) in patterns.iter().enumerate() {
            let anchor = pattern
                .tokens
                .iter()
                .filter(|t| findable(t))
                .min_by_key(|t| (frequency[t.as_str()], std::cmp::Reverse(t.len())))
                .unwrap_or(&pattern.tokens[0]);
            let id = *anchor_ids.entry(anchor).or_insert_with(|| {
                anchors.push(anchor);
                anchored.push(Vec::new());
                anchors.len() - 1
            });
            anchored[id].push(p);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&anchors)
            .expect("anchors are plain strings, far below the automaton's size limits");
        Scanner { entries, patterns, anchored, automaton }
    }

    /// Reads `log` to its end and reports the entries found in it.
    pub fn scan(&self, log: impl BufRead) -> io::Result<Report> {
        let mut found: HashMap<usize, Occurrence> = HashMap::new();
        let mut lines = 0u64;
        let mut bytes = 0u64;
        let mut matched: Vec<usize> = Vec::new();
        for_each_line(log, MAX_LINE_BYTES, |line, length| {
            lines += 1;
            bytes += length as u64;
            if !self.automaton.is_match(line) {
                return;
            }
            let text = String::from_utf8_lossy(line);
            let got = tokens(&text);
            matched.clear();
            for anchor in self.automaton.find_overlapping_iter(line) {
                for &p in &self.anchored[anchor.pattern().as_usize()] {
                    let pattern = &self.patterns[p];
                    if !matched.contains(&pattern.entry) && pattern.matches(&got) {
                        matched.push(pattern.entry);
                    }
                }
            }
            for &e in &matched {
                let occurrence = found.entry(e).or_insert_with(|| occurrence(&self.entries[e], lines, &text));
                occurrence.count += 1;
                occurrence.last_line = lines;
            }
        })?;
        let mut entries: Vec<Occurrence> = found.into_values().collect();
        entries.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_line.cmp(&b.first_line)).then(a.lang.cmp(&b.lang)));
        Ok(Report { lines, bytes, entries })
    }
}

impl Pattern {
    fn matches(&self, line: &[String]) -> bool {
        let found = in_order(&self.tokens, line);
        found.len() as f32 >= MIN_COVERAGE * self.tokens.len() as f32
            && self.required.iter().all(|r| found.contains(&r))
    }
}

/// Whether a message token is (part of) one of the words that make a line an error.
fn is_error_word(token: &str, error_words: &[String]) -> bool {
    error_words.iter().any(|w| token.contains(w.as_str()) || (token.chars().all(is_cjk) && w.contains(token)))
}

/// Whether a token, as written in the book, can be found in raw log bytes by an ASCII
/// case-insensitive search: lower-casing other scripts may change the bytes.
fn findable(token: &str) -> bool {
    token.chars().all(|c| c.is_ascii() || is_cjk(c))
}

fn occurrence(entry: &EntryMeta, line: u64, text: &str) -> Occurrence {
    let text = text.trim();
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    };
    Occurrence {
        id: entry.id.clone(),
        title: entry.title.clone(),
        lang: entry.lang.clone(),
        url: entry.url.clone(),
        source: entry.source.clone(),
        count: 0,
        first_line: line,
        last_line: line,
        sample,
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
    fn short_message_lines_are_not_patterns() {
        let entries = [entry("short", &["Error"])];
        let report = Scanner::new(&entries, &words()).scan("Error\nError\n".as_bytes()).unwrap();
        assert!(report.entries.is_empty());
    }
}
