//! Answering a paste, over any [`Source`] of postings: BM25 over the weighted fields, then a
//! re-ranking of the best candidates by how much of each one's literal error message appears in
//! the paste, in order. The tantivy index (`errbook search`) and the index split for the web
//! (the browser) are both sources, so both rank with this very code and agree to the bit.

use serde::Serialize;

use crate::analysis::tokens;
use crate::pack::EntryMeta;
use crate::paste::Paste;
use crate::{Error, Result};

/// The text fields, with their boosts: a match in an entry's literal error message counts for
/// more than one in its title, which counts for more than one in its causes or its body.
pub const TEXT_FIELDS: [(&str, f32); 4] = [("messages", 4.0), ("title", 3.0), ("causes", 2.0), ("body", 1.0)];
/// At most this many distinct terms of a paste are looked up, the error lines' first and then
/// in order of appearance: a whole log must not cost a look-up per word (in the browser, a
/// request per word).
pub const MAX_LOOKED_UP_TERMS: usize = 160;
/// Of those, at most this many are searched for, the error lines' and the rarest first.
pub const MAX_QUERY_TERMS: usize = 48;
/// A term in more than this share of the documents (counted over all fields) is not searched
/// for while the paste has rarer terms the index holds: like a stop word, it would move every
/// score alike (its BM25 weight is a few percent of a rare term's), and its postings are the
/// longest of the index (in the browser, the most bytes to load).
pub const COMMON_TERM_SHARE: f32 = 0.5;
/// How many BM25 candidates are re-ranked.
pub const CANDIDATES: usize = 30;
/// How much a fully matched literal message adds to a normalized BM25 score of at most 1.
const MESSAGE_WEIGHT: f32 = 1.0;
/// Cause evidence (log lines shown for one cause) counts for less than the entry's own message.
const EVIDENCE_WEIGHT: f32 = 0.6;
/// Results scoring below this share of the best one are not listed: a paste that names one
/// error well should not come with a tail of entries that merely share a word with it.
const RELEVANCE_FLOOR: f32 = 0.3;
/// BM25's parameters, as tantivy (and Lucene) set them.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One document holding a term: (ord, field norm id, term frequency).
pub type Posting = (u32, u8, u32);

/// Where ranking reads its statistics, postings and entries. Documents are numbered by their
/// position in the entry list (their *ord*).
pub trait Source {
    /// Documents in the index.
    fn doc_count(&self) -> u64;
    /// Tokens in `field` over all documents (for the average field length).
    fn total_tokens(&self, field: usize) -> u64;
    /// The field length a one-byte field norm stands for.
    fn fieldnorm(&self, id: u8) -> u32;
    /// How many documents hold `term`, per field of [`TEXT_FIELDS`].
    fn doc_freqs(&self, term: &str) -> Result<[u64; 4]>;
    /// Calls `each(ord, fieldnorm id, term frequency)` for every document holding `term` in
    /// `field`, in ascending ord.
    fn postings(&self, field: usize, term: &str, each: &mut dyn FnMut(u32, u8, u32)) -> Result<()>;
    /// The language of document `ord`.
    fn lang(&self, ord: u32) -> Option<&str>;
    /// What a result shows of document `ord`.
    fn entry(&self, ord: u32) -> Result<&EntryMeta>;
}

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Only entries in this language.
    pub lang: Option<String>,
    /// On equal scores, entries in this language first (the page's language).
    pub prefer_lang: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub url: String,
    pub source: String,
    pub score: f32,
    /// The entry's error line that the paste matched best (its title when none did).
    pub matched: String,
    /// The words of `matched` that the paste contains, for highlighting.
    pub matched_terms: Vec<String>,
}

/// The whole search over a source that holds everything.
pub fn search<S: Source>(source: &S, paste: &Paste, options: &SearchOptions) -> Result<Vec<Hit>> {
    let terms = query_terms(source, &looked_up_terms(paste))?;
    let top = candidates(source, &terms, options.lang.as_deref())?;
    hits(source, &top, paste, options)
}

/// The terms of a paste that are looked up (see [`MAX_LOOKED_UP_TERMS`]).
pub fn looked_up_terms(paste: &Paste) -> Vec<(String, f32)> {
    let mut terms = paste.terms.clone();
    // Stable: equal weights keep their order of appearance.
    terms.sort_by(|a, b| b.1.total_cmp(&a.1));
    terms.truncate(MAX_LOOKED_UP_TERMS);
    terms
}

/// A term of the paste, with the statistics that choosing and scoring it need.
pub struct QueryTerm {
    pub text: String,
    /// How much the paste insists on it (error lines weigh more).
    weight: f32,
    /// Rarity over all text fields, to choose the most telling terms.
    idf: f32,
    /// Documents holding it, per field of [`TEXT_FIELDS`].
    doc_freqs: [u64; 4],
}

/// The looked-up terms the index holds, the [`MAX_QUERY_TERMS`] weightiest and rarest.
pub fn query_terms<S: Source>(source: &S, looked_up: &[(String, f32)]) -> Result<Vec<QueryTerm>> {
    let total = source.doc_count().max(1) as f32;
    let mut terms = Vec::new();
    for (text, weight) in looked_up {
        let doc_freqs = source.doc_freqs(text)?;
        let df: u64 = doc_freqs.iter().sum();
        if df > 0 {
            terms.push(QueryTerm { text: text.clone(), weight: *weight, idf: (total / df as f32).ln(), doc_freqs });
        }
    }
    let common = |t: &QueryTerm| is_common(t.doc_freqs.iter().sum(), source.doc_count());
    if terms.iter().any(|t| !common(t)) {
        terms.retain(|t| !common(t));
    }
    terms.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(b.idf.total_cmp(&a.idf)));
    terms.truncate(MAX_QUERY_TERMS);
    Ok(terms)
}

/// The [`CANDIDATES`] best documents (score, ord) by the sum over terms and fields of BM25 ×
/// field boost × term weight. Scored term at a time into one score per document: a few dozen
/// short postings lists over at most tens of thousands of documents, where a dense array beats
/// a heap of scorers. Only documents in `lang`, when given: the language filter comes before
/// the cut, so that a query in one language is not crowded out by the other's candidates.
pub fn candidates<S: Source>(source: &S, terms: &[QueryTerm], lang: Option<&str>) -> Result<Vec<(f32, u32)>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let docs = source.doc_count().max(1);
    let mut scores = vec![0f32; source.doc_count() as usize];
    for (f, (_, boost)) in TEXT_FIELDS.iter().enumerate() {
        let average = source.total_tokens(f) as f32 / docs as f32;
        let mut norms = [0f32; 256];
        for (id, norm) in norms.iter_mut().enumerate() {
            *norm = K1 * (1.0 - B + B * source.fieldnorm(id as u8) as f32 / average);
        }
        for term in terms {
            let weight = idf(term.doc_freqs[f], docs) * (1.0 + K1) * (boost * term.weight);
            let mut out_of_range = false;
            source.postings(f, &term.text, &mut |ord, norm, tf| {
                let tf = tf as f32;
                match scores.get_mut(ord as usize) {
                    Some(score) => *score += weight * (tf / (tf + norms[norm as usize])),
                    None => out_of_range = true,
                }
            })?;
            if out_of_range {
                return Err(Error("search index: a posting names a document the index does not hold".into()));
            }
        }
    }
    let mut scored: Vec<(f32, u32)> = scores
        .into_iter()
        .enumerate()
        .filter(|&(ord, s)| s > 0.0 && lang.is_none_or(|lang| source.lang(ord as u32) == Some(lang)))
        .map(|(ord, s)| (s, ord as u32))
        .collect();
    // Best first; equal scores in index order, so that results do not depend on sorting.
    let by_score = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > CANDIDATES {
        scored.select_nth_unstable_by(CANDIDATES, by_score);
        scored.truncate(CANDIDATES);
    }
    scored.sort_by(by_score);
    Ok(scored)
}

/// Whether a term held `df` times over all fields of `docs` documents is too common to search
/// for (see [`COMMON_TERM_SHARE`]).
pub fn is_common(df: u64, docs: u64) -> bool {
    df as f32 > docs as f32 * COMMON_TERM_SHARE
}

/// BM25's inverse document frequency, as tantivy computes it.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let x = (docs.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The candidates re-ranked by their messages, cut at the relevance floor and the limit.
pub fn hits<S: Source>(source: &S, top: &[(f32, u32)], paste: &Paste, options: &SearchOptions) -> Result<Vec<Hit>> {
    let best = top.first().map_or(1.0, |(s, _)| *s).max(f32::EPSILON);
    let mut hits = Vec::new();
    for &(score, ord) in top {
        let entry = source.entry(ord)?;
        if options.lang.as_ref().is_some_and(|l| *l != entry.lang) {
            continue;
        }
        hits.push(rerank(entry, score / best, &paste.lines));
    }
    let prefer = |h: &Hit| options.prefer_lang.as_ref().is_some_and(|l| *l == h.lang);
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(prefer(b).cmp(&prefer(a))));
    let floor = hits.first().map_or(0.0, |h| h.score * RELEVANCE_FLOOR);
    hits.retain(|h| h.score >= floor);
    hits.truncate(options.limit.max(1));
    Ok(hits)
}

fn rerank(entry: &EntryMeta, bm25: f32, lines: &[Vec<String>]) -> Hit {
    let candidates =
        entry.messages.iter().map(|m| (m, MESSAGE_WEIGHT)).chain(entry.evidence.iter().map(|m| (m, EVIDENCE_WEIGHT)));
    let mut best: Option<(f32, &String, Vec<String>)> = None;
    for (message, weight) in candidates {
        let (coverage, matched) = coverage(message, lines);
        let value = coverage * weight;
        if value > 0.0 && best.as_ref().is_none_or(|(b, _, _)| value > *b) {
            best = Some((value, message, matched));
        }
    }
    let (bonus, matched, matched_terms) = match best {
        Some((value, message, terms)) => (value, message.clone(), terms),
        None => {
            // No message matched: show the title, with the words the paste shares with it.
            let mut shared: Vec<String> =
                tokens(&entry.title).into_iter().filter(|t| lines.iter().any(|l| l.contains(t))).collect();
            shared.dedup();
            (0.0, entry.title.clone(), shared)
        }
    };
    Hit {
        id: entry.id.clone(),
        title: entry.title.clone(),
        lang: entry.lang.clone(),
        url: entry.url.clone(),
        source: entry.source.clone(),
        score: bm25 + bonus,
        matched,
        matched_terms,
    }
}

/// How much of `message` the paste contains in order: for each line of the message, the most
/// tokens that one pasted line holds in the same order, over all the message's tokens. Short
/// messages are trusted less: one word found proves little.
fn coverage(message: &str, lines: &[Vec<String>]) -> (f32, Vec<String>) {
    let mut found = 0usize;
    let mut total = 0usize;
    let words = message.split_whitespace().count();
    let mut matched = Vec::new();
    for message_line in message.lines() {
        let wanted = tokens(message_line);
        if wanted.is_empty() {
            continue;
        }
        total += wanted.len();
        let mut best: Vec<&String> = Vec::new();
        for line in lines {
            let got = in_order(&wanted, line);
            if got.len() > best.len() {
                best = got;
            }
            if best.len() == wanted.len() {
                break;
            }
        }
        found += best.len();
        matched.extend(best.into_iter().cloned());
    }
    if total == 0 {
        return (0.0, matched);
    }
    let confidence = (words as f32 / 3.0).min(1.0);
    matched.dedup();
    (found as f32 / total as f32 * confidence, matched)
}

/// The tokens of `wanted` that occur in `line` in the same order (greedy).
fn in_order<'w, T: PartialEq>(wanted: &'w [T], line: &[T]) -> Vec<&'w T> {
    let mut got = Vec::new();
    each_in_order(wanted, line, |w| got.push(w));
    got
}

/// Calls `found` with each token of `wanted` that occurs in `line` in the same order (greedy).
pub(crate) fn each_in_order<'w, T: PartialEq>(wanted: &'w [T], line: &[T], mut found: impl FnMut(&'w T)) {
    let mut pos = 0;
    for w in wanted {
        if let Some(i) = line[pos..].iter().position(|t| t == w) {
            found(w);
            pos += i + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Vec<String>> {
        text.lines().map(tokens).collect()
    }

    #[test]
    fn coverage_rewards_the_message_in_order() {
        let (full, _) = coverage("pull access denied", &lines("x pull access denied y"));
        let (shuffled, _) = coverage("pull access denied", &lines("denied access pull"));
        assert_eq!(full, 1.0);
        assert!(shuffled < full);
    }

    #[test]
    fn one_word_messages_are_trusted_less() {
        let (c, _) = coverage("ThrottleException", &lines("ThrottleException"));
        assert!(c < 0.5);
    }

    #[test]
    fn idf_matches_tantivys() {
        // log(1 + (N - n + 0.5) / (n + 0.5)), tantivy's test value.
        assert!((idf(1, 2) - 2f32.ln()).abs() < 1e-6);
    }
}
