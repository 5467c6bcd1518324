//! The index as one file: tantivy's files, then the entries' display data, so that a browser
//! loads the whole search with one `<script>` or one request.
//!
//! Layout: `ERRBOOK-INDEX 1\n`, a u32 file count, then per file a u32 name length, the name, a
//! u32 data length and the data; then a u32 length and the [`IndexMeta`] as JSON. Numbers are
//! little-endian.

use serde::{Deserialize, Serialize};

use crate::bytes::Reader;
use crate::{Error, Result};

const MAGIC: &[u8] = b"ERRBOOK-INDEX 1\n";

/// What a result shows, and what re-ranking compares the paste with.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EntryMeta {
    pub id: String,
    pub lang: String,
    pub title: String,
    /// Relative to the site root: `en/errors/<id>/`.
    pub url: String,
    /// `path:line`.
    pub source: String,
    /// The entry's literal error messages.
    pub messages: Vec<String>,
    /// Error lines shown as evidence of its causes.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct IndexMeta {
    /// Words that make a pasted line an error line (from the book's vocabulary).
    pub error_words: Vec<String>,
    pub entries: Vec<EntryMeta>,
}

pub fn write(files: &[(String, Vec<u8>)], meta: &IndexMeta) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let push = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in files {
        push(&mut out, name.as_bytes());
        push(&mut out, data);
    }
    let json = serde_json::to_vec(meta).expect("index meta serializes");
    push(&mut out, &json);
    out
}

pub type Files<'a> = Vec<(String, &'a [u8])>;

pub fn read(bytes: &[u8]) -> Result<(Files<'_>, IndexMeta)> {
    let mut r = Reader::new(bytes.strip_prefix(MAGIC).ok_or_else(corrupt)?, corrupt);
    let count = r.u32()?;
    let mut files = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let name = String::from_utf8(r.chunk()?.to_vec()).map_err(|_| corrupt())?;
        files.push((name, r.chunk()?));
    }
    // Checked as UTF-8 once, whole, rather than string by string (far slower on 40,000 entries).
    let meta =
        std::str::from_utf8(r.chunk()?).ok().and_then(|json| serde_json::from_str(json).ok()).ok_or_else(corrupt)?;
    Ok((files, meta))
}

fn corrupt() -> Error {
    Error("search index file is damaged or from another errbook version; run `errbook build` again".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let meta = IndexMeta {
            error_words: vec!["error".into()],
            entries: vec![EntryMeta { id: "x".into(), ..Default::default() }],
        };
        let bytes = write(&[("a.idx".into(), vec![1, 2, 3])], &meta);
        let (files, back) = read(&bytes).unwrap();
        assert_eq!(files, [("a.idx".to_string(), &[1u8, 2, 3][..])]);
        assert_eq!(back, meta);
    }

    #[test]
    fn damaged_file_is_an_error_not_a_panic() {
        let meta = IndexMeta::default();
        let bytes = write(&[("a".into(), vec![1; 100])], &meta);
        for cut in [0, 5, 20, 40, bytes.len() - 1] {
            assert!(read(&bytes[..cut]).is_err());
        }
    }
}
