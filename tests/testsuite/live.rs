//! `errbook serve`: a real server process on loopback, edited under a real browser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::BookTest;
use crate::browser::{eval, launch, screenshot, tab};

/// A running `errbook serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
}

impl Server {
    fn start(book: &BookTest, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_errbook"));
        command.arg("-C").arg(&book.root);
        Server::spawn(command, args)
    }

    /// Started as a user starts it: inside the book, no `-C`.
    pub(crate) fn start_inside(book: &BookTest) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_errbook"));
        command.current_dir(&book.root);
        Server::spawn(command, &[])
    }

    fn spawn(mut command: Command, args: &[&str]) -> Server {
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.split_whitespace().nth(1).unwrap_or_else(|| panic!("no URL in {line:?}")).to_string();
        Server { child, base }
    }

    /// A raw GET, with the path sent exactly as given (a browser would normalize `..`).
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let host = self.base.trim_start_matches("http://").trim_end_matches('/');
        self.get_as(path, host)
    }

    /// A raw GET naming `host` in its Host header.
    fn get_as(&self, path: &str, host: &str) -> (u16, String) {
        let address = self.base.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, response)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

const ENTRY: &str =
    "# Errors\n\n## Disk full\n\n### Error Message\n\n```\nENOSPC: no space left on device\n```\n\n### Solution\n\n";

#[test]
fn serve_listens_on_loopback_only_by_default() {
    let book = BookTest::small("serve-loopback");
    let server = Server::start(&book, &[]);
    assert!(server.base.starts_with("http://127.0.0.1:"), "{}", server.base);
    let (status, page) = server.get("/en/errors/disk-full/");
    assert_eq!(status, 200);
    assert!(
        page.to_lowercase().contains("content-security-policy: default-src 'self'"),
        "header names are case-insensitive: {page}"
    );
    assert!(page.contains("<script src=\"/__errbook/live.js\"></script>"));
}

#[test]
// Symbolic links as Unix makes them.
#[cfg(unix)]
fn serve_refuses_paths_out_of_the_output_folder() {
    let book = BookTest::small("serve-traversal");
    book.file("secret.txt", "TOP-SECRET");
    let server = Server::start(&book, &[]);
    std::os::unix::fs::symlink(book.root.join("secret.txt"), book.out().join("leak.txt")).unwrap();
    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        &format!("/{}", book.root.join("secret.txt").display()),
        "/leak.txt",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("TOP-SECRET"), "{path} leaked the file");
    }
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn serve_reloads_on_edit_and_shows_build_errors_over_the_last_good_site() {
    let book = BookTest::small("serve-live");
    book.file("content/en/ok.md", format!("{ENTRY}Free some space. FIRST-EDIT\n"));
    let server = Server::start(&book, &[]);
    let browser = launch();
    let (tab, errors) = tab(&browser);
    // Not waiting for the network to go idle: the page polls the server for as long as it is open.
    tab.navigate_to(&format!("{}en/errors/disk-full/", server.base)).unwrap();
    let body_has = |text: &str| eval(&tab, &format!("document.body?.innerText.includes({text:?}) ?? false")) == true;
    wait_for("the page", || body_has("FIRST-EDIT"));

    book.file("content/en/ok.md", format!("{ENTRY}Free some space. SECOND-EDIT\n"));
    wait_for("the page to reload with the edit", || body_has("SECOND-EDIT"));

    // A broken file: the page shows the error with file:line, the last good site stays served.
    book.file("content/en/ok.md", format!("---\ntitle: [unclosed\n---\n{ENTRY}THIRD-EDIT\n"));
    let overlay = "document.getElementById('errbook-build-error')?.innerText ?? ''";
    wait_for("the build error overlay", || eval(&tab, overlay).as_str().is_some_and(|t| !t.is_empty()));
    let shown = eval(&tab, overlay).as_str().unwrap().to_string();
    assert!(shown.contains("content/en/ok.md:2"), "{shown}");
    screenshot(&tab, "serve-build-error");
    let (status, page) = server.get("/en/errors/disk-full/");
    assert_eq!(status, 200);
    assert!(page.contains("SECOND-EDIT") && !page.contains("THIRD-EDIT"));

    book.file("content/en/ok.md", format!("{ENTRY}Free some space. FOURTH-EDIT\n"));
    wait_for("the fixed page", || body_has("FOURTH-EDIT"));
    assert_eq!(eval(&tab, overlay), "");
    assert!(errors.lock().unwrap().is_empty(), "console errors: {:?}", errors.lock().unwrap());
}

/// `cd mybook && errbook serve`: an edit rebuilds the site (the watcher once compared the
/// relative paths the user typed with the absolute ones of file events, and nothing rebuilt).
#[test]
fn serve_started_inside_the_book_rebuilds_on_edit() {
    let book = BookTest::small("serve-inside");
    let server = Server::start_inside(&book);
    assert_eq!(server.get("/en/errors/disk-full/").0, 200);
    book.file("content/en/ok.md", format!("{ENTRY}Free some space, then retry the upload.\n"));
    wait_for("the edited page", || server.get("/en/errors/disk-full/").1.contains("then retry the upload"));
}

/// A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) could read the book;
/// `//en` redirected to a host named `en`.
#[test]
fn serve_answers_only_loopback_names_and_never_redirects_off_site() {
    let book = BookTest::small("serve-host");
    let server = Server::start(&book, &[]);
    assert_eq!(server.get_as("/en/errors/disk-full/", "evil.example:80").0, 421);
    assert_eq!(server.get_as("/en/errors/disk-full/", "localhost:1234").0, 200);
    let (status, response) = server.get("//en");
    assert_eq!(status, 301);
    assert!(response.to_lowercase().contains("location: /en/\r\n"), "{response}");
}

/// The peak resident memory of a server still running: only /proc tells it (`getrusage` reports
/// on a process once it has ended); `None` where there is no /proc.
pub(crate) fn peak_kib(pid: u32) -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok());
    Some(kib.expect("VmHWM in /proc/PID/status"))
}

/// Hundreds of clients that hold connections open and send nothing, and clients that ask for
/// the largest file and never read it, used to stop every other request (a fixed set of worker
/// threads); oversized headers were read whole. Ordinary requests must still answer at once.
#[test]
fn serve_keeps_answering_while_clients_hold_connections_or_never_read() {
    let book = BookTest::small("serve-stress");
    let server = Server::start(&book, &[]);
    let address = server.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let idle: Vec<TcpStream> = (0..500).map(|_| TcpStream::connect(&address).unwrap()).collect();
    let stuck: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(&address).unwrap();
            write!(s, "GET /records.json HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
            s
        })
        .collect();
    // A header of 4 MiB is refused, not read whole.
    let mut bomb = TcpStream::connect(&address).unwrap();
    let _ = write!(bomb, "GET / HTTP/1.1\r\nHost: {address}\r\nX-Big: {}\r\n\r\n", "a".repeat(4 << 20));
    let mut answer = String::new();
    let _ = bomb.read_to_string(&mut answer);
    assert!(!answer.starts_with("HTTP/1.1 200"), "an oversized header was served: {}", &answer[..answer.len().min(80)]);
    for path in ["/", "/en/errors/disk-full/", "/assets/style.css", "/records.json"] {
        let started = Instant::now();
        let (status, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(started.elapsed() < Duration::from_secs(1), "{path} took {:?}", started.elapsed());
    }
    if let Some(peak) = peak_kib(server.child.id()) {
        assert!(peak < 200 * 1024, "serve used {peak} KiB");
    }
    drop((idle, stuck));
}

/// With `ulimit -n 64` and 60 half-open connections the server stopped accepting for good (a
/// panic on "Too many open files"); now it waits for descriptors and goes on.
#[test]
fn serve_survives_running_out_of_file_descriptors() {
    let book = BookTest::small("serve-fds");
    let mut command = Command::new("bash");
    command.args(["-c", "ulimit -n 64 && exec \"$@\"", "bash", env!("CARGO_BIN_EXE_errbook"), "-C"]).arg(&book.root);
    let server = Server::spawn(command, &[]);
    let address = server.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let held: Vec<TcpStream> = (0..80).filter_map(|_| TcpStream::connect(&address).ok()).collect();
    drop(held);
    wait_for("an answer once descriptors are free again", || {
        std::panic::catch_unwind(|| server.get("/en/errors/disk-full/").0).ok() == Some(200)
    });
}

const NETWORK_EN: &str = "# Network errors\n\nHow to read them.\n\n## Connection refused\n\n### Error Message\n\n```\nECONNREFUSED 10.0.0.1:5432\n```\n\n### Solution\n\nStart the database.\n\n## Name not resolved {#name-not-resolved}\n\n### Error Message\n\n```\ngetaddrinfo ENOTFOUND db.internal\n```\n\n### Solution\n\nCheck the DNS record.\n";
const NETWORK_JA: &str = "# ネットワークのエラー\n\n## 接続が拒否される\n\n### エラーメッセージ\n\n```\nECONNREFUSED 10.0.0.1:5432\n```\n\n### 解決策\n\nデータベースを起動する。\n";

/// Every file of the site in `out` (the marker and tantivy's packed index aside, which the
/// search compares instead), by path.
fn site_files(out: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"), e.path().to_path_buf()))
        .filter(|(name, _)| name != ".errbook-output" && name != "search/index.bin")
        .map(|(name, path)| (name, std::fs::read(path).unwrap()))
        .collect()
}

/// What a fresh `errbook build` of the same sources writes, beside the served site.
fn assert_same_as_a_full_build(book: &BookTest, what: &str) {
    let fresh = book.root.join("fresh");
    let run = book.run(&["build", "--out", fresh.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (served, built) = (site_files(&book.out()), site_files(&fresh));
    assert_eq!(served.keys().collect::<Vec<_>>(), built.keys().collect::<Vec<_>>(), "{what}: the same files");
    for (name, bytes) in &built {
        assert!(served[name] == *bytes, "{what}: {name} differs from a full build's");
    }
    for out in [book.out(), fresh] {
        let run = book.run(&["search", "--out", out.to_str().unwrap(), "--json", "rotate the kerberos ticket"]);
        assert!(run.stdout.contains("connection-refused"), "{what}: {}", run.stdout);
    }
}

/// After an edit of entries' text, `serve` writes their pages, records.json and the search
/// parts that changed, and nothing else; after a new title or message, also the pages that
/// show them; after a new entry, the whole site. Each time the site is exactly what a full
/// build of the same sources writes.
#[test]
fn serve_writes_only_what_an_edit_changed_and_the_site_matches_a_full_build() {
    let book = BookTest::empty("serve-incremental");
    book.file("content/en/network.md", NETWORK_EN).file("content/ja/network.md", NETWORK_JA);
    let server = Server::start(&book, &[]);
    let version = || {
        let body = server.get("/__errbook/status").1;
        let json = body.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
        serde_json::from_str::<serde_json::Value>(&json).ok().and_then(|v| v["version"].as_u64()).unwrap_or(0)
    };
    wait_for("the first build", || version() == 1);
    let out = book.out();
    let modified = |path: &str| std::fs::metadata(out.join(path)).unwrap().modified().unwrap();
    let untouched = ["en/index.html", "ja/index.html", "en/errors/name-not-resolved/index.html", "sitemap.xml"];
    let before: Vec<_> = untouched.iter().map(|p| modified(p)).collect();
    let edited_page = "en/errors/connection-refused/index.html";
    let edited_before = modified(edited_page);

    // One file at a time: each save is one rebuild.
    let edited_en = NETWORK_EN.replace("Start the database.", "Rotate the Kerberos ticket.");
    book.file("content/en/network.md", &edited_en);
    wait_for("the rebuild", || version() == 2);
    book.file(
        "content/ja/network.md",
        NETWORK_JA.replace("データベースを起動する。", "Kerberos のチケットを更新する。"),
    );
    wait_for("the second rebuild", || version() == 3);
    assert!(std::fs::read_to_string(out.join(edited_page)).unwrap().contains("Rotate the Kerberos ticket."));
    assert_ne!(modified(edited_page), edited_before, "the edited entry's page is written again");
    for (path, when) in untouched.iter().zip(&before) {
        assert_eq!(modified(path), *when, "{path} is not written again");
    }
    assert_same_as_a_full_build(&book, "after an edit of text");

    // A new title (same id) is on the home pages; a new message changes which Japanese entry is
    // its counterpart, and where it stands in the search index.
    let retitled = edited_en
        .replace("## Name not resolved", "## Host name not resolved")
        .replace("ECONNREFUSED 10.0.0.1:5432", "ECONNREFUSED 10.0.0.9:6432");
    book.file("content/en/network.md", &retitled);
    wait_for("the third rebuild", || version() == 4);
    assert_ne!(modified("en/index.html"), before[0], "the home page lists the new title");
    assert_eq!(modified("sitemap.xml"), before[3], "no page came or went");
    assert!(std::fs::read_to_string(out.join("en/index.html")).unwrap().contains("Host name not resolved"));
    assert_same_as_a_full_build(&book, "after a new title and message");

    book.file(
        "content/en/network.md",
        format!("{retitled}\n## Disk full\n\n### Error Message\n\n```\nENOSPC: no space left on device\n```\n"),
    );
    wait_for("the fourth rebuild", || version() == 5);
    assert!(out.join("en/errors/disk-full/index.html").exists());
    assert_ne!(modified("sitemap.xml"), before[3], "the whole site is written again");
    assert_same_as_a_full_build(&book, "after a new entry");
}
