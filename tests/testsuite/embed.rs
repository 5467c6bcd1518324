//! `errbook build --embed` inside a docs site another tool publishes: a small MkDocs site (mkdocs
//! installed with pip when it is missing) gets the embed output and the one tag, and in
//! Chromium a pasted log's first result leads to the right heading of the MkDocs page.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use headless_chrome::Tab;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::Input;

use crate::browser::{eval, launch, screenshot, tab, viewport, wait_for};
use crate::static_server::{Behaviour, Server};
use crate::{BookTest, Run};

/// `python3 -m mkdocs`, with mkdocs installed into the test folder when Python lacks it.
fn mkdocs() -> Command {
    static PYTHONPATH: OnceLock<Option<PathBuf>> = OnceLock::new();
    let path = PYTHONPATH.get_or_init(|| {
        let has =
            Command::new("python3").args(["-m", "mkdocs", "--version"]).output().is_ok_and(|o| o.status.success());
        if has {
            return None;
        }
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pylib");
        if !target.join("mkdocs").is_dir() {
            let pip = Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"])
                // Into a folder of the tests' own, which no system package manages.
                .env("PIP_BREAK_SYSTEM_PACKAGES", "1")
                .arg(&target)
                .arg("mkdocs==1.6.1")
                .output()
                .expect("python3 runs");
            assert!(pip.status.success(), "pip install mkdocs: {}", String::from_utf8_lossy(&pip.stderr));
        }
        Some(target)
    });
    let mut command = Command::new("python3");
    command.args(["-m", "mkdocs"]);
    if let Some(path) = path {
        command.env("PYTHONPATH", path);
    }
    command
}

const INDEX: &str = "# Widget Docs\n\nPaste an error message or a log:\n\n<errbook-search></errbook-search>\n";

const BUILD_ERRORS: &str = "# Build errors

## Error: `ENOSPC` no space left on device

The build writes its cache to the runner's disk.

```
Error: ENOSPC: no space left on device, write
```

### Solution

Clear the cache folder, or give the runner a larger disk.

## Module not found: can't resolve 'widget-core'

```
Module not found: Error: Can't resolve 'widget-core' in '/app/src'
```

The package is not installed, or its name is misspelt in the import.

### Solution

Run `npm install widget-core` and check the import.
";

const DEPLOY_ERRORS: &str = "# Deploy errors

## Permission denied (publickey)

```
git@example.org: Permission denied (publickey).
fatal: Could not read from remote repository.
```

The deploy key is not added to the repository, or the agent does not offer it.

### Solution

Add the public key as a deploy key with write access.
";

/// The centre of the element `js` evaluates to, in the viewport.
fn centre(tab: &Tab, js: &str) -> Point {
    let rect = eval(
        tab,
        &format!(
            "(() => {{ const r = ({js}).getBoundingClientRect(); return JSON.stringify([r.x + r.width / 2, r.y + r.height / 2]); }})()"
        ),
    );
    let [x, y]: [f64; 2] = serde_json::from_str(rect.as_str().unwrap_or_else(|| panic!("no element: {js}"))).unwrap();
    Point { x, y }
}

const ELEMENT: &str = "document.querySelector('errbook-search')";
const FIRST_RESULT: &str = "document.querySelector('errbook-search').shadowRoot.querySelector('li a')";

/// A click in the element's box, then `log` arriving as a paste does; waits for results.
fn paste(tab: &Tab, log: &str) {
    wait_for(tab, &format!("!!({ELEMENT} && {ELEMENT}.shadowRoot)"));
    tab.click_point(centre(tab, &format!("{ELEMENT}.shadowRoot.querySelector('textarea')"))).unwrap();
    tab.call_method(Input::InsertText { text: log.to_string() }).unwrap();
    wait_for(tab, &format!("Number({ELEMENT}.dataset.results) > 0"));
}

/// A real press and release on the first result; once the tab is at `expected`, the tag and
/// text of the element its fragment names.
fn follow_first_result(tab: &Tab, expected: &str) -> serde_json::Value {
    tab.click_point(centre(tab, FIRST_RESULT)).unwrap();
    wait_for(tab, &format!("location.href === {}", serde_json::to_string(expected).unwrap()));
    wait_for(tab, "document.readyState === 'complete'");
    eval(
        tab,
        "(() => { const h = document.getElementById(location.hash.slice(1)); return h ? h.tagName + ' ' + h.textContent.trim() : null; })()",
    )
}

#[test]
fn a_pasted_log_in_a_mkdocs_site_leads_to_the_heading_of_its_page() {
    let project = BookTest::empty("embed-mkdocs");
    project
        .file(
            "mkdocs.yml",
            // The theme's highlight.js comes from a CDN, which a test machine may not reach.
            "site_name: Widget Docs\ntheme:\n  name: mkdocs\n  highlightjs: false\nextra_javascript:\n  - errbook/errbook-search.js\n",
        )
        .file("docs/index.md", INDEX)
        .file("docs/guide/build-errors.md", BUILD_ERRORS)
        .file("docs/deploy-errors.md", DEPLOY_ERRORS);
    let built = mkdocs().arg("build").arg("--quiet").current_dir(&project.root).output().unwrap();
    assert!(built.status.success(), "mkdocs build: {}", String::from_utf8_lossy(&built.stderr));
    let site = project.root.join("site");
    let server = Server::start(&site, Behaviour::Files);
    // As the guide says: after `mkdocs build`, the search into the built site.
    embed_into(&project, "docs", "mkdocs", &server.url(), "site/errbook");
    assert!(site.join("errbook/errbook-search.js").is_file());
    assert!(!site.join("errbook/search/index.bin").exists(), "only what the element loads");

    let browser = launch();
    let (tab, errors) = tab(&browser);
    viewport(&tab, 1100);
    tab.navigate_to(&server.url()).unwrap().wait_until_navigated().unwrap();
    let element = ELEMENT;
    paste(
        &tab,
        "2026-12-08T09:14:02Z INFO  npm run build\n\
         2026-12-08T09:14:09Z INFO  compiling 214 modules\n\
         2026-12-08T09:14:11Z ERROR Module not found: Error: Can't resolve 'widget-core' in '/app/src/pages'\n\
         2026-12-08T09:14:11Z INFO  build failed after 9.1s\n",
    );
    screenshot(&tab, "embed-mkdocs");
    let first = FIRST_RESULT;
    assert_eq!(eval(&tab, &format!("{first}.textContent")), "Module not found: can't resolve 'widget-core'");
    let expected = format!("{}guide/build-errors/#module-not-found-cant-resolve-widget-core", server.url());
    assert_eq!(eval(&tab, &format!("{first}.href")), expected.as_str());

    // Down moves from the paste into the results and through them, Up back; Escape returns to
    // the paste.
    let focused = format!("{element}.shadowRoot.activeElement?.textContent");
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, &focused), "Module not found: can't resolve 'widget-core'");
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, &focused), "Error: ENOSPC no space left on device");
    tab.press_key("ArrowUp").unwrap();
    tab.press_key("Escape").unwrap();
    assert_eq!(eval(&tab, &format!("{element}.shadowRoot.activeElement?.tagName")), "TEXTAREA");

    // A real press and release on the first result lands on the heading MkDocs wrote.
    assert_eq!(follow_first_result(&tab, &expected), "H2 Module not found: can't resolve 'widget-core'");

    // Opened from disk, with no server, the element searches as well (a page of its own: the
    // MkDocs theme's own search cannot load from file://), and on a Japanese page it speaks
    // Japanese: the book's own strings.
    let page = site.join("offline.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>t</title>\
         <script src=\"errbook/errbook-search.js\" defer></script></head><body><errbook-search></errbook-search></body></html>",
    )
    .unwrap();
    tab.navigate_to(&format!("file://{}", page.display())).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, &format!("!!({element} && {element}.shadowRoot)"));
    let textarea = format!("{element}.shadowRoot.querySelector('textarea')");
    assert_eq!(eval(&tab, &format!("{textarea}.placeholder")), "エラーメッセージを貼り付け…");
    assert_eq!(
        eval(&tab, &format!("{textarea}.getAttribute('aria-label')")),
        "エラーメッセージやログを貼り付けてください"
    );
    paste(&tab, "git@example.org: Permission denied (publickey).");
    assert_eq!(
        eval(&tab, &format!("{first}.href")),
        format!("{}deploy-errors/#permission-denied-publickey", server.url())
    );
    eval(&tab, &format!("{textarea}.select()"));
    tab.call_method(Input::InsertText { text: "zqxj vwkp".into() }).unwrap();
    wait_for(&tab, &format!("{element}.dataset.results === '0'"));
    assert_eq!(
        eval(&tab, &format!("{element}.shadowRoot.querySelector('.status').textContent")),
        "一致するエントリはありません。"
    );
    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn embed_needs_to_know_where_the_pages_are() {
    let book = BookTest::small("embed-unset");
    let run = book.run(&["build", "--embed"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("needs to know where the documents are published"), "{}", run.stderr);
    assert!(run.stderr.contains("original-url") && run.stderr.contains("[embed] platform"), "{}", run.stderr);
    assert!(!book.root.join("book-embed").exists(), "nothing written");
}

/// Writes the book.toml of a docs project whose pages are in `src`, published by `platform` at
/// `url` (in English, with the Japanese UI strings too), and builds the search into `out`.
fn embed_into(project: &BookTest, src: &str, platform: &str, url: &str, out: &str) {
    project.file(
        "book.toml",
        format!(
            "[book]\ntitle = \"Widget Docs\"\nsrc = \"{src}\"\noriginal-url = \"{url}\"\n\n[language.en]\nname = \"English\"\n\n[language.ja]\nname = \"日本語\"\n\n[embed]\nplatform = \"{platform}\"\n"
        ),
    );
    let run = Run::from(
        Command::new(env!("CARGO_BIN_EXE_errbook"))
            .args(["build", "--embed", "--out", out])
            .current_dir(&project.root)
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

const HUGO_LAYOUT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>{{ .Title }}</title>\
    <script src=\"/errbook/errbook-search.js\" defer></script></head><body><main>{{ .Content }}</main></body></html>\n";

/// The same in a Hugo site (Debian's `hugo`, which test.sh installs): Hugo's page addresses and
/// its default heading ids.
#[test]
fn a_pasted_log_in_a_hugo_site_leads_to_the_heading_of_its_page() {
    let project = BookTest::empty("embed-hugo");
    project
        .file("hugo.toml", "baseURL = \"/\"\ntitle = \"Widget Docs\"\n[markup.goldmark.renderer]\nunsafe = true\n")
        .file("layouts/_default/single.html", HUGO_LAYOUT)
        .file("layouts/_default/list.html", HUGO_LAYOUT)
        .file("layouts/index.html", HUGO_LAYOUT)
        .file("content/_index.md", INDEX)
        .file("content/guide/build-errors.md", format!("---\ntitle: Build errors\n---\n\n{BUILD_ERRORS}"))
        .file("content/deploy-errors.md", format!("---\ntitle: Deploy errors\n---\n\n{DEPLOY_ERRORS}"));
    let built = Command::new("hugo")
        .arg("--quiet")
        .current_dir(&project.root)
        .output()
        .expect("hugo on PATH (test.sh installs it)");
    assert!(built.status.success(), "hugo: {}", String::from_utf8_lossy(&built.stderr));
    let site = project.root.join("public");
    let server = Server::start(&site, Behaviour::Files);
    embed_into(&project, "content", "hugo", &server.url(), "public/errbook");

    let browser = launch();
    let (tab, errors) = tab(&browser);
    viewport(&tab, 1100);
    tab.navigate_to(&server.url()).unwrap().wait_until_navigated().unwrap();
    paste(
        &tab,
        "2026-12-08T09:20:44Z INFO  deploy started\n\
         2026-12-08T09:20:45Z ERROR git@example.org: Permission denied (publickey).\n\
         fatal: Could not read from remote repository.\n",
    );
    screenshot(&tab, "embed-hugo");
    let expected = format!("{}deploy-errors/#permission-denied-publickey", server.url());
    assert_eq!(eval(&tab, &format!("{FIRST_RESULT}.href")), expected.as_str());
    assert_eq!(follow_first_result(&tab, &expected), "H2 Permission denied (publickey)");
    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
}
