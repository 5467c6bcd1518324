//! The index split for the web. A page fetches a small manifest, then only the shards of
//! postings that its query's terms fall in and the chunks of entries that its candidates sit
//! in, so that the first search of a page costs about the same for 200 entries and 200,000.
//! The shards hold tantivy's postings (term frequencies and field norms as the index has
//! them), and ranking is [`crate::rank`], so results are those of `errbook search`.
//!
//! A search that lacks a part answers with the parts it needs; the page loads them and asks
//! again: at most three times (the shards of its rarer terms, those of the common terms it
//! keeps when it has nothing else, the chunks of its candidates).
//!
//! The manifest carries a Bloom filter of the terms the shards hold, so that the words of a
//! pasted log that no entry has (request ids, timings, routine words) cost no request, and the
//! document frequencies of the terms too common to be searched for beside rarer ones
//! ([`rank::is_common`]), so that their long postings are loaded only for a paste of nothing
//! else.
//!
//! Formats: every part is stored gzipped (by the site writer; the page inflates it with the
//! browser's `DecompressionStream`), so that a query's bytes are small on any host, compressing
//! or not. The manifest is a u32 (little-endian) length, that much JSON ([`Manifest`]), then
//! the filter's bits. A shard is, per term in byte order, a varint
//! length and the term's UTF-8, then per text field a varint count and that many postings
//! (varint ord delta, varint term frequency, one byte of field norm id); a chunk is the JSON
//! array of [`EntryMeta`] of [`Manifest::chunk`] consecutive entries.

#[cfg(feature = "tantivy")]
pub mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::bytes::Reader;
use crate::pack::EntryMeta;
use crate::rank::{self, Hit, Posting, SearchOptions, Source};
use crate::{Error, Result, paste};

/// Changes whenever the parts' layout does.
pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: u32,
    /// Differs between builds whose parts differ: pages request parts with it, so that a cache
    /// never mixes two builds.
    pub key: String,
    pub docs: u64,
    /// Tokens per text field over all documents.
    pub tokens: [u64; 4],
    /// The field length each one-byte field norm id stands for (256 values).
    pub fieldnorms: Vec<u32>,
    pub shards: u32,
    /// Entries per chunk.
    pub chunk: u32,
    /// The documents' languages in ord order, as runs of (language, count).
    pub langs: Vec<(String, u32)>,
    /// Words that make a pasted line an error line.
    pub error_words: Vec<String>,
    /// Parts are scripts (`.js`, for `file://`) rather than files to fetch (`.bin`).
    pub scripts: bool,
    /// Hash functions of the term filter.
    pub filter_hashes: u32,
    /// The common terms, with their document frequencies per field.
    pub common: BTreeMap<String, [u64; 4]>,
}

impl Manifest {
    pub fn manifest_name(scripts: bool) -> &'static str {
        if scripts { "manifest.js" } else { "manifest.bin" }
    }

    pub fn shard_of(&self, term: &str) -> u32 {
        fnv1a(term.as_bytes()) % self.shards.max(1)
    }

    pub fn shard_name(&self, shard: u32) -> String {
        format!("s/{shard}.{}", if self.scripts { "js" } else { "bin" })
    }

    pub fn chunk_name(&self, chunk: u32) -> String {
        format!("e/{chunk}.{}", if self.scripts { "js" } else { "bin" })
    }
}

/// 32-bit FNV-1a: stable across builds and platforms, and a few lines in the engine.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// The bits of the term filter that `term` sets: `hashes` positions among `bits` by double
/// hashing of 64-bit FNV-1a.
pub(crate) fn filter_bits(term: &str, hashes: u32, bits: u64) -> impl Iterator<Item = u64> {
    let h = term.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let (h1, h2) = (h & 0xffff_ffff, (h >> 32) | 1);
    (0..u64::from(hashes)).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % bits.max(1))
}

/// A part of the index: its name (relative to the index folder) and bytes.
pub type Part = (String, Vec<u8>);

/// The web index as far as it is loaded.
pub struct WebIndex {
    manifest: Manifest,
    /// The Bloom filter of the terms the shards hold.
    filter: Vec<u8>,
    /// Index into `manifest.langs` per ord.
    lang_of: Vec<u16>,
    shards: HashMap<u32, HashMap<String, [Vec<Posting>; 4]>>,
    entries: HashMap<u32, EntryMeta>,
}

/// What a search over a partly loaded index answers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Hits(Vec<Hit>),
    /// Parts to load (names relative to the index folder) before asking again.
    Needs(Vec<String>),
}

impl WebIndex {
    /// Opens the index from its manifest (inflated).
    pub fn open(bytes: &[u8]) -> Result<WebIndex> {
        let mut r = Reader::new(bytes, corrupt);
        let manifest: Manifest = serde_json::from_slice(r.chunk()?).map_err(|_| corrupt())?;
        let filter = r.rest().to_vec();
        if manifest.format != FORMAT || manifest.fieldnorms.len() != 256 {
            return Err(corrupt());
        }
        let mut lang_of = Vec::new();
        for (i, (_, count)) in manifest.langs.iter().enumerate() {
            lang_of.extend(std::iter::repeat_n(i as u16, *count as usize));
        }
        if lang_of.len() as u64 != manifest.docs {
            return Err(corrupt());
        }
        Ok(WebIndex { manifest, filter, lang_of, shards: HashMap::new(), entries: HashMap::new() })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Adds a loaded part (inflated), named as [`Answer::Needs`] named it.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let number = |n: &str| n.parse::<u32>().map_err(|_| Error(format!("not a part of the search index: {name}")));
        match stem.split_once('/') {
            Some(("s", n)) => {
                let shard = number(n)?;
                self.shards.insert(shard, read_shard(bytes)?);
            }
            Some(("e", n)) => {
                let first = number(n)?.saturating_mul(self.manifest.chunk);
                let entries: Vec<EntryMeta> = serde_json::from_slice(bytes).map_err(|_| corrupt())?;
                for (i, entry) in entries.into_iter().enumerate() {
                    self.entries.insert(first.saturating_add(i as u32), entry);
                }
            }
            _ => return Err(Error(format!("not a part of the search index: {name}"))),
        }
        Ok(())
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<Answer> {
        let paste = paste::analyze(text, &self.manifest.error_words);
        let looked_up = rank::looked_up_terms(&paste);
        // The rarer terms first; a common term's postings only once it is chosen.
        let rarer = looked_up.iter().map(|(t, _)| t).filter(|t| !self.manifest.common.contains_key(*t));
        if let Some(needs) = self.missing_shards(rarer.filter(|t| self.may_hold(t))) {
            return Ok(Answer::Needs(needs));
        }
        let terms = rank::query_terms(self, &looked_up)?;
        if let Some(needs) = self.missing_shards(terms.iter().map(|t| &t.text)) {
            return Ok(Answer::Needs(needs));
        }
        let top = rank::candidates(self, &terms, options.lang.as_deref())?;
        let chunk = self.manifest.chunk.max(1);
        let chunks: BTreeSet<u32> =
            top.iter().filter(|(_, ord)| !self.entries.contains_key(ord)).map(|(_, ord)| ord / chunk).collect();
        if !chunks.is_empty() {
            return Ok(Answer::Needs(chunks.into_iter().map(|c| self.manifest.chunk_name(c)).collect()));
        }
        rank::hits(self, &top, &paste, options).map(Answer::Hits)
    }

    /// The names of the shards of `terms` not loaded yet, if any.
    fn missing_shards<'t>(&self, terms: impl Iterator<Item = &'t String>) -> Option<Vec<String>> {
        let shards: BTreeSet<u32> = terms.map(|t| self.manifest.shard_of(t)).collect();
        let needs: Vec<String> =
            shards.into_iter().filter(|s| !self.shards.contains_key(s)).map(|s| self.manifest.shard_name(s)).collect();
        (!needs.is_empty()).then_some(needs)
    }

    /// Whether the shards may hold `term` (false: they certainly do not).
    fn may_hold(&self, term: &str) -> bool {
        let bits = self.filter.len() as u64 * 8;
        filter_bits(term, self.manifest.filter_hashes, bits)
            .all(|bit| self.filter[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
    }

    fn term(&self, term: &str) -> Result<Option<&[Vec<Posting>; 4]>> {
        if !self.manifest.common.contains_key(term) && !self.may_hold(term) {
            return Ok(None);
        }
        let shard = self.manifest.shard_of(term);
        let postings = self.shards.get(&shard).ok_or_else(|| Error(format!("search index part {shard} not loaded")))?;
        Ok(postings.get(term))
    }
}

impl Source for WebIndex {
    fn doc_count(&self) -> u64 {
        self.manifest.docs
    }

    fn total_tokens(&self, field: usize) -> u64 {
        self.manifest.tokens[field]
    }

    fn fieldnorm(&self, id: u8) -> u32 {
        self.manifest.fieldnorms[id as usize]
    }

    fn doc_freqs(&self, term: &str) -> Result<[u64; 4]> {
        if let Some(doc_freqs) = self.manifest.common.get(term) {
            return Ok(*doc_freqs);
        }
        Ok(self.term(term)?.map_or([0; 4], |fields| fields.each_ref().map(|p| p.len() as u64)))
    }

    fn postings(&self, field: usize, term: &str, each: &mut dyn FnMut(u32, u8, u32)) -> Result<()> {
        for &(ord, norm, tf) in self.term(term)?.map_or(&[][..], |fields| &fields[field]) {
            each(ord, norm, tf);
        }
        Ok(())
    }

    fn lang(&self, ord: u32) -> Option<&str> {
        let run = *self.lang_of.get(ord as usize)?;
        Some(self.manifest.langs[run as usize].0.as_str())
    }

    fn entry(&self, ord: u32) -> Result<&EntryMeta> {
        self.entries.get(&ord).ok_or_else(|| Error(format!("search index: entry {ord} not loaded")))
    }
}

fn corrupt() -> Error {
    Error("search index part is damaged or from another errbook version; run `errbook build` again".into())
}

fn read_shard(bytes: &[u8]) -> Result<HashMap<String, [Vec<Posting>; 4]>> {
    let mut r = Reader::new(bytes, corrupt);
    let mut terms = HashMap::new();
    while !r.rest().is_empty() {
        let len = r.varint()? as usize;
        let term = std::str::from_utf8(r.take(len)?).map_err(|_| corrupt())?.to_string();
        let mut fields: [Vec<Posting>; 4] = Default::default();
        for postings in &mut fields {
            let count = r.varint()? as usize;
            // Each posting takes at least three bytes: a count beyond that is damage.
            if count > r.rest().len() / 3 {
                return Err(corrupt());
            }
            let mut ord = 0u32;
            for i in 0..count {
                let delta = r.varint()?;
                ord = if i == 0 { delta } else { ord.checked_add(delta).ok_or_else(corrupt)? };
                let tf = r.varint()?;
                let norm = r.take(1)?[0];
                postings.push((ord, norm, tf));
            }
        }
        terms.insert(term, fields);
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_shards_are_errors() {
        assert!(Reader::new(&[0x80, 0x80], corrupt).varint().is_err());
        assert!(read_shard(&[5, b'a']).is_err());
        assert!(read_shard(&[1, b'a', 200, 1]).is_err(), "a count beyond the bytes left");
    }

    #[test]
    fn a_manifest_that_does_not_add_up_is_refused() {
        let manifest =
            Manifest { format: FORMAT, docs: 2, fieldnorms: vec![0; 256], shards: 1, chunk: 1, ..Default::default() };
        assert!(WebIndex::open(&serde_json::to_vec(&manifest).unwrap()).is_err(), "no languages for 2 documents");
        assert!(WebIndex::open(b"{").is_err());
    }
}
