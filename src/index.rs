//! The search stage: the records as documents of the search index (`errbook-search`), written
//! into the output as `search/index.bin`.

use errbook_search::EntryMeta;
use errbook_search::build::{Doc, build_index};

use crate::records::{Record, append_paragraph};
use crate::vocabulary::Vocabulary;

/// Where the packed index sits in the output folder.
pub const INDEX_PATH: &str = "search/index.bin";

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
        append_paragraph(&mut causes, &c.explanation);
        for m in &c.error_messages {
            append_paragraph(&mut causes, m);
            evidence.push(m.clone());
        }
        for cmd in &c.commands {
            append_paragraph(&mut causes, &cmd.code);
        }
    }
    let mut body = String::new();
    append_paragraph(&mut body, &r.summary);
    append_paragraph(&mut body, &r.symptom);
    for c in &r.causes {
        append_paragraph(&mut body, &c.solution.text);
    }
    for s in &r.solutions {
        append_paragraph(&mut body, &s.text);
    }
    for s in &r.debugging_steps {
        append_paragraph(&mut body, &s.text);
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
