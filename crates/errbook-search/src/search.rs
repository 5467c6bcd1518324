//! The tantivy index as a ranking [`Source`]: what `errbook search` answers from.

use std::path::Path;

use tantivy::directory::RamDirectory;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TERMINATED, Term};

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
    pub fn statistics(&self) -> (u64, [u64; 4]) {
        let source = TantivySource { index: self, searcher: self.reader.searcher() };
        (source.doc_count(), [0, 1, 2, 3].map(|f| source.total_tokens(f)))
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        let paste = paste::analyze(text, &self.meta.error_words);
        rank::search(&TantivySource { index: self, searcher: self.reader.searcher() }, &paste, options)
    }

    /// Every term of every field with its postings, as (field, term, [(ord, fieldnorm id, term
    /// frequency)] in ascending ord): what the index split for the web is made of.
    pub fn all_postings(&self, each: &mut dyn FnMut(usize, &str, Vec<Posting>)) -> Result<()> {
        let searcher = self.reader.searcher();
        let source = TantivySource { index: self, searcher: searcher.clone() };
        let mut terms = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            for field in self.fields.text {
                let inverted = segment.inverted_index(field)?;
                let mut stream =
                    inverted.terms().stream().map_err(|e| Error(format!("reading the search index: {e}")))?;
                while stream.advance() {
                    terms.insert((field, String::from_utf8_lossy(stream.key()).into_owned()));
                }
            }
        }
        for (field, term) in terms {
            let f = self.fields.text.iter().position(|t| *t == field).expect("a text field");
            let mut postings = Vec::new();
            source.postings(f, &term, &mut |ord, norm, tf| postings.push((ord, norm, tf)))?;
            postings.sort_unstable_by_key(|p| p.0);
            each(f, &term, postings);
        }
        Ok(())
    }
}

struct TantivySource<'i> {
    index: &'i SearchIndex,
    searcher: Searcher,
}

impl Source for TantivySource<'_> {
    fn doc_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn total_tokens(&self, field: usize) -> u64 {
        let field = self.index.fields.text[field];
        self.searcher
            .segment_readers()
            .iter()
            .filter_map(|s| s.inverted_index(field).ok())
            .map(|inverted| inverted.total_num_tokens())
            .sum()
    }

    fn fieldnorm(&self, id: u8) -> u32 {
        tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id)
    }

    fn doc_freqs(&self, term: &str) -> Result<[u64; 4]> {
        let mut doc_freqs = [0u64; 4];
        for (df, field) in doc_freqs.iter_mut().zip(self.index.fields.text) {
            *df = self.searcher.doc_freq(&Term::from_field_text(field, term))?;
        }
        Ok(doc_freqs)
    }

    fn postings(&self, field: usize, term: &str, each: &mut dyn FnMut(u32, u8, u32)) -> Result<()> {
        let field = self.index.fields.text[field];
        let read = |e: std::io::Error| Error(format!("reading the search index: {e}"));
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let Some(mut postings) = inverted
                .read_postings(&Term::from_field_text(field, term), IndexRecordOption::WithFreqs)
                .map_err(read)?
            else {
                continue;
            };
            let norms = segment.get_fieldnorms_reader(field)?;
            let ords = segment.fast_fields().u64("ord")?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                let ord = ords.first(doc).ok_or_else(|| Error("search index: a document without its ord".into()))?;
                each(ord as u32, norms.fieldnorm_id(doc), postings.term_freq());
                doc = postings.advance();
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
