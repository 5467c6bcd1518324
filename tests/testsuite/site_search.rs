//! `search --site` and `scan --site`: a built site served on 127.0.0.1 answers as the build on
//! disk does, from the cache once the server is gone, and a server that answers wrongly is an
//! error (exit 2), never a wrong answer.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::search::dev_queries;
use crate::static_server::{Behaviour, Server};
use crate::{BookTest, Run, built_sample};

/// errbook with its cache folder in `cache`.
fn errbook(cache: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_errbook"))
            .args(args)
            .env("XDG_CACHE_HOME", cache)
            .env("HOME", cache)
            .output()
            .unwrap(),
    )
}

fn fresh_cache(name: &str) -> PathBuf {
    BookTest::empty(name).root.join("cache")
}

fn local_search(query: &str) -> String {
    let out = built_sample().to_str().unwrap();
    let run = errbook(Path::new("/nonexistent"), &["search", "--json", "--out", out, query]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn a_hosted_site_answers_as_its_build_and_then_from_the_cache() {
    let cache = fresh_cache("site-search");
    let server = Server::start(built_sample(), Behaviour::Files);
    let url = server.url();
    let queries = dev_queries();
    assert!(queries.len() >= 10, "the dev set is there");
    for (id, query, _) in &queries {
        let run = errbook(&cache, &["search", "--site", &url, "--json", query]);
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        assert_eq!(run.stdout, local_search(query), "{id}: the site's answer differs from the build's");
    }
    let first_round = server.requests();
    assert!(first_round.iter().all(|r| r.starts_with("200 ") || r.starts_with("304 ")), "{first_round:?}");
    // Parts are asked for under the build's key, each once: a later search finds it cached.
    let parts: Vec<&String> =
        first_round.iter().filter(|r| r.contains("/search/s/") || r.contains("/search/e/")).collect();
    assert!(parts.iter().all(|r| r.contains("?v=")), "{parts:?}");
    let mut unique = parts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), parts.len(), "a part was fetched twice: {parts:?}");

    // Asked again: the manifest is revalidated (304) and nothing else is fetched.
    let (_, query, _) = &queries[0];
    let before = server.requests().len();
    let run = errbook(&cache, &["search", "--site", &url, "--json", query]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests()[before..], ["304 /search/manifest.bin".to_string()]);

    // The text output leads to whole addresses on the site.
    let run = errbook(&cache, &["search", "--site", &url, query]);
    assert!(run.stdout.contains(&format!("{url}en/errors/")), "{}", run.stdout);

    // The server gone, every query searched before is answered from the cache, which says so.
    drop(server);
    for (id, query, _) in &queries {
        let run = errbook(&cache, &["search", "--site", &url, "--json", query]);
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        assert_eq!(run.stdout, local_search(query), "{id}: the cache's answer differs");
        assert!(run.stderr.contains("answering from the cache, checked"), "{}", run.stderr);
    }
}

#[test]
fn scan_reads_a_hosted_site_as_its_build() {
    let cache = fresh_cache("site-scan");
    let server = Server::start(built_sample(), Behaviour::Files);
    let log = BookTest::empty("site-scan-log");
    log.file(
        "app.log",
        "ts=1 level=error msg=\"Stopped reason: Essential container in task exited\"\n\
         CannotPullContainerError: pull image manifest has been retried 5 time(s)\n",
    );
    let log = log.root.join("app.log");
    let log = log.to_str().unwrap();
    let out = built_sample().to_str().unwrap();
    let local = errbook(&cache, &["scan", "--json", "--out", out, log]);
    let remote = errbook(&cache, &["scan", "--json", "--site", &server.url(), log]);
    assert_eq!(local.code, 1, "known errors found: {}", local.stderr);
    assert_eq!((remote.code, remote.stdout), (local.code, local.stdout), "{}", remote.stderr);
}

#[test]
fn a_site_that_answers_wrongly_is_an_error() {
    let query = "Essential container in task exited";
    let cases = [
        (Behaviour::Html, "is not an errbook search manifest (29 bytes of HTML"),
        (Behaviour::Status500, "answered 500"),
        (Behaviour::TruncatedParts, "/search/s/"),
        (Behaviour::RedirectElsewhere, "redirects to another site: http://elsewhere.invalid/search/manifest.bin"),
        (Behaviour::Silent, "no answer in time"),
    ];
    for (behaviour, says) in cases {
        let cache = fresh_cache("site-wrong");
        let server = Server::start(built_sample(), behaviour);
        let run = errbook(&cache, &["search", "--site", &server.url(), "--timeout", "1", "--json", query]);
        assert_eq!(run.code, 2, "{says}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "no answer: {}", run.stdout);
        assert!(run.stderr.contains(says), "expected {says:?} in:\n{}", run.stderr);
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
        if behaviour == Behaviour::TruncatedParts {
            assert!(run.stderr.contains("is truncated"), "{}", run.stderr);
            // The cut part was not kept: served whole, it is fetched again and the answer comes.
            server.behave(Behaviour::Files);
            let run = errbook(&cache, &["search", "--site", &server.url(), "--json", query]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert_eq!(run.stdout, local_search(query));
        }
    }
    // Nothing listens: an error naming the address, not an empty answer.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let run = errbook(&fresh_cache("site-none"), &["search", "--site", &format!("http://127.0.0.1:{port}/"), query]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(&format!("cannot reach http://127.0.0.1:{port}/search/manifest.bin")),
        "{}",
        run.stderr
    );
    // Not an address: said before any request.
    let run = errbook(&fresh_cache("site-bad"), &["search", "--site", "docs.example.org", query]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not an http:// or https:// address"), "{}", run.stderr);
}

// The build key of a site's manifest names a folder of the cache: a server that sends one with
// `..` must not make errbook write outside it.
#[test]
fn a_manifest_whose_key_climbs_out_of_the_cache_is_refused() {
    use std::io::{Read, Write};
    let site = BookTest::empty("site-key").root.join("site");
    std::fs::create_dir_all(site.join("search")).unwrap();
    let mut manifest = Vec::new();
    let gzipped = std::fs::read(built_sample().join("search/manifest.bin")).unwrap();
    flate2::read::GzDecoder::new(&gzipped[..]).read_to_end(&mut manifest).unwrap();
    let length = u32::from_le_bytes(manifest[..4].try_into().unwrap()) as usize;
    let mut json: serde_json::Value = serde_json::from_slice(&manifest[4..4 + length]).unwrap();
    json["key"] = "../../../escaped".into();
    let json = serde_json::to_vec(&json).unwrap();
    let mut forged = (json.len() as u32).to_le_bytes().to_vec();
    forged.extend_from_slice(&json);
    forged.extend_from_slice(&manifest[4 + length..]);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&forged).unwrap();
    std::fs::write(site.join("search/manifest.bin"), encoder.finish().unwrap()).unwrap();

    let cache = fresh_cache("site-key-cache");
    let server = Server::start(&site, Behaviour::Files);
    let run = errbook(&cache, &["search", "--site", &server.url(), "Essential container in task exited"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("is not one errbook writes"), "{}", run.stderr);
    assert!(!cache.join("errbook/escaped").exists() && !cache.join("escaped").exists());
}
