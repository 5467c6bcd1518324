//! Text as its document writes it: an entry's blocks in the author's order, its sub-headings
//! with ids and permalinks, and an anchor where each of its causes starts, so that the record
//! card above the text can point into it. Document pages put their sections and entries
//! together the same way.

use std::collections::HashSet;

use serde::Serialize;

use super::markdown::permalink;
use super::text::{escape, with_code};
use errbook_core::records::Record;
use errbook_core::records::slug::slugify;

/// Ids the page's own parts use, which a heading of the text must not take.
pub(super) const PAGE_IDS: &[&str] = &[
    "main",
    "record",
    "text",
    "toc-label",
    "search-input",
    "search-status",
    "search-results",
    "h-related",
    "untranslated",
];

pub(super) struct Body {
    pub html: String,
    /// The sub-headings a table of contents lists (the two levels below the entry's own).
    pub toc: Vec<TocItem>,
    /// Per cause, the `#id` of its place in the text.
    pub causes: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct TocItem {
    pub id: String,
    pub text: String,
    pub level: u8,
}

/// The ids a page has given, so that each of its headings gets one of its own.
pub(super) struct Ids(HashSet<String>);

impl Ids {
    pub(super) fn new(taken: impl IntoIterator<Item = String>) -> Ids {
        Ids(PAGE_IDS.iter().map(|s| s.to_string()).chain(taken).collect())
    }

    /// `id` (a slug of `text` without one), or `id-2`, `id-3` … if the page has it already.
    pub(super) fn unique(&mut self, id: Option<&str>, text: &str) -> String {
        let id = id.map_or_else(|| slugify(text), str::to_string);
        let mut candidate = id.clone();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        candidate
    }
}

/// Renders a block of CommonMark, given the id of the list item on each of its lines.
pub(super) type RenderBlock<'a> = dyn Fn(&str, &dyn Fn(usize) -> Option<String>) -> String + 'a;

/// `r`'s text as HTML, its own heading a `<h{top}>`; its causes anchored as
/// `{prefix}cause-N`; the blocks rendered by `block` (CommonMark, and the id of the list item on each line, counted
/// from 0 in the block); permalinks labelled `label`.
pub(super) fn written(r: &Record, ids: &mut Ids, top: u8, prefix: &str, label: &str, block: &RenderBlock<'_>) -> Body {
    let parts = &r.body;
    let heading_ids: Vec<Option<String>> =
        parts.iter().map(|w| (w.level > 0).then(|| ids.unique(w.anchor.as_deref(), &w.text))).collect();
    // Items to mark per part, and the href of each cause.
    let mut items: Vec<Vec<(usize, String)>> = vec![Vec::new(); parts.len()];
    let mut causes = Vec::with_capacity(r.causes.len());
    for (n, cause) in r.causes.iter().enumerate() {
        if parts.is_empty() {
            causes.push("#text".to_string());
            continue;
        }
        // The part the cause starts in (the first, for a cause read from the title).
        let p = parts.partition_point(|w| w.line <= cause.line).saturating_sub(1);
        let w = &parts[p];
        // A heading's own id, else the list item starting on the cause's line, else the
        // block (see the rendering below).
        let id = match &heading_ids[p] {
            Some(id) => id.clone(),
            None => {
                let line = cause.line.saturating_sub(w.line);
                match items[p].iter().find(|(l, _)| *l == line) {
                    Some((_, id)) => id.clone(),
                    None => {
                        let id = format!("{prefix}cause-{}", n + 1);
                        items[p].push((line, id.clone()));
                        id
                    }
                }
            }
        };
        causes.push(format!("#{id}"));
    }
    let mut html = String::new();
    let mut toc = Vec::new();
    for (i, w) in parts.iter().enumerate() {
        if let Some(id) = &heading_ids[i] {
            let tag = (top + w.level).min(6);
            html.push_str(&format!(
                "<h{tag} id=\"{}\">{}{}</h{tag}>\n",
                escape(id),
                with_code(&w.text),
                permalink(id, label)
            ));
            if w.level <= 2 {
                toc.push(TocItem { id: id.clone(), text: w.text.clone(), level: w.level });
            }
            continue;
        }
        let item_id = |line: usize| items[i].iter().find(|(l, _)| *l == line).map(|(_, id)| id.clone());
        let block = block(&w.text, &item_id);
        // A cause that starts inside a block, where no list item starts: the block's top.
        let mut marks = items[i].iter().map(|(_, id)| id).filter(|id| !block.contains(&format!("id=\"{id}\"")));
        match marks.next() {
            Some(id) => {
                html.push_str(&format!("<div class=\"mark\" id=\"{}\">{}", escape(id), permalink(id, label)));
                for id in marks {
                    html.push_str(&format!("<span id=\"{}\"></span>", escape(id)));
                }
                html.push_str(&format!("{block}</div>\n"));
            }
            None => html.push_str(&block),
        }
    }
    Body { html, toc, causes }
}
