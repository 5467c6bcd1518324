//! `errbook records`: the compiled records, as a table or as JSON.

use std::path::Path;
use std::process::ExitCode;

use errbook::records::Record;
use errbook::terminal;

pub(crate) fn run(root: &Path, lang: Option<String>, json: bool) -> ExitCode {
    let Some(book) = super::load_counting_warnings(root) else { return super::failure() };
    let known: Vec<String> = book.config.languages.iter().map(|l| l.code.clone()).collect();
    if !super::check_lang(lang.as_deref(), &known) {
        return super::cannot();
    }
    let records: Vec<&Record> = book.records.iter().filter(|r| lang.as_ref().is_none_or(|l| &r.lang == l)).collect();
    let printed = if json {
        match serde_json::to_string_pretty(&records) {
            Ok(text) => super::print_out(format!("{text}\n").as_bytes(), false),
            Err(err) => {
                eprintln!("error: {err}");
                return super::failure();
            }
        }
    } else {
        super::print_out(table(&records).as_bytes(), true)
    };
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// One line per record: language, id, title, the first error message and the source.
fn table(records: &[&Record]) -> String {
    let mut out = String::from("LANG  TITLE  /  FIRST ERROR MESSAGE  /  SOURCE\n");
    // Each field in its place of a line: a newline in a file name starts no line of its own.
    let line = |text: &str| terminal::escape_line(text).into_owned();
    for r in records {
        let message = r.error_messages.first().map(|m| m.text.lines().next().unwrap_or("")).unwrap_or("-");
        out.push_str(&format!(
            "{:<5} {}\n      {}  ({})\n      {}  #{}\n",
            line(&r.lang),
            line(&r.title),
            line(message),
            super::count(r.causes.len(), "cause", "causes"),
            line(&r.source.to_string()),
            line(&r.id)
        ));
    }
    out
}
