//! End-to-end tests: the real `errbook` binary run on real books.

mod bad_input;
mod browser;
mod browser_search_box;
mod deploy;
mod embed;
mod engine;
mod entry_page;
mod hardening;
mod hardening_serve;
mod hardening_site;
mod hostile;
mod layouts;
mod live;
mod properties;
mod reading;
mod sample;
mod scan;
mod schema;
mod search;
mod serve;
mod shapes;
mod site;
mod site_search;
mod static_server;
mod stress;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A book in a fresh folder, built file by file, and the binary run on it.
pub struct BookTest {
    pub root: PathBuf,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl BookTest {
    /// An empty folder (no book.toml: the defaults apply).
    pub fn empty(name: &str) -> BookTest {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("book-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        // A book is a folder with a book.toml; tests that need other settings write their own.
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Test book\"\n").unwrap();
        BookTest { root }
    }

    /// A small valid book: one English and one Japanese entry.
    pub fn small(name: &str) -> BookTest {
        let book = BookTest::empty(name);
        book.file(
            "content/en/ok.md",
            "# Errors\n\n## Disk full\n\n### Error Message\n\n```\nENOSPC: no space left on device\n```\n\n### Solution\n\nFree some space.\n",
        );
        book.file(
            "content/ja/ok.md",
            "# エラー\n\n## ディスクがいっぱい\n\n**症状**: 書き込みが失敗する\n\n> ENOSPC: no space left on device\n\n**対応**: 空き容量を増やす\n",
        );
        book
    }

    pub fn file(&self, path: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_errbook")).arg("-C").arg(&self.root).args(args).output().unwrap();
        Run::from(output)
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("book")
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        let run = Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        };
        assert!(!run.stderr.contains("panicked"), "errbook panicked:\n{}", run.stderr);
        run
    }
}

/// The repository's own sample book.
pub fn sample_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs errbook on the sample book with `args`.
pub fn run_on_sample<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    Run::from(Command::new(env!("CARGO_BIN_EXE_errbook")).arg("-C").arg(sample_root()).args(args).output().unwrap())
}

/// Runs errbook with `args`, `stdin` written to its standard input.
pub fn run_with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: &[u8]) -> Run {
    run_measured(args, stdin).0
}

/// Runs errbook with `args` and `stdin`; returns the run and its peak resident memory, as
/// `getrusage` reports it to `examples/peak-memory.rs` (which says why errbook is not measured
/// from here). Input is written and output read by threads of their own, so that a large input
/// and a large output cannot block each other.
pub fn run_measured<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: &[u8]) -> (Run, u64) {
    let errbook = Path::new(env!("CARGO_BIN_EXE_errbook"));
    // `cargo test` builds the examples beside the binaries.
    let wrapper = errbook.with_file_name("examples").join(format!("peak-memory{}", std::env::consts::EXE_SUFFIX));
    assert!(wrapper.exists(), "{} is missing: run the tests with `cargo test`, which builds it", wrapper.display());
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(&wrapper)
        .arg(report.path())
        .arg(errbook)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // errbook may stop reading early (a paste is cut at 1 MiB): not an error here.
        let _ = input.write_all(&stdin);
    });
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = reader(Box::new(child.stdout.take().unwrap()));
    let stderr = reader(Box::new(child.stderr.take().unwrap()));
    writer.join().unwrap();
    let output =
        Output { status: child.wait().unwrap(), stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() };
    let peak = std::fs::read_to_string(report.path()).unwrap();
    (Run::from(output), peak.trim().parse().unwrap_or_else(|_| panic!("peak-memory wrote {peak:?}")))
}

/// The sample's site, built once per test run; returns its folder.
pub fn built_sample() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = BookTest::empty("sample-site").root.join("book");
        let run = run_on_sample(&["build".as_ref(), "--out".as_ref(), out.as_os_str()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("22 entries (15 en, 7 ja) from 4 documents"), "{}", run.stderr);
        out
    })
}

/// The sample's offline bundle, built once per test run; returns its folder (the zip is beside).
pub fn bundled_sample() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let zip = BookTest::empty("sample-bundle").root.join("offline.zip");
        let run = run_on_sample(&["bundle".as_ref(), "--out".as_ref(), zip.as_os_str()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        zip.with_extension("")
    })
}

/// `html` without errbook's one inline script (the 404 page's, which the policy allows by its
/// hash), so that checks for inline scripts see every other.
pub fn without_find_root(html: &str) -> String {
    html.replace(&format!("<script>{}</script>", errbook::site::csp::FIND_ROOT), "")
}

/// The names of the event handler attributes (`onclick` …) of the tags of `html`, read tag by
/// tag and attribute by attribute, so that text that only reads like a handler inside a quoted
/// value (an escaped title in `content="…"`) is not one.
pub fn event_handlers(html: &str) -> Vec<String> {
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    static ATTRIBUTE: OnceLock<regex::Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r#"<[a-zA-Z][\w-]*((?:\s*[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)*)\s*/?>"#).unwrap()
    });
    let attribute =
        ATTRIBUTE.get_or_init(|| regex::Regex::new(r#"([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"#).unwrap());
    tag.captures_iter(html)
        .flat_map(|t| {
            attribute
                .captures_iter(t.get(1).map_or("", |m| m.as_str()))
                .map(|a| a[1].to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .filter(|name| name.starts_with("on"))
        .collect()
}

#[test]
fn event_handlers_are_found_in_tags_not_in_values() {
    assert_eq!(event_handlers(r#"<div class="a" onclick="x()">"#), ["onclick"]);
    assert_eq!(event_handlers("<img src=x OnError=alert(1)>"), ["onerror"]);
    assert!(event_handlers(r#"<meta content="&lt;img src=x onerror=&quot;y&quot;&gt;"> onload= text"#).is_empty());
}
