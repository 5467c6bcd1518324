//! The search stage: the records as documents of the search index (`errbook-search`), written
//! into the output as `search/index.bin` (for `errbook search`) and split for pages into a
//! manifest and parts loaded as queries need them, beside the browser engine.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use base64::Engine as _;
use errbook_search::EntryMeta;
use errbook_search::SearchIndex;
use errbook_search::build::{Doc, LiveIndex, build_index};

use crate::output::replace_file;
use errbook_core::config::Layout;
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
pub fn write(dir: &Path, records: &[Record], vocab: &Vocabulary, layout: Layout, scripts: bool) -> Result<()> {
    write_engine(dir, scripts)?;
    // Packed, and tantivy's own copy dropped, before the split: a build's peak comes here.
    let index = build(records, vocab, layout).context("building the search index")?;
    write_parts(dir, &index, scripts, None)
}

/// The search of `records` alone, for a page of another site (`build --embed`): the engine and
/// the web index as scripts, results leading where `url_of` says; no packed index, which only
/// errbook's commands read.
pub(crate) fn write_embedded(
    dir: &Path,
    records: &[Record],
    vocab: &Vocabulary,
    url_of: &dyn Fn(&Record) -> String,
) -> Result<()> {
    write_engine(dir, true)?;
    let index = build_leading(records, vocab, url_of).context("building the search index")?;
    write_web_parts(&dir.join("search"), &index, true, None)
}

/// The search files as last written, kept by `errbook serve` so that an edit rewrites only the
/// parts it changed: the index in memory, and a hash of each part's bytes.
pub struct SearchFiles {
    live: LiveIndex,
    /// Each record's place in the index, and what places it there.
    places: Vec<(usize, SortKey)>,
    error_words: Vec<String>,
    parts: HashMap<String, u64>,
    /// Where results lead (a book.toml change, which writes the whole site again).
    layout: Layout,
}

impl SearchFiles {
    /// [`write`] for a server, keeping the index for updates.
    pub fn write(dir: &Path, records: &[Record], vocab: &Vocabulary, layout: Layout) -> Result<SearchFiles> {
        write_engine(dir, false)?;
        let mut files = SearchFiles::index(records, vocab, layout)?;
        files.write_parts(dir)?;
        Ok(files)
    }

    /// The index of `records`, nothing written yet.
    fn index(records: &[Record], vocab: &Vocabulary, layout: Layout) -> Result<SearchFiles> {
        let (docs, places) = docs(records, &|r| crate::links::entry_target(layout, r));
        let live = LiveIndex::build(docs, vocab.error_words.clone()).context("building the search index")?;
        Ok(SearchFiles { live, places, error_words: vocab.error_words.clone(), parts: HashMap::new(), layout })
    }

    /// Brings the search files in `dir` (written by [`SearchFiles::write`]) up to `records`,
    /// where the records at `changed` differ from those last written and the others are the same.
    /// When entries came, went or moved, the index is built again; either way only the parts
    /// that differ are written.
    pub fn update(&mut self, dir: &Path, records: &[Record], vocab: &Vocabulary, changed: &[usize]) -> Result<()> {
        let same_places = records.len() == self.places.len()
            && vocab.error_words == self.error_words
            && changed.iter().all(|&i| sort_key(&records[i]) == self.places[i].1);
        if !same_places {
            let fresh = SearchFiles::index(records, vocab, self.layout)?;
            *self = SearchFiles { parts: std::mem::take(&mut self.parts), ..fresh };
        } else if changed.is_empty() {
            return Ok(());
        } else {
            let url = |r| crate::links::entry_target(self.layout, r);
            let docs = changed.iter().map(|&i| (self.places[i].0, doc(&records[i], url(&records[i])))).collect();
            self.live.replace(docs).context("updating the search index")?;
        }
        self.write_parts(dir)
    }

    fn write_parts(&mut self, dir: &Path) -> Result<()> {
        let index = self.live.pack().context("packing the search index")?;
        write_parts(dir, &index, false, Some(&mut self.parts))
    }
}

/// Creates the `search/` folder of `dir` and writes the engine into it.
fn write_engine(dir: &Path, scripts: bool) -> Result<()> {
    let folder = dir.join("search");
    std::fs::create_dir_all(folder.join("s")).context("creating the search folder")?;
    std::fs::create_dir_all(folder.join("e")).context("creating the search folder")?;
    // The page inflates the module as it compiles it.
    let engine = match scripts {
        // Gzipped too, for hosts that do not compress scripts: a third of the bytes.
        true => format!("{ENGINE_GLUE}\nself.ERRBOOK_ENGINE = \"{}\";\n", BASE64.encode(gzip(ENGINE_WASM))),
        false => {
            std::fs::write(folder.join("engine.bin"), gzip(ENGINE_WASM)).context("writing search/engine.bin")?;
            ENGINE_GLUE.to_string()
        }
    };
    std::fs::write(folder.join("engine.js"), engine).context("writing search/engine.js")
}

/// Writes the packed `index` and its parts into `dir`'s `search/` folder. With `written` (a
/// hash of each part as last written), a part that has not changed is not written again and one
/// the index no longer has is removed. The manifest goes last, so that a page that reads the new
/// one finds the parts it names.
fn write_parts(dir: &Path, index: &[u8], scripts: bool, written: Option<&mut HashMap<String, u64>>) -> Result<()> {
    let folder = dir.join("search");
    replace_file(&dir.join(INDEX_PATH), index).context("writing the search index")?;
    write_web_parts(&folder, index, scripts, written)
}

/// The web index's parts of the packed `index`, into `folder` (see [`write_parts`]).
fn write_web_parts(
    folder: &Path,
    index: &[u8],
    scripts: bool,
    written: Option<&mut HashMap<String, u64>>,
) -> Result<()> {
    let opened = SearchIndex::open(index).context("reading the search index back")?;
    let mut parts = errbook_search::web::write::split(&opened, scripts).context("splitting the search index")?;
    // The manifest comes first: write it last.
    parts.rotate_left(1);
    let mut now = HashMap::new();
    for (name, bytes) in parts {
        if let Some(written) = written.as_deref() {
            let hash = hash(&bytes);
            let same = written.get(&name) == Some(&hash);
            now.insert(name.clone(), hash);
            if same {
                continue;
            }
        }
        let gzipped = gzip(&bytes);
        let file = if scripts { part_script(&name, &gzipped).into_bytes() } else { gzipped };
        replace_file(&folder.join(&name), &file).with_context(|| format!("writing search/{name}"))?;
    }
    if let Some(written) = written {
        // Parts of a larger index that this one no longer has.
        for name in written.keys().filter(|n| !now.contains_key(*n)) {
            let _ = std::fs::remove_file(folder.join(name));
        }
        *written = now;
    }
    Ok(())
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
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

/// The packed index of `records` (see `errbook_search::pack`), its results leading where
/// `layout` publishes entries.
pub fn build(records: &[Record], vocab: &Vocabulary, layout: Layout) -> errbook_search::Result<Vec<u8>> {
    build_leading(records, vocab, &|r| crate::links::entry_target(layout, r))
}

/// The packed index of `records`, its results leading where `url_of` says.
fn build_leading(
    records: &[Record],
    vocab: &Vocabulary,
    url_of: &dyn Fn(&Record) -> String,
) -> errbook_search::Result<Vec<u8>> {
    build_index(docs(records, url_of).0, vocab.error_words.clone())
}

/// Where an entry stands in the index: by language, then first message, then id.
type SortKey = (String, String, String);

/// Entries with the same or similar messages side by side: the candidates of one paste then
/// sit in few chunks of the web index, so a page loads few of them.
fn sort_key(r: &Record) -> SortKey {
    let first = r.error_messages.first().map_or(&r.title, |m| &m.text).to_lowercase();
    (r.lang.clone(), first, r.id.clone())
}

/// The index's documents, in the index's order, and each record's place and key.
fn docs(records: &[Record], url_of: &dyn Fn(&Record) -> String) -> (Vec<Doc>, Vec<(usize, SortKey)>) {
    let keys: Vec<SortKey> = records.iter().map(sort_key).collect();
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut places: Vec<(usize, SortKey)> = keys.into_iter().map(|k| (0, k)).collect();
    for (place, &i) in order.iter().enumerate() {
        places[i].0 = place;
    }
    (order.iter().map(|&i| doc(&records[i], url_of(&records[i]))).collect(), places)
}

/// The search document of an entry, its results leading to `url`.
fn doc(r: &Record, url: String) -> Doc {
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
            url,
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
