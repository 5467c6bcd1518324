//! The book's side of a scan: its message lines as patterns of tokens, the words lines are
//! screened for (each pattern anchored by its rarest), and the error names that count alone.

use memchr::memmem::Finder;
use rustc_hash::FxHashMap;

use super::{FEW_ENTRIES, MIN_COVERAGE, MIN_TOKENS};
use crate::analysis::error_names;
use crate::analysis::tokenize::each_chunk_token;
use crate::analysis::tokenize::is_cjk;
use crate::pack::EntryMeta;
use crate::rank::each_in_order;

/// One distinct message line.
pub(super) struct Pattern {
    /// The entries whose messages read like this.
    pub(super) entries: Vec<usize>,
    /// How many of its tokens a line may lack: what [`MIN_COVERAGE`] leaves.
    allowed_missing: usize,
    /// The numbers a line is checked against, in one allocation (every check of a line reads
    /// several of them, for several patterns): see [`Numbers`].
    numbers: Box<[u32]>,
    ends: [u32; 5],
}

/// What [`Pattern::numbers`] holds, in this order.
enum Numbers {
    /// Word ids of its tokens that are words (repeats kept).
    Words,
    /// Word ids of its tokens that make it an error: a line without them is a different story.
    RequiredWords,
    /// Its other tokens that can be looked for in the line's bytes (numbers, short words), by
    /// their searchers' places in [`Patterns::finders`].
    Short,
    /// Its tokens, and its tokens that make it an error, by their ids in [`Patterns::vocabulary`].
    Ids,
    Required,
}

/// The patterns of a book and what finds them.
pub(super) struct Patterns {
    pub(super) all: Vec<Pattern>,
    /// The words and names, by id.
    pub(super) words: Vec<String>,
    /// Word id → the patterns it anchors.
    pub(super) anchored: Vec<Vec<usize>>,
    /// By word id: for a distinctive error name, the name as written and the entries it names.
    pub(super) names: Vec<Option<(String, Vec<usize>)>>,
    /// Every token of every pattern, by id: a line is compared with patterns as numbers.
    pub(super) vocabulary: FxHashMap<String, u32>,
    /// Searchers for the patterns' short tokens, and whether each has a letter: one that has
    /// none ("500", "01") is found in a line as it is, with no need to lower-case the line.
    pub(super) finders: Vec<(Finder<'static>, bool)>,
}

impl Patterns {
    /// `error_words` are the book's (lower-case) words that make a line an error.
    pub(super) fn new<'e>(entries: &'e [EntryMeta], error_words: &'e [String]) -> Patterns {
        let mut builder = Builder { error_words: ErrorWords::new(error_words), ..Builder::default() };
        // Books repeat message texts far more than they vary them: each is tokenized once.
        let mut by_text: FxHashMap<&str, Option<usize>> = FxHashMap::default();
        for (e, entry) in entries.iter().enumerate() {
            for message in entry.messages.iter().chain(&entry.evidence) {
                let p = *by_text.entry(message).or_insert_with(|| builder.pattern(message));
                let Some(p) = p else { continue };
                if !builder.patterns[p].entries.contains(&e) {
                    builder.patterns[p].entries.push(e);
                }
            }
        }
        let names = builder.names(entries);
        let Builder { patterns, word_ids, vocabulary, finders, .. } = builder;
        let mut words = vec![String::new(); word_ids.len()];
        for (word, id) in word_ids {
            words[id as usize] = word;
        }
        let anchored = anchors(&patterns, &words);
        Patterns { all: patterns, words, anchored, names, vocabulary, finders }
    }
}

impl Pattern {
    fn new(parts: [Vec<u32>; 5]) -> Pattern {
        let mut ends = [0; 5];
        let mut end = 0;
        for (k, part) in parts.iter().enumerate() {
            end += part.len() as u32;
            ends[k] = end;
        }
        Pattern {
            entries: Vec::new(),
            allowed_missing: ((1.0 - MIN_COVERAGE) * parts[Numbers::Ids as usize].len() as f32 + f32::EPSILON) as usize,
            numbers: parts.concat().into_boxed_slice(),
            ends,
        }
    }

    #[inline]
    fn numbers(&self, which: Numbers) -> &[u32] {
        let k = which as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.numbers[start as usize..self.ends[k] as usize]
    }

    /// How many of its tokens a line holding the words for which `has` is true lacks, if that
    /// line could still match: its error words are there, and no more of its words are
    /// missing than [`MIN_COVERAGE`] allows. (A word in the line is not yet a token of it:
    /// `coverage` decides.)
    pub(super) fn words_missing(&self, has: impl Fn(u32) -> bool) -> Option<usize> {
        if !self.numbers(Numbers::RequiredWords).iter().all(|w| has(*w)) {
            return None;
        }
        let missing = self.numbers(Numbers::Words).iter().filter(|w| !has(**w)).count();
        (missing <= self.allowed_missing).then_some(missing)
    }

    /// Whether a line still could match, lacking `missing` of its words, once its short tokens
    /// are looked for (`has_short`, by their ids in [`Patterns::finders`]).
    pub(super) fn may_match(&self, mut missing: usize, has_short: &mut impl FnMut(u32) -> bool) -> bool {
        for &token in self.numbers(Numbers::Short) {
            if missing > self.allowed_missing {
                break;
            }
            if !has_short(token) {
                missing += 1;
            }
        }
        missing <= self.allowed_missing
    }

    /// Whether one of its tokens is `token` (by its id in [`Patterns::vocabulary`]).
    pub(super) fn holds(&self, token: u32) -> bool {
        self.numbers(Numbers::Ids).contains(&token)
    }

    /// The share of the pattern's tokens that are in a line (`has`, by token id), in any order:
    /// its coverage is at most that.
    pub(super) fn share_in(&self, has: impl Fn(u32) -> bool) -> f32 {
        let ids = self.numbers(Numbers::Ids);
        ids.iter().filter(|id| has(**id)).count() as f32 / ids.len() as f32
    }

    /// The share of the pattern's tokens the line (its token ids) holds in order, if the line
    /// counts as an occurrence at all. (`found` is scratch space: a line is compared with
    /// several patterns, and a candidate line comes every hundred lines or so.)
    pub(super) fn coverage(&self, line: &[u32], found: &mut Vec<u32>) -> Option<f32> {
        let ids = self.numbers(Numbers::Ids);
        found.clear();
        each_in_order(ids, line, |&id| found.push(id));
        let coverage = found.len() as f32 / ids.len() as f32;
        let required = self.numbers(Numbers::Required);
        (coverage >= MIN_COVERAGE && required.iter().all(|r| found.contains(r))).then_some(coverage)
    }
}

#[derive(Default)]
struct Builder<'w> {
    error_words: ErrorWords<'w>,
    patterns: Vec<Pattern>,
    /// The patterns by their tokens' ids.
    by_tokens: FxHashMap<Vec<u32>, usize>,
    word_ids: FxHashMap<String, u32>,
    vocabulary: FxHashMap<String, u32>,
    /// By token id: what the token is to a pattern, worked out once.
    kinds: Vec<Kind>,
    /// Short tokens recur across messages ("in", "500"): one searcher each.
    short_ids: FxHashMap<String, u32>,
    finders: Vec<(Finder<'static>, bool)>,
    /// The tokens of each run of a message between white space, by the run: messages share
    /// most of their runs ("ThrottlingException:", "exceeded", "in"), and each is tokenized
    /// once (its tokens are `chunk_spans[from..to]` of `chunk_text`).
    chunks: FxHashMap<&'w str, (usize, usize)>,
    chunk_text: String,
    chunk_spans: Vec<(usize, usize)>,
    /// What `pattern` works in, kept from one message to the next (tens of thousands of them).
    scratch: Scratch,
}

/// A message's lines as tokens (each line's in one string, as spans), the line that says most,
/// and its token ids.
#[derive(Default)]
struct Scratch {
    text: String,
    spans: Vec<(usize, usize)>,
    best_text: String,
    best_spans: Vec<(usize, usize)>,
    ids: Vec<u32>,
}

/// What a token is to a pattern.
#[derive(Clone, Copy)]
struct Kind {
    /// It makes a line an error.
    error: bool,
    /// Its word id, if lines are screened for it.
    word: Option<u32>,
    /// Its searcher's place in `finders`, if it is a short token that can be looked for.
    short: Option<u32>,
}

impl<'w> Builder<'w> {
    /// The pattern of a message, if it says enough to be recognized on its own. Entries often
    /// share a message (the same error in two languages, or in two documents): each distinct
    /// token sequence is one pattern, matched once per line.
    fn pattern(&mut self, message: &'w str) -> Option<usize> {
        // A log has one line at a time: of a message of several lines, the one that says most
        // ("Exit code: 1" alone would match any exit), the last of those that say as much.
        let Scratch { mut text, mut spans, mut best_text, mut best_spans, mut ids } = std::mem::take(&mut self.scratch);
        best_text.clear();
        best_spans.clear();
        for line in message.lines() {
            text.clear();
            spans.clear();
            for chunk in line.split_whitespace() {
                let (from, to) = self.chunk_tokens(chunk);
                for &(start, end) in &self.chunk_spans[from..to] {
                    text.push_str(&self.chunk_text[start..end]);
                    spans.push((text.len() - (end - start), text.len()));
                }
            }
            if spans.len() >= best_spans.len() {
                std::mem::swap(&mut text, &mut best_text);
                std::mem::swap(&mut spans, &mut best_spans);
            }
        }
        ids.clear();
        let p = if best_spans.len() < MIN_TOKENS {
            None
        } else {
            ids.extend(best_spans.iter().map(|&(start, end)| self.token_id(&best_text[start..end])));
            Some(match self.by_tokens.get(&ids) {
                Some(&p) => p,
                None => self.new_pattern(&ids),
            })
        };
        self.scratch = Scratch { text, spans, best_text, best_spans, ids };
        p
    }

    /// The pattern of these token ids, new.
    fn new_pattern(&mut self, ids: &[u32]) -> usize {
        let kinds: Vec<Kind> = ids.iter().map(|&id| self.kinds[id as usize]).collect();
        let words = kinds.iter().filter_map(|k| k.word).collect();
        let required_words = kinds.iter().filter(|k| k.error).filter_map(|k| k.word).collect();
        let short = kinds.iter().filter_map(|k| k.short).collect();
        let required = ids.iter().zip(&kinds).filter(|(_, k)| k.error).map(|(&id, _)| id).collect();
        self.patterns.push(Pattern::new([words, required_words, short, ids.to_vec(), required]));
        self.by_tokens.insert(ids.to_vec(), self.patterns.len() - 1);
        self.patterns.len() - 1
    }

    /// Where the tokens of `chunk` are in `chunk_spans`, tokenizing it the first time.
    fn chunk_tokens(&mut self, chunk: &'w str) -> (usize, usize) {
        if let Some(&range) = self.chunks.get(chunk) {
            return range;
        }
        let (text, spans) = (&mut self.chunk_text, &mut self.chunk_spans);
        let from = spans.len();
        each_chunk_token(chunk, &mut |token| {
            let start = text.len();
            text.push_str(token);
            spans.push((start, text.len()));
        });
        self.chunks.insert(chunk, (from, spans.len()));
        (from, spans.len())
    }

    fn token_id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(token) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.insert(token.to_string(), id);
        let kind = Kind {
            error: self.error_words.in_token(token),
            word: is_word(token).then(|| self.name_id(token)),
            short: self.short_id(token),
        };
        self.kinds.push(kind);
        id
    }

    /// The word id of a word or a name (lower case).
    fn name_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.word_ids.len() as u32;
        self.word_ids.insert(word.to_string(), id);
        id
    }

    fn short_id(&mut self, token: &str) -> Option<u32> {
        if is_word(token) || !findable(token) {
            return None;
        }
        let finders = &mut self.finders;
        Some(*self.short_ids.entry(token.to_string()).or_insert_with(|| {
            finders.push((Finder::new(token.as_bytes()).into_owned(), token.bytes().any(|b| b.is_ascii_alphabetic())));
            finders.len() as u32 - 1
        }))
    }

    /// Distinctive error names, by word id; the entries that carry one in their title are the
    /// ones it names, when there are such.
    fn names(&mut self, entries: &[EntryMeta]) -> Vec<Option<(String, Vec<usize>)>> {
        let mut named: FxHashMap<&str, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
        for (e, entry) in entries.iter().enumerate() {
            let texts = entry.messages.iter().chain(&entry.evidence).chain(std::iter::once(&entry.title));
            for name in texts.flat_map(|t| error_names(t)) {
                let (all, titled) = named.entry(name).or_default();
                // Entries come in order: one already counted is the last (a name can be in
                // thousands of entries, too many to search).
                if all.last() != Some(&e) {
                    all.push(e);
                }
                if titled.last() != Some(&e) && entry.title.contains(name) {
                    titled.push(e);
                }
            }
        }
        let mut named_ids: Vec<(u32, (String, Vec<usize>))> = Vec::new();
        for (name, (all, titled)) in named {
            if all.len() <= FEW_ENTRIES {
                let id = self.name_id(&name.to_lowercase());
                named_ids.push((id, (name.to_string(), if titled.is_empty() { all } else { titled })));
            }
        }
        let mut names = vec![None; self.word_ids.len()];
        for (id, name) in named_ids {
            names[id as usize] = Some(name);
        }
        names
    }
}

/// Each pattern's anchor: the word that fewest patterns hold, then the longest. A pattern with
/// no word at all ("E 1 2") cannot be screened for and is left out.
fn anchors(patterns: &[Pattern], words: &[String]) -> Vec<Vec<usize>> {
    let mut frequency = vec![0usize; words.len()];
    for pattern in patterns {
        let mut seen = pattern.numbers(Numbers::Words).to_vec();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            frequency[w as usize] += 1;
        }
    }
    let mut anchored: Vec<Vec<usize>> = vec![Vec::new(); words.len()];
    for (p, pattern) in patterns.iter().enumerate() {
        let anchor = pattern
            .numbers(Numbers::Words)
            .iter()
            .min_by_key(|w| (frequency[**w as usize], std::cmp::Reverse(words[**w as usize].len())));
        if let Some(&w) = anchor {
            anchored[w as usize].push(p);
        }
    }
    anchored
}

/// The words that make a line an error, ready to be looked for in every token of a book.
#[derive(Default)]
struct ErrorWords<'w> {
    words: &'w [String],
    /// A searcher for each word, built once.
    finders: Vec<Finder<'static>>,
}

impl<'w> ErrorWords<'w> {
    fn new(words: &'w [String]) -> ErrorWords<'w> {
        ErrorWords { words, finders: words.iter().map(|w| Finder::new(w.as_bytes()).into_owned()).collect() }
    }

    /// Whether a message token is (part of) one of the words.
    fn in_token(&self, token: &str) -> bool {
        self.finders.iter().any(|f| f.find(token.as_bytes()).is_some())
            || (token.chars().all(is_cjk) && self.words.iter().any(|w| w.contains(token)))
    }
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
