//! Entries that are the same error in two languages or more, as the book says: book.toml's
//! `[[translations]]` tables, or front matter `entry_translations` (entry id → `lang/id`).
//! Each is checked against the entries the book has; every entry of a pair then names the
//! others in [`Record::translations`], which the language switcher and `hreflang` follow.

use std::collections::HashMap;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostics, Location};
use crate::records::{Document, Record};

pub fn pair(config: &Config, documents: &[Document], records: &mut [Record], diags: &mut Diagnostics) {
    let index: HashMap<(&str, &str), usize> =
        records.iter().enumerate().map(|(i, r)| ((r.lang.as_str(), r.id.as_str()), i)).collect();
    // Each pair or table with where it was written.
    let mut groups: Vec<(Location, Vec<usize>)> = Vec::new();
    let missing = |lang: &str, id: &str| {
        (
            format!("no entry `{id}` in language `{lang}`"),
            "use the entry's id as `errbook records` lists it (its anchor, or the slug of its title)".to_string(),
        )
    };
    for t in &config.translations {
        let mut group = Vec::new();
        for (lang, id) in &t.ids {
            match index.get(&(lang.as_str(), id.as_str())) {
                Some(&i) => group.push(i),
                None => {
                    let (message, help) = missing(lang, id);
                    diags.error(Some(Location::new(CONFIG_FILE, t.line, 1)), message, help);
                }
            }
        }
        groups.push((Location::new(CONFIG_FILE, t.line, 1), group));
    }
    for d in documents {
        for (line, id, other) in &d.entry_translations {
            let at = || Some(Location::new(&d.source.path, *line, 1));
            let here = index.get(&(d.lang.as_str(), id.as_str()));
            let Some((lang, other_id)) = other.split_once('/') else {
                diags.error(
                    at(),
                    format!("entry_translations: `{other}` does not say a language"),
                    "write the other entry as `lang/id`, e.g. `en/task-failed-to-start`",
                );
                continue;
            };
            let there = index.get(&(lang, other_id));
            for (found, lang, id) in [(here, d.lang.as_str(), id.as_str()), (there, lang, other_id)] {
                if found.is_none() {
                    let (message, help) = missing(lang, id);
                    diags.error(at(), format!("entry_translations: {message}"), help);
                }
            }
            if let (Some(&a), Some(&b)) = (here, there) {
                groups.push((Location::new(&d.source.path, *line, 1), vec![a, b]));
            }
        }
    }
    for (at, group) in groups {
        for &i in &group {
            for &j in &group {
                if records[j].lang == records[i].lang {
                    continue;
                }
                let (lang, id) = (records[j].lang.clone(), records[j].id.clone());
                match records[i].translations.get(&lang) {
                    Some(other) if *other != id => diags.error(
                        Some(at.clone()),
                        format!("`{}` is paired with `{other}` and with `{id}` in `{lang}`", records[i].id),
                        "pair each entry with one entry per language",
                    ),
                    _ => {
                        records[i].translations.insert(lang, id);
                    }
                }
            }
        }
    }
}
