//! A small static file server on loopback for the browser tests and the browser benchmark. It
//! sends the Content-Security-Policy the site is built for, so a page that needs more fails.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

// The policy the site is built to run under, as `errbook serve` sends it.
use errbook::serve::CSP;

/// Every response sent, as (path, body bytes): the browser benchmark's count of what a page
/// loads, its workers' requests included.
pub(crate) static SERVED: std::sync::Mutex<Vec<(String, usize)>> = std::sync::Mutex::new(Vec::new());

/// A slow network for the browser benchmark, simulated where responses are sent (so that it
/// holds for a page's workers too, which the browser's own throttling leaves out): each
/// response waits a round trip, then its bytes share one downlink of `bytes_per_second`.
pub(crate) struct Link {
    pub(crate) round_trip: std::time::Duration,
    pub(crate) bytes_per_second: f64,
    pub(crate) free_at: std::time::Instant,
}

pub(crate) static LINK: std::sync::Mutex<Option<Link>> = std::sync::Mutex::new(None);

/// How long a response of `bytes` takes to arrive over [`LINK`] from now (zero without one).
fn arrival(bytes: usize) -> std::time::Duration {
    let now = std::time::Instant::now();
    let mut link = LINK.lock().unwrap();
    let Some(link) = link.as_mut() else { return std::time::Duration::ZERO };
    let start = (now + link.round_trip).max(link.free_at);
    link.free_at = start + std::time::Duration::from_secs_f64(bytes as f64 / link.bytes_per_second);
    link.free_at - now
}

/// Serves `dir` on a loopback port for as long as the tests run; returns the base URL.
pub(crate) fn serve(dir: &'static Path) -> String {
    serve_under(dir, "/")
}

/// Serves `dir` at `prefix` (`/project/`, as a host serves a project's pages), answering every
/// other address, and every missing one, with its 404.html; returns the host's root URL.
pub(crate) fn serve_under(dir: &'static Path, prefix: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut line = String::new();
                if BufReader::new(&stream).read_line(&mut line).is_err() {
                    return;
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/");
                let within = path.strip_prefix(prefix).map(|p| format!("/{p}"));
                let mut file = dir.join(percent_decode(within.as_deref().unwrap_or("/\u{0}").trim_start_matches('/')));
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => ("200 OK", body),
                    _ => ("404 Not Found", std::fs::read(dir.join("404.html")).unwrap_or_default()),
                };
                // The 404 page is HTML whatever address it answers.
                let missing = status.starts_with("404");
                let kind = match file.extension().and_then(OsStr::to_str) {
                    _ if missing => "text/html; charset=utf-8",
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("xml") => "application/xml",
                    Some("svg") => "image/svg+xml",
                    Some("wasm") => "application/wasm",
                    _ => "application/octet-stream",
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                SERVED.lock().unwrap().push((path.to_string(), body.len()));
                std::thread::sleep(arrival(head.len() + body.len()));
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://127.0.0.1:{port}/")
}

pub(crate) fn percent_decode(path: &str) -> PathBuf {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && u8::from_str_radix(path.get(i + 1..i + 3).unwrap_or("zz"), 16).is_ok()
        {
            out.push(u8::from_str_radix(&path[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}
