//! The browser's side of errbook search: `errbook-search` behind a wasm-bindgen class, so that
//! the page and `errbook search` run the very same analysis and ranking.
//!
//! Results cross into JavaScript as one JSON string (parsed once there), which keeps the
//! binding free of extra serialization crates.

use errbook_search::{SearchIndex, SearchOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Searcher {
    index: SearchIndex,
}

#[wasm_bindgen]
impl Searcher {
    /// Opens the packed index (the bytes of `search/index.bin`).
    #[wasm_bindgen(constructor)]
    pub fn new(index: &[u8]) -> Result<Searcher, JsError> {
        Searcher::open(index).map_err(|e| JsError::new(&e))
    }

    /// The best entries for `text` as a JSON array; entries in `lang` first on equal scores.
    pub fn search(&self, text: &str, lang: &str, limit: usize) -> Result<String, JsError> {
        self.search_json(text, lang, limit).map_err(|e| JsError::new(&e))
    }

    /// How many entries the index holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.index.entries().len()
    }
}

impl Searcher {
    fn open(index: &[u8]) -> Result<Searcher, String> {
        SearchIndex::open(index).map(|index| Searcher { index }).map_err(|e| e.to_string())
    }

    fn search_json(&self, text: &str, lang: &str, limit: usize) -> Result<String, String> {
        let prefer_lang = (!lang.is_empty()).then(|| lang.to_string());
        let options = SearchOptions { lang: None, prefer_lang, limit };
        let hits = self.index.search(text, &options).map_err(|e| e.to_string())?;
        serde_json::to_string(&hits).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use errbook_search::EntryMeta;
    use errbook_search::build::{Doc, build_index};

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
    fn binding_searches_and_returns_json() {
        let bytes = build_index(
            vec![
                doc("a", "en", "Disk full", "ENOSPC: no space left on device"),
                doc("b", "ja", "接続拒否", "connection refused"),
            ],
            vec!["error".into()],
        )
        .unwrap();
        let s = Searcher::open(&bytes).unwrap();
        let json = s.search_json("write failed: ENOSPC: no space left on device", "ja", 5).unwrap();
        let hits: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(hits[0]["id"], "a");
    }

    #[test]
    fn damaged_index_is_an_error() {
        assert!(Searcher::open(b"not an index").is_err());
    }
}
