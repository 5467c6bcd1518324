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
    use base64::Engine as _;
    format!("self.ERRBOOK_INDEX = \"{}\";\n", base64::engine::general_purpose::STANDARD.encode(index))
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
    fn the_index_script_carries_the_bytes_as_standard_base64() {
        assert_eq!(super::index_script(b"fo"), "self.ERRBOOK_INDEX = \"Zm8=\";\n");
        assert_eq!(super::index_script(&[255, 254, 253]), "self.ERRBOOK_INDEX = \"//79\";\n");
    }
}
