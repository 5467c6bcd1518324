//! Entries without headings: the rows of an error table (an error code or message in one
//! column; what it means, its cause and its fix in the others). The cells' own labels
//! (`**原因:**`, `**Solution:**`) and the column headers say which part a cell is.

use crate::parse::{Block, Section, Text};
use crate::records::{Record, Written};
use crate::vocabulary::{Vocabulary, normalize_label};

use super::entries::error_table;
use super::entry::Entry;
use super::input::Input;

/// The entries of the error tables among a section's own blocks, in order.
pub(super) fn entries(input: &Input<'_>, vocab: &Vocabulary, section: &Section) -> Vec<Record> {
    let mut records = Vec::new();
    for block in &section.blocks {
        let Block::Table(table) = block else { continue };
        let Some(key) = error_table(table, vocab) else { continue };
        // A column headed "Error …" lists errors only; "Status" or "Code" lists normal states
        // too, so only the rows that read as errors are entries.
        let header = table.head.get(key).map(|h| normalize_label(&h.text)).unwrap_or_default();
        let errors_only = vocab.error_words.iter().any(|w| contains_word_or_cjk(&header, w));
        for row in &table.rows {
            let Some(cell) = row.get(key) else { continue };
            let title = cell_title(cell);
            if title.chars().count() < 2 || title.chars().all(|c| !c.is_alphanumeric()) {
                continue;
            }
            let row_text: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            if !errors_only && !vocab.looks_like_error(&row_text.join(" ")) {
                continue;
            }
            let head = Section {
                level: section.level + 1,
                heading: title.clone(),
                anchor: None,
                line: cell.line,
                blocks: vec![],
            };
            let mut entry = Entry::new(input, vocab, &head, true);
            entry.message(&title, cell.line);
            for (column, other) in row.iter().enumerate().filter(|&(c, _)| c != key) {
                let header = table.head.get(column).map_or("", |h| h.text.as_str());
                entry.cell(header, &other.md, other.line);
            }
            let mut record = entry.finish(&title);
            record.body = vec![Written { line: cell.line, text: row_table(&table.head, row), ..Written::default() }];
            records.push(record);
        }
    }
    records
}

/// The table's header and one of its rows, as a table of their own.
fn row_table(head: &[Text], row: &[Text]) -> String {
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<&str> = cells.collect();
        format!("| {} |", cells.join(" | "))
    };
    let rule = line(&mut head.iter().map(|_| "---"));
    format!(
        "{}\n{rule}\n{}",
        line(&mut head.iter().map(|h| h.md.as_str())),
        line(&mut row.iter().map(|c| c.md.as_str()))
    )
}

fn contains_word_or_cjk(text: &str, word: &str) -> bool {
    if word.is_ascii() { crate::vocabulary::contains_word(text, word) } else { text.contains(word) }
}

/// A key cell as a title: code spans without their backticks, line breaks as spaces.
fn cell_title(cell: &Text) -> String {
    cell.text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}
