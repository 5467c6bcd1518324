//! Measures search in the browser on a built site, errbook's and, when the site folder holds a
//! Pagefind index (`npx pagefind --site SITE_DIR`), Pagefind's over the same pages, side by side.
//!
//! cargo run --release --example browser-bench -- SITE_DIR [QUERIES]
//!
//! Headless Chromium opens the English home page served from loopback (no compression, the
//! site's Content-Security-Policy) and pastes ~2 KB logs: routine lines with ids, times and
//! addresses around the first line of one English entry's error message. For each engine, in a
//! fresh browser, unthrottled and over a "Fast 3G"-like link (562.5 ms round trip per request,
//! 1.44 Mbit/s down, shared; simulated by the server, since the browser's own throttling does
//! not apply to workers, where Pagefind loads its index): requests and bytes from page load to the first result (raw as
//! sent, and gzip as a compressing host would send them: each file gzipped at level 6), the
//! time from the paste to the first result, and whether that result is an entry with the
//! pasted message (the synthetic book has several entries per message); then, once loaded, the
//! median and 90th percentile time per query and how many found such an entry first. Pagefind shows results as a list: its first five results' fragments are loaded,
//! as its UI does.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

#[path = "common/pastes.rs"]
mod pastes;
#[path = "../tests/testsuite/serve.rs"]
mod serve;

#[derive(Clone, Copy, PartialEq)]
enum Engine {
    Errbook,
    Pagefind,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site: &'static PathBuf =
        Box::leak(Box::new(PathBuf::from(args.next().expect("usage: browser-bench SITE_DIR [QUERIES]"))));
    let queries: usize = args.next().map_or(40, |n| n.parse().expect("QUERIES is a number"));
    let records: Value =
        serde_json::from_slice(&std::fs::read(site.join("records.json")).expect("records.json")).unwrap();
    let english: Vec<&Value> = records["records"].as_array().unwrap().iter().filter(|r| r["lang"] == "en").collect();
    let pastes: Vec<(String, String)> = (0..queries)
        .map(|i| {
            let record = english[(i * 7919) % english.len()];
            (paste(record, i), first_message(record))
        })
        .collect();
    let messages: std::collections::HashMap<String, String> =
        english.iter().map(|r| (format!("/en/errors/{}/", r["id"].as_str().unwrap()), first_message(r))).collect();
    let found = |run: &Value, message: &str| {
        run["urls"].as_array().unwrap().first().and_then(Value::as_str).is_some_and(|url| {
            let url = url.split(['?', '#']).next().unwrap_or(url);
            let path = serve::percent_decode(url).to_string_lossy().trim_end_matches("index.html").to_string();
            messages.iter().any(|(p, m)| path.ends_with(p.as_str()) && m == message)
        })
    };
    let base = serve::serve(site);
    println!(
        "site: {} ({} entries); {} pastes of {} bytes (mean)",
        site.display(),
        records["records"].as_array().unwrap().len(),
        pastes.len(),
        pastes.iter().map(|p| p.0.len()).sum::<usize>() / pastes.len()
    );

    let mut engines = vec![Engine::Errbook];
    if site.join("pagefind/pagefind.js").is_file() {
        engines.push(Engine::Pagefind);
    }
    for engine in engines {
        let name = if engine == Engine::Errbook { "errbook" } else { "Pagefind" };
        for throttled in [false, true] {
            let browser = launch();
            let tab = browser.new_tab().unwrap();
            tab.set_default_timeout(Duration::from_secs(300));
            *serve::LINK.lock().unwrap() = throttled.then(|| serve::Link {
                round_trip: Duration::from_micros(562_500),
                bytes_per_second: 1_440_000.0 / 8.0,
                free_at: std::time::Instant::now(),
            });
            serve::SERVED.lock().unwrap().clear();
            tab.navigate_to(&format!("{base}en/")).unwrap().wait_until_navigated().unwrap();
            let first = search(&tab, engine, &pastes[0].0);
            // Counted where they are served: a worker's requests are not among the page's.
            let resources = std::mem::take(&mut *serve::SERVED.lock().unwrap());
            if std::env::var_os("BENCH_RESOURCES").is_some() {
                for (path, bytes) in &resources {
                    eprintln!("  {path} {bytes} B, gzip {} B", gzip_size(site, path));
                }
            }
            let raw: usize = resources.iter().map(|(_, bytes)| bytes).sum();
            let gzip: u64 = resources.iter().map(|(path, _)| gzip_size(site, path)).sum();
            println!(
                "{name:8} {:10} page load + first search: {:3} requests, {:>9} B raw, {:>9} B gzip; paste to first result {:6.0} ms; right entry first: {}",
                if throttled { "Fast 3G" } else { "unthrottled" },
                resources.len(),
                raw,
                gzip,
                first["ms"].as_f64().unwrap(),
                found(&first, &pastes[0].1),
            );
            if !throttled {
                let mut times = Vec::new();
                let mut engine_times = Vec::new();
                let mut right = usize::from(found(&first, &pastes[0].1));
                for (log, url) in &pastes[1..] {
                    let run = search(&tab, engine, log);
                    times.push(run["ms"].as_f64().unwrap());
                    engine_times.push(run["engine"].as_f64().unwrap());
                    right += usize::from(found(&run, url));
                }
                let pct = |times: &mut Vec<f64>, p: f64| {
                    times.sort_by(f64::total_cmp);
                    times[((times.len() as f64 - 1.0) * p).round() as usize]
                };
                println!(
                    "{name:8} once loaded: per query median {:.1} ms, p90 {:.1} ms (parts loaded as needed included); right entry first {right}/{}",
                    pct(&mut times, 0.5),
                    pct(&mut times, 0.9),
                    pastes.len()
                );
                if engine == Engine::Errbook {
                    println!(
                        "{name:8} engine time alone (ranking, parts in memory): median {:.2} ms, p90 {:.2} ms",
                        pct(&mut engine_times, 0.5),
                        pct(&mut engine_times, 0.9)
                    );
                }
            }
        }
    }
}

fn launch() -> Browser {
    let chrome = std::env::var_os("CHROME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let options = LaunchOptions::default_builder()
        .path(Some(chrome))
        .sandbox(false)
        .headless(true)
        .idle_browser_timeout(Duration::from_secs(900))
        .args(
            ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
                .iter()
                .map(OsStr::new)
                .collect(),
        )
        .build()
        .unwrap();
    Browser::new(options).unwrap()
}

/// Pastes `log` and waits for the results: `{ms, urls}`.
fn search(tab: &Tab, engine: Engine, log: &str) -> Value {
    let log = serde_json::to_string(log).unwrap();
    let run = match engine {
        Engine::Errbook => format!(
            r##"const form = document.querySelector("form.search");
            const before = Number(form.dataset.searches || 0);
            document.getElementById("search-input").value = {log};
            form.requestSubmit();
            while (Number(form.dataset.searches || 0) === before) await new Promise((r) => setTimeout(r, 1));
            self.engineMs = Number(form.dataset.engineMs);
            const urls = [...document.querySelectorAll("#search-results a.result-title")].map((a) => a.href);"##
        ),
        Engine::Pagefind => format!(
            r##"self.pf = self.pf || await import(document.querySelector("form.search").dataset.root + "pagefind/pagefind.js");
            const search = await self.pf.search({log});
            const data = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
            const urls = data.map((d) => new URL(d.url, location.href).href);"##
        ),
    };
    let js = format!(
        r##"(async () => {{
            const t0 = performance.now();
            {run}
            const ms = performance.now() - t0;
            return JSON.stringify({{ ms, urls, engine: self.engineMs || 0 }});
        }})()"##
    );
    let value = tab.evaluate(&js, true).unwrap().value.expect("the search returns its figures");
    serde_json::from_str(value.as_str().unwrap()).unwrap()
}

/// The first line of an entry's first error message (its title when it has none): what a
/// paste of it holds.
fn first_message(record: &Value) -> String {
    let message = record["error_messages"][0]["text"].as_str().or(record["title"].as_str()).unwrap_or("error");
    message.lines().next().unwrap_or("").to_string()
}

/// What a host compressing with gzip (level 6) would send for `path`.
fn gzip_size(site: &Path, path: &str) -> u64 {
    let mut file = site.join(serve::percent_decode(path.trim_start_matches('/')));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let bytes = std::fs::read(&file).unwrap_or_default();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(&bytes).unwrap();
    encoder.finish().unwrap().len() as u64
}

/// A ~2 KB log around the first line of `record`'s error message.
fn paste(record: &Value, seed: usize) -> String {
    pastes::log_around(&first_message(record), seed)
}
