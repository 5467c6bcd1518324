//! Which entries are related (they share an error message, or a document and a service), and
//! which entry is the same one in another language (paired by the book, same id, or a shared
//! error message).
//!
//! Built from indexes by message and by document, never by comparing all pairs, so that it stays
//! fast on books of tens of thousands of entries.

use std::collections::HashMap;

use errbook_core::records::Record;

/// At most this many related entries per page.
const MAX_RELATED: usize = 6;

pub(super) struct Related {
    by_message: HashMap<String, Vec<usize>>,
    by_document: HashMap<(String, String), Vec<usize>>,
    by_id: HashMap<(String, String), usize>,
}

fn message_key(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_lowercase()
}

impl Related {
    pub(super) fn new(records: &[Record]) -> Related {
        let mut by_message: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_document: HashMap<(String, String), Vec<usize>> = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            for m in &r.error_messages {
                let list = by_message.entry(message_key(&m.text)).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            by_document.entry((r.lang.clone(), r.document.clone())).or_default().push(i);
            by_id.insert((r.lang.clone(), r.id.clone()), i);
        }
        Related { by_message, by_document, by_id }
    }

    /// The entries of a document, in document order.
    pub(super) fn in_document(&self, lang: &str, document: &str) -> &[usize] {
        self.by_document.get(&(lang.to_string(), document.to_string())).map_or(&[], Vec::as_slice)
    }

    /// Entries related to `i`, most related first.
    pub(super) fn of(&self, records: &[Record], i: usize) -> Vec<usize> {
        let r = &records[i];
        let mut score: HashMap<usize, usize> = HashMap::new();
        for m in &r.error_messages {
            for &j in self.by_message.get(&message_key(&m.text)).into_iter().flatten() {
                *score.entry(j).or_default() += 3;
            }
        }
        for &j in self.by_document.get(&(r.lang.clone(), r.document.clone())).into_iter().flatten() {
            let shared = records[j].services.iter().filter(|s| r.services.contains(s)).count();
            if shared > 0 {
                *score.entry(j).or_default() += shared;
            }
        }
        score.remove(&i);
        let mut ranked: Vec<(usize, usize)> = score.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().take(MAX_RELATED).map(|(j, _)| j).collect()
    }

    /// The same entry in `lang`: the one the book pairs it with, else the one with the same id,
    /// else one sharing an error message.
    pub(super) fn counterpart(&self, records: &[Record], i: usize, lang: &str) -> Option<usize> {
        let r = &records[i];
        let paired = r.translations.get(lang).and_then(|id| self.by_id.get(&(lang.to_string(), id.clone())));
        if let Some(&j) = paired.or_else(|| self.by_id.get(&(lang.to_string(), r.id.clone()))) {
            return Some(j);
        }
        r.error_messages
            .iter()
            .flat_map(|m| self.by_message.get(&message_key(&m.text)).into_iter().flatten())
            .copied()
            .find(|&j| records[j].lang == lang)
    }
}
