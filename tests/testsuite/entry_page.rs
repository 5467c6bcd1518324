//! Entry pages as readers meet them, in headless Chromium with real mouse events: the text in
//! the order its author wrote it (a sentence, then the command it introduces, then the output it
//! announces), the record card's causes in the page's order leading into the text, no flowchart
//! drawn from a sentence, and the navigation around an entry: the document's entries beside it
//! (folded on a phone), a table of contents for a long entry, previous and next.

use crate::BookTest;
use crate::browser::{click_and_wait, eval, launch, open, screenshot, tab, viewport};

/// A page that is one error, checked section by section (the shape of hosted-Git help pages).
const ONE_ERROR: &str = r#"---
title: "Error: Permission denied (publickey)"
---

A "Permission denied" error means that the server rejected your connection.

## Check that you are connecting to the correct server

To make sure you are connecting to the right host, enter the following command:

```shell
ssh -vT git@git.example.org
```

You should see this output:

```shell
> debug1: Connecting to git.example.org port 22.
```

## Always use the "git" user

All connections must be made as the "git" user. With your own name, it fails:

```shell
$ ssh -T alice@git.example.org
> Permission denied (publickey).
```

## Make sure you have a key that is being used

List the keys your agent holds:

```shell
ssh-add -l -E sha256
```
"#;

/// A page of problems, one of which is a message followed by the causes it may indicate.
const PROBLEMS: &str = r#"# Widget daemon troubleshooting

## Cannot reach the daemon

```text
Cannot connect to the Widget daemon. Is 'widgetd' running on this host?
```

This error may indicate:

- The daemon is not running on your system. Start it and run the command again.
- Your client connects to a daemon on another host, and that host is unreachable.
- Several daemons run on your system at once.

## Out of memory

If your widgets use more memory than the host has, the daemon stops them.

## Kernel too old

The daemon needs kernel 5.4 or later. Check yours:

```console
$ uname -r
```
"#;

#[test]
fn entry_text_keeps_its_order_and_the_card_leads_into_it() {
    let book = BookTest::empty("entry-page");
    book.file("content/en/publickey.md", ONE_ERROR).file("content/en/widgetd.md", PROBLEMS);
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(book.out().join("records.json")).unwrap()).unwrap();
    let all = json["records"].as_array().unwrap();
    let daemon = all.iter().find(|r| r["title"] == "Cannot reach the daemon").expect("the daemon entry");
    let message = "Cannot connect to the Widget daemon. Is 'widgetd' running on this host?";
    assert_eq!(daemon["error_messages"][0]["text"], message);
    let commands = daemon["commands"].as_array().unwrap();
    assert!(commands.iter().all(|c| !c["code"].as_str().unwrap().contains("Cannot connect")), "{commands:?}");

    let out: &'static std::path::Path = Box::leak(book.out().into_boxed_path());
    let base = crate::serve::serve(out);
    let browser = launch();
    let (tab, errors) = tab(&browser);
    viewport(&tab, 1280);

    open(&tab, &format!("{base}en/errors/error-permission-denied-publickey/"));
    // Each sentence, then the block it introduces, as the author wrote them.
    let order = eval(
        &tab,
        r##"(() => {
            const blocks = [...document.querySelectorAll("#text > p, #text > .code-block, #text > .mark")];
            const at = (text) => blocks.findIndex((b) => b.textContent.includes(text));
            return [at("enter the following command:"), at("ssh -vT git@git.example.org"),
                    at("You should see this output:"), at("debug1: Connecting to")].join(",");
        })()"##,
    );
    let order: Vec<i64> = order.as_str().unwrap().split(',').map(|n| n.parse().unwrap()).collect();
    assert!(order[0] >= 0 && order.windows(2).all(|w| w[1] == w[0] + 1), "prose and code out of order: {order:?}");
    let toc = eval(&tab, "[...document.querySelectorAll('.toc a')].map(a => a.textContent).join('|')");
    assert_eq!(
        toc,
        "Check that you are connecting to the correct server|Always use the \"git\" user|Make sure you have a key that is being used",
        "a table of contents for an entry of three sections"
    );
    screenshot(&tab, "entry-as-written-desktop");

    open(&tab, &format!("{base}en/errors/cannot-reach-the-daemon/"));
    let causes = eval(&tab, "[...document.querySelectorAll('.record-causes a')].map(a => a.textContent).join('|')");
    let causes = causes.as_str().unwrap();
    assert!(
        causes
            .starts_with("The daemon is not running on your system.|Your client connects to a daemon on another host")
            && causes.ends_with("|Several daemons run on your system at once."),
        "the three causes in the page's order: {causes}"
    );
    // Each leads to its item, under the sentence that introduces them.
    let under = eval(
        &tab,
        r#"[...document.querySelectorAll('.record-causes a')].every((a) => {
            const item = document.querySelector(a.getAttribute("href"));
            return item && item.tagName === "LI" && item.parentElement.previousElementSibling.textContent === "This error may indicate:";
        })"#,
    );
    assert_eq!(under, true, "causes lead to the list after its lead-in");
    assert_eq!(eval(&tab, "document.querySelectorAll('.record-flowchart, #text svg').length"), 0, "no flowchart");
    assert_eq!(
        eval(&tab, "document.querySelector('.record .error-message').textContent.includes(\"Is 'widgetd' running\")"),
        true
    );
    // Beside it, the document's entries with this one marked; next leads on, by a real click.
    let sidebar = eval(
        &tab,
        "[...document.querySelectorAll('.sidebar-entries a')].map(a => (a.ariaCurrent ? '*' : '') + a.textContent).join('|')",
    );
    assert_eq!(sidebar, "*Cannot reach the daemon|Out of memory|Kernel too old");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.sidebar').open && getComputedStyle(document.querySelector('.sidebar-entries')).display !== 'none'"
        ),
        true
    );
    // And the book's documents, from the one file every entry page shares.
    let documents = eval(
        &tab,
        "[...document.querySelectorAll('.sidebar-documents a')].map(a => (a.getAttribute('aria-current') ? '*' : '') + a.textContent).join('|')",
    );
    assert_eq!(documents, "Error: Permission denied (publickey)|*Widget daemon troubleshooting");
    let next = click_and_wait(&tab, ".pager-next");
    assert!(next.ends_with("/en/errors/out-of-memory/"), "{next}");
    let back = click_and_wait(&tab, ".pager-previous");
    assert!(back.ends_with("/en/errors/cannot-reach-the-daemon/"), "{back}");
    let other = click_and_wait(&tab, ".sidebar-documents li:first-child a");
    assert!(other.ends_with("/en/docs/publickey/"), "{other}");
    open(&tab, &back);

    // On a phone the entries fold above the text, and a tap unfolds them.
    viewport(&tab, 390);
    open(&tab, &format!("{base}en/errors/out-of-memory/"));
    assert_eq!(eval(&tab, "document.querySelector('.sidebar').open"), false, "folded on a phone");
    tab.wait_for_element(".sidebar > summary").unwrap().click().unwrap();
    assert_eq!(eval(&tab, "document.querySelector('.sidebar').open"), true);
    let inside = eval(&tab, "document.querySelector('.sidebar').getBoundingClientRect().right <= innerWidth");
    assert_eq!(inside, true, "the sidebar fits the phone's width");
    screenshot(&tab, "entry-sidebar-phone");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// Switching language on an entry without a translation lands on the other home page, which
/// says so and links back; the way back is never another site.
#[test]
fn switching_language_on_an_untranslated_entry_says_so_and_leads_back() {
    let base = crate::serve::serve(crate::built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    let entry = format!("{base}ja/errors/failed-to-register-task-definition/");
    open(&tab, &entry);
    let home = click_and_wait(&tab, ".lang-switch a[hreflang=en]");
    assert!(home.starts_with(&format!("{base}en/?untranslated=")), "{home}");
    let note = tab.wait_for_element("#untranslated").unwrap();
    assert_eq!(eval(&tab, "document.getElementById('untranslated').hidden"), false);
    assert!(note.get_inner_text().unwrap().contains("not translated"), "{}", note.get_inner_text().unwrap());
    let back = click_and_wait(&tab, "#untranslated a");
    assert_eq!(back, entry);
    for hostile in ["javascript:alert(1)", "%2F%2Fevil.example%2F", "..%2F..%2Fetc%2F", "https:%2F%2Fevil.example"] {
        open(&tab, &format!("{base}en/?untranslated={hostile}"));
        assert_eq!(eval(&tab, "document.getElementById('untranslated').hidden"), true, "{hostile}");
    }
    open(&tab, &format!("{base}en/"));
    assert_eq!(eval(&tab, "document.getElementById('untranslated').hidden"), true, "no note without a way back");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// A VitePress code group (one command per package manager) is tabs, not a note; a click on a
/// tab shows its block alone.
#[test]
fn a_code_group_is_tabs() {
    let book = BookTest::empty("entry-tabs");
    book.file(
        "content/en/install.md",
        "# Install\n\n## Plugin not found\n\n```text\nError: Cannot find plugin \"widget\"\n```\n\nInstall it:\n\n::: code-group\n\n```sh [npm]\nnpm add -D widget\n```\n\n```sh [pnpm]\npnpm add -D widget\n```\n\n```sh [yarn]\nyarn add -D widget\n```\n\n:::\n\nThen build again.\n",
    );
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: &'static std::path::Path = Box::leak(book.out().into_boxed_path());
    let base = crate::serve::serve(out);
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/errors/plugin-not-found/"));
    assert_eq!(eval(&tab, "document.querySelectorAll('#text .callout').length"), 0, "not a note");
    let tabs = eval(&tab, "[...document.querySelectorAll('.code-tabs [role=tab]')].map(t => t.textContent).join('|')");
    assert_eq!(tabs, "npm|pnpm|yarn");
    let shown = "[...document.querySelectorAll('.code-tabs [role=tabpanel]')].filter(p => p.offsetHeight > 0).map(p => p.querySelector('pre').textContent.trim()).join('|')";
    assert_eq!(eval(&tab, shown), "npm add -D widget");
    tab.wait_for_element(".code-tabs [role=tab]:nth-child(2)").unwrap().click().unwrap();
    assert_eq!(eval(&tab, shown), "pnpm add -D widget");
    let after = eval(&tab, "document.querySelector('.code-tabs').nextElementSibling.textContent");
    assert_eq!(after, "Then build again.", "the text goes on after the group");
    screenshot(&tab, "entry-code-tabs");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// The root page goes on to the home page in the reader's language (English for an English
/// browser, Japanese for a Japanese one); the 404 page speaks every language of the book.
#[test]
fn the_root_page_follows_the_browser_language_and_404_speaks_both() {
    let base = crate::serve::serve(crate::built_sample());
    let browser = launch();
    for (accept, home) in [("en-US,en", "en/"), ("ja-JP,ja", "ja/"), ("fr-FR,fr", "")] {
        let (tab, errors) = tab(&browser);
        tab.call_method(headless_chrome::protocol::cdp::Network::SetUserAgentOverride {
            user_agent: "Mozilla/5.0 errbook-test".into(),
            accept_language: Some(accept.into()),
            platform: None,
            user_agent_metadata: None,
        })
        .unwrap();
        open(&tab, &base);
        let want = format!("{base}{home}");
        for _ in 0..200 {
            if tab.get_url() == want {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        assert_eq!(tab.get_url(), want, "{accept}");
        if home.is_empty() {
            assert_eq!(eval(&tab, "document.querySelectorAll('.language-choice a').length"), 2, "the list stays");
        }
        assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
    }
    let (tab, _) = tab(&browser);
    open(&tab, &format!("{base}no/such/page"));
    let said = eval(
        &tab,
        "[...document.querySelectorAll('.not-found')].map(s => s.lang + ':' + s.querySelector('a').getAttribute('href')).join(' ')",
    );
    assert_eq!(said, "en:/en/ ja:/ja/");
    assert!(eval(&tab, "document.body.innerText").as_str().unwrap().contains("ページが見つかりません"));
}

/// A site hosted under a path (a project's pages) and built without its address: the 404 page,
/// served for a missing address deep below, finds the site, and shows it styled with links that
/// work.
#[test]
fn the_404_page_works_at_any_depth_under_a_project_path() {
    let host = crate::serve::serve_under(crate::built_sample(), "/project/");
    let browser = launch();
    let (tab, _) = tab(&browser);
    open(&tab, &format!("{host}project/some/missing/page"));
    let styled = "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle === 'solid'";
    for _ in 0..200 {
        if eval(&tab, styled) == serde_json::Value::Bool(true) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert_eq!(eval(&tab, styled), true, "the 404 page is styled from the site's own stylesheet");
    let english = eval(&tab, "document.querySelector('.not-found[lang=en] a').getAttribute('href')");
    assert_eq!(english, "/project/en/");
    let home = click_and_wait(&tab, ".not-found[lang=ja] a");
    assert_eq!(home, format!("{host}project/ja/"));
    assert_eq!(eval(&tab, "document.documentElement.lang"), "ja");
    screenshot(&tab, "not-found-under-a-path");
}

/// `[build] layout = "sections"`: no page an entry; home links, search results (the CLI's and
/// the search box's) and the sitemap lead to the entry's section of its document's page.
#[test]
fn entries_as_sections_of_their_documents() {
    let book = BookTest::empty("sections-layout");
    book.file(
        "book.toml",
        "[book]\ntitle = \"Widgets\"\n[build]\nlayout = \"sections\"\n[site]\nurl = \"https://example.org/w/\"\n",
    )
    .file("content/en/widgets.md", PROBLEMS)
    .file("content/ja/widgets.md", "# ウィジェット\n\n## デーモンに接続できない\n\n```text\nCannot connect to the Widget daemon.\n```\n\nデーモンが動いていない。\n");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!book.out().join("en/errors").exists() && !book.out().join("ja/errors").exists(), "no entry pages");
    let home = std::fs::read_to_string(book.out().join("en/index.html")).unwrap();
    assert!(home.contains(r#"href="../en/docs/widgets/#cannot-reach-the-daemon""#), "{home}");
    let document = std::fs::read_to_string(book.out().join("en/docs/widgets/index.html")).unwrap();
    assert!(document.contains(r#"<h2 id="cannot-reach-the-daemon">"#), "{document}");
    let sitemap = std::fs::read_to_string(book.out().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/errors/") && sitemap.contains("https://example.org/w/en/docs/widgets/"), "{sitemap}");
    let search =
        book.run(&["search", "--json", "Cannot connect to the Widget daemon. Is 'widgetd' running on this host?"]);
    let hits: serde_json::Value = serde_json::from_str(&search.stdout).unwrap();
    assert_eq!(hits[0]["url"], "en/docs/widgets/#cannot-reach-the-daemon", "{}", search.stdout);
    let other = BookTest::empty("sections-layout-bad");
    let bad = other.file("book.toml", "[build]\nlayout = \"one\"\n").run(&["check"]);
    assert!(bad.stderr.contains("book.toml:2:10: error: layout `one` is not one errbook knows"), "{}", bad.stderr);

    let out: &'static std::path::Path = Box::leak(book.out().into_boxed_path());
    let base = crate::serve::serve(out);
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}ja/"));
    tab.wait_for_element("#search-input").unwrap().click().unwrap();
    tab.evaluate(
        "(() => { const i = document.getElementById('search-input'); i.value = 'Cannot connect to the Widget daemon.'; i.dispatchEvent(new Event('input')); })()",
        false,
    )
    .unwrap();
    tab.wait_for_element("#search-results a.result-title").unwrap();
    let landed = click_and_wait(&tab, "#search-results a.result-title");
    assert!(landed.ends_with("/ja/docs/widgets/#%E3%83%87%E3%83%BC%E3%83%A2%E3%83%B3%E3%81%AB%E6%8E%A5%E7%B6%9A%E3%81%A7%E3%81%8D%E3%81%AA%E3%81%84"), "{landed}");
    let shown = "(() => { const h = document.getElementById('デーモンに接続できない'); const r = h.getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight / 2; })()";
    assert_eq!(eval(&tab, shown), true, "the entry's section is in view");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}
