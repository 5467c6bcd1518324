//! The search stage: the records as documents of the search index (`errbook-search`), written
//! into the output as `search/index.bin` (for `errbook search`) and split for pages into a
//! manifest and parts loaded as queries need them, beside the browser engine.

use std::path::Path;

use anyhow::{Context, Result};
use base64::Engine as _;
use errbook_search::EntryMeta;
use errbook_search::SearchIndex;
use errbook_search::build::{Doc, build_index};

use errbook_core::records::plain::plain;
use errbook_core::records::{Record, append_paragraph};
use errbook_core::vocabulary::Vocabulary;

/// Where the packed index sits in the output folder.
pub const INDEX_PATH: &str = "search/index.bin";
/// The browser engine's wasm-bindgen glue, and its module, built from `crates/errbook-wasm` by
/// `scripts/build-wasm.sh`.
const ENGINE_GLUE: &str = include_str!("../../errbook-wasm/dist/engine.js");
const ENGINE_WASM: &[u8] = include_bytes!("../../errbook-wasm/dist/engine.wasm");
/// Changes with the engine's sources: pages request the engine with it, so that no browser
/// cache pairs a new index with an old engine.
pub const ENGINE_VERSION: &str = include_str!("../../errbook-wasm/dist/SOURCE_HASH");

/// Writes the packed index and the web index into `dir`'s `search/` folder. For a server, the
/// web index's parts and the engine's module (`engine.bin`) are gzipped files to fetch; for
/// the offline bundle (`scripts`), all of them are scripts, because pages opened from `file://`
/// cannot fetch.
pub fn write(dir: &Path, records: &[Record], vocab: &Vocabulary, scripts: bool) -> Result<()> {
    let index = build(records, vocab).context("building the search index")?;
    let folder = dir.join("search");
    std::fs::create_dir_all(folder.join("s")).context("creating the search folder")?;
    std::fs::create_dir_all(folder.join("e")).context("creating the search folder")?;
    std::fs::write(dir.join(INDEX_PATH), &index).context("writing the search index")?;

    let opened = SearchIndex::open(&index).context("reading the search index back")?;
    let parts = errbook_search::web::write::split(&opened, scripts).context("splitting the search index")?;
    for (name, bytes) in parts {
        let bytes = gzip(&bytes);
        let bytes = if scripts { part_script(&name, &bytes).into_bytes() } else { bytes };
        std::fs::write(folder.join(&name), bytes).with_context(|| format!("writing search/{name}"))?;
    }
    // The page inflates the module as it compiles it.
    let engine = match scripts {
        true => format!("{ENGINE_GLUE}\nself.ERRBOOK_ENGINE = \"{}\";\n", BASE64.encode(ENGINE_WASM)),
        false => {
            std::fs::write(folder.join("engine.bin"), gzip(ENGINE_WASM)).context("writing search/engine.bin")?;
            ENGINE_GLUE.to_string()
        }
    };
    std::fs::write(folder.join("engine.js"), engine).context("writing search/engine.js")
}

/// Parts are stored gzipped (see `errbook_search::web`): hosts do not compress `.bin` files.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A part of the web index as a script that hands its bytes to the page.
fn part_script(name: &str, bytes: &[u8]) -> String {
    format!("errbookPart(\"{name}\", \"{}\");\n", BASE64.encode(bytes))
}

/// The URL of an entry's page, relative to the site root: the pages' own rule, carried by the
/// index to the search box.
fn entry_url(record: &Record) -> String {
    crate::links::entry_dir(&record.lang, &record.id)
}

/// The packed index of `records` (see `errbook_search::pack`).
pub fn build(records: &[Record], vocab: &Vocabulary) -> errbook_search::Result<Vec<u8>> {
    let mut docs: Vec<Doc> = records.iter().map(doc).collect();
    // Entries with the same or similar messages side by side: the candidates of one paste then
    // sit in few chunks of the web index, so a page loads few of them.
    docs.sort_by_cached_key(|d| {
        let key = d.meta.messages.first().unwrap_or(&d.meta.title).to_lowercase();
        (d.meta.lang.clone(), key, d.meta.id.clone())
    });
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
    fn a_part_script_carries_the_bytes_as_standard_base64() {
        assert_eq!(super::part_script("s/0.js", b"fo"), "errbookPart(\"s/0.js\", \"Zm8=\");\n");
        assert_eq!(super::part_script("e/1.js", &[255, 254, 253]), "errbookPart(\"e/1.js\", \"//79\");\n");
    }
}
