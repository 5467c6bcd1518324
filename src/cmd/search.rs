//! `errbook search`: the same search core as the browser, on the built index.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use std::time::Duration;

use errbook::remote::Site;
use errbook_search::web::WebIndex;
use errbook_search::{Hit, SearchIndex, SearchOptions};

use super::index::{languages, read_index, remote_failed, show_notes};
use crate::cli::IndexArgs;

pub(crate) struct Args {
    pub(crate) text: Option<String>,
    pub(crate) json: bool,
    pub(crate) lang: Option<String>,
    pub(crate) limit: usize,
    pub(crate) index: IndexArgs,
}

/// The index a search reads.
enum Index {
    Local(SearchIndex),
    Site(Box<(Site, WebIndex)>),
}

pub(crate) fn run(root: &Path, args: Args) -> ExitCode {
    let mut index = match &args.index.site {
        Some(url) => {
            let opened = Site::new(url, Duration::from_secs(args.index.timeout))
                .and_then(|mut site| site.index().map(|index| (site, index)));
            match opened {
                Ok(opened) => Index::Site(Box::new(opened)),
                Err(err) => return remote_failed(&[], &err),
            }
        }
        None => {
            let Some(bytes) = read_index(root, args.index.out) else { return super::cannot() };
            match SearchIndex::open(&bytes) {
                Ok(index) => Index::Local(index),
                Err(err) => {
                    eprintln!("error: {err}");
                    eprintln!("  help: rebuild the site with `errbook build`");
                    return super::cannot();
                }
            }
        }
    };
    let known = match &index {
        Index::Local(index) => languages(index.entries()),
        Index::Site(opened) => opened.1.manifest().langs.iter().map(|(lang, _)| lang.clone()).collect(),
    };
    if !super::check_lang(args.lang.as_deref(), &known) {
        return super::cannot();
    }
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
    let options = SearchOptions { lang: args.lang, prefer_lang: None, limit: args.limit };
    let (mut hits, site) = match &mut index {
        Index::Local(index) => match index.search(&text, &options) {
            Ok(hits) => (hits, None),
            Err(err) => {
                eprintln!("error: {err}");
                return super::cannot();
            }
        },
        Index::Site(opened) => {
            let (site, index) = &mut **opened;
            let found = site.search(index, &text, &options);
            match found {
                Ok(hits) => (hits, Some(&*site)),
                Err(err) => return remote_failed(&site.notes, &err),
            }
        }
    };
    if let Some(site) = site {
        show_notes(&site.notes);
        // A person follows a whole address; JSON keeps the site's own paths, as a local build's.
        if !args.json {
            hits.iter_mut().for_each(|hit| hit.url = site.address(&hit.url));
        }
    }
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
