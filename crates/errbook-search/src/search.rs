//! The tantivy index as a ranking [`Source`]: what `errbook search` answers from.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::directory::RamDirectory;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, DocSet, Index, IndexReader, InvertedIndexReader, ReloadPolicy, Searcher, TERMINATED, Term};

use crate::analysis::Tokenizer;
use crate::pack::{self, EntryMeta, IndexMeta};
use crate::rank::{self, Hit, Posting, SearchOptions, Source};
use crate::schema::{self, Fields, TOKENIZER};
use crate::{Error, Result, paste};

pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    meta: IndexMeta,
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

    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// Documents, and tokens per text field over all of them.
    pub fn statistics(&self) -> Result<(u64, [u64; 4])> {
        let source = TantivySource::new(self)?;
        Ok((source.doc_count(), source.tokens))
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        let paste = paste::analyze(text, &self.meta.error_words);
        rank::search(&TantivySource::new(self)?, &paste, options)
    }

    /// Every term with its postings per text field ([(ord, fieldnorm id, term frequency)] in
    /// ascending ord), read by streaming each term dictionary once: what the index split for
    /// the web is made of.
    pub fn all_postings(&self) -> Result<BTreeMap<String, [Vec<Posting>; 4]>> {
        let source = TantivySource::new(self)?;
        let mut terms: BTreeMap<String, [Vec<Posting>; 4]> = BTreeMap::new();
        for segment in &source.segments {
            for (f, (inverted, _)) in segment.fields.iter().enumerate() {
                let mut stream = inverted.terms().stream().map_err(read_error)?;
                while stream.advance() {
                    let postings = inverted
                        .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                        .map_err(read_error)?;
                    let list = &mut terms.entry(String::from_utf8_lossy(stream.key()).into_owned()).or_default()[f];
                    segment.walk(f, postings, &mut |ord, norm, tf| list.push((ord, norm, tf)))?;
                }
            }
        }
        // Segments hold ords in any order.
        terms.values_mut().flatten().for_each(|postings| postings.sort_unstable_by_key(|p| p.0));
        Ok(terms)
    }
}

fn read_error(e: std::io::Error) -> Error {
    Error(format!("reading the search index: {e}"))
}

/// What scoring reads of one segment: each text field's inverted index and field norms, and
/// the documents' ords; opened once a search, not once a term.
struct SegmentParts {
    fields: Vec<(Arc<InvertedIndexReader>, FieldNormReader)>,
    ords: Column<u64>,
}

impl SegmentParts {
    /// Calls `each(ord, fieldnorm id, term frequency)` for every document of `postings` (in
    /// field `f`).
    fn walk(&self, f: usize, mut postings: SegmentPostings, each: &mut dyn FnMut(u32, u8, u32)) -> Result<()> {
        let norms = &self.fields[f].1;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            let ord = self.ords.first(doc).ok_or_else(|| Error("search index: a document without its ord".into()))?;
            each(ord as u32, norms.fieldnorm_id(doc), postings.term_freq());
            doc = postings.advance();
        }
        Ok(())
    }
}

struct TantivySource<'i> {
    index: &'i SearchIndex,
    searcher: Searcher,
    segments: Vec<SegmentParts>,
    /// Tokens per text field over all documents.
    tokens: [u64; 4],
}

impl<'i> TantivySource<'i> {
    fn new(index: &'i SearchIndex) -> Result<TantivySource<'i>> {
        let searcher = index.reader.searcher();
        let mut tokens = [0u64; 4];
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let mut fields = Vec::with_capacity(4);
            for (f, field) in index.fields.text.into_iter().enumerate() {
                let inverted = segment.inverted_index(field)?;
                tokens[f] += inverted.total_num_tokens();
                fields.push((inverted, segment.get_fieldnorms_reader(field)?));
            }
            segments.push(SegmentParts { fields, ords: segment.fast_fields().u64("ord")? });
        }
        Ok(TantivySource { index, searcher, segments, tokens })
    }
}

impl Source for TantivySource<'_> {
    fn doc_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn total_tokens(&self, field: usize) -> u64 {
        self.tokens[field]
    }

    fn fieldnorm(&self, id: u8) -> u32 {
        FieldNormReader::id_to_fieldnorm(id)
    }

    fn doc_freqs(&self, term: &str) -> Result<[u64; 4]> {
        let mut doc_freqs = [0u64; 4];
        for (df, field) in doc_freqs.iter_mut().zip(self.index.fields.text) {
            *df = self.searcher.doc_freq(&Term::from_field_text(field, term))?;
        }
        Ok(doc_freqs)
    }

    fn postings(&self, field: usize, term: &str, each: &mut dyn FnMut(u32, u8, u32)) -> Result<()> {
        let term = Term::from_field_text(self.index.fields.text[field], term);
        for segment in &self.segments {
            let inverted = &segment.fields[field].0;
            if let Some(postings) = inverted.read_postings(&term, IndexRecordOption::WithFreqs).map_err(read_error)? {
                segment.walk(field, postings, each)?;
            }
        }
        Ok(())
    }

    fn lang(&self, ord: u32) -> Option<&str> {
        self.index.meta.entries.get(ord as usize).map(|e| e.lang.as_str())
    }

    fn entry(&self, ord: u32) -> Result<&EntryMeta> {
        self.index.meta.entries.get(ord as usize).ok_or_else(|| Error("search index: an entry is missing".into()))
    }
}
