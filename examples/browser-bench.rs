//! Measures search in the browser on a built site: headless Chromium opens a page served from
//! loopback, pastes ~2 KB logs into the search box and reads the timings the page records.
//!
//! cargo run --example browser-bench -- SITE_DIR [QUERIES]
//!
//! SITE_DIR is the output of `errbook build` (for the figures in BENCHMARKS.md, the synthetic
//! book of bench/gen-book.py). Prints the time from page load to the first result (engine and
//! index loaded on first use), the median and 90th percentile query time once loaded, and the
//! bytes transferred for the first search.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

#[path = "../tests/testsuite/serve.rs"]
mod serve;

fn main() {
    let mut args = std::env::args().skip(1);
    let site: &'static PathBuf =
        Box::leak(Box::new(PathBuf::from(args.next().expect("usage: browser-bench SITE_DIR [QUERIES]"))));
    let queries: usize = args.next().map_or(40, |n| n.parse().expect("QUERIES is a number"));
    let records: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("records.json")).expect("records.json")).unwrap();
    let records = records["records"].as_array().unwrap();
    let logs: Vec<String> = (0..queries).map(|i| paste(&records[(i * 7919) % records.len()], i)).collect();
    let base = serve::serve(site);

    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from("/usr/bin/chromium")))
        .sandbox(false)
        .headless(true)
        .idle_browser_timeout(Duration::from_secs(600))
        .args(
            ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
                .iter()
                .map(OsStr::new)
                .collect(),
        )
        .build()
        .unwrap();
    let browser = Browser::new(options).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));
    tab.navigate_to(&format!("{base}en/")).unwrap().wait_until_navigated().unwrap();

    let run = |log: &str| -> f64 {
        let js = format!(
            r##"(async () => {{
                const form = document.querySelector("form.search");
                const before = Number(form.dataset.searches || 0);
                const t0 = performance.now();
                document.getElementById("search-input").value = {log};
                form.requestSubmit();
                while (Number(form.dataset.searches || 0) === before) await new Promise((r) => setTimeout(r, 1));
                return JSON.stringify([performance.now() - t0, Number(form.dataset.queryMs)]);
            }})()"##,
            log = serde_json::to_string(log).unwrap()
        );
        let v: serde_json::Value =
            serde_json::from_str(tab.evaluate(&js, true).unwrap().value.unwrap().as_str().unwrap()).unwrap();
        v[1].as_f64().unwrap()
    };
    let first_js = format!(
        r##"(async () => {{
            const form = document.querySelector("form.search");
            const t0 = performance.now();
            document.getElementById("search-input").value = {log};
            form.requestSubmit();
            while (!form.dataset.searches) await new Promise((r) => setTimeout(r, 1));
            const bytes = performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation"))
                .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0);
            return JSON.stringify([performance.now() - t0, Number(form.dataset.loadMs), bytes]);
        }})()"##,
        log = serde_json::to_string(&logs[0]).unwrap()
    );
    let first = tab.evaluate(&first_js, true).unwrap().value.expect("the first search returns its timings");
    let first: serde_json::Value = serde_json::from_str(first.as_str().unwrap()).unwrap();
    let mut times: Vec<f64> = logs.iter().skip(1).map(|l| run(l)).collect();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!("entries in index:            {}", records.len());
    println!("paste size:                  {} bytes (mean)", logs.iter().map(String::len).sum::<usize>() / logs.len());
    println!(
        "first search after load:     {:.0} ms (engine + index load {:.0} ms)",
        first[0].as_f64().unwrap(),
        first[1].as_f64().unwrap()
    );
    println!("bytes transferred (page + first search): {}", first[2].as_f64().unwrap() as u64);
    println!(
        "query time once loaded:      median {:.2} ms, p90 {:.2} ms over {} queries",
        pct(0.5),
        pct(0.9),
        times.len()
    );
}

/// A ~2 KB log: lines of routine output around the first line of one entry's error message,
/// with the ids, times and addresses a real log has.
fn paste(record: &serde_json::Value, seed: usize) -> String {
    let message = record["error_messages"][0]["text"].as_str().or(record["title"].as_str()).unwrap_or("error");
    let mut log = String::new();
    let mut i = 0;
    while log.len() < 2000 {
        if i == 9 {
            log.push_str(&format!(
                "2026-11-23T10:{:02}:{:02}.{:03}Z ERROR [task {:08x}] {}\n",
                i,
                seed % 60,
                i * 7,
                seed * 31 + i,
                message.lines().next().unwrap_or("")
            ));
        } else {
            log.push_str(&format!(
                "2026-11-23T10:{:02}:{:02}.{:03}Z INFO  [req {:08x}-{:04x}] GET /api/v1/items/{} 200 in {}ms from 10.0.{}.{}\n",
                i,
                seed % 60,
                i * 13,
                seed * 7 + i,
                i * 3,
                seed * 100 + i,
                i * 3 + 1,
                i % 255,
                (seed + i) % 255
            ));
        }
        i += 1;
    }
    log
}
