//! A plain static file server for tests that need a host other than errbook's own: no
//! Content-Security-Policy of errbook's, ETags and 304s as common hosts send them, and on demand
//! the ways a host answers wrongly.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How the test server answers.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Behaviour {
    /// The files, with an ETag, and 304 to a request that names it.
    Files,
    /// An HTML page for every path, as a host's catch-all page does.
    Html,
    Status500,
    /// The files, but the index's parts cut to half of what Content-Length announces.
    TruncatedParts,
    /// A redirect to another host for every path.
    RedirectElsewhere,
    /// Takes the connection and never answers.
    Silent,
}

/// A plain HTTP/1.1 server over a folder, one connection at a time; it records each request
/// line and its status, and stops when dropped.
pub(crate) struct Server {
    port: u16,
    behaviour: Arc<Mutex<Behaviour>>,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub(crate) fn start(root: &Path, behaviour: Behaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let behaviour = Arc::new(Mutex::new(behaviour));
        let (log, stop) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let (root, behaviour2, log2, stop2) = (root.to_path_buf(), behaviour.clone(), log.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut silent = Vec::new();
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let behaviour = *behaviour2.lock().unwrap();
                match stream {
                    // Held open, unanswered, until the server stops.
                    Ok(stream) if behaviour == Behaviour::Silent => silent.push(stream),
                    Ok(stream) => answer(stream, &root, behaviour, &log2),
                    Err(_) => {}
                }
            }
        });
        Server { port, behaviour, log, stop }
    }

    pub(crate) fn behave(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    pub(crate) fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag and drops the listener.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, root: &Path, behaviour: Behaviour, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() || request.is_empty() {
        return;
    }
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_string());
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut path = target.split('?').next().unwrap_or("/").trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let file = if path.contains("..") { None } else { std::fs::read(root.join(&path)).ok() };
    let etag =
        file.as_ref().map(|bytes| format!("\"{}-{}\"", bytes.len(), bytes.iter().map(|&b| u64::from(b)).sum::<u64>()));
    let (status, headers, body): (u16, String, Vec<u8>) = match (behaviour, file) {
        (Behaviour::Html, _) => (200, "Content-Type: text/html\r\n".into(), b"<!doctype html><p>Welcome</p>".to_vec()),
        (Behaviour::Status500, _) => (500, String::new(), b"Internal Server Error".to_vec()),
        (Behaviour::RedirectElsewhere, _) => {
            (302, format!("Location: http://elsewhere.invalid/{path}\r\n"), Vec::new())
        }
        (_, None) => (404, String::new(), b"not found".to_vec()),
        (_, Some(_)) if if_none_match.is_some() && if_none_match == etag => (304, String::new(), Vec::new()),
        (behaviour, Some(bytes)) => {
            let headers = format!("ETag: {}\r\nContent-Type: {}\r\n", etag.unwrap(), content_type(&path));
            if behaviour == Behaviour::TruncatedParts && (path.contains("/s/") || path.contains("/e/")) {
                // Announces the whole part, sends half, and closes.
                let head =
                    format!("HTTP/1.1 200 OK\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", bytes.len());
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&bytes[..bytes.len() / 2]);
                log.lock().unwrap().push(format!("200-cut {target}"));
                return;
            }
            (200, headers, bytes)
        }
    };
    log.lock().unwrap().push(format!("{status} {target}"));
    let head = format!("HTTP/1.1 {status} X\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(path: &str) -> &'static str {
    match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}
