//! Measures the embedded search (`errbook build --embed`) in the browser: requests and bytes
//! from page load to the first result, per pasted log, each in a fresh browser.
//!
//! cargo run --release --example embed-bench -- EMBED_DIR RECORDS_JSON [PASTES]
//!
//! EMBED_DIR is the output of `errbook build --embed`; RECORDS_JSON the same book's
//! `records.json` (from `errbook build`), whose English entries give the pasted error lines.
//! A page holding only the element (`bench.html`, written into EMBED_DIR) is served from
//! loopback; each paste is ~2 KB of routine log lines around the first line of one entry's
//! error message, as `browser-bench` pastes. Requests and bytes are counted at the server.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;

#[path = "common/pastes.rs"]
mod pastes;
#[path = "../tests/testsuite/serve.rs"]
mod serve;

const PAGE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bench</title>\n\
    <script src=\"errbook-search.js\" defer></script></head>\n<body><errbook-search></errbook-search></body></html>\n";

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: embed-bench EMBED_DIR RECORDS_JSON [PASTES]";
    let dir: &'static PathBuf = Box::leak(Box::new(PathBuf::from(args.next().expect(usage))));
    let records: Value =
        serde_json::from_slice(&std::fs::read(args.next().expect(usage)).expect("records.json")).unwrap();
    let pastes: usize = args.next().map_or(10, |n| n.parse().expect("PASTES is a number"));
    std::fs::write(dir.join("bench.html"), PAGE).unwrap();
    let english: Vec<&Value> = records["records"].as_array().unwrap().iter().filter(|r| r["lang"] == "en").collect();
    let base = serve::serve(dir);
    let mut rows = Vec::new();
    for i in 0..pastes {
        let record = english[(i * 7919) % english.len()];
        let message =
            record["error_messages"][0]["text"].as_str().unwrap_or("").lines().next().unwrap_or("").to_string();
        let log = pastes::log_around(&message, i);
        let browser = launch();
        let tab = browser.new_tab().unwrap();
        serve::SERVED.lock().unwrap().clear();
        tab.navigate_to(&format!("{base}bench.html")).unwrap().wait_until_navigated().unwrap();
        let started = Instant::now();
        let js = format!(
            "(() => {{ const e = document.querySelector('errbook-search'); const t = e.shadowRoot.querySelector('textarea'); t.value = {}; t.dispatchEvent(new Event('input')); }})()",
            serde_json::to_string(&log).unwrap()
        );
        tab.evaluate(&js, false).unwrap();
        loop {
            let done = tab.evaluate("Number(document.querySelector('errbook-search').dataset.results) > 0", false);
            if done.ok().and_then(|r| r.value) == Some(Value::Bool(true)) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "no result for paste {i}");
            std::thread::sleep(Duration::from_millis(10));
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let served = std::mem::take(&mut *serve::SERVED.lock().unwrap());
        let bytes: usize = served.iter().map(|(_, b)| b).sum();
        println!(
            "paste {i:2}: {:3} requests, {:7.1} KB, paste to first result {ms:5.0} ms",
            served.len(),
            bytes as f64 / 1024.0
        );
        rows.push((served.len(), bytes, ms));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "median: {} requests, {:.1} KB, {:.0} ms (page, element, engine and index from page load to the first result)",
        median(rows.iter().map(|r| r.0 as f64).collect()),
        median(rows.iter().map(|r| r.1 as f64 / 1024.0).collect()),
        median(rows.iter().map(|r| r.2).collect()),
    );
}

fn launch() -> Browser {
    let chrome = std::env::var_os("CHROME").map_or_else(|| PathBuf::from("chromium"), PathBuf::from);
    let args: Vec<&OsStr> =
        ["--disable-gpu", "--no-first-run", "--disable-background-networking"].iter().map(OsStr::new).collect();
    let options =
        LaunchOptions::default_builder().path(Some(chrome)).sandbox(false).headless(true).args(args).build().unwrap();
    Browser::new(options).expect("Chromium starts")
}
