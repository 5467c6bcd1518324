//! Writing the index (native only: tantivy's writer uses threads).

use tantivy::directory::RamDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

use crate::analysis::Tokenizer;
use crate::pack::{self, EntryMeta, IndexMeta};
use crate::schema::{self, Fields, TOKENIZER};
use crate::{Error, Result};

/// One entry's searchable text, by field.
#[derive(Clone)]
pub struct Doc {
    pub meta: EntryMeta,
    pub title: String,
    pub messages: String,
    pub causes: String,
    pub body: String,
}

/// The memory tantivy's writer may use before it writes a segment.
const WRITER_MEMORY: usize = 64_000_000;

/// Builds the index of `docs` and returns it packed (see [`crate::pack`]).
pub fn build_index(docs: Vec<Doc>, error_words: Vec<String>) -> Result<Vec<u8>> {
    LiveIndex::build(docs, error_words)?.pack()
}

/// An index kept in memory, so that an edit of a few entries updates it rather than building it
/// again (`errbook serve`): their documents are deleted and added anew, and the segments merged
/// back into one. Postings, statistics and entries are then those of an index built afresh
/// from the same documents; only tantivy's document order inside the segment differs, and
/// every reader goes by the `ord` field.
pub struct LiveIndex {
    index: Index,
    fields: Fields,
    meta: IndexMeta,
}

impl LiveIndex {
    pub fn build(docs: Vec<Doc>, error_words: Vec<String>) -> Result<LiveIndex> {
        let (schema, fields) = schema::build();
        // Nothing is stored in the document store (results are shown from the pack's meta), so
        // it needs no compression, and the browser engine carries no decompressor.
        let settings =
            IndexSettings { docstore_compression: tantivy::store::Compressor::None, ..IndexSettings::default() };
        let index = Index::create(RamDirectory::create(), schema, settings)?;
        index.tokenizers().register(TOKENIZER, Tokenizer);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
        let mut entries = Vec::with_capacity(docs.len());
        for (ord, d) in docs.into_iter().enumerate() {
            writer.add_document(document(&fields, ord, &d))?;
            entries.push(d.meta);
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(LiveIndex { index, fields, meta: IndexMeta { error_words, entries } })
    }

    /// Puts each document of `changed` in the place (`ord`) of the entry it replaces.
    pub fn replace(&mut self, changed: Vec<(usize, Doc)>) -> Result<()> {
        if let Some((ord, _)) = changed.iter().find(|(ord, _)| *ord >= self.meta.entries.len()) {
            return Err(Error(format!("search index: no entry {ord} to replace")));
        }
        let mut writer: IndexWriter<TantivyDocument> = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (ord, doc) in changed {
            writer.delete_term(Term::from_field_u64(self.fields.ord, ord as u64));
            writer.add_document(document(&self.fields, ord, &doc))?;
            self.meta.entries[ord] = doc.meta;
        }
        writer.commit()?;
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// The index as one file (see [`crate::pack`]).
    pub fn pack(&self) -> Result<Vec<u8>> {
        let directory = self.index.directory();
        // The live segments' files: those of segments merged away may not be collected yet.
        let segments: Vec<String> =
            self.index.searchable_segment_metas()?.iter().map(|s| s.id().uuid_string()).collect();
        let mut names: Vec<String> = directory
            .list_managed_files()
            .into_iter()
            .filter_map(|p| p.to_str().map(str::to_string))
            .filter(|n| segments.iter().any(|s| n.starts_with(s.as_str())))
            .chain(std::iter::once("meta.json".to_string()))
            .collect();
        names.sort();
        names.dedup();
        let mut files = Vec::new();
        for name in names {
            // The raw bytes, footers included: the reader checks them when it opens the files.
            let bytes = tantivy::Directory::atomic_read(directory, std::path::Path::new(&name))
                .map_err(|e| Error(format!("reading index file {name}: {e}")))?;
            files.push((name, bytes));
        }
        Ok(pack::write(&files, &self.meta))
    }
}

fn document(fields: &Fields, ord: usize, d: &Doc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.ord, ord as u64);
    for (field, text) in fields.text.iter().zip([&d.messages, &d.title, &d.causes, &d.body]) {
        doc.add_text(*field, text);
    }
    doc
}
