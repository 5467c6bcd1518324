//! `search --site` and `scan --site`: a hosted errbook site's search files read over HTTP(S),
//! as the site's own search box reads them (the manifest, then only the parts a paste needs;
//! for `scan`, the packed index once), kept in the user's cache folder and revalidated with
//! the server's ETag or Last-Modified. A site that cannot be reached is answered from the cache,
//! saying how old it is; a site that answers wrongly is an error, never a wrong answer.

mod cache;

use std::fmt;
use std::io::Read;
use std::time::Duration;

use errbook_search::web::{Answer, Manifest, WebIndex};
use errbook_search::{Hit, SearchOptions};
use ureq::Agent;

use cache::{Cache, Validators};

/// Where the site's search files are, from its root.
const SEARCH: &str = "search/";
/// The packed index `scan` reads whole.
pub const PACKED_INDEX: &str = "search/index.bin";
/// Parts fetched at once.
const PARALLEL_REQUESTS: usize = 6;
/// Redirects followed within the site's own host.
const MAX_REDIRECTS: usize = 5;
/// Larger than any index errbook writes (a 20,000-entry book's packed index is 14 MB).
const MAX_BYTES: u64 = 1 << 30;

/// What went wrong, and what to do about it.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub help: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  help: {}", self.message, self.help)
    }
}

fn error(message: impl Into<String>, help: impl Into<String>) -> Error {
    Error { message: message.into(), help: help.into() }
}

/// A hosted errbook site.
pub struct Site {
    /// The site's root address, ending with `/`.
    base: String,
    /// `scheme://host[:port]`: redirects are followed only within it.
    origin: String,
    agent: Agent,
    cache: Cache,
    /// Said on standard error as the command goes (answers from the cache, cache trouble).
    pub notes: Vec<String>,
}

/// What a request brought back.
enum Got {
    Body(Vec<u8>, Validators),
    NotModified,
}

impl Site {
    /// The site at `url` (its root, as the browser shows it); requests give up after `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Result<Site, Error> {
        let help = "pass the address of the site's root, e.g. --site https://docs.example.org/errors/";
        let Some((scheme, rest)) = url.split_once("://").filter(|(s, _)| matches!(*s, "http" | "https")) else {
            return Err(error(format!("`{url}` is not an http:// or https:// address"), help));
        };
        if rest.contains(['?', '#']) || rest.starts_with('/') || rest.is_empty() {
            return Err(error(format!("`{url}` is not the address of a site's root"), help));
        }
        let base = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
        let origin = format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest));
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("errbook/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Site { cache: Cache::of(&base), base, origin, agent, notes: Vec::new() })
    }

    /// The address of `path` on the site.
    pub fn address(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The site's index, as far as a search has loaded it: its manifest, revalidated.
    pub fn index(&mut self) -> Result<WebIndex, Error> {
        let path = format!("{SEARCH}{}", Manifest::manifest_name(false));
        let bytes = self.current(&path)?;
        let not_index = |what: String| {
            error(
                format!("{} is not an errbook search manifest ({what})", self.address(&path)),
                "check that --site is the root of a site built by errbook (its search/ folder deployed with it)",
            )
        };
        let manifest = inflate(&bytes).map_err(|_| not_index(describe(&bytes)))?;
        let index = WebIndex::open(&manifest).map_err(|e| not_index(e.to_string()))?;
        if index.manifest().scripts {
            return Err(not_index("it is an offline bundle's".into()));
        }
        // The build's key names a folder of the cache: plain characters only, whatever a server
        // sends.
        let key = &index.manifest().key;
        if key.is_empty() || key.len() > 64 || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(not_index(format!("its build key `{}` is not one errbook writes", key.escape_debug())));
        }
        let result = self.cache.forget_other_builds(&index.manifest().key);
        self.keep(result);
        Ok(index)
    }

    /// Searches `index` for `text`, loading the parts the search asks for.
    pub fn search(&mut self, index: &mut WebIndex, text: &str, options: &SearchOptions) -> Result<Vec<Hit>, Error> {
        let key = index.manifest().key.clone();
        // A search asks for parts at most three times (see errbook_search::web).
        for _ in 0..4 {
            let answer = index.search(text, options).map_err(|e| error(e.to_string(), "report this as a bug"))?;
            let needs = match answer {
                Answer::Hits(hits) => return Ok(hits),
                Answer::Needs(needs) => needs,
            };
            // The parts of one round are independent: asked for a few at a time, so that a
            // distant site costs a few round trips rather than one per part.
            for group in needs.chunks(PARALLEL_REQUESTS) {
                let loaded: Vec<_> = std::thread::scope(|scope| {
                    let this = &*self;
                    let key = &key;
                    let loading: Vec<_> = group
                        .iter()
                        .map(|name| scope.spawn(move || this.load_part(&format!("{SEARCH}{name}"), key)))
                        .collect();
                    loading.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
                });
                for (name, result) in group.iter().zip(loaded) {
                    let path = format!("{SEARCH}{name}");
                    let (bytes, fetched) = result?;
                    if let Some(fetched) = fetched {
                        let kept = self.cache.keep_part(&key, &path, &fetched);
                        self.keep(kept);
                    }
                    index
                        .add(name, &bytes)
                        .map_err(|e| error(format!("{}: {e}", self.address(&path)), "rebuild and redeploy the site"))?;
                }
            }
        }
        Err(error("the search kept asking for parts of the index", "report this as a bug"))
    }

    /// A file that can change with each build: revalidated, or from the cache when the site
    /// cannot be reached.
    pub fn current(&mut self, path: &str) -> Result<Vec<u8>, Error> {
        let cached = self.cache.current(path);
        match self.get(path, cached.as_ref().map(|(_, v)| v)) {
            Ok(Got::Body(bytes, validators)) => {
                self.keep(self.cache.keep_current(path, &bytes, &validators));
                Ok(bytes)
            }
            Ok(Got::NotModified) => {
                let (bytes, mut validators) = cached.expect("asked only with a cached copy");
                validators.checked = cache::now();
                self.keep(self.cache.keep_current(path, &bytes, &validators));
                Ok(bytes)
            }
            Err(Failure::Unreachable(err)) => match cached {
                Some((bytes, validators)) => {
                    self.notes.push(format!(
                        "note: {} cannot be reached ({err}); answering from the cache, checked {} ago",
                        self.base,
                        cache::age(validators.checked)
                    ));
                    Ok(bytes)
                }
                None => Err(unreachable(&self.address(path), &err)),
            },
            Err(Failure::Wrong(err)) => Err(err),
        }
    }

    /// A part of the build `key`, inflated, and its bytes as fetched when they did not come
    /// from the cache (to keep there).
    fn load_part(&self, path: &str, key: &str) -> Result<(Vec<u8>, Option<Vec<u8>>), Error> {
        let address = self.address(path);
        if let Some(bytes) = self.cache.part(key, path) {
            return Ok((inflate(&bytes).map_err(|_| truncated(&address, &bytes))?, None));
        }
        // The build's key in the query, as the pages ask, so that no cache between here and
        // the site mixes two builds.
        let bytes = match self.get(&format!("{path}?v={key}"), None) {
            Ok(Got::Body(bytes, _)) => bytes,
            Ok(Got::NotModified) => unreachable!("asked without validators"),
            Err(Failure::Unreachable(err)) => {
                return Err(error(
                    format!("cannot reach {address}: {err}"),
                    "the cache holds only the parts of the index that earlier searches needed; try again when the site can be reached",
                ));
            }
            Err(Failure::Wrong(err)) => return Err(err),
        };
        // Kept only once it inflates: a truncated part is never cached.
        let inflated = inflate(&bytes).map_err(|_| truncated(&address, &bytes))?;
        Ok((inflated, Some(bytes)))
    }

    fn keep(&mut self, result: std::io::Result<()>) {
        if let Err(err) = result {
            self.notes.push(format!("warning: cannot write errbook's cache: {err} (the answer is not affected)"));
        }
    }

    /// GETs `path`, conditionally when `validators` are given, following redirects within the
    /// site's own host.
    fn get(&self, path: &str, validators: Option<&Validators>) -> Result<Got, Failure> {
        let mut address = self.address(path);
        for _ in 0..=MAX_REDIRECTS {
            let mut request = self.agent.get(&address);
            if let Some(v) = validators {
                if let Some(etag) = &v.etag {
                    request = request.header("If-None-Match", etag);
                }
                if let Some(date) = &v.last_modified {
                    request = request.header("If-Modified-Since", date);
                }
            }
            let mut response = request.call().map_err(|e| classify(&address, e))?;
            let status = response.status().as_u16();
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            match status {
                200 => {
                    let validators = Validators {
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                        checked: cache::now(),
                    };
                    let length = header("content-length");
                    let bytes = read_body(&address, response.body_mut(), length)?;
                    return Ok(Got::Body(bytes, validators));
                }
                304 if validators.is_some() => return Ok(Got::NotModified),
                301 | 302 | 303 | 307 | 308 => {
                    let location = header("location").unwrap_or_default();
                    let next = resolve(&address, &location);
                    if !next.starts_with(&format!("{}/", self.origin)) {
                        return Err(Failure::Wrong(error(
                            format!("{address} redirects to another site: {next}"),
                            "if that is where the book now lives, pass its address with --site",
                        )));
                    }
                    address = next;
                }
                _ => {
                    return Err(Failure::Wrong(error(
                        format!("{address} answered {status}"),
                        match status {
                            404 => "check --site: it must be the root of a site built by errbook, search/ included",
                            500..=599 => "the server failed; try again later, or ask whoever runs the site",
                            _ => "check --site and the server's configuration",
                        },
                    )));
                }
            }
        }
        Err(Failure::Wrong(error(format!("{address} redirects too many times"), "check the server's configuration")))
    }
}

/// Why a request failed: the site could not be reached (the cache may answer), or it answered
/// wrongly.
enum Failure {
    Unreachable(String),
    Wrong(Error),
}

fn classify(address: &str, err: ureq::Error) -> Failure {
    match err {
        ureq::Error::Timeout(_) => Failure::Unreachable("no answer in time".into()),
        ureq::Error::HostNotFound => Failure::Unreachable("host not found".into()),
        ureq::Error::ConnectionFailed => Failure::Unreachable("connection refused".into()),
        ureq::Error::Io(e) => Failure::Unreachable(e.to_string()),
        other => Failure::Wrong(error(format!("requesting {address}: {other}"), "check --site and the network")),
    }
}

fn unreachable(address: &str, why: &str) -> Error {
    error(
        format!("cannot reach {address}: {why}"),
        "check the address and the network (or --timeout SECONDS for a slow link); a site searched once before is answered from the cache",
    )
}

fn read_body(address: &str, body: &mut ureq::Body, length: Option<String>) -> Result<Vec<u8>, Failure> {
    let bytes = body.with_config().limit(MAX_BYTES).read_to_vec().map_err(|e| {
        Failure::Wrong(error(format!("{address} is truncated: {e}"), "try again; the transfer was cut short"))
    })?;
    // A body cut short of what the server announced is never taken for the file.
    match length.and_then(|l| l.parse::<usize>().ok()) {
        Some(n) if n != bytes.len() => Err(Failure::Wrong(truncated(address, &bytes))),
        _ => Ok(bytes),
    }
}

fn truncated(address: &str, bytes: &[u8]) -> Error {
    error(
        format!("{address} is truncated, or is not part of an errbook index ({})", describe(bytes)),
        "try again; if it persists, rebuild and redeploy the site",
    )
}

/// A few words on what `bytes` look like, for an error message.
fn describe(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    let start = text.trim_start();
    if start.starts_with('<') {
        format!("{} bytes of HTML or XML", bytes.len())
    } else {
        format!("{} bytes", bytes.len())
    }
}

/// The address `location` names, seen from `address`.
fn resolve(address: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = address.split_once("://").unwrap_or(("http", address));
    let host = rest.split('/').next().unwrap_or(rest);
    if let Some(path) = location.strip_prefix('/') {
        return format!("{scheme}://{host}/{path}");
    }
    let folder = address.rsplit_once('/').map_or(address, |(folder, _)| folder);
    format!("{folder}/{location}")
}

/// The gzipped bytes inflated; an error for anything cut short or not gzip.
pub fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_site_root_over_http_is_taken() {
        let t = Duration::from_secs(1);
        assert!(Site::new("ftp://example.org/", t).is_err());
        assert!(Site::new("example.org", t).is_err());
        assert!(Site::new("https://example.org/?q=1", t).is_err());
        let site = Site::new("https://example.org/project", t).unwrap();
        assert_eq!(site.address("search/manifest.bin"), "https://example.org/project/search/manifest.bin");
        assert_eq!(site.origin, "https://example.org");
    }

    #[test]
    fn redirects_resolve_as_a_browser_resolves_them() {
        let from = "http://a.test:8000/p/search/manifest.bin";
        assert_eq!(resolve(from, "/q/x"), "http://a.test:8000/q/x");
        assert_eq!(resolve(from, "other.bin"), "http://a.test:8000/p/search/other.bin");
        assert_eq!(resolve(from, "https://b.test/x"), "https://b.test/x");
    }

    #[test]
    fn cut_gzip_does_not_inflate() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, "some part of an index".repeat(50).as_bytes()).unwrap();
        let whole = gz.finish().unwrap();
        assert!(inflate(&whole).is_ok());
        assert!(inflate(&whole[..whole.len() - 4]).is_err());
        assert!(inflate(b"<!doctype html>").is_err());
    }
}
