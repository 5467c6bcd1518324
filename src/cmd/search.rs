//! `errbook search`: the same search core as the browser, on the built index.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use errbook_search::{Hit, SearchIndex, SearchOptions};

use super::index::{languages, read_index};

pub(crate) struct Args {
    pub(crate) text: Option<String>,
    pub(crate) json: bool,
    pub(crate) lang: Option<String>,
    pub(crate) limit: usize,
    pub(crate) out: Option<PathBuf>,
}

pub(crate) fn run(root: &Path, args: Args) -> ExitCode {
    let Some(bytes) = read_index(root, args.out) else { return super::cannot() };
    let text = match args.text.filter(|t| t != "-") {
        Some(text) => text,
        None => {
            // Reads at most what the search looks at, so that a whole log piped in costs
            // bounded memory.
            let mut buf = Vec::new();
            let limit = errbook_search::paste::MAX_PASTE_BYTES as u64;
            if let Err(err) = std::io::stdin().take(limit).read_to_end(&mut buf) {
                eprintln!("error: reading standard input: {err}");
                return super::cannot();
            }
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    // A paste of a coloured log is searched as a terminal shows it.
    let text = errbook_search::analysis::escapes::strip(&text);
    let index = match SearchIndex::open(&bytes) {
        Ok(index) => index,
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("  help: rebuild the site with `errbook build`");
            return super::cannot();
        }
    };
    if !super::check_lang(args.lang.as_deref(), &languages(index.entries())) {
        return super::cannot();
    }
    let hits = match index.search(&text, &SearchOptions { lang: args.lang, prefer_lang: None, limit: args.limit }) {
        Ok(hits) => hits,
        Err(err) => {
            eprintln!("error: {err}");
            return super::cannot();
        }
    };
    let mut text = Vec::new();
    // Written into memory first, which cannot fail.
    let _ = print_hits(&mut text, &hits, args.json);
    match super::print_out(&text, !args.json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn print_hits(out: &mut impl Write, hits: &[Hit], json: bool) -> std::io::Result<()> {
    if json {
        return writeln!(out, "{}", serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".into()));
    }
    if hits.is_empty() {
        return writeln!(out, "no entry matches");
    }
    // Each field in its place of a line: a newline in a file name starts no line of its own.
    let line = |text: &str| errbook::terminal::escape_line(text).into_owned();
    for (rank, hit) in hits.iter().enumerate() {
        writeln!(out, "{}. {}  [{}]  score {:.2}", rank + 1, line(&hit.title), line(&hit.lang), hit.score)?;
        writeln!(out, "   {}", line(&hit.url))?;
        writeln!(out, "   > {}", hit.matched.lines().next().unwrap_or(""))?;
        writeln!(out, "   {}", line(&hit.source))?;
    }
    Ok(())
}
