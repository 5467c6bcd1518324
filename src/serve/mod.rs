//! `errbook serve`: the site on loopback while its sources are edited. Every change rebuilds the
//! book into the output folder (replaced atomically, so a failed build leaves the last good
//! site served); open pages poll a status URL and reload, or show the build errors over the page.

mod files;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Request, Response, Server};

use files::{Resolved, resolve};
pub use watch::Sources;

/// The policy the site is built for (WebAssembly search needs `wasm-unsafe-eval`): serving
/// with it shows at once whether a theme change breaks it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const STATUS_PATH: &str = "/__errbook/status";
const LIVE_SCRIPT_PATH: &str = "/__errbook/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");
const WORKERS: usize = 4;

/// What open pages learn from the status URL.
#[derive(Default)]
pub struct BuildState {
    /// Bumped by every build, good or bad.
    version: AtomicU64,
    /// The last build's errors, as printed in the terminal; `None` when it succeeded.
    error: Mutex<Option<String>>,
}

impl BuildState {
    pub fn succeeded(&self) {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    pub fn failed(&self, error: String) {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
        self.version.fetch_add(1, Ordering::SeqCst);
    }

    fn json(&self) -> String {
        let error = self.error.lock().unwrap_or_else(|e| e.into_inner()).clone();
        serde_json::json!({ "version": self.version.load(Ordering::SeqCst), "error": error }).to_string()
    }
}

/// Starts serving `out` on `addr` with worker threads; returns the address actually bound
/// (port 0 picks a free one).
pub fn start(addr: SocketAddr, out: &Path, state: Arc<BuildState>) -> std::io::Result<SocketAddr> {
    std::fs::create_dir_all(out)?;
    let root = out.canonicalize()?;
    let server = Server::http(addr).map_err(std::io::Error::other)?;
    let bound = server.server_addr().to_ip().ok_or_else(|| std::io::Error::other("not an IP address"))?;
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, state, root) = (server.clone(), state.clone(), root.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                // A client that hangs up mid-response is not the server's problem.
                if !host_allowed(&request, bound) {
                    // A page of another site that resolves its name to this address (DNS
                    // rebinding) must not read the book.
                    let _ = request.respond(Response::from_string("unknown host").with_status_code(421));
                    continue;
                }
                let _ = respond(request, &root, &state);
            }
        });
    }
    Ok(bound)
}

/// A server on loopback answers only to the names of loopback; one bound to another address
/// was exposed on purpose and answers to any.
fn host_allowed(request: &Request, bound: SocketAddr) -> bool {
    if !bound.ip().is_loopback() {
        return true;
    }
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else { return true };
    let host = host.value.as_str();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn respond(request: Request, root: &Path, state: &BuildState) -> std::io::Result<()> {
    let url = request.url().to_string();
    if url.split('?').next() == Some(STATUS_PATH) {
        let response = Response::from_string(state.json())
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"));
        return request.respond(response);
    }
    if url == LIVE_SCRIPT_PATH {
        return request
            .respond(Response::from_string(LIVE_SCRIPT).with_header(header("Content-Type", "text/javascript")));
    }
    let (status, file) = match resolve(root, &url) {
        Resolved::File(file) => (200, file),
        Resolved::Redirect(to) => {
            return request.respond(Response::empty(301).with_header(header("Location", &to)));
        }
        Resolved::NotFound => (404, root.join("404.html")),
    };
    let mut body = std::fs::read(&file).unwrap_or_default();
    let kind = files::content_type(&file);
    if kind.starts_with("text/html") {
        body = with_live_script(body);
    }
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("Cache-Control", "no-cache"));
    request.respond(response)
}

/// The page with the reload script added before `</body>` (at the end if it has none).
fn with_live_script(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\"></script>");
    match html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")) {
        Some(at) => {
            html.splice(at..at, tag.bytes());
        }
        None => html.extend_from_slice(tag.as_bytes()),
    }
    html
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values are ASCII")
}

/// The folders whose changes rebuild the book.
pub fn watched_folders(root: &Path, src: &Path) -> Vec<PathBuf> {
    vec![src.to_path_buf(), root.join("themes"), root.join("i18n")]
}
