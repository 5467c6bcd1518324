//! Answering a paste: BM25 over the weighted fields, then a re-ranking of the best candidates by
//! how much of each one's literal error message appears in the paste, in order.

use std::path::Path;

use serde::Serialize;
use tantivy::directory::RamDirectory;
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, DocAddress, DocId, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TERMINATED, Term};

use crate::analysis::{Tokenizer, tokens};
use crate::pack::{self, EntryMeta, IndexMeta};
use crate::paste;
use crate::schema::{self, Fields, TEXT_FIELDS, TOKENIZER};
use crate::{Error, Result};

/// At most this many distinct terms of a paste are searched for, the error lines' and the
/// rarest first: a whole log must not become a query of thousands of terms.
pub const MAX_QUERY_TERMS: usize = 48;
/// How many BM25 candidates are re-ranked.
const CANDIDATES: usize = 30;
/// How much a fully matched literal message adds to a normalized BM25 score of at most 1.
const MESSAGE_WEIGHT: f32 = 1.0;
/// Cause evidence (log lines shown for one cause) counts for less than the entry's own message.
const EVIDENCE_WEIGHT: f32 = 0.6;
/// Results scoring below this share of the best one are not listed: a paste that names one
/// error well should not come with a tail of entries that merely share a word with it.
const RELEVANCE_FLOOR: f32 = 0.3;

pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    meta: IndexMeta,
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

impl SearchIndex {
    /// Opens a packed index (see [`crate::pack`]).
    pub fn open(bytes: &[u8]) -> Result<SearchIndex> {
        let (files, meta) = pack::read(bytes)?;
        let dir = RamDirectory::create();
        for (name, data) in files {
            dir.atomic_write(Path::new(&name), data).map_err(|e| Error(format!("loading index file {name}: {e}")))?;
        }
        let index = Index::open(dir)?;
        index.tokenizers().register(TOKENIZER, Tokenizer);
        let fields = schema::fields(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { reader, fields, meta })
    }

    pub fn entries(&self) -> &[EntryMeta] {
        &self.meta.entries
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        let paste = paste::analyze(text, &self.meta.error_words);
        let searcher = self.reader.searcher();
        let total = searcher.num_docs().max(1) as f32;
        let mut terms: Vec<QueryTerm> = Vec::new();
        for (text, weight) in paste.terms {
            let mut doc_freqs = [0u64; TEXT_FIELDS.len()];
            for (df, field) in doc_freqs.iter_mut().zip(self.fields.text) {
                *df = searcher.doc_freq(&Term::from_field_text(field, &text))?;
            }
            let df: u64 = doc_freqs.iter().sum();
            if df > 0 {
                terms.push(QueryTerm { text, weight, idf: (total / df as f32).ln(), doc_freqs });
            }
        }
        terms.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(b.idf.total_cmp(&a.idf)));
        terms.truncate(MAX_QUERY_TERMS);
        if terms.is_empty() {
            return Ok(Vec::new());
        }

        let top = self.bm25(&searcher, &terms, options.lang.as_deref())?;
        let best = top.first().map_or(1.0, |(s, _)| *s).max(f32::EPSILON);
        let mut hits = Vec::new();
        for (score, address) in top {
            let column = searcher.segment_reader(address.segment_ord).fast_fields().u64("ord")?;
            let Some(ord) = column.first(address.doc_id) else { continue };
            let Some(entry) = self.meta.entries.get(ord as usize) else { continue };
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
}

/// A term of the paste, with the statistics that choosing and scoring it need.
struct QueryTerm {
    text: String,
    /// How much the paste insists on it (error lines weigh more).
    weight: f32,
    /// Rarity over all text fields, to choose the most telling terms.
    idf: f32,
    /// Documents holding it, per field of [`TEXT_FIELDS`].
    doc_freqs: [u64; TEXT_FIELDS.len()],
}

impl SearchIndex {
    /// The [`CANDIDATES`] best documents by the sum over terms and fields of BM25 × field boost ×
    /// term weight. Scored term at a time into one score per document: a few dozen short postings
    /// lists over at most tens of thousands of documents, where a dense array beats a heap of
    /// scorers (and keeps tantivy's query machinery, with its regex engine, out of the browser).
    /// Only documents in `lang`, when given: the language filter comes before the cut, so that
    /// a query in one language is not crowded out by the other's candidates.
    fn bm25(&self, searcher: &Searcher, terms: &[QueryTerm], lang: Option<&str>) -> Result<Vec<(f32, DocAddress)>> {
        let total_docs = searcher.num_docs().max(1);
        let mut scored = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let column = segment.fast_fields().u64("ord")?;
            let in_lang = |doc: DocId| {
                lang.is_none_or(|lang| {
                    column
                        .first(doc)
                        .and_then(|ord| self.meta.entries.get(ord as usize))
                        .is_some_and(|e| e.lang == lang)
                })
            };
            let mut scores = vec![0f32; segment.max_doc() as usize];
            for (f, (field, (_, boost))) in self.fields.text.iter().zip(TEXT_FIELDS).enumerate() {
                let inverted = segment.inverted_index(*field)?;
                let norms = segment.get_fieldnorms_reader(*field)?;
                let average_norm = searcher.total_num_tokens(*field)? as f32 / total_docs as f32;
                for term in terms {
                    let Some(mut postings) = inverted
                        .read_postings(&Term::from_field_text(*field, &term.text), IndexRecordOption::WithFreqs)
                        .map_err(|e| Error(format!("reading the search index: {e}")))?
                    else {
                        continue;
                    };
                    let bm25 = Bm25Weight::for_one_term_without_explain(term.doc_freqs[f], total_docs, average_norm)
                        .boost_by(boost * term.weight);
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        scores[doc as usize] += bm25.score(norms.fieldnorm_id(doc), postings.term_freq());
                        doc = postings.advance();
                    }
                }
            }
            scored.extend(
                scores
                    .into_iter()
                    .enumerate()
                    .filter(|(doc, s)| *s > 0.0 && in_lang(*doc as DocId))
                    .map(|(doc, s)| (s, DocAddress::new(segment_ord as u32, doc as DocId))),
            );
        }
        // Best first; equal scores in index order, so that results do not depend on sorting.
        let by_score = |a: &(f32, DocAddress), b: &(f32, DocAddress)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > CANDIDATES {
            scored.select_nth_unstable_by(CANDIDATES, by_score);
            scored.truncate(CANDIDATES);
        }
        scored.sort_by(by_score);
        Ok(scored)
    }
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
pub(crate) fn in_order<'w>(wanted: &'w [String], line: &[String]) -> Vec<&'w String> {
    let mut got = Vec::new();
    let mut pos = 0;
    for w in wanted {
        if let Some(i) = line[pos..].iter().position(|t| t == w) {
            got.push(w);
            pos += i + 1;
        }
    }
    got
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
}
