//! What a document, a book.toml or a theme could once put on a page or publish, each reproduced
//! as it was possible: diagrams, URL settings, linked files, theme files, aliases, and the work
//! one large block or table costs. Every page carries a Content-Security-Policy of its own.

use proptest::prelude::*;
use walkdir::WalkDir;

use crate::BookTest;
use errbook::site::diagram;

/// Every HTML file under `dir`, with its text.
fn pages(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// The drawing of a diagram's HTML, without the escaped source beside it.
fn drawing(html: &str) -> &str {
    &html[..html.find("<details>").unwrap_or(html.len())]
}

/// A mermaid `style` value was written into the SVG unescaped and the regular expressions that
/// cleaned it caught only lower-case `<script` and double-quoted handlers: `<img onerror>` and
/// `<SCRIPT>` ran from a built page and from the bundle.
#[test]
fn diagram_style_values_are_colours_or_dropped() {
    let book = BookTest::small("site-style");
    book.file(
        "content/en/flow.md",
        "# Flow\n\n## Flow breaks\n\n> FlowError: broken\n\n```mermaid\nflowchart TD\n  A[one]-->B[two]\n  style A color:red\"/><img src=x onerror=alert(document.domain)><text x=\"\n  classDef hot fill:#f96,stroke:<SCRIPT>alert(1)</SCRIPT>\n  linkStyle 0 stroke:#0af,stroke-width:3px\n  class B hot\n```\n",
    );
    let run = book.run(&["check", "--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/flow.md:10:1: warning: diagram style `color:red\"/><img src=x onerror=alert(document.domain)><text x=\"` is not a colour or length errbook draws; it is dropped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/en/flow.md:11:1: warning: diagram style `stroke:<SCRIPT>alert(1)</SCRIPT>`"),
        "{}",
        run.stderr
    );
    assert_eq!(book.run(&["build"]).code, 0);
    assert_eq!(book.run(&["bundle", "--out", &book.root.join("offline.zip").to_string_lossy()]).code, 0);
    let mut drawn = 0;
    for dir in [book.out(), book.root.join("offline")] {
        for (path, page) in pages(&dir) {
            for svg in page.split("<svg").skip(1) {
                let svg = &svg[..svg.find("</svg>").unwrap_or(svg.len())];
                let lower = svg.to_ascii_lowercase();
                assert!(
                    !lower.contains("<img") && !lower.contains("onerror") && !lower.contains("<script"),
                    "{}: {svg}",
                    path.display()
                );
                drawn += usize::from(svg.contains("#f96") && svg.contains("#0af"));
            }
        }
    }
    assert_eq!(
        drawn, 4,
        "the valid styles are still drawn, on the entry's and its document's page, on the site and in the bundle"
    );
}

/// Hostile characters for a style value: quotes, tags, handlers, URLs, separators.
fn hostile_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("/".to_string()),
        Just("=".to_string()),
        Just(";".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just(" ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("&".to_string()),
        Just("#".to_string()),
        Just("onerror=alert(1)".to_string()),
        Just("<SCRIPT>alert(1)</SCRIPT>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("url(https://evil.test/x)".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("expression(alert(1))".to_string()),
        Just("red".to_string()),
        Just("#f9f".to_string()),
        "[a-zA-Z0-9%.-]{1,6}",
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever a document puts in `style`, `classDef` or `linkStyle`, the drawing holds no
    /// element, handler or URL that could run or fetch anything.
    #[test]
    fn no_style_value_reaches_a_drawing_as_markup(a in hostile_value(), b in hostile_value(), c in hostile_value()) {
        let source = format!(
            "flowchart TD\n  A[one]-->B[two]\n  style A fill:{a},stroke:{b}\n  classDef hot fill:{b},color:{c}\n  class B hot\n  linkStyle 0 stroke:{c},stroke-width:{a}\n"
        );
        if let Ok(html) = diagram::figure(&source, "d", "s") {
            let svg = drawing(&html).to_ascii_lowercase();
            for bad in ["<script", "<img", "<style", "<foreignobject", "<iframe"] {
                prop_assert!(!svg.contains(bad), "{} in {}", bad, svg);
            }
            // Text is escaped and shows as written; only the tags are markup.
            let tags: Vec<&str> = svg.split('<').skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]).collect();
            for bad in ["style=", "javascript:", "url(h", "expression("] {
                prop_assert!(!tags.iter().any(|t| t.contains(bad)), "{} in {}", bad, svg);
            }
            let handler = tags.iter().any(|t| t.match_indices(" on").any(|(at, _)| {
                let name: String = t[at + 3..].chars().take_while(char::is_ascii_alphabetic).collect();
                !name.is_empty() && t[at + 3 + name.len()..].starts_with('=')
            }));
            prop_assert!(!handler, "event handler in {}", svg);
        }
    }
}

/// Built and bundled pages had no Content-Security-Policy (only `serve` sent one), so any slip
/// of escaping ran on a static host or from `file://`.
#[test]
fn every_page_written_carries_the_policy() {
    let book = BookTest::small("site-csp");
    book.file(
        "content/en/moved.md",
        "---\naliases: [/old/place/]\n---\n# Moved\n\n## Moved fails\n\n> MovedError: x\n",
    );
    assert_eq!(book.run(&["build"]).code, 0);
    assert_eq!(book.run(&["bundle", "--out", &book.root.join("offline.zip").to_string_lossy()]).code, 0);
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", errbook::site::csp::POLICY);
    assert!(
        errbook::site::csp::POLICY.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    );
    for dir in [book.out(), book.root.join("offline")] {
        let pages = pages(&dir);
        assert!(pages.len() >= 6, "{}", dir.display());
        assert!(pages.iter().any(|(p, _)| p.ends_with("old/place/index.html")) || dir.ends_with("offline"));
        for (path, page) in pages {
            let at = page.find(&meta).unwrap_or_else(|| panic!("{} has no policy:\n{page}", path.display()));
            let head = page.find("<head").unwrap();
            assert!(head < at, "{}: the policy is in the head", path.display());
            if let Some(script) = page.find("<script") {
                assert!(at < script, "{}: the policy comes before the first script", path.display());
            }
        }
    }
}

/// `base-url = "data:text/javascript,…"` became `<script src="data:…/assets/site.js">` on
/// 404.html and the prefix of every link in `sitemap.xml`; URL settings were not checked.
#[test]
fn url_settings_are_web_urls_or_paths() {
    for (toml, place) in [
        (
            "[site]\nbase-url = \"data:text/javascript,alert(document.domain)//\"\n",
            "book.toml:2:12: error: base-url `data:text/javascript",
        ),
        ("[site]\nbase-url = \"javascript:alert(1)//\"\n", "book.toml:2:12: error: base-url"),
        ("[site]\nbase-url = \"//evil.test/\"\n", "book.toml:2:12: error: base-url `//evil.test/`"),
        ("[site]\nbase-url = \"https://x.test/\\\"><script>alert(1)</script>\"\n", "book.toml:2:12: error: base-url"),
        ("[book]\noriginal-url = \"https://docs.test/ onmouseover=alert(1)\"\n", "book.toml:2:16: error: original-url"),
        ("[book]\noriginal-url = \"data:text/html,x\"\n", "book.toml:2:16: error: original-url"),
    ] {
        let book = BookTest::small("site-url");
        book.file("book.toml", toml);
        let run = book.run(&["build"]);
        assert_eq!(run.code, 1, "{toml}: {}", run.stderr);
        assert!(run.stderr.contains(place), "{toml}: {}", run.stderr);
        assert!(!book.out().exists(), "{toml}: nothing is written");
    }
    for ok in ["/", "/docs/errors/", "https://docs.example.com/errors/", "http://localhost:8080"] {
        let book = BookTest::small("site-url-ok");
        book.file(
            "book.toml",
            format!("[site]\nbase-url = \"{ok}\"\n[book]\noriginal-url = \"https://docs.example.com\"\n"),
        );
        let run = book.run(&["build"]);
        assert_eq!(run.code, 0, "{ok}: {}", run.stderr);
    }
}

/// `[x](evil.html)` copied evil.html (and the evil.js it loads, also linked) into `media/`,
/// where it ran from the site's own origin.
#[test]
fn linked_pages_and_scripts_are_shown_as_text_not_published() {
    let book = BookTest::small("site-media");
    book.file("content/en/evil.html", "<script src=\"evil.js\"></script>");
    book.file("content/en/evil.js", "alert(document.domain)");
    book.file("content/en/image.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
    book.file("content/en/feed.XML", "<x/>");
    book.file("content/en/shot.png", [0x89, b'P', b'N', b'G']);
    book.file("content/en/data.csv", "a,b");
    book.file(
        "content/en/links.md",
        "# Links\n\n## Links break\n\n> LinkError: x\n\nSee [the page](evil.html), [the script](evil.js), [feed](feed.XML) and [data](data.csv).\n\n![shot](shot.png) ![drawing](image.svg)\n",
    );
    let run = book.run(&["build", "--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (line, name) in [(7, "evil.html"), (7, "evil.js"), (7, "feed.XML"), (9, "image.svg")] {
        let what = if name.ends_with("svg") { "image" } else { "link" };
        assert!(
            run.stderr.contains(&format!("content/en/links.md:{line}:1: warning: {what} `{name}` is not an image, video, audio, PDF, archive or text file; it is not copied")),
            "{name}: {}",
            run.stderr
        );
    }
    let media = book.out().join("media/en");
    let mut copied: Vec<String> =
        std::fs::read_dir(&media).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    copied.sort();
    assert_eq!(copied, ["data.csv", "shot.png"]);
    let page = std::fs::read_to_string(book.out().join("en/errors/links-break/index.html")).unwrap();
    assert!(!page.contains("evil.html\"") && !page.contains("evil.js\"") && page.contains("the page"), "{page}");
}

/// `themes/custom/base.html -> /etc/passwd` made every page that file, and a linked
/// `static/` folder or `theme = "../../outside"` published an outside folder.
#[test]
// Symbolic links as Unix makes them.
#[cfg(unix)]
fn themes_follow_the_content_rules() {
    use std::os::unix::fs::symlink;

    let outside = BookTest::empty("site-theme-outside");
    outside.file("secret/site.js", "SECRET-TOKEN");
    outside.file("base.html", "OUTSIDE-TEMPLATE");
    // (book.toml, what to link, the message)
    type Case<'a> = (&'a str, &'a dyn Fn(&BookTest), &'a str);
    let cases: [Case<'_>; 4] = [
        (
            "[site]\ntheme = \"custom\"\n",
            &|b| symlink(outside.root.join("base.html"), b.root.join("themes/custom/base.html")).unwrap(),
            "themes/custom/base.html:1:1: error: symbolic link in the theme",
        ),
        (
            "[site]\ntheme = \"custom\"\n",
            &|b| symlink(outside.root.join("secret"), b.root.join("themes/custom/static")).unwrap(),
            "themes/custom/static:1:1: error: symbolic link in the theme",
        ),
        (
            "[site]\ntheme = \"linked\"\n",
            &|b| symlink(outside.root.join("secret"), b.root.join("themes/linked")).unwrap(),
            "themes/linked:1:1: error: symbolic link in the theme",
        ),
        (
            "[site]\ntheme = \"../../site-theme-outside\"\n",
            &|_| {},
            "book.toml:2:9: error: theme `../../site-theme-outside` is not the name of a folder under themes/",
        ),
    ];
    for (toml, make, message) in cases {
        let book = BookTest::small("site-theme");
        book.file("book.toml", toml);
        book.file("themes/custom/404.html", "{% extends \"base.html\" %}");
        make(&book);
        let run = book.run(&["build"]);
        assert_eq!(run.code, 1, "{message}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{message}: {}", run.stderr);
        assert!(!book.out().exists(), "{message}: nothing is written");
        let bundle = book.root.join("offline.zip");
        assert_eq!(book.run(&["bundle", "--out", &bundle.to_string_lossy()]).code, 1);
        assert!(!bundle.exists());
    }
}

/// An alias `/sitemap.xml` or `/404.html` failed the build with an unlocated "Is a directory".
#[test]
fn aliases_cannot_take_errbooks_own_files() {
    let book = BookTest::small("site-alias");
    book.file(
        "content/en/moved.md",
        "---\ntitle: Moved\naliases:\n  - /sitemap.xml\nredirect_from: /404.html\n---\n# Moved\n\n## Moved fails\n\n> MovedError: x\n",
    );
    let run = book.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/moved.md:3:1: error: aliases `/sitemap.xml` is errbook's own `sitemap.xml`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/en/moved.md:5:1: error: redirect_from `/404.html`"), "{}", run.stderr);
    assert!(!run.stderr.contains("Is a directory"), "{}", run.stderr);
}

/// One mermaid block of 400 nodes and 800 edges took 130 s to build (1,000 nodes over 300 s)
/// while `check` passed it in 0.06 s; ten times that size is now shown as source at once.
#[test]
fn a_huge_diagram_is_shown_as_source_with_a_warning() {
    let mut diagram = String::from("flowchart TD\n");
    for i in 0..8_000 {
        diagram += &format!(
            "  N{}[node {}] --> N{}[node {}]\n",
            i % 4_000,
            i % 4_000,
            (i * 7 + 1) % 4_000,
            (i * 7 + 1) % 4_000
        );
    }
    let book = BookTest::small("site-huge-diagram");
    book.file("content/en/huge.md", format!("# Huge\n\n## Huge fails\n\n> HugeError: x\n\n```mermaid\n{diagram}```\n"));
    let started = std::time::Instant::now();
    let run = book.run(&["build"]);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/huge.md:7:1: warning: mermaid diagram has 4000 nodes and 8000 edges; diagrams over 100 nodes or 150 edges are shown as source"),
        "{}",
        run.stderr
    );
    assert!(took.as_secs() < 20, "build took {took:?}");
    let page = std::fs::read_to_string(book.out().join("en/errors/huge-fails/index.html")).unwrap();
    assert!(page.contains("<figure class=\"diagram diagram-source\"><pre><code>flowchart TD"), "shown as source");
    assert!(!page.contains("<svg role=\"img\" aria-label=\"Huge"), "not drawn");
}

/// 20,000 `[[translations]]` tables took 11.3 s to check and 200,000 over 300 s: each table's
/// line was counted from the top of book.toml.
#[test]
fn translation_tables_are_located_in_one_pass() {
    let book = BookTest::small("site-translations");
    let mut toml = String::from("[language.en]\n[language.ja]\n");
    for _ in 0..200_000 {
        toml += "\n[[translations]]\nen = \"disk-full\"\nja = \"ディスクがいっぱい\"\n";
    }
    toml += "\n[[translations]]\nen = \"disk-full\"\nfr = \"disque-plein\"\n";
    book.file("book.toml", &toml);
    let started = std::time::Instant::now();
    let run = book.run(&["check"]);
    let took = started.elapsed();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let last = toml.lines().count() - 1;
    assert!(
        run.stderr.contains(&format!("book.toml:{last}:1: error: [[translations]] names `fr`")),
        "line {last}: {}",
        run.stderr
    );
    assert!(took.as_secs() < 20, "check took {took:?}");
}
