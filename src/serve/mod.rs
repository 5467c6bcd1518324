//! `errbook serve`: the site on loopback while its sources are edited. Every change rebuilds the
//! book into the output folder (replaced atomically, so a failed build leaves the last good
//! site served); open pages poll a status URL and reload, or show the build errors over the page.
//!
//! The server is hyper on a small tokio runtime: every connection is a task, so clients that
//! hold connections open, send nothing or never read cost no thread and block nobody. Headers
//! are bounded and must arrive within a timeout, a connection lives a bounded time, files are
//! streamed from disk, and running out of file descriptors pauses accepting instead of
//! stopping it.

mod files;
mod watch;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio_util::io::ReaderStream;

use files::{Resolved, resolve};
pub use watch::Sources;

/// The policy the site is built for (WebAssembly search needs `wasm-unsafe-eval`): serving
/// with it shows at once whether a theme change breaks it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const STATUS_PATH: &str = "/__errbook/status";
const LIVE_SCRIPT_PATH: &str = "/__errbook/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 2048;
/// A request's headers must arrive within this time, and may not be larger than this.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// No connection lives longer, whatever its client does (a page's keep-alive reconnects).
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);

type Body = BoxBody<Bytes, std::io::Error>;

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

/// Starts serving `out` on `addr` on a runtime of its own; returns the address actually bound
/// (port 0 picks a free one).
pub fn start(addr: SocketAddr, out: &Path, state: Arc<BuildState>) -> std::io::Result<SocketAddr> {
    std::fs::create_dir_all(out)?;
    let root = Arc::new(out.canonicalize()?);
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    std::thread::spawn(move || runtime.block_on(accept(listener, root, state, bound)));
    Ok(bound)
}

async fn accept(listener: std::net::TcpListener, root: Arc<PathBuf>, state: Arc<BuildState>, bound: SocketAddr) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors (or a connection reset before it was taken): wait for
                // others to close, then go on accepting.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (root, state) = (Arc::clone(&root), Arc::clone(&state));
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let (root, state) = (Arc::clone(&root), Arc::clone(&state));
                async move { Ok::<_, Infallible>(respond(request, &root, &state, bound).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEADER_BYTES)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIFETIME, connection).await;
            drop(slot);
        });
    }
}

/// A server on loopback answers only to the names of loopback (a page of another site whose
/// name resolves to 127.0.0.1 must not read the book); one bound to another address was
/// exposed on purpose and answers to any.
fn host_allowed(request: &Request<Incoming>, bound: SocketAddr) -> bool {
    if !bound.ip().is_loopback() {
        return true;
    }
    let Some(host) = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()) else { return true };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn respond(request: Request<Incoming>, root: &Path, state: &BuildState, bound: SocketAddr) -> Response<Body> {
    if !host_allowed(&request, bound) {
        return plain(StatusCode::MISDIRECTED_REQUEST, "unknown host");
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    let path = request.uri().path();
    if path == STATUS_PATH {
        return with_type(Response::new(full(state.json())), "application/json", "no-store");
    }
    if path == LIVE_SCRIPT_PATH {
        return with_type(Response::new(full(LIVE_SCRIPT)), "text/javascript", "no-cache");
    }
    let (status, file) = match resolve(root, path) {
        Resolved::File(file) => (StatusCode::OK, file),
        Resolved::Redirect(to) => {
            let mut response = Response::new(full(""));
            *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(to) = header::HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, to);
            }
            return response;
        }
        Resolved::NotFound => (StatusCode::NOT_FOUND, root.join("404.html")),
    };
    let kind = files::content_type(&file);
    let body = if kind.starts_with("text/html") {
        full(with_live_script(tokio::fs::read(&file).await.unwrap_or_default()))
    } else {
        match tokio::fs::File::open(&file).await {
            // Streamed: a large file is never held whole, and a client that does not read
            // holds only its socket's buffer.
            Ok(f) => StreamBody::new(ReaderStream::new(f).map_ok(Frame::data)).boxed(),
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found"),
        }
    };
    let mut response = with_type(Response::new(body), kind, "no-cache");
    *response.status_mut() = status;
    response.headers_mut().insert("content-security-policy", header::HeaderValue::from_static(CSP));
    response
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed()
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = with_type(Response::new(full(text)), "text/plain; charset=utf-8", "no-store");
    *response.status_mut() = status;
    response
}

fn with_type(mut response: Response<Body>, kind: &'static str, cache: &'static str) -> Response<Body> {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static(cache));
    response
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

/// The folders whose changes rebuild the book.
pub fn watched_folders(root: &Path, src: &Path) -> Vec<PathBuf> {
    vec![src.to_path_buf(), root.join("themes"), root.join("i18n")]
}
