//! The built site and the offline bundle: every link resolves, pages are clean under a strict
//! CSP, languages link to each other, and the HTML of a few entries is pinned.

use std::path::{Path, PathBuf};

use regex::Regex;
use walkdir::WalkDir;

use crate::{BookTest, built_sample, bundled_sample};

fn html_files(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Every `href`/`src` of every page, except the 404 page (its links start at the base URL).
fn broken_links(dir: &Path, bundle: bool) -> Vec<String> {
    let attr = Regex::new(r#"(?:href|src|data-engine)="([^"]*)""#).unwrap();
    let mut broken = Vec::new();
    for page in html_files(dir).into_iter().filter(|p| !p.ends_with("404.html")) {
        let text = std::fs::read_to_string(&page).unwrap();
        for caps in attr.captures_iter(&text) {
            let link = &caps[1];
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.starts_with("mailto:")
            {
                continue;
            }
            let link = link.replace("&amp;", "&");
            let path = link.split(['#', '?']).next().unwrap();
            let target = page.parent().unwrap().join(crate::serve::percent_decode(path));
            let ok = if bundle { target.is_file() } else { target.is_file() || target.join("index.html").is_file() };
            if !ok {
                broken.push(format!("{}: {link}", page.strip_prefix(dir).unwrap().display()));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_the_site_resolves() {
    let broken = broken_links(built_sample(), false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_link_of_the_bundle_names_a_file() {
    let broken = broken_links(bundled_sample(), true);
    assert!(broken.is_empty(), "links that need a server:\n{}", broken.join("\n"));
    assert!(bundled_sample().with_extension("zip").is_file());
}

#[test]
fn site_has_every_page() {
    let dir = built_sample();
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "en/index.html",
        "ja/index.html",
        "en/errors/task-failed-elb-health-checks/index.html",
        "ja/errors/デプロイに失敗する/index.html",
        "ja/docs/ecspresso-troubleshooting/index.html",
        "assets/style.css",
        "assets/highlight.css",
        "search/engine.js",
        "search/engine.bin",
        "search/manifest.bin",
        "search/index.bin",
    ] {
        assert!(dir.join(page).is_file(), "missing {page}");
    }
    let entries = WalkDir::new(dir)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().to_string_lossy().contains("/errors/"))
        .count();
    assert!(entries >= 22);
    // Without the site's public address, no page has an absolute one to list.
    let sitemap = std::fs::read_to_string(dir.join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), 0, "{sitemap}");
}

/// With `[site] url`, every page names its canonical address, its languages' pages by absolute
/// address, and carries OpenGraph tags; sitemap.xml lists every page absolutely.
#[test]
fn the_public_address_gives_canonical_links_and_an_absolute_sitemap() {
    let book = BookTest::empty("public-url");
    book.file("book.toml", "[book]\ntitle = \"Widgets\"\n[site]\nurl = \"https://example.org/project\"\n")
        .file("content/en/widgets.md", "# Widgets\n\n## Widget stalls {#stalls}\n\nThe widget waits on a lock.\n\n> WidgetError: lock timeout\n")
        .file("content/ja/widgets.md", "# ウィジェット\n\n## ウィジェットが止まる {#stalls}\n\nロックを待っている。\n\n> WidgetError: lock timeout\n");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    let page = std::fs::read_to_string(book.out().join("en/errors/stalls/index.html")).unwrap();
    for tag in [
        r#"<link rel="canonical" href="https://example.org/project/en/errors/stalls/">"#,
        r#"<meta property="og:url" content="https://example.org/project/en/errors/stalls/">"#,
        r#"<link rel="alternate" hreflang="ja" href="https://example.org/project/ja/errors/stalls/">"#,
        r#"<meta property="og:title" content="Widget stalls">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta name="description" content="WidgetError: lock timeout — The widget waits on a lock.">"#,
    ] {
        assert!(page.contains(tag), "{tag} not in:\n{page}");
    }
    let sitemap = std::fs::read_to_string(book.out().join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|l| &l[..l.find("</loc>").unwrap()]).collect();
    assert_eq!(locs.len(), 1 + 2 + 2 + 2, "{sitemap}");
    assert!(locs.iter().all(|l| l.starts_with("https://example.org/project/")), "{locs:?}");
    assert!(locs.contains(&"https://example.org/project/ja/errors/stalls/"), "{locs:?}");

    // Without it, the build says what it would add.
    book.file("book.toml", "[book]\ntitle = \"Widgets\"\n");
    let run = book.run(&["build"]);
    assert!(run.stderr.contains("note: without `url` in [site]"), "{}", run.stderr);
    assert!(!std::fs::read_to_string(book.out().join("en/errors/stalls/index.html")).unwrap().contains("canonical"));
    let bad = book.file("book.toml", "[site]\nurl = \"/project/\"\n").run(&["build"]);
    assert!(bad.stderr.contains("book.toml:2:7: error: url `/project/` is not an http(s) URL"), "{}", bad.stderr);
}

#[test]
fn pages_work_under_a_strict_content_security_policy() {
    let inline_script = Regex::new(r"(?s)<script\b[^>]*>\s*[^<\s]").unwrap();
    let style_attr = Regex::new(r#"<[^>]*\sstyle\s*="#).unwrap();
    let external = Regex::new(r#"<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//"#).unwrap();
    for dir in [built_sample(), bundled_sample()] {
        for page in html_files(dir) {
            let text = std::fs::read_to_string(&page).unwrap();
            let name = page.display();
            assert!(!inline_script.is_match(&crate::without_find_root(&text)), "{name}: inline script");
            assert!(crate::event_handlers(&text).is_empty(), "{name}: event handler attribute");
            assert!(!style_attr.is_match(&text), "{name}: style attribute");
            assert!(!text.contains("<style"), "{name}: style element");
            assert!(!external.is_match(&text), "{name}: loads something from another site");
        }
    }
}

#[test]
fn pages_declare_language_alternates_and_landmarks() {
    let dir = built_sample();
    for page in html_files(dir) {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.display();
        assert!(text.contains("<html lang=\"en\">") || text.contains("<html lang=\"ja\">"), "{name}");
        assert!(text.contains("<main id=\"main\""), "{name}: main landmark");
        assert!(text.contains("class=\"skip-link\" href=\"#main\""), "{name}: skip link");
        assert_eq!(text.matches("<h1").count(), 1, "{name}: one h1");
    }
    let ja_home = std::fs::read_to_string(dir.join("ja/index.html")).unwrap();
    assert!(ja_home.contains(r#"<link rel="alternate" hreflang="en" href="../en/">"#), "{ja_home}");
    let ja_entry = std::fs::read_to_string(dir.join("ja/errors/デプロイに失敗する/index.html")).unwrap();
    assert!(
        ja_entry.contains(r#"<a href="../../../en/?untranslated=ja/errors/%25E3%2583%2587%25E3%2583%2597%25E3%2583%25AD%25E3%2582%25A4%25E3%2581%25AB%25E5%25A4%25B1%25E6%2595%2597%25E3%2581%2599%25E3%2582%258B/" hreflang="en" lang="en">English</a>"#),
        "no English counterpart: switch goes home, saying from where: {ja_entry}"
    );
}

#[test]
fn entry_page_shows_its_record_over_the_text_as_written() {
    let html =
        std::fs::read_to_string(built_sample().join("en/errors/task-failed-elb-health-checks/index.html")).unwrap();
    assert!(html.contains("<h1>Task failed ELB health checks</h1>"));
    let card = &html[html.find("<section class=\"record\"").unwrap()..html.find("<div class=\"written\"").unwrap()];
    assert!(card.contains("class=\"code-block error-message\""), "the message, copyable: {card}");
    // Each cause links to where the document tells it.
    assert!(card.contains("<li><a href=\"#cause-3\">Port mismatch</a></li>"), "{card}");
    let text = crate::shapes::written_text(&html);
    let cause = "<div class=\"mark\" id=\"cause-3\"><a class=\"permalink\" href=\"#cause-3\" aria-label=\"Link to this section\">#</a><p><strong>Cause 3: Port mismatch</strong>";
    assert!(text.contains(cause), "{text}");
    // The document's own headings, in its order, each with a permalink.
    let order: Vec<usize> =
        ["Error Message<", "What It Means<", "Common Causes<", "Cause 1:", "Cause 5:", "Debugging Steps<"]
            .iter()
            .map(|h| text.find(h).unwrap_or_else(|| panic!("{h} not in the text: {text}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        text.contains("<h2 id=\"debugging-steps\">Debugging Steps<a class=\"permalink\" href=\"#debugging-steps\"")
    );
    assert!(html.contains("class=\"hl-"), "commands highlighted at build time");
    assert!(html.contains("<figure class=\"diagram\"><svg role=\"img\""), "flowchart as inline SVG");
    assert!(!html.contains("mermaid.js") && !html.contains("mermaid.min.js"));
}

#[test]
fn the_samples_languages_are_highlighted_dockerfiles_included() {
    let pages: Vec<String> = html_files(built_sample()).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    for lang in ["bash", "python", "yaml", "dockerfile"] {
        let highlighted = format!("<pre data-lang=\"{lang}\"><code><span class=\"hl-");
        assert!(pages.iter().any(|p| p.contains(&highlighted)), "no highlighted {lang} block");
    }
    let dockerfile = pages.iter().find(|p| p.contains("<pre data-lang=\"dockerfile\">")).unwrap();
    assert!(dockerfile.contains("<span class=\"hl-kw\">FROM</span>"), "{dockerfile}");
}

#[test]
fn document_page_keeps_the_document_whole_with_its_entries_marked() {
    let html = std::fs::read_to_string(built_sample().join("ja/docs/ecspresso-troubleshooting/index.html")).unwrap();
    let heading = |tag: &str, text: &str| format!("<{tag} id=\"{text}\">{text}<a class=\"permalink\"");
    // The document's own levels: its h2 an h2, its h3 an h3, each with a permalink.
    assert!(
        html.contains(&heading("h2", "デバッグ方法")) && html.contains(&heading("h3", "デバッグログの有効化")),
        "{html}"
    );
    assert!(html.contains("--debug"), "the debugging commands are on the page");
    assert!(html.contains(&heading("h2", "トラブルシューティングフロー")));
    // The entries stand where the document has them, whole, each marked and leading to its page.
    let common = &html[html.find(&heading("h2", "よくある問題と解決策")).unwrap()
        ..html.find(&heading("h2", "デバッグ方法")).unwrap()];
    let marked = Regex::new(
        r#"<section class="doc-entry" aria-labelledby="[^"]+">\n<h3 id="[^"]+"><a href="[^"]+">([^<]+)</a>"#,
    )
    .unwrap();
    let titles: Vec<&str> = marked.captures_iter(common).map(|c| c.get(1).unwrap().as_str()).collect();
    assert_eq!(
        titles,
        ["デプロイに失敗する", "タスクが起動しない", "ロールバックに失敗する", "環境変数の問題"],
        "{common}"
    );
    assert!(common.contains("クラスターのキャパシティを増やすか、タスク数を減らす"), "an entry's text is on the page");
    assert!(html.contains("<svg role=\"img\""), "the flow is drawn at build time");
    assert!(html.contains("問題発生"));
}

#[test]
fn counterpart_in_other_language_is_linked_by_shared_id() {
    let book = BookTest::small("counterpart");
    book.file("content/en/same.md", "# E\n\n## Out of inodes {#no-inodes}\n\n> ENOSPC: no inodes left\n");
    book.file("content/ja/same.md", "# E\n\n## inode が足りない {#no-inodes}\n\n> ENOSPC: no inodes left\n");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(book.out().join("en/errors/no-inodes/index.html")).unwrap();
    assert!(html.contains(r#"<a href="../../../ja/errors/no-inodes/" hreflang="ja" lang="ja">日本語</a>"#), "{html}");
    assert!(html.contains(r#"<link rel="alternate" hreflang="ja" href="../../../ja/errors/no-inodes/">"#));
}

#[test]
fn theme_files_are_overridden_one_by_one() {
    let book = BookTest::small("theme");
    book.file("themes/default/static/style.css", "body { color: rebeccapurple; }\n");
    book.file(
        "themes/default/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost: {{ t(id=\"not-found-title\") }}</h1>{% endblock main %}",
    );
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(book.out().join("assets/style.css")).unwrap(),
        "body { color: rebeccapurple; }\n"
    );
    assert!(std::fs::read_to_string(book.out().join("404.html")).unwrap().contains("<h1>Lost: Page not found</h1>"));
    assert!(
        std::fs::read_to_string(book.out().join("assets/site.js")).unwrap().contains("copy"),
        "other files stay default"
    );
}

#[test]
fn broken_mermaid_is_a_check_error_with_its_line() {
    let book = BookTest::small("mermaid");
    book.file(
        "content/en/flow.md",
        "# F\n\n## Broken flow\n\n> Error: x\n\n```mermaid\ngraph TD\n  A --> \n  subgraph open\n```\n",
    );
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/en/flow.md:7:1: error: mermaid diagram does not parse"), "{}", run.stderr);
}

#[test]
fn template_using_an_unknown_string_fails_the_build_with_its_name() {
    let book = BookTest::small("badstring");
    book.file(
        "themes/default/404.html",
        "{% extends \"base.html\" %}{% block main %}{{ t(id=\"no-such-string\") }}{% endblock main %}",
    );
    let previous = book.run(&["build"]);
    assert_eq!(previous.code, 1);
    assert!(previous.stderr.contains("no-such-string"), "{}", previous.stderr);
    assert!(!book.out().exists(), "nothing half-written");
}

/// The `<main>` of a page, with the flowchart's drawing left out: its coordinates depend on the
/// fonts of the machine, its source (kept in `<details>`) does not.
fn main_of(path: &str) -> String {
    let html = std::fs::read_to_string(built_sample().join(path)).unwrap();
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    let svg = Regex::new(r"(?s)<svg\b.*?</svg>").unwrap();
    svg.replace_all(&html[start..end], "<svg/>").into_owned()
}

#[test]
fn entry_html_snapshots() {
    insta::assert_snapshot!("en_cannotpull", main_of("en/errors/cannotpullcontainererror/index.html"));
    insta::assert_snapshot!(
        "en_ecr_403",
        main_of("en/errors/http-403-user-arn-is-not-authorized-to-perform-operation/index.html")
    );
    insta::assert_snapshot!("ja_deploy", main_of("ja/errors/デプロイに失敗する/index.html"));
    insta::assert_snapshot!("ja_register", main_of("ja/errors/failed-to-register-task-definition/index.html"));
}

/// A home page stays small however large the book: a few entries per document, with a link to
/// the document's page, which lists them all (the 20,000-entry book's home page was 7 MB).
#[test]
fn home_pages_list_a_few_entries_per_document() {
    let book = crate::BookTest::empty("home-small");
    let entries: String =
        (1..=30).map(|i| format!("## Worker {i} fails\n\n> Worker{i}Error: exit code {i}\n\n")).collect();
    book.file("content/en/workers.md", format!("# Workers\n\n{entries}"));
    assert_eq!(book.run(&["build"]).code, 0);
    let home = std::fs::read_to_string(book.out().join("en/index.html")).unwrap();
    let by_document = &home[..home.find("h-by-service").unwrap_or(home.len())];
    assert_eq!(by_document.matches("/errors/").count(), 12, "{by_document}");
    assert!(home.contains("All 30 entries of this document"), "{home}");
    let document = std::fs::read_to_string(book.out().join("en/docs/workers/index.html")).unwrap();
    assert_eq!(document.matches("errors/worker-").count(), 30, "the document page lists every entry");
}

/// The sample pairs タスクが起動しない with "Task failed to start" in book.toml: each page's
/// language switcher and `hreflang` lead to the other, though they share neither id nor message.
#[test]
fn paired_entries_switch_language_to_each_other() {
    let read = |p: &str| std::fs::read_to_string(built_sample().join(p)).unwrap();
    let ja = read("ja/errors/タスクが起動しない/index.html");
    assert!(ja.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../../en/errors/task-failed-to-start/\">"));
    assert!(ja.contains("<a href=\"../../../en/errors/task-failed-to-start/\" hreflang=\"en\""), "{ja}");
    let en = read("en/errors/task-failed-to-start/index.html");
    let ja_url =
        "../../../ja/errors/%E3%82%BF%E3%82%B9%E3%82%AF%E3%81%8C%E8%B5%B7%E5%8B%95%E3%81%97%E3%81%AA%E3%81%84/";
    assert!(en.contains(&format!("<a href=\"{ja_url}\" hreflang=\"ja\"")), "{en}");
    // Home pages: each language's own description, and the title once.
    let home_ja = read("ja/index.html");
    assert!(home_ja.contains("<title>コンテナのトラブルシューティング</title>"), "{home_ja}");
    assert!(home_ja.contains("AWS ECS と ECR へのコンテナのデプロイで起きるエラーと、その直し方。"));
    assert!(!home_ja.contains("Errors from deploying containers"), "the English description on /ja/");
}

/// Pairs that name no entry are errors at their line, in book.toml or in front matter; front
/// matter `entry_translations` pairs entries as book.toml does.
#[test]
fn translation_pairs_are_checked_and_front_matter_pairs_work() {
    let book = BookTest::small("pairs");
    book.file(
        "content/ja/more.md",
        "---\nentry_translations:\n  ログインできない: en/login-fails\n---\n# 追加\n\n## ログインできない\n\n> LoginError: denied\n\n**対応**: やり直す\n",
    );
    book.file("content/en/more.md", "# More\n\n## Login fails\n\n> AuthError: denied\n\n### Solution\n\nRetry.\n");
    book.file(
        "book.toml",
        "[book]\ntitle = \"Pairs\"\n\n[[translations]]\nen = \"disk-full\"\nja = \"ディスクがいっぱい\"\n",
    );
    assert_eq!(book.run(&["build"]).code, 0, "{}", book.run(&["check"]).stderr);
    let ja = std::fs::read_to_string(book.out().join("ja/errors/ログインできない/index.html")).unwrap();
    assert!(ja.contains("href=\"../../../en/errors/login-fails/\" hreflang=\"en\""), "{ja}");
    let en = std::fs::read_to_string(book.out().join("en/errors/disk-full/index.html")).unwrap();
    assert!(en.contains("hreflang=\"ja\""), "{en}");

    book.file(
        "book.toml",
        "[book]\ntitle = \"Pairs\"\n\n[[translations]]\nen = \"disk-full\"\nja = \"ディスク満杯\"\n",
    );
    book.file(
        "content/ja/more.md",
        "---\nentry_translations:\n  ログインできない: login-fails\n---\n# 追加\n\n## ログインできない\n\n> LoginError: denied\n",
    );
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("book.toml:5:1: error: no entry `ディスク満杯` in language `ja`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/ja/more.md:2:1: error: entry_translations: `login-fails` does not say a language")
    );
    book.file("book.toml", "[[translations]]\nen = \"disk-full\"\nfr = \"disque-plein\"\n");
    let run = book.run(&["check"]);
    assert!(run.stderr.contains("book.toml:2:1: error: [[translations]] names `fr`"), "{}", run.stderr);
    // One entry paired with two of the same language: which would the switcher follow?
    book.file("content/ja/more.md", "# 追加\n\n## ログインできない\n\n> LoginError: denied\n");
    book.file(
        "book.toml",
        "[[translations]]\nen = \"disk-full\"\nja = \"ディスクがいっぱい\"\n\n[[translations]]\nen = \"login-fails\"\nja = \"ディスクがいっぱい\"\n",
    );
    let run = book.run(&["check"]);
    assert!(
        run.stderr.contains("error: `ディスクがいっぱい` is paired with `disk-full` and with `login-fails`"),
        "{}",
        run.stderr
    );
}

/// `bundle` once wrote into the build folder, so that deploying the site shipped the zip and the
/// next build deleted it: it writes beside the build folder (`book-offline/`, `.zip`).
#[test]
fn the_bundle_lives_beside_the_site_and_a_build_leaves_it() {
    let book = BookTest::small("bundle-default");
    let run = book.run(&["bundle"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (folder, zip) = (book.root.join("book-offline"), book.root.join("book-offline.zip"));
    assert!(folder.join("index.html").is_file() && zip.is_file(), "{}", run.stderr);
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(book.out().join("en/index.html").is_file());
    assert!(folder.join("index.html").is_file() && zip.is_file(), "the build left the bundle in place");
    let shipped: Vec<_> = WalkDir::new(book.out())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_string_lossy().contains("offline"))
        .collect();
    assert!(shipped.is_empty(), "the site holds no bundle: {shipped:?}");
}

/// A theme could only replace the built-in files, never add its own (a logo, a font), and a
/// template it could not read as text was replaced by the built-in one unsaid.
#[test]
fn a_theme_adds_static_files_of_its_own_and_bad_templates_are_errors() {
    let book = BookTest::small("theme-own");
    book.file("book.toml", "[site]\ntheme = \"mine\"\n");
    book.file("themes/mine/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    book.file("themes/mine/static/fonts/read.txt", "a font, say");
    book.file("themes/mine/static/style.css", "body { color: red }");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(book.out().join("assets/logo.svg").is_file() && book.out().join("assets/fonts/read.txt").is_file());
    assert_eq!(std::fs::read_to_string(book.out().join("assets/style.css")).unwrap(), "body { color: red }");
    assert!(book.out().join("assets/search.js").is_file(), "the built-in files stay");
    book.file("themes/mine/home.html", b"{% extends \"base.html\" %}\xff");
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("themes/mine/home.html:1:1: error: template is not valid UTF-8"), "{}", run.stderr);
}
