//! `errbook scan`: which known errors a whole log holds, with an exit code a pipeline can gate on.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use errbook_search::pack;
use errbook_search::scan::{Report, Scanner};

use std::time::Duration;

use errbook::remote::{self, Site};

use super::index::{languages, read_index, remote_failed, show_notes};
use super::{CANNOT, FOUND};
use crate::cli::IndexArgs;

pub(crate) struct Args {
    pub(crate) file: Option<PathBuf>,
    pub(crate) json: bool,
    pub(crate) lang: Option<String>,
    pub(crate) index: IndexArgs,
}

pub(crate) fn run(root: &Path, args: Args) -> ExitCode {
    // The packed index, from a build or a hosted site (scanning needs every entry, once).
    let (bytes, site) = match &args.index.site {
        Some(url) => {
            let fetched = Site::new(url, Duration::from_secs(args.index.timeout))
                .and_then(|mut site| site.current(remote::PACKED_INDEX).map(|bytes| (bytes, site)));
            match fetched {
                Ok((bytes, site)) => {
                    show_notes(&site.notes);
                    (bytes, Some(site))
                }
                Err(err) => return remote_failed(&[], &err),
            }
        }
        None => match read_index(root, args.index.out) {
            Some(bytes) => (bytes, None),
            None => return ExitCode::from(CANNOT),
        },
    };
    let mut meta = match pack::read(&bytes) {
        Ok((_, meta)) => meta,
        Err(err) => {
            eprintln!("error: {err}");
            match &site {
                Some(site) => eprintln!(
                    "  help: {} is not an errbook index; check that --site is the root of a site built by errbook",
                    site.address(remote::PACKED_INDEX)
                ),
                None => eprintln!("  help: rebuild the site with `errbook build`"),
            }
            return ExitCode::from(CANNOT);
        }
    };
    if !super::check_lang(args.lang.as_deref(), &languages(&meta.entries)) {
        return ExitCode::from(CANNOT);
    }
    if let Some(lang) = &args.lang {
        meta.entries.retain(|e| e.lang == *lang);
    }
    let (name, log): (String, Box<dyn Read>) = match args.file.filter(|f| f.as_os_str() != "-") {
        None => ("standard input".into(), Box::new(std::io::stdin())),
        Some(path) => match std::fs::File::open(&path) {
            Ok(file) => (path.display().to_string(), Box::new(file)),
            Err(err) => {
                eprintln!("error: cannot open {}: {err}", path.display());
                return ExitCode::from(CANNOT);
            }
        },
    };
    let mut report = match Scanner::new(&meta.entries, &meta.error_words).scan(log) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: reading {name}: {err}");
            return ExitCode::from(CANNOT);
        }
    };
    // A person follows a whole address; JSON keeps the site's own paths, as a local build's.
    if let Some(site) = site.filter(|_| !args.json) {
        report.entries.iter_mut().for_each(|e| e.url = site.address(&e.url));
    }
    // Written into memory first, which cannot fail.
    let mut text = Vec::new();
    let _ = if args.json {
        writeln!(text, "{}", serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into()))
    } else {
        print_report(&mut text, &name, &report)
    };
    if let Err(code) = super::print_out(&text, !args.json) {
        return code;
    }
    if report.entries.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(FOUND) }
}

fn print_report(out: &mut impl Write, name: &str, report: &Report) -> std::io::Result<()> {
    // Each field in its place of a line: a newline in a file name starts no line of its own.
    let line = |text: &str| errbook::terminal::escape_line(text).into_owned();
    let name = &line(name);
    if report.entries.is_empty() {
        return writeln!(out, "no known error in {name} ({})", super::count(report.lines, "line", "lines"));
    }
    let n = report.entries.len();
    writeln!(
        out,
        "{} in {name} ({}):",
        super::count(n, "known error", "known errors"),
        super::count(report.lines, "line", "lines")
    )?;
    for o in &report.entries {
        let lines = if o.first_line == o.last_line {
            format!("line {}", o.first_line)
        } else {
            format!("lines {}–{}", o.first_line, o.last_line)
        };
        writeln!(out, "\n{}  [{}]  {}×, {lines}", line(&o.title), line(&o.lang), o.count)?;
        writeln!(out, "   {}\n   > {}\n   {}", line(&o.url), line(&o.sample), line(&o.source))?;
    }
    Ok(())
}
