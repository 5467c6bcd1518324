//! The search stage: the records as documents of the search index (`errbook-search`), written
//! into the output as `search/index.bin`.

use errbook_search::EntryMeta;
use errbook_search::build::{Doc, build_index};

use crate::records::plain::plain;
use crate::records::{Record, append_paragraph};
use crate::vocabulary::Vocabulary;

/// Where the packed index sits in the output folder.
pub const INDEX_PATH: &str = "search/index.bin";
/// The same index for pages: a script, because pages opened from `file://` cannot fetch.
pub const INDEX_SCRIPT_PATH: &str = "search/index.js";
/// The search engine (WebAssembly and its wasm-bindgen glue) for pages.
pub const ENGINE_SCRIPT_PATH: &str = "search/engine.js";

/// The engine script, built from `crates/errbook-wasm` by `scripts/build-wasm.sh`.
pub const ENGINE_SCRIPT: &str = include_str!("../crates/errbook-wasm/dist/engine.js");

/// `index.bin` as a script that hands the bytes to the page.
pub fn index_script(index: &[u8]) -> String {
    format!("self.ERRBOOK_INDEX = \"{}\";\n", base64(index))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The URL of an entry's page, relative to the site root.
pub fn entry_url(record: &Record) -> String {
    format!("{}/errors/{}/", record.lang, record.id)
}

pub fn build(records: &[Record], vocab: &Vocabulary) -> errbook_search::Result<Vec<u8>> {
    let docs = records.iter().map(doc).collect();
    build_index(docs, vocab.error_words.clone())
}

fn doc(r: &Record) -> Doc {
    let mut causes = String::new();
    let mut evidence = Vec::new();
    for c in &r.causes {
        append_paragraph(&mut causes, &c.title);
        append_paragraph(&mut causes, &plain(&c.explanation));
        for m in &c.error_messages {
            append_paragraph(&mut causes, m);
            evidence.push(m.clone());
        }
        for cmd in &c.commands {
            append_paragraph(&mut causes, &cmd.code);
        }
    }
    let mut body = String::new();
    append_paragraph(&mut body, &plain(&r.summary));
    append_paragraph(&mut body, &plain(&r.symptom));
    for c in &r.causes {
        append_paragraph(&mut body, &plain(&c.solution.text));
    }
    for s in &r.solutions {
        append_paragraph(&mut body, &plain(&s.text));
    }
    for s in &r.debugging_steps {
        append_paragraph(&mut body, &plain(&s.text));
    }
    for c in r.all_commands() {
        append_paragraph(&mut body, &c.code);
    }
    append_paragraph(&mut body, &r.services.join(" "));
    let messages: Vec<String> = r.error_messages.iter().map(|m| m.text.clone()).collect();
    Doc {
        title: r.title.clone(),
        messages: messages.join("\n"),
        causes,
        body,
        meta: EntryMeta {
            id: r.id.clone(),
            lang: r.lang.clone(),
            title: r.title.clone(),
            url: entry_url(r),
            source: r.source.to_string(),
            messages,
            evidence,
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(super::base64(&[255, 254, 253]), "//79");
    }
}
