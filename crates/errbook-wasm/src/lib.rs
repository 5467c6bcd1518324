//! The browser's side of errbook search: the web index of `errbook-search` behind a
//! wasm-bindgen class, so that the page and `errbook search` run the very same analysis and
//! ranking.
//!
//! The page opens the manifest, asks, loads the parts an answer names, and asks again (see
//! `errbook_search::web`). Answers cross into JavaScript as one JSON string (parsed once
//! there), which keeps the binding free of extra serialization crates.

use errbook_search::SearchOptions;
use errbook_search::web::WebIndex;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Searcher {
    index: WebIndex,
}

#[wasm_bindgen]
impl Searcher {
    /// Opens the index from its manifest (`search/manifest.bin`, inflated).
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: &[u8]) -> Result<Searcher, JsError> {
        Searcher::open(manifest).map_err(|e| JsError::new(&e))
    }

    /// Adds a part an answer asked for, under the name it gave.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.index.add(name, bytes).map_err(|e| JsError::new(&e.to_string()))
    }

    /// `{"hits": [...]}`, the best entries for `text` (entries in `lang` first on equal
    /// scores), or `{"needs": [...]}`, the parts to add before asking again.
    pub fn search(&self, text: &str, lang: &str, limit: usize) -> Result<String, JsError> {
        self.search_json(text, lang, limit).map_err(|e| JsError::new(&e))
    }

    /// Appended to part URLs: it changes whenever a part does.
    #[wasm_bindgen(getter)]
    pub fn key(&self) -> String {
        self.index.manifest().key.clone()
    }

    /// How many entries the index holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.index.manifest().docs as usize
    }
}

impl Searcher {
    fn open(manifest: &[u8]) -> Result<Searcher, String> {
        WebIndex::open(manifest).map(|index| Searcher { index }).map_err(|e| e.to_string())
    }

    fn search_json(&self, text: &str, lang: &str, limit: usize) -> Result<String, String> {
        let prefer_lang = (!lang.is_empty()).then(|| lang.to_string());
        let options = SearchOptions { lang: None, prefer_lang, limit };
        let answer = self.index.search(text, &options).map_err(|e| e.to_string())?;
        serde_json::to_string(&answer).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use errbook_search::build::{Doc, build_index};
    use errbook_search::web::write::split;
    use errbook_search::{EntryMeta, SearchIndex};

    fn doc(id: &str, lang: &str, title: &str, message: &str) -> Doc {
        Doc {
            meta: EntryMeta {
                id: id.into(),
                lang: lang.into(),
                title: title.into(),
                messages: vec![message.into()],
                ..Default::default()
            },
            title: title.into(),
            messages: message.into(),
            causes: String::new(),
            body: String::new(),
        }
    }

    #[test]
    fn binding_asks_for_parts_then_answers_in_json() {
        let bytes = build_index(
            vec![
                doc("a", "en", "Disk full", "ENOSPC: no space left on device"),
                doc("b", "ja", "接続拒否", "connection refused"),
            ],
            vec!["error".into()],
        )
        .unwrap();
        let parts = split(&SearchIndex::open(&bytes).unwrap(), false).unwrap();
        let mut s = Searcher::open(&parts[0].1).unwrap();
        let query = "write failed: ENOSPC: no space left on device";
        for _ in 0..2 {
            let answer: serde_json::Value = serde_json::from_str(&s.search_json(query, "ja", 5).unwrap()).unwrap();
            for name in answer["needs"].as_array().expect("parts first") {
                let name = name.as_str().unwrap();
                let (_, bytes) = parts.iter().find(|(n, _)| n == name).unwrap();
                s.index.add(name, bytes).unwrap();
            }
        }
        let answer: serde_json::Value = serde_json::from_str(&s.search_json(query, "ja", 5).unwrap()).unwrap();
        assert_eq!(answer["hits"][0]["id"], "a");
    }

    #[test]
    fn damaged_index_is_an_error() {
        assert!(Searcher::open(b"not an index").is_err());
    }
}
