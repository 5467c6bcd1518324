//! Splitting the tantivy index into the parts of the web index (native only).

use std::collections::BTreeMap;

use super::{FORMAT, Manifest, Part, filter_bits};
use crate::rank::{self, Posting};
use crate::search::SearchIndex;
use crate::{Error, Result};

/// About this many bytes of postings per shard: a query of a few dozen terms then loads a few
/// dozen small files, and a whole small book is one shard.
const SHARD_BYTES: usize = 8 * 1024;
/// About this many bytes of entries per chunk: a query's 30 candidates load at most 30.
const CHUNK_BYTES: usize = 4 * 1024;
/// Shards at most (a power of two).
const MAX_SHARDS: usize = 1 << 14;
/// Bits of the term filter per term, and its hash functions: about 1 % false positives (a
/// false positive costs one needless request, never a wrong result).
const FILTER_BITS_PER_TERM: usize = 10;
const FILTER_HASHES: u32 = 7;

/// The parts of `index` (name relative to the index folder, bytes), the manifest first, named
/// for fetching or, with `scripts`, for `<script>` tags (the caller wraps their bytes).
pub fn split(index: &SearchIndex, scripts: bool) -> Result<Vec<Part>> {
    let terms = index.all_postings()?;
    let (docs, tokens) = index.statistics()?;
    let doc_freqs = |fields: &[Vec<Posting>; 4]| fields.each_ref().map(|p| p.len() as u64);
    let common: BTreeMap<String, [u64; 4]> = terms
        .iter()
        .filter(|(_, fields)| rank::is_common(doc_freqs(fields).iter().sum(), docs))
        .map(|(term, fields)| (term.clone(), doc_freqs(fields)))
        .collect();
    let encoded: Vec<(&String, Vec<u8>)> = terms.iter().map(|(term, fields)| (term, encode(term, fields))).collect();
    let total: usize = encoded.iter().map(|(_, bytes)| bytes.len()).sum();
    let shards = total.div_ceil(SHARD_BYTES).clamp(1, MAX_SHARDS).next_power_of_two();

    let entries = index.entries();
    let mut langs: Vec<(String, u32)> = Vec::new();
    for entry in entries {
        match langs.last_mut() {
            Some((lang, count)) if *lang == entry.lang => *count += 1,
            _ => langs.push((entry.lang.clone(), 1)),
        }
    }
    let entry_bytes: usize =
        entries.iter().map(|e| e.id.len() + e.title.len() + e.url.len() + e.source.len() + 64).sum::<usize>()
            + entries.iter().flat_map(|e| e.messages.iter().chain(&e.evidence)).map(String::len).sum::<usize>();
    let chunk = (CHUNK_BYTES * entries.len()).checked_div(entry_bytes).unwrap_or(1).max(1);

    let mut manifest = Manifest {
        format: FORMAT,
        key: String::new(),
        docs,
        tokens,
        fieldnorms: (0..=255u8).map(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm).collect(),
        shards: shards as u32,
        chunk: chunk as u32,
        langs,
        error_words: index.meta().error_words.clone(),
        scripts,
        filter_hashes: FILTER_HASHES,
        common,
    };
    let mut filter = vec![0u8; (terms.len() * FILTER_BITS_PER_TERM).div_ceil(8).max(8)];
    for term in terms.keys().filter(|t| !manifest.common.contains_key(*t)) {
        for bit in filter_bits(term, FILTER_HASHES, filter.len() as u64 * 8) {
            filter[(bit / 8) as usize] |= 1 << (bit % 8);
        }
    }
    let mut shard_bytes = vec![Vec::new(); shards];
    for (term, bytes) in encoded {
        shard_bytes[manifest.shard_of(term) as usize].extend_from_slice(&bytes);
    }
    let mut parts: Vec<Part> =
        shard_bytes.into_iter().enumerate().map(|(n, bytes)| (manifest.shard_name(n as u32), bytes)).collect();
    for (n, group) in entries.chunks(chunk).enumerate() {
        let json = serde_json::to_vec(group).map_err(|e| Error(format!("writing the search index: {e}")))?;
        parts.push((manifest.chunk_name(n as u32), json));
    }
    // FNV-1a over every part: any change of any part changes the key.
    let mut key = 0xcbf2_9ce4_8422_2325u64;
    for (name, bytes) in &parts {
        for b in name.as_bytes().iter().chain(bytes) {
            key = (key ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    manifest.key = format!("{key:016x}");
    let json = serde_json::to_vec(&manifest).map_err(|e| Error(format!("writing the search index: {e}")))?;
    let mut bytes = (json.len() as u32).to_le_bytes().to_vec();
    bytes.extend(json);
    bytes.extend(filter);
    parts.insert(0, (Manifest::manifest_name(scripts).to_string(), bytes));
    Ok(parts)
}

fn encode(term: &str, fields: &[Vec<Posting>; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, term.len() as u32);
    out.extend_from_slice(term.as_bytes());
    for postings in fields {
        push_varint(&mut out, postings.len() as u32);
        let mut previous = 0;
        for (i, &(ord, norm, tf)) in postings.iter().enumerate() {
            push_varint(&mut out, if i == 0 { ord } else { ord - previous });
            push_varint(&mut out, tf);
            out.push(norm);
            previous = ord;
        }
    }
    out
}

/// Appends `value` as a LEB128 varint.
fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{Doc, LiveIndex, build_index};
    use crate::web::{Answer, WebIndex};
    use crate::{EntryMeta, SearchOptions};

    fn doc(id: &str, lang: &str, title: &str, message: &str, body: &str) -> Doc {
        Doc {
            meta: EntryMeta {
                id: id.into(),
                lang: lang.into(),
                title: title.into(),
                url: format!("{lang}/errors/{id}/"),
                messages: vec![message.into()],
                ..Default::default()
            },
            title: title.into(),
            messages: message.into(),
            causes: String::new(),
            body: body.into(),
        }
    }

    /// Loads parts the way a page does, until the search answers.
    fn search_web(web: &mut WebIndex, parts: &[Part], text: &str, options: &SearchOptions) -> (Vec<crate::Hit>, usize) {
        let mut rounds = 0;
        loop {
            match web.search(text, options).unwrap() {
                Answer::Hits(hits) => return (hits, rounds),
                Answer::Needs(names) => {
                    rounds += 1;
                    assert!(rounds <= 3, "rarer shards, common shards, chunks");
                    for name in names {
                        let (_, bytes) = parts.iter().find(|(n, _)| *n == name).expect("a part that exists");
                        web.add(&name, bytes).unwrap();
                    }
                }
            }
        }
    }

    #[test]
    fn varints_round_trip() {
        let mut bytes = Vec::new();
        for v in [0, 1, 127, 128, 300, u32::MAX] {
            push_varint(&mut bytes, v);
        }
        let mut r = crate::bytes::Reader::new(&bytes, crate::web::corrupt);
        for v in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
    }

    #[test]
    fn the_split_index_answers_exactly_as_the_whole_one() {
        let mut docs = Vec::new();
        for i in 0..400 {
            let (lang, word) =
                if i % 3 == 0 { ("ja", "接続が拒否されました") } else { ("en", "connection refused") };
            docs.push(doc(
                &format!("e{i}"),
                lang,
                &format!("Service {i} fails"),
                &format!("E{i}: {word} by upstream-{} after {} retries", i % 17, i % 5),
                &format!("check the port {} and the security group sg-{}; restart worker {}", i % 11, i % 7, i % 13),
            ));
        }
        let bytes = build_index(docs, vec!["error".into(), "failed".into()]).unwrap();
        let index = SearchIndex::open(&bytes).unwrap();
        let parts = split(&index, false).unwrap();
        let mut web = WebIndex::open(&parts[0].1).unwrap();
        assert!(web.manifest().shards > 1, "a book this size is split");
        let queries = [
            "E42: connection refused by upstream-8 after 2 retries",
            "ERROR E7 接続が拒否されました upstream-3",
            "restart worker 5 port 3",
            "nothing here matches",
            // Words of every entry: too common beside rarer ones, searched for when alone.
            "service fails",
        ];
        for lang in [None, Some("ja".to_string())] {
            for q in queries {
                let options = SearchOptions { lang: lang.clone(), prefer_lang: Some("en".into()), limit: 10 };
                let expected = index.search(q, &options).unwrap();
                let (got, _) = search_web(&mut web, &parts, q, &options);
                assert_eq!(got, expected, "{q}");
            }
        }
        assert!(!index.search("service fails", &SearchOptions { limit: 3, ..Default::default() }).unwrap().is_empty());
        let options = SearchOptions { limit: 1, ..Default::default() };
        let (hits, rounds) = search_web(&mut web, &parts, queries[2], &options);
        assert_eq!(hits, index.search(queries[2], &options).unwrap());
        assert_eq!(rounds, 0, "everything it needs is loaded by now");
    }

    /// `errbook serve` updates the index an edit changed; what pages load from it must be what a
    /// fresh build writes, byte for byte.
    #[test]
    fn an_updated_index_splits_exactly_as_one_built_afresh() {
        let entry = |i: usize, body: &str| doc(&format!("e{i}"), "en", &format!("Service {i} fails"), "refused", body);
        let docs = |edits: &[(usize, &str)]| -> Vec<Doc> {
            (0..300)
                .map(|i| match edits.iter().find(|(e, _)| *e == i) {
                    Some((_, text)) => entry(i, text),
                    None => entry(i, &format!("restart worker {}", i % 13)),
                })
                .collect()
        };
        let words = vec!["error".to_string()];
        let mut live = LiveIndex::build(docs(&[]), words.clone()).unwrap();
        let mut edits = Vec::new();
        for (edited, text) in
            [(7, "rotate the expired kerberos ticket"), (7, "renew it"), (250, "新しい証明書を入れる")]
        {
            live.replace(vec![(edited, entry(edited, text))]).unwrap();
            edits.retain(|(e, _)| *e != edited);
            edits.push((edited, text));
            let updated = SearchIndex::open(&live.pack().unwrap()).unwrap();
            let fresh = SearchIndex::open(&build_index(docs(&edits), words.clone()).unwrap()).unwrap();
            assert_eq!(split(&updated, false).unwrap(), split(&fresh, false).unwrap(), "after editing e{edited}");
            let options = SearchOptions { limit: 3, ..Default::default() };
            let hits = updated.search(text, &options).unwrap();
            assert_eq!(hits.first().map(|h| h.id.as_str()), Some(format!("e{edited}").as_str()), "{text}");
        }
        assert!(live.replace(vec![(300, entry(300, "x"))]).is_err(), "no entry 300 to replace");
    }
}
