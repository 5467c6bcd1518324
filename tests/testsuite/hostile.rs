//! Hostile content and input: markup and script in a book are shown as text, in pages and in
//! search results; links and ids cannot lead out of the content or output folders.

use std::path::Path;

use regex::Regex;
use walkdir::WalkDir;

use crate::BookTest;
use crate::browser::{click_and_wait, eval, launch, open, page_search, tab};
use crate::serve::serve;

/// Every way a page could be made to run a writer's script, each setting `window.pwned`.
const HOSTILE: &str = r#"# Notes <script>window.pwned = 1</script>

## Upload fails <img src=x onerror="window.pwned=2">

### Error Message

```
</script><script>window.pwned=3</script> UploadRejectedError: payload refused by gateway
```

### Cause

<div onclick="window.pwned=4">Raw HTML with a handler</div> and <a href="javascript:window.pwned=6">an anchor</a>
and <iframe src="javascript:window.pwned=7"></iframe>.

A markdown [link](javascript:window.pwned=5) too.

### Solution

Run `echo "<script>window.pwned=8</script>"` and read <b onmouseover="window.pwned=9">this</b>.
"#;

fn hostile_book(name: &str) -> BookTest {
    let book = BookTest::empty(name);
    book.file("content/en/hostile.md", HOSTILE);
    book
}

#[test]
fn hostile_markup_is_shown_as_text_in_every_page() {
    let book = hostile_book("hostile-pages");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("runs script; it is shown as text, never linked"), "{}", run.stderr);

    let script = Regex::new(r"(?i)<script\b(?:[^>]*\bsrc=)?").unwrap();
    let script_url = Regex::new(r#"(?i)(?:href|src)\s*=\s*["']?\s*javascript:"#).unwrap();
    let live = Regex::new(r"(?i)<iframe\b|<img src=x|<div onclick|<b onmouseover").unwrap();
    let mut pages = 0;
    for page in WalkDir::new(book.out()).into_iter().map(|e| e.unwrap().into_path()) {
        if page.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = crate::without_find_root(&std::fs::read_to_string(&page).unwrap());
        let name = page.display();
        for m in script.find_iter(&html) {
            assert!(m.as_str().ends_with("src="), "{name}: a script element that is not the site's: {}", m.as_str());
        }
        let handlers = crate::event_handlers(&html);
        assert!(handlers.is_empty(), "{name}: event handler attributes {handlers:?}");
        assert!(!script_url.is_match(&html), "{name}: javascript: URL");
        assert!(!live.is_match(&html), "{name}: markup from the book became an element");
    }
    assert!(pages >= 4);
    let entry =
        std::fs::read_to_string(book.out().join("en/errors/upload-fails-img-src-x-onerror-window-pwned-2/index.html"))
            .unwrap_or_else(|_| {
                panic!(
                    "entry page; pages: {:?}",
                    std::fs::read_dir(book.out().join("en/errors")).unwrap().collect::<Vec<_>>()
                )
            });
    assert!(entry.contains("&lt;/script&gt;&lt;script&gt;window.pwned=3"));
}

#[test]
fn hostile_markup_stays_text_in_the_browser_and_its_search_results() {
    let book = hostile_book("hostile-browser");
    assert_eq!(book.run(&["build"]).code, 0);
    let out: &'static Path = Box::leak(book.out().into_boxed_path());
    let base = serve(out);
    let browser = launch();
    let (tab, _) = tab(&browser);
    open(&tab, &format!("{base}en/"));
    let first =
        page_search(&tab, "</script><script>window.pwned=3</script> UploadRejectedError: payload refused by gateway");
    assert!(first.contains("<img src=x onerror="), "the title is shown as text: {first}");
    let injected = eval(
        &tab,
        "document.querySelectorAll('#search-results script, #search-results img, #search-results iframe, #search-results [onclick], #search-results [onerror]').length",
    );
    assert_eq!(injected, 0);
    let url = click_and_wait(&tab, "#search-results a.result-title");
    assert!(url.contains("/en/errors/"), "{url}");
    assert_eq!(eval(&tab, "typeof window.pwned"), "undefined");
}

#[test]
fn links_out_of_the_content_folder_are_text_and_nothing_outside_is_published() {
    let book = BookTest::small("hostile-links");
    book.file("secret.txt", "TOP-SECRET");
    book.file(
        "content/en/links.md",
        "# Links\n\n## Bad links\n\n### Error Message\n\n`LinkError: x y z`\n\nSee [the secret](../../secret.txt).\n\n![passwd](/etc/passwd) and ![up](../../secret.txt)\n",
    );
    let run = book.run(&["check", "--verbose"]);
    assert_eq!(run.code, 0, "a link never fails a build: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/en/links.md:9:1: warning: link `../../secret.txt` leads out of the content folder; shown as text"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/en/links.md:11:1: warning: image `../../secret.txt` leads out of the content folder; not copied"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("image `/etc/passwd`"), "{}", run.stderr);
    assert_eq!(book.run(&["build"]).code, 0);
    let page = std::fs::read_to_string(book.out().join("en/errors/bad-links/index.html")).unwrap();
    assert!(page.contains("See the secret."), "the link's text stays: {page}");
    assert!(!page.contains("secret.txt") && !page.contains("/etc/passwd"), "no link or image out of the book: {page}");
    let published: Vec<_> = WalkDir::new(book.out()).into_iter().filter_map(Result::ok).collect();
    for entry in published.iter().filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET"),
            "{} publishes the secret",
            entry.path().display()
        );
        assert!(
            !String::from_utf8_lossy(&bytes).contains("root:x:0:0"),
            "{} publishes /etc/passwd",
            entry.path().display()
        );
    }
}

#[test]
fn entry_ids_cannot_lead_out_of_the_output_folder() {
    let book = BookTest::small("hostile-ids");
    book.file(
        "content/en/escape.md",
        "# Escape\n\n## Evil {#../../../escaped}\n\n### Error Message\n\n`EscapeError: out of the output`\n\n## Also <h2 id=\"../../x\">\n",
    );
    book.file(
        "content/en/escape2.md",
        "# Escape\n\n<h2 id=\"../../../escaped2\">Evil too</h2>\n\n**Error Message**: `EscapeError: two`\n",
    );
    let run = book.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("entry id `../../../escaped` can hold only letters, digits"), "{}", run.stderr);
    assert!(run.stderr.contains("content/en/escape.md:3:1"), "{}", run.stderr);
    assert!(run.stderr.contains("entry id `../../../escaped2`"), "{}", run.stderr);
    let parent = book.root.parent().unwrap();
    assert!(!parent.join("escaped").exists() && !book.root.join("escaped").exists());
}
