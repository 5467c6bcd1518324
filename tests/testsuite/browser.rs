//! The site in a real browser (headless Chromium): pages served from a local server and opened
//! from the offline bundle with `file://`. The console must stay empty, diagrams must be drawn,
//! the language switcher must land on the counterpart, and the search box must give the same
//! first result as `errbook search` for every dev query. Screenshots go to
//! `target/browser-artifacts/`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::search::{dev_queries, search_json};
use crate::{built_sample, bundled_sample};

use crate::serve::serve;

fn file_url(dir: &Path) -> String {
    format!("file://{}/", dir.canonicalize().unwrap().display())
}

/// The browser to drive: `$CHROME` when set, else the first of the usual names on `PATH`.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROME") {
        return PathBuf::from(path);
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .expect("no Chromium on PATH: install it (test.sh does, on Debian) or set CHROME to its path")
}

pub(crate) fn launch() -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .sandbox(false)
        .headless(true)
        .window_size(Some((1100, 1400)))
        .idle_browser_timeout(Duration::from_secs(300))
        .args(args)
        .build()
        .unwrap();
    Browser::new(options).expect("Chromium starts")
}

/// A tab that records console errors, uncaught exceptions and failed loads.
pub(crate) fn tab(browser: &Browser) -> (Arc<Tab>, Arc<Mutex<Vec<String>>>) {
    let tab = browser.new_tab().unwrap();
    let errors = Arc::new(Mutex::new(Vec::new()));
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    let sink = Arc::clone(&errors);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::LogEntryAdded(e) => {
                let level = format!("{:?}", e.params.entry.level);
                (level == "Error").then(|| format!("log: {} {:?}", e.params.entry.text, e.params.entry.url))
            }
            Event::RuntimeExceptionThrown(e) => Some(format!("exception: {:?}", e.params.exception_details.text)),
            Event::RuntimeConsoleAPICalled(e) => {
                let kind = format!("{:?}", e.params.Type);
                (kind == "Error")
                    .then(|| format!("console.error: {:?}", e.params.args.first().and_then(|a| a.value.clone())))
            }
            _ => None,
        };
        if let Some(m) = message {
            sink.lock().unwrap().push(m);
        }
    }))
    .unwrap();
    (tab, errors)
}

/// A viewport `width` px wide and 900 tall; under 500 px, a phone's.
pub(crate) fn viewport(tab: &Tab, width: u32) {
    tab.call_method(headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
        width,
        height: 900,
        device_scale_factor: 1.0,
        mobile: width < 500,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

pub(crate) fn screenshot(tab: &Tab, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub(crate) fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).unwrap().wait_until_navigated().unwrap();
}

/// Clicks `selector` and waits until the tab has left `from`.
pub(crate) fn click_and_wait(tab: &Tab, selector: &str) -> String {
    let from = tab.get_url();
    tab.wait_for_element(selector).unwrap().click().unwrap();
    for _ in 0..200 {
        let url = tab.get_url();
        if url != from {
            tab.wait_until_navigated().unwrap();
            return tab.get_url();
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("clicking {selector} on {from} went nowhere");
}

pub(crate) fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true).unwrap().value.unwrap_or(serde_json::Value::Null)
}

/// Waits (10 s at most) until `js` evaluates to true.
pub(crate) fn wait_for(tab: &Tab, js: &str) {
    for _ in 0..400 {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("never true: {js}");
}

/// Opens an English and a Japanese entry, checks their diagrams and language switchers.
fn pages_and_switcher(base: &str, index: &str, label: &str) {
    let browser = launch();
    let (tab, errors) = tab(&browser);

    open(&tab, &format!("{base}en/errors/task-failed-elb-health-checks/{index}"));
    tab.wait_for_element("figure.diagram svg").expect("the flowchart is drawn");
    assert_eq!(eval(&tab, "document.querySelector('h1').textContent"), "Task failed ELB health checks");
    assert_eq!(
        eval(&tab, "document.querySelectorAll('button.copy:not([hidden])').length > 0"),
        true,
        "copy buttons shown"
    );
    screenshot(&tab, &format!("{label}-en-entry"));
    let url = click_and_wait(&tab, ".lang-switch a[hreflang=ja]");
    let (home, from) = url.split_once("?untranslated=").unwrap_or((&url, ""));
    assert!(
        home.ends_with(&format!("/ja/{index}")) && from.contains("task-failed-elb-health-checks"),
        "no Japanese counterpart: the switch goes to the Japanese home, saying from where, got {url}"
    );

    open(
        &tab,
        &format!(
            "{base}ja/errors/%E3%83%87%E3%83%97%E3%83%AD%E3%82%A4%E3%81%AB%E5%A4%B1%E6%95%97%E3%81%99%E3%82%8B/{index}"
        ),
    );
    tab.wait_for_element("figure.diagram svg").expect("the Japanese flowchart is drawn");
    assert_eq!(eval(&tab, "document.documentElement.lang"), "ja");
    assert_eq!(eval(&tab, "document.querySelector('h1').textContent"), "デプロイに失敗する");
    screenshot(&tab, &format!("{label}-ja-entry"));
    let url = click_and_wait(&tab, ".lang-switch a[hreflang=en]");
    let (home, from) = url.split_once("?untranslated=").unwrap_or((&url, ""));
    assert!(
        home.ends_with(&format!("/en/{index}")) && !from.is_empty(),
        "no English counterpart: the switch goes to the English home, saying from where, got {url}"
    );

    // A pair the book names in book.toml: no shared id or message, the switcher still stays on
    // the entry, both ways.
    open(
        &tab,
        &format!(
            "{base}ja/errors/%E3%82%BF%E3%82%B9%E3%82%AF%E3%81%8C%E8%B5%B7%E5%8B%95%E3%81%97%E3%81%AA%E3%81%84/{index}"
        ),
    );
    let url = click_and_wait(&tab, ".lang-switch a[hreflang=en]");
    assert!(url.ends_with(&format!("/en/errors/task-failed-to-start/{index}")), "{url}");
    let url = click_and_wait(&tab, ".lang-switch a[hreflang=ja]");
    assert!(url.contains("/ja/errors/%E3%82%BF%E3%82%B9%E3%82%AF"), "{url}");

    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The first result the page's search box gives for `query`.
pub(crate) fn page_search(tab: &Tab, query: &str) -> String {
    let js = format!(
        r##"(async () => {{
            const form = document.querySelector("form.search");
            const before = Number(form.dataset.searches || 0);
            const input = document.getElementById("search-input");
            input.value = {query};
            form.requestSubmit();
            const status = document.getElementById("search-status");
            status.textContent = "";
            // Until the search is done, or has failed (its message in the status line).
            for (let i = 0; i < 400 && Number(form.dataset.searches || 0) === before && !status.textContent; i++) {{
                await new Promise((r) => setTimeout(r, 25));
            }}
            const first = document.querySelector("#search-results a.result-title");
            return first ? first.textContent : "(no result; status: " + document.getElementById("search-status").textContent + ")";
        }})()"##,
        query = serde_json::to_string(query).unwrap()
    );
    eval(tab, &js).as_str().unwrap_or_default().to_string()
}

fn search_agrees_with_cli(base: &str, index: &str, label: &str) {
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/{index}"));
    for (id, query, _) in dev_queries() {
        assert!(errors.lock().unwrap().is_empty(), "console errors before {id}: {:?}", errors.lock().unwrap());
        let cli = search_json(&query)[0]["title"].as_str().unwrap().to_string();
        assert_eq!(page_search(&tab, &query), cli, "{label}: query {id} gives another first result in the page");
    }
    screenshot(&tab, &format!("{label}-search"));
    // A result links to its entry.
    let url = click_and_wait(&tab, "#search-results a.result-title");
    assert!(url.contains("/errors/"), "{url}");
    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn served_pages_render_and_switch_language() {
    pages_and_switcher(&serve(built_sample()), "", "served");
}

#[test]
fn bundle_pages_work_from_file_urls() {
    pages_and_switcher(&file_url(bundled_sample()), "index.html", "bundle");
}

#[test]
fn served_search_box_agrees_with_the_cli() {
    search_agrees_with_cli(&serve(built_sample()), "", "served");
}

#[test]
fn bundle_search_box_works_from_file_urls() {
    search_agrees_with_cli(&file_url(bundled_sample()), "index.html", "bundle");
}

/// The site built for a server, opened from disk: its search cannot fetch its index, and says
/// what to do instead of failing silently.
#[test]
fn served_site_opened_from_disk_says_how_to_search() {
    let browser = launch();
    let (tab, _) = tab(&browser);
    open(&tab, &format!("{}en/index.html", file_url(built_sample())));
    let status = page_search(&tab, "CannotPullContainerError: pull access denied");
    assert!(status.contains("errbook serve") && status.contains("errbook bundle"), "{status}");
}

#[test]
fn deep_link_runs_the_query() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(
        &tab,
        &format!("{base}ja/?q=%E3%83%AD%E3%83%BC%E3%83%AB%E3%83%90%E3%83%83%E3%82%AF%E3%81%AB%E5%A4%B1%E6%95%97"),
    );
    let first = tab.wait_for_element("#search-results a.result-title").expect("results for ?q=");
    assert_eq!(first.get_inner_text().unwrap(), "ロールバックに失敗する");
    let marked = eval(&tab, "[...document.querySelectorAll('#search-results mark')].map(m => m.textContent).join(' ')");
    assert!(!marked.as_str().unwrap_or("").is_empty(), "matched words are highlighted");
    screenshot(&tab, "served-deep-link-ja");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// Record text keeps its structure as a reader sees it: one numbered list holding both steps
/// and the nested list, the YAML inside a step with its indentation, a live link to the other
/// document, and a callout set apart (a book written the way real documentation is).
#[test]
fn structured_solution_reads_as_written() {
    let book = crate::BookTest::empty("browser-structured");
    book.file(
        "content/en/deploy.md",
        "# Deploy\n\n## Rollout stalls\n\n### Error Message\n\n```\nrollout: deadline exceeded waiting for replicas\n```\n\n### Solution\n\n1. Edit the deployment:\n   - open `deploy.yaml`\n   - raise the replicas\n\n   ```yaml\n   spec:\n     replicas: 2\n     strategy:\n       type: RollingUpdate\n   ```\n2. Apply it and read [the other page](other.md).\n\n> [!WARNING]\n> Never edit a live cluster by hand.\n",
    );
    book.file("content/en/other.md", "# Other\n\n## Cache misses\n\n> CacheMissError: key not found\n");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: &'static Path = Box::leak(book.out().into_boxed_path());
    let base = serve(out);
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/errors/rollout-stalls/"));
    let solution = "document.getElementById('text')";
    assert_eq!(eval(&tab, &format!("({solution}).querySelectorAll('ol').length")), 1, "one numbered list");
    assert_eq!(eval(&tab, &format!("({solution}).querySelectorAll('ol > li').length")), 2, "both steps in it");
    assert_eq!(
        eval(&tab, &format!("({solution}).querySelectorAll('ol > li:first-child ul > li').length")),
        2,
        "the nested list inside step 1"
    );
    let yaml = eval(&tab, &format!("({solution}).querySelector('ol > li:first-child pre').innerText"));
    assert!(yaml.as_str().unwrap().contains("spec:\n  replicas: 2\n  strategy:\n    type: RollingUpdate"), "{yaml}");
    let href = eval(&tab, &format!("({solution}).querySelector('ol > li:nth-child(2) a').getAttribute('href')"));
    assert!(href.as_str().unwrap().contains("docs/other/"), "{href}");
    assert_eq!(eval(&tab, "document.querySelectorAll('aside.callout-warning').length"), 1, "the warning is a callout");
    screenshot(&tab, "structured-solution");
    click_and_wait(&tab, "ol > li:nth-child(2) a");
    assert_eq!(eval(&tab, "document.querySelector('h1').textContent"), "Other");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// Keys as a reader presses them: Enter in the box searches instead of adding a line, and Down
/// moves one result at a time (it once moved two: the key was handled twice).
#[test]
fn search_box_keys_move_one_result_at_a_time() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/"));
    let input = tab.wait_for_element("#search-input").unwrap();
    input.click().unwrap();
    tab.type_str("pull access denied").unwrap();
    tab.press_key("Enter").unwrap();
    tab.wait_for_element("#search-results a.result-title").expect("Enter searches");
    assert_eq!(eval(&tab, "document.getElementById('search-input').value"), "pull access denied", "no newline added");
    let count = eval(&tab, "document.querySelectorAll('#search-results a.result-title').length").as_u64().unwrap();
    assert!(count >= 2, "{count} results");
    let focused = "[...document.querySelectorAll('#search-results a.result-title')].indexOf(document.activeElement)";
    input.click().unwrap();
    tab.press_key("End").unwrap();
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, focused), 0);
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, focused), 1, "one result down, not two");
    tab.press_key("ArrowUp").unwrap();
    assert_eq!(eval(&tab, focused), 0);
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// Highlights in results once landed inside words ("C<mark>an</mark>not") and on words every
/// message has ("to", "failed"); they mark whole words that say something.
#[test]
fn search_results_mark_whole_telling_words() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, _) = tab(&browser);
    for query in
        ["Error: Cannot perform an interactive login from a non TTY device", "Stopped reason: Task failed to start"]
    {
        open(&tab, &format!("{base}en/?q={}", query.replace(' ', "+")));
        tab.wait_for_element("#search-results mark").expect("words marked");
        let marks = eval(
            &tab,
            r##"JSON.stringify([...document.querySelectorAll("#search-results mark")].map((m) => {
                const before = (m.previousSibling && m.previousSibling.textContent) || "";
                const after = (m.nextSibling && m.nextSibling.textContent) || "";
                return [m.textContent, before.slice(-1), after.slice(0, 1)];
            }))"##,
        );
        let marks: Vec<(String, String, String)> = serde_json::from_str(marks.as_str().unwrap()).unwrap();
        assert!(!marks.is_empty());
        for (word, before, after) in &marks {
            let letter = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
            assert!(!letter(before) && !letter(after), "`{word}` marked inside a word: {marks:?}");
            let lower = word.to_lowercase();
            assert!(!["an", "a", "to", "from", "failed", "cannot", "error"].contains(&lower.as_str()), "{marks:?}");
        }
    }
}
