//! Writing the index (native only: tantivy's writer uses threads).

use tantivy::directory::RamDirectory;
use tantivy::{Index, IndexSettings, TantivyDocument};

use crate::analysis::Tokenizer;
use crate::pack::{self, EntryMeta, IndexMeta};
use crate::schema::{self, TOKENIZER};
use crate::{Error, Result};

/// One entry's searchable text, by field.
pub struct Doc {
    pub meta: EntryMeta,
    pub title: String,
    pub messages: String,
    pub causes: String,
    pub body: String,
}

/// Builds the index of `docs` and returns it packed (see [`crate::pack`]).
pub fn build_index(docs: Vec<Doc>, error_words: Vec<String>) -> Result<Vec<u8>> {
    let (schema, fields) = schema::build();
    let dir = RamDirectory::create();
    // Nothing is stored in the document store (results are shown from the pack's meta), so it
    // needs no compression, and the browser engine carries no decompressor.
    let settings = IndexSettings { docstore_compression: tantivy::store::Compressor::None, ..IndexSettings::default() };
    let index = Index::create(dir, schema, settings)?;
    index.tokenizers().register(TOKENIZER, Tokenizer);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 64_000_000)?;
    let mut entries = Vec::with_capacity(docs.len());
    for (ord, d) in docs.into_iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.ord, ord as u64);
        for (field, text) in fields.text.iter().zip([&d.messages, &d.title, &d.causes, &d.body]) {
            doc.add_text(*field, text);
        }
        writer.add_document(doc)?;
        entries.push(d.meta);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let directory = index.directory();
    let mut names: Vec<String> = directory
        .list_managed_files()
        .into_iter()
        .filter_map(|p| p.to_str().map(str::to_string))
        .chain(std::iter::once("meta.json".to_string()))
        .filter(|n| !n.starts_with(".tantivy"))
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
    Ok(pack::write(&files, &IndexMeta { error_words, entries }))
}
