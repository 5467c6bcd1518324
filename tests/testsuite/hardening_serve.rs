//! What a log, a flag or a client can make of `errbook scan`, `search`, `serve` and `bundle`,
//! each reproduced as it was once possible: a coloured error let through a pipeline's gate, a
//! folder or file errbook did not make served or overwritten, a server held by slow clients,
//! and a file name forging a line of output.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::live::{Server, peak_kib};
use crate::{BookTest, Run, built_sample, run_with_stdin};

/// A coloured error line (`ESC[31m…ESC[0m`) was no known error to `scan` (exit 0) while the
/// same line plain was one (exit 1): a CI gate passed a log its terminal showed failing.
#[test]
fn coloured_log_lines_are_known_errors_on_their_own_line_numbers() {
    let site = built_sample().to_string_lossy().into_owned();
    let plain = "INFO start\nINFO writing\nOSError: [Errno 28] No space left on device\n";
    let coloured = "\x1b]0;deploy\x07\x1b[32mINFO\x1b[0m start\n\x1b[2mINFO writing\x1b[0m\n\
                    \x1b[31mOSError: [Errno 28] No space left on device\x1b[0m\n";
    let run = run_with_stdin(&["scan", "--out", &site], coloured.as_bytes());
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 known error in standard input (3 lines)"), "{}", run.stdout);
    assert!(run.stdout.contains("Task failed to start  [en]  1×, line 3"), "{}", run.stdout);
    assert!(run.stdout.contains("   > OSError: [Errno 28] No space left on device\n"), "{}", run.stdout);
    assert_eq!(run.stdout, run_with_stdin(&["scan", "--out", &site], plain.as_bytes()).stdout);
    // The one line of the report: as `printf '\033[31m…\033[0m\n' | errbook scan` sends it.
    let one =
        run_with_stdin(&["scan", "--out", &site], b"\x1b[31mOSError: [Errno 28] No space left on device\x1b[0m\n");
    assert_eq!(one.code, 1, "{}", one.stdout);
    // `search` reads the coloured paste as the plain one.
    let search = |text: &str| run_with_stdin(&["search", "--out", &site, "--limit", "3"], text.as_bytes());
    let (found, expected) = (search(coloured), search(plain));
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert_eq!(found.stdout, expected.stdout);
    assert!(found.stdout.starts_with("1. Task failed to start"), "{}", found.stdout);
}

/// Random base64 pasted to `search` matched "No space left on device" with a score of 1.20: cut
/// into some 2,200 short words, a few hundred of them were words the book has. A run of base64
/// is now dropped whole, as ids and hashes are.
#[test]
fn pasted_base64_matches_no_entry() {
    let site = built_sample().to_string_lossy().into_owned();
    // `head -c 3000 /dev/urandom | base64`, from fixed seeds: 76 characters a line.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for paste in 0..40 {
        let bytes: Vec<u8> = (0..3000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let text = base64(&bytes);
        let lines: Vec<&str> = text.as_bytes().chunks(76).map(|l| std::str::from_utf8(l).unwrap()).collect();
        let run = run_with_stdin(&["search", "--out", &site], (lines.join("\n") + "\n").as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, "no entry matches\n", "paste {paste}");
    }
    // The error pasted with a blob still finds its entry.
    let pasted = format!("OSError: [Errno 28] No space left on device\npayload: {}\n", base64(&[7; 300]));
    let run = run_with_stdin(&["search", "--out", &site, "--limit", "1"], pasted.as_bytes());
    assert!(run.stdout.starts_with("1. Task failed to start"), "{}", run.stdout);
}

/// `bytes` in base64, padded.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= group.len() { DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// `errbook` run as a user runs it: inside the book, paths relative to it.
fn run_inside(book: &BookTest, args: &[&str]) -> Run {
    Run::from(Command::new(env!("CARGO_BIN_EXE_errbook")).current_dir(&book.root).args(args).output().unwrap())
}

/// `serve --out /` said the folder was refused and served it all the same (`GET /etc/passwd`
/// answered 200), as it served any folder of the user's; it now refuses to start.
#[test]
fn serve_refuses_to_serve_a_folder_errbook_does_not_own() {
    let book = BookTest::small("serve-own");
    book.file("notes/plan.txt", "mine");
    let root = book.root.to_string_lossy().into_owned();
    for (inside, out) in [(false, "/"), (true, "notes"), (true, "."), (true, "content"), (false, root.as_str())] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_errbook"));
        if inside {
            command.current_dir(&book.root);
        } else {
            command.arg("-C").arg(&book.root);
        }
        let mut child = command
            .args(["serve", "--port", "0", "--out", out])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve --out {out} kept running");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let run = Run::from(child.wait_with_output().unwrap());
        assert_eq!(status.code(), Some(1), "serve --out {out}: {}", run.stderr);
        assert!(!run.stdout.contains("serving"), "serve --out {out}: {}", run.stdout);
        assert!(run.stderr.contains(&format!("error: output folder `{out}`")), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(book.root.join("notes/plan.txt")).unwrap(), "mine");
    assert!(!book.root.join("notes/index.html").exists(), "nothing was built there either");
}

/// `bundle --out book.toml` turned the book's configuration into a zip, `--out notes.txt`
/// overwrote any file, and `--out .zip` left `.zip.zip.partial` behind.
#[test]
fn bundle_overwrites_only_a_zip_of_its_own_and_leaves_no_partial_file() {
    let book = BookTest::small("bundle-own");
    book.file("book.toml", "[book]\ntitle = \"Mine\"\n");
    book.file("notes.txt", "my notes");
    book.file("photos.zip", "PK not a bundle");
    let files_before = files_of(&book.root);
    for out in ["book.toml", "notes.txt", ".zip", "site/.zip", "offline"] {
        let run = run_inside(&book, &["bundle", "--out", out]);
        assert_eq!(run.code, 1, "bundle --out {out}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("error: bundle output `{out}` does not end in `.zip`")), "{}", run.stderr);
    }
    let run = run_inside(&book, &["bundle", "--out", "photos.zip"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("output file `photos.zip` exists and was not written by errbook"), "{}", run.stderr);
    assert_eq!(files_of(&book.root), files_before, "nothing written, nothing left behind");
    // Its own bundle it replaces, as often as asked; nothing is left beside it.
    for _ in 0..2 {
        let run = run_inside(&book, &["bundle", "--out", "offline.zip"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let left: Vec<String> = files_of(&book.root).into_keys().filter(|f| f.contains("part")).collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(std::fs::read_to_string(book.root.join("book.toml")).unwrap(), "[book]\ntitle = \"Mine\"\n");
}

/// Every file under `root`, with its bytes.
fn files_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Raises this process's limit of open files (inherited by the servers it starts) to `want`,
/// or as near as the hard limit allows.
fn raise_open_files(want: u64) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    if soft < want {
        setrlimit(Resource::RLIMIT_NOFILE, want.min(hard), hard).unwrap();
    }
}

/// A connection to `address` with a receive buffer of 4 KiB: a client that never reads holds
/// little of the kernel's memory.
fn connect_small(address: &str) -> TcpStream {
    let address: std::net::SocketAddr = address.parse().unwrap();
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect_timeout(&address.into(), Duration::from_secs(5)).unwrap();
    socket.into()
}

/// A GET of `path` that must be answered within 5 s; its status and how long it took.
fn timed_get(address: &str, path: &str) -> (u16, Duration) {
    let started = Instant::now();
    let Ok(mut stream) = TcpStream::connect_timeout(&address.parse().unwrap(), Duration::from_secs(5)) else {
        return (0, started.elapsed());
    };
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let status = String::from_utf8_lossy(&response[..response.len().min(12)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    (status.unwrap_or(0), started.elapsed())
}

/// The 95th percentile of 40 ordinary requests for an entry page, each answered in full.
fn p95_of_ordinary_requests(address: &str) -> Duration {
    let mut times: Vec<Duration> = (0..40)
        .map(|_| {
            let (status, took) = timed_get(address, "/en/errors/disk-full/");
            assert_eq!(status, 200, "an ordinary request after {took:?}");
            took
        })
        .collect();
    times.sort();
    times[37]
}

/// Pages were read whole for each request: 400 clients that never read an 8.7 MB page held
/// 4.6 GB and pushed an ordinary request to 11.9 s; past 2,048 connections that never finish
/// their headers (slowloris), every new one waited to be accepted. Pages are now streamed (the
/// reload script still added), and a newcomer takes the place of a connection still waiting
/// for its headers.
#[test]
fn serve_streams_pages_to_clients_that_never_read_and_holds_no_queue() {
    const SLOW_READERS: usize = 400;
    const SLOWLORIS: usize = 2_500;
    raise_open_files((SLOW_READERS + SLOWLORIS) as u64 * 2 + 512);
    let book = BookTest::small("serve-streams");
    let server = Server::start_inside(&book);
    let address = server.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    // A page as large as a long document's, in the folder served (no edit: nothing rebuilds).
    let page =
        format!("<!doctype html><html><body>{}</body></html>\n", "<p>No space left on device</p>\n".repeat(282_000));
    assert!(page.len() > 8_700_000);
    std::fs::write(book.out().join("large.html"), &page).unwrap();
    // (HTTP/1.0: the body comes as it is, not in chunks.)
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(stream, "GET /large.html HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.0 200") && head.contains("content-type: text/html"), "{head}");
    let expected = page.replace("</body>", "<script src=\"/__errbook/live.js\"></script></body>");
    assert!(body == expected, "the page whole, the reload script before </body>");

    let mut slow: Vec<TcpStream> = (0..SLOW_READERS)
        .map(|_| {
            let mut stream = connect_small(&address);
            write!(stream, "GET /large.html HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
            stream
        })
        .collect();
    // Each is answered (its status line arrived), then reads no more.
    for stream in &mut slow {
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut status = [0; 12];
        stream.read_exact(&mut status).unwrap();
        assert_eq!(&status, b"HTTP/1.1 200");
    }
    let p95 = p95_of_ordinary_requests(&address);
    let peak = peak_kib(server.child.id());
    eprintln!(
        "{SLOW_READERS} clients not reading an 8.7 MB page: ordinary request p95 {p95:?}, server peak {peak:?} KiB"
    );
    assert!(p95 < Duration::from_millis(100), "p95 {p95:?}");
    if let Some(peak) = peak {
        assert!(peak < 300 * 1024, "serve held {peak} KiB");
    }
    drop(slow);

    // Connections that send part of their headers and never the rest.
    let started = Instant::now();
    let loris: Vec<TcpStream> = (0..SLOWLORIS)
        .map(|_| {
            let mut stream = connect_small(&address);
            let _ = write!(stream, "GET / HTTP/1.1\r\nHost: {address}\r\nX-Wait: ");
            stream
        })
        .collect();
    let opened = started.elapsed();
    let p95 = p95_of_ordinary_requests(&address);
    eprintln!("{SLOWLORIS} slowloris connections opened in {opened:?}: ordinary request p95 {p95:?}");
    assert!(p95 < Duration::from_millis(100), "p95 {p95:?}");
    // Beyond the limit the oldest of them were closed to make room, at once (not after the 10 s
    // that headers are given).
    let closed = || {
        loris
            .iter()
            .filter(|s| {
                s.set_nonblocking(true).unwrap();
                !matches!((&**s).read(&mut [0u8; 1]), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
            })
            .count()
    };
    while closed() < SLOWLORIS - 2_048 {
        assert!(started.elapsed() < Duration::from_secs(8), "{} of {SLOWLORIS} closed", closed());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A newline in a document's file name was printed raw by `check`, `records` and `search`: a
/// file named `odd⏎error: forged.md` put a line of its choosing among errbook's own.
#[test]
#[cfg(unix)]
fn a_newline_in_a_file_name_starts_no_line_of_output() {
    let book = BookTest::small("odd-name");
    book.file(
        "content/en/odd\nerror: forged.md",
        "# Errors\n\n## Disk almost full\n\n### Error Message\n\n```\nENOSPC: no space left on device while writing\n```\n\n### Solution\n\nSee [the guide](missing.md).\n",
    );
    let shown = "content/en/odd\\u{a}error: forged.md";
    let check = run_inside(&book, &["check"]);
    assert!(check.stderr.contains(&format!("{shown}:13:")), "{}", check.stderr);
    assert_eq!(run_inside(&book, &["build"]).code, 0);
    let records = run_inside(&book, &["records"]);
    let search = run_inside(&book, &["search", "ENOSPC: no space left on device while writing"]);
    assert!(records.stdout.contains(&format!("{shown}:3")), "{}", records.stdout);
    assert!(search.stdout.contains(&format!("{shown}:3")), "{}", search.stdout);
    for output in [&check.stderr, &records.stdout, &search.stdout] {
        assert!(!output.lines().any(|l| l.starts_with("error: forged")), "{output}");
    }
}

/// `serve --bind 0.0.0.0` exposed the book to the network without a word. (The test binds all
/// addresses for a moment and talks to none of them.)
#[test]
fn serve_on_an_address_that_is_not_loopback_warns_on_start() {
    let book = BookTest::small("serve-bind");
    let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .current_dir(&book.root)
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    child.kill().unwrap();
    let run = Run::from(child.wait_with_output().unwrap());
    assert!(line.starts_with("serving http://0.0.0.0:"), "{line}");
    assert!(run.stderr.contains("warning: serving on 0.0.0.0, which is not loopback"), "{}", run.stderr);
    let local = BookTest::small("serve-bind-local");
    let server = Server::start_inside(&local);
    assert!(server.base.starts_with("http://127.0.0.1:"), "{}", server.base);
}

/// The head of the answer to a `method` of `path`, its header names in lower case.
fn head_of(address: &str, method: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response);
    response.split_once("\r\n\r\n").map_or(&*response, |(head, _)| head).to_ascii_lowercase()
}

/// `serve` knew a few image types and sent every other file a page links (a PDF, a video, an
/// archive) as `application/octet-stream`, without `X-Content-Type-Options: nosniff`, so a
/// browser could guess a copied file to be a page. Each is now sent as its kind, and every
/// answer forbids the guess.
#[test]
fn serve_sends_each_linked_file_as_its_kind_and_forbids_sniffing() {
    let book = BookTest::small("serve-kinds");
    book.file("content/en/manual.pdf", "%PDF-1.4\n<html><script>alert(1)</script></html>\n");
    book.file("content/en/clip.mp4", [0, 0, 0, 0x18, b'f', b't', b'y', b'p']);
    book.file("content/en/shot.png", [0x89, b'P', b'N', b'G']);
    book.file("content/en/logs.zip", "PK\x03\x04<html><script>alert(1)</script>");
    book.file(
        "content/en/files.md",
        "# Files\n\n## Upload fails\n\n> UploadError: x\n\nSee [the manual](manual.pdf), [the clip](clip.mp4), \
         [the logs](logs.zip).\n\n![shot](shot.png)\n",
    );
    let server = Server::start_inside(&book);
    let address = server.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    std::fs::write(book.out().join("notes.dat"), "<html><script>alert(1)</script>").unwrap();
    for (path, kind) in [
        ("/media/en/manual.pdf", "application/pdf"),
        ("/media/en/clip.mp4", "video/mp4"),
        ("/media/en/shot.png", "image/png"),
        ("/media/en/logs.zip", "application/zip"),
        ("/notes.dat", "application/octet-stream"),
        ("/en/errors/upload-fails/", "text/html; charset=utf-8"),
    ] {
        for method in ["GET", "HEAD"] {
            let head = head_of(&address, method, path);
            assert!(head.starts_with("http/1.1 200"), "{method} {path}: {head}");
            assert!(head.contains(&format!("\r\ncontent-type: {kind}\r\n")), "{method} {path}: {head}");
            assert!(head.contains("\r\nx-content-type-options: nosniff\r\n"), "{method} {path}: {head}");
        }
    }
    // Not only files: what is not found, a folder's redirect, and serve's own URLs too.
    for (path, status) in
        [("/media/en/missing.pdf", "404"), ("/en/errors/upload-fails", "301"), ("/__errbook/status", "200")]
    {
        let head = head_of(&address, "GET", path);
        assert!(head.starts_with(&format!("http/1.1 {status}")), "{path}: {head}");
        assert!(head.contains("\r\nx-content-type-options: nosniff\r\n"), "{path}: {head}");
    }
}

/// `serve` sent a policy of its own (`default-src 'self'; script-src 'self' 'wasm-unsafe-eval'`),
/// weaker than the one its pages carry (no `object-src 'none'`, `base-uri 'none'` nor
/// `form-action`): what it showed working could differ from a deployed site. It now sends the
/// pages' own policy.
#[test]
fn serve_sends_the_policy_its_pages_carry() {
    let book = BookTest::small("serve-policy");
    let server = Server::start_inside(&book);
    let (status, response) = server.get("/en/errors/disk-full/");
    assert_eq!(status, 200, "{response}");
    let (head, page) = response.split_once("\r\n\r\n").unwrap();
    let meta = page.split("<meta http-equiv=\"Content-Security-Policy\" content=\"").nth(1).unwrap();
    let meta = &meta[..meta.find('"').unwrap()];
    assert!(meta.contains("object-src 'none'") && meta.contains("base-uri 'none'"), "{meta}");
    let header = head.lines().find_map(|l| l.strip_prefix("content-security-policy: ")).unwrap();
    assert_eq!(header, meta);
    let (_, response) = server.get("/assets/site.js");
    assert!(response.contains(&format!("\r\ncontent-security-policy: {meta}\r\n")), "{response}");
}
