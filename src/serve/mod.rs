//! `errbook serve`: the site on loopback while its sources are edited. Every change rebuilds the
//! book into the output folder (replaced atomically, so a failed build leaves the last good
//! site served); open pages poll a status URL and reload, or show the build errors over the page.
//!
//! The server is hyper on a small tokio runtime: every connection is a task, so clients that
//! hold connections open, send nothing or never read cost no thread and block nobody. Headers
//! are bounded and must arrive within a timeout, a connection lives a bounded time, every
//! response is streamed from disk a few kilobytes at a time (pages too, the reload script added
//! on the way), connections beyond the limit take the place of idle ones or are refused at once
//! ([`slots`]), and running out of file descriptors pauses accepting instead of stopping it.

mod files;
mod slots;
mod watch;

use std::convert::Infallible;
use std::io::{Read, Seek, SeekFrom};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio_util::io::ReaderStream;

use files::{Resolved, resolve};
use slots::Slots;
pub use watch::Sources;

/// The policy every page errbook writes carries in its `<meta>`, sent as a header as well (so
/// that files that are no pages are held to it too): serving with it shows at once whether a
/// theme change breaks it. The reload script needs nothing more: it is a file of serve's own
/// origin, polls that origin, and styles its overlay through the DOM, never inline.
pub const CSP: &str = errbook_site::csp::POLICY;
const STATUS_PATH: &str = "/__errbook/status";
const LIVE_SCRIPT_PATH: &str = "/__errbook/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// The tag that loads [`LIVE_SCRIPT_PATH`], added to every page served.
const LIVE_TAG: &str = "<script src=\"/__errbook/live.js\"></script>";
/// Connections held at once; a new one beyond takes the place of the one idle the longest, or
/// is refused at once when none is idle.
const MAX_CONNECTIONS: usize = 2048;
/// A response is read from disk this many bytes at a time: with hyper's write buffer (bounded
/// by `max_buf_size`), what a client that never reads holds in memory.
const CHUNK_BYTES: usize = 16 * 1024;
/// The kernel's send buffer of a connection: what a client that never reads holds there, and
/// what the server copies for it before it waits (unbounded, Linux grows it to 4 MiB).
const SEND_BUFFER_BYTES: usize = 128 * 1024;
/// A page's `</body>` is looked for in its last this many bytes (errbook's pages end with it).
const TAIL_BYTES: u64 = 4 * 1024;
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

/// Takes the address to serve on (port 0 picks a free one), before anything is built: a port
/// already taken is said at once, not after a build.
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Starts serving `out` through `listener` on a runtime of its own; returns the address bound.
pub fn start(listener: std::net::TcpListener, out: &Path, state: Arc<BuildState>) -> std::io::Result<SocketAddr> {
    std::fs::create_dir_all(out)?;
    let root = Arc::new(out.canonicalize()?);
    let bound = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    std::thread::spawn(move || runtime.block_on(accept(listener, root, state, bound)));
    Ok(bound)
}

async fn accept(listener: std::net::TcpListener, root: Arc<PathBuf>, state: Arc<BuildState>, bound: SocketAddr) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let slots = Slots::new(MAX_CONNECTIONS);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors (or a connection reset before it was taken): wait for
                // others to close, then go on accepting.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Refused at once (closed) rather than left waiting when every place is busy.
        let Some(slot) = slots.admit() else { continue };
        let _ = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER_BYTES);
        let (root, state) = (Arc::clone(&root), Arc::clone(&state));
        tokio::spawn(async move {
            let evicted = Arc::clone(&slot.evicted);
            let service = hyper::service::service_fn(move |request| {
                let (root, state, busy) = (Arc::clone(&root), Arc::clone(&state), slot.busy());
                async move {
                    let response = respond(request, &root, &state, bound).await;
                    // Busy until the body is sent, or dropped.
                    Ok::<_, Infallible>(response.map(|body| {
                        body.map_err(move |err| {
                            let _ = &busy;
                            err
                        })
                        .boxed()
                    }))
                }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEADER_BYTES)
                .serve_connection(TokioIo::new(stream), service);
            let lived = std::pin::pin!(tokio::time::timeout(CONNECTION_LIFETIME, connection));
            let _ = futures_util::future::select(lived, std::pin::pin!(evicted.notified())).await;
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

/// The answer to `request`, never to be read as another type than it says: a file a page
/// links is shown or downloaded as what it is, never run as a page or script a browser sniffed.
async fn respond(request: Request<Incoming>, root: &Path, state: &BuildState, bound: SocketAddr) -> Response<Body> {
    let mut response = answer(request, root, state, bound).await;
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    response
}

async fn answer(request: Request<Incoming>, root: &Path, state: &BuildState, bound: SocketAddr) -> Response<Body> {
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
    // Streamed: a large file is never held whole, and a client that does not read holds only
    // a chunk and hyper's bounded buffer.
    let body = match stream_file(&file, kind.starts_with("text/html")).await {
        Ok(body) => body,
        // Gone between the lookup and the read (a rebuild replaced the folder).
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return plain(StatusCode::NOT_FOUND, "not found"),
        Err(err) => {
            eprintln!("serve: cannot read {}: {err}", crate::terminal::escape(&file.display().to_string()));
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "this file cannot be read; see the terminal of errbook serve",
            );
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

/// The file at `path` as a stream of chunks; a page with the reload script added before its
/// last `</body>` (at its end if it has none near it). The file is opened once: a rebuild that
/// replaces it meanwhile does not mix two versions.
async fn stream_file(path: &Path, page: bool) -> std::io::Result<Body> {
    if !page {
        let file = tokio::fs::File::open(path).await?;
        return Ok(StreamBody::new(ReaderStream::with_capacity(file, CHUNK_BYTES).map_ok(Frame::data)).boxed());
    }
    // Where the tag goes is read from the page's last bytes, then the page from its start.
    let path = path.to_path_buf();
    let (file, length, at) = tokio::task::spawn_blocking(move || -> std::io::Result<(std::fs::File, u64, u64)> {
        let mut file = std::fs::File::open(path)?;
        let length = file.metadata()?.len();
        let head = length - length.min(TAIL_BYTES);
        let mut tail = Vec::new();
        file.seek(SeekFrom::Start(head))?;
        (&mut file).take(TAIL_BYTES).read_to_end(&mut tail)?;
        file.seek(SeekFrom::Start(0))?;
        Ok((file, length, head + live_script_at(&tail) as u64))
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(StreamBody::new(
        with_tag_at(ReaderStream::with_capacity(tokio::fs::File::from_std(file), CHUNK_BYTES), length, at)
            .map_ok(Frame::data),
    )
    .boxed())
}

/// The chunks of a file of `length` bytes, the reload tag inserted at byte `at` (`length`: at
/// the end).
fn with_tag_at(
    chunks: impl Stream<Item = std::io::Result<Bytes>>,
    length: u64,
    at: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> {
    use futures_util::StreamExt;
    let tag = || Bytes::from_static(LIVE_TAG.as_bytes());
    let mut offset = 0u64;
    chunks
        .flat_map(move |chunk| {
            let start = offset;
            let pieces = match chunk {
                Ok(chunk) if (start..start + chunk.len() as u64).contains(&at) => {
                    offset += chunk.len() as u64;
                    let cut = (at - start) as usize;
                    vec![Ok(chunk.slice(..cut)), Ok(tag()), Ok(chunk.slice(cut..))]
                }
                Ok(chunk) => {
                    offset += chunk.len() as u64;
                    vec![Ok(chunk)]
                }
                Err(err) => vec![Err(err)],
            };
            futures_util::stream::iter(pieces.into_iter().filter(|p| !matches!(p, Ok(b) if b.is_empty())))
        })
        .chain(futures_util::stream::iter((at >= length).then(|| Ok(tag()))))
}

/// Where the reload script goes in a page's last bytes: before its last `</body>`, or at the end.
fn live_script_at(tail: &[u8]) -> usize {
    tail.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(tail.len())
}

/// The folders whose changes rebuild the book.
pub fn watched_folders(root: &Path, src: &Path) -> Vec<PathBuf> {
    vec![src.to_path_buf(), root.join("themes"), root.join("i18n")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_tag_loads_the_reload_script() {
        assert!(LIVE_TAG.contains(&format!("\"{LIVE_SCRIPT_PATH}\"")));
    }

    /// A page is streamed as it is on disk, the tag before its last `</body>`, whatever its size
    /// against the chunks and the tail looked at.
    #[test]
    fn pages_are_streamed_with_the_reload_script_before_the_body_ends() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let big = "<p>x</p>".repeat(40_000);
        let cases = [
            ("<html><body>hi</body></html>\n".to_string(), format!("<html><body>hi{LIVE_TAG}</body></html>\n")),
            ("no body".to_string(), format!("no body{LIVE_TAG}")),
            (String::new(), LIVE_TAG.to_string()),
            (format!("<body>{big}</BODY>\n</html>"), format!("<body>{big}{LIVE_TAG}</BODY>\n</html>")),
            (format!("<body></body>{big}"), format!("<body></body>{big}{LIVE_TAG}")),
        ];
        for (page, expected) in cases {
            let path = dir.path().join("index.html");
            std::fs::write(&path, &page).unwrap();
            let body = runtime.block_on(async {
                let body = stream_file(&path, true).await.unwrap();
                body.collect().await.unwrap().to_bytes()
            });
            assert!(body == expected.as_bytes(), "{} bytes of page", page.len());
        }
    }
}
