//! One module per subcommand; each returns the process exit code.

pub(crate) mod build;
pub(crate) mod bundle;
pub(crate) mod check;
pub(crate) mod index;
pub(crate) mod init;
pub(crate) mod records;
pub(crate) mod scan;
pub(crate) mod search;
pub(crate) mod serve;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use errbook::book::Book;
use errbook::diagnostics::{Diagnostic, Diagnostics, Severity};
use errbook::project::Project;
use errbook::terminal;

/// errbook's exit codes, one policy for every command: 0 when all went well; 1 when the answer
/// is "no" (the book has errors, the build failed, the log holds known errors: a pipeline
/// gates on it); 2 when the command could not do its work (no index, an unreadable log, a
/// language the book does not have), which must never read as a clean result.
pub(crate) const FAILURE: u8 = 1;
pub(crate) const FOUND: u8 = 1;
pub(crate) const CANNOT: u8 = 2;

pub(crate) fn cannot() -> ExitCode {
    ExitCode::from(CANNOT)
}

/// `--lang` must name one of `known`; says which it may name otherwise.
pub(crate) fn check_lang(lang: Option<&str>, known: &[String]) -> bool {
    match lang {
        Some(lang) if !known.iter().any(|k| k == lang) => {
            eprintln!("error: `{}` is not a language of this book", terminal::escape(lang));
            eprintln!("  help: use one of: {}", known.join(", "));
            false
        }
        _ => true,
    }
}

/// Loads the book for a command that lists what it holds (`records`): errors whole, warnings
/// only counted (`check` lists them); `None` when it has errors.
pub(crate) fn load_counting_warnings(root: &Path) -> Option<Project> {
    let book = match Project::load(root) {
        Ok(book) => book,
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("error: the book has {}", count(diags.errors(), "error", "errors"));
            return None;
        }
    };
    let n = book.diagnostics.warnings();
    if n > 0 && notes_shown() {
        eprintln!("{} (errbook check lists them)", count(n, "warning", "warnings"));
    }
    Some(book)
}

/// Loads the book, printing every diagnostic; `None` when it has errors.
pub(crate) fn load(root: &Path) -> Option<Project> {
    match Project::load(root) {
        Ok(book) => {
            print_diagnostics(&book.diagnostics);
            Some(book)
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("error: the book has {}; nothing was written", count(diags.errors(), "error", "errors"));
            None
        }
    }
}

/// How warnings are printed: all of them (`--verbose`), by kind with their first places (the
/// default), or only counted (`--quiet`). Errors are always printed whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Warnings {
    All,
    Grouped,
    Count,
}

/// The way warnings are shown for this run, set once from the command line.
static SHOWN: std::sync::OnceLock<Warnings> = std::sync::OnceLock::new();

pub(crate) fn show_warnings(shown: Warnings) {
    let _ = SHOWN.set(shown);
}

/// Whether this run prints notes (`--quiet` prints none).
pub(crate) fn notes_shown() -> bool {
    SHOWN.get().copied() != Some(Warnings::Count)
}

/// The places a group of warnings shows before it is counted.
const FIRST_PLACES: usize = 3;

pub(crate) fn print_diagnostics(diags: &Diagnostics) {
    let shown = SHOWN.get().copied().unwrap_or(Warnings::Grouped);
    let sorted = diags.sorted();
    let (errors, warnings): (Vec<_>, Vec<_>) = sorted.into_iter().partition(|d| d.severity == Severity::Error);
    for d in errors {
        eprintln!("{}", terminal::escape(&d.to_string()));
    }
    match shown {
        Warnings::All => {
            for d in &warnings {
                eprintln!("{}", terminal::escape(&d.to_string()));
            }
        }
        Warnings::Count => {}
        Warnings::Grouped => {
            // One kind of warning says one thing to do: its help line (or its words) is its kind.
            let mut kinds: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
            for d in warnings {
                let kind = d.help.as_deref().unwrap_or(&d.message);
                match kinds.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, ds)) => ds.push(d),
                    None => kinds.push((kind, vec![d])),
                }
            }
            for (_, ds) in kinds {
                if ds.len() == 1 {
                    eprintln!("{}", terminal::escape(&ds[0].to_string()));
                    continue;
                }
                let first = ds[0];
                let places: Vec<String> = ds
                    .iter()
                    .take(FIRST_PLACES)
                    .filter_map(|d| d.location.as_ref())
                    .map(|l| {
                        format!("{}:{}:{}", terminal::escape_line(&l.path.display().to_string()), l.line, l.column)
                    })
                    .collect();
                let more = if ds.len() > FIRST_PLACES { " …" } else { "" };
                eprintln!("warning: {} [{} like this]", terminal::escape(&first.message), ds.len());
                eprintln!("  at {}{more} (--verbose lists every one)", places.join(", "));
                if let Some(help) = &first.help {
                    eprintln!("  help: {}", terminal::escape(help));
                }
            }
        }
    }
}

/// With `--deny-warnings` or book.toml's `deny-warnings`, warnings fail the command: says so
/// and returns the exit code.
pub(crate) fn denied(book: &Project, flag: bool) -> Option<ExitCode> {
    let n = book.diagnostics.warnings();
    let why = match (flag, book.config.deny_warnings) {
        (true, _) => "--deny-warnings was given",
        (false, true) => "book.toml's [build] deny-warnings is set",
        (false, false) => return None,
    };
    (n > 0).then(|| {
        eprintln!("error: the book has {} and {why}", count(n, "warning", "warnings"));
        failure()
    })
}

/// Writes a command's output to standard output; human-readable text passes through
/// [`terminal::escape`] (JSON escapes its own control characters). A reader that stops early
/// (`| head`) is no failure; any other write error (a full disk) is reported, and the command
/// exits with [`CANNOT`]: its output is incomplete.
pub(crate) fn print_out(text: &[u8], human: bool) -> Result<(), ExitCode> {
    // Checked whole first: the lossy conversion is far slower on text that is valid.
    let text = std::str::from_utf8(text).map_or_else(|_| String::from_utf8_lossy(text), std::borrow::Cow::Borrowed);
    let shown = if human { terminal::escape(&text) } else { text };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(shown.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => {
            eprintln!("error: cannot write the output: {err}");
            Err(cannot())
        }
    }
}

/// `n` and the word for that many: "1 entry", "2 entries".
pub(crate) fn count(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    let word = if n == "1" { one } else { many };
    format!("{n} {word}")
}

pub(crate) fn failure() -> ExitCode {
    ExitCode::from(FAILURE)
}

/// "15 en, 7 ja"
pub(crate) fn per_language(book: &Book) -> String {
    book.config
        .languages
        .iter()
        .map(|l| format!("{} {}", book.records.iter().filter(|r| r.lang == l.code).count(), l.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A progress bar on a terminal; hidden otherwise (CI logs get the one summary line).
pub(crate) fn progress_bar(book: &Book) -> indicatif::ProgressBar {
    let pages = book.records.len() + book.documents.len() + book.config.languages.len() + 2;
    let bar = indicatif::ProgressBar::with_draw_target(Some(pages as u64), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
