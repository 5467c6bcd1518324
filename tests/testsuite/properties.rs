//! Properties over generated input (proptest): ingestion never panics, whatever the text, and
//! every page of a generated book is well-formed HTML with every record string escaped.

use std::path::Path;
use std::sync::LazyLock;

use errbook::book::compile_file;
use errbook::config::Config;
use errbook::diagnostics::Diagnostics;
use errbook::discover::{Format, SourceFile};
use errbook::project::Project;
use errbook::site::Links;
use errbook::vocabulary::Vocabulary;
use proptest::prelude::*;
use regex::Regex;

use crate::{BookTest, sample_root};

static SAMPLE: LazyLock<(Config, Vocabulary)> = LazyLock::new(|| {
    let mut diags = Diagnostics::default();
    let config = Config::load(sample_root(), &mut diags).unwrap();
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let vocabulary = Vocabulary::load(sample_root(), &codes, &mut diags);
    (config, vocabulary)
});

/// Lines that look like troubleshooting documents, shuffled: headings (also HTML and with
/// anchors), labels, fences, quotes, lists, front matter, tables, raw HTML and plain text.
fn document() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "#{1,4} [A-Za-z<>&\"' 0-9エラー失敗{}#]{0,30}",
        "<h[1-4] id=\"[a-z.<>/-]{0,8}\">[^\n]{0,20}</h[1-4]>",
        "\\*\\*(Error Message|Cause|Solution|症状|原因|対応)\\*\\*: ?[^\n]{0,30}",
        "```(mermaid|bash|yaml|)?",
        "> [^\n]{0,40}",
        "(- |1\\. |  - )[^\n]{0,30}",
        "---|title: [^\n]{0,10}|lang: (en|ja|xx)",
        "\\|[^\n|]{0,10}\\|[^\n|]{0,10}\\|",
        "<(div|script|img|a)[^\n]{0,30}",
        "graph (TD|LR)|    [A-Z]\\[[^\n]{0,10}\\] --> [A-Z]",
        "[^\n]{0,60}",
        "",
    ];
    proptest::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

fn ingest(text: &str) {
    let (config, vocabulary) = &*SAMPLE;
    for (path, format) in [("content/en/p.md", Format::Markdown), ("content/ja/p.txt", Format::PlainText)] {
        let file = SourceFile { path: path.into(), format, path_language: None, text: text.into() };
        let _ = compile_file(config, vocabulary, &file, &mut Diagnostics::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn ingestion_never_panics_on_arbitrary_text(text in any::<String>()) {
        ingest(&text);
    }

    #[test]
    fn ingestion_never_panics_on_document_shaped_text(text in document()) {
        ingest(&text);
    }
}

/// Text with everything HTML cares about.
fn hostile_text() -> impl Strategy<Value = String> {
    "[A-Za-z]{2,6}[ <>&\"'/=a-zエラー]{1,20}[A-Za-z]{1,6}".prop_map(|s| s.trim().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn pages_are_well_formed_and_record_strings_escaped(
        titles in proptest::collection::vec(hostile_text(), 1..4),
        message in hostile_text(),
        cause in hostile_text(),
    ) {
        let book = BookTest::empty("prop");
        let mut doc = String::from("# Generated\n\n");
        for (i, title) in titles.iter().enumerate() {
            doc.push_str(&format!("## {title} {{#e{i}}}\n\n### Error Message\n\n```\n{message}\n```\n\n### Cause\n\n{cause}\n\n"));
        }
        book.file("content/en/gen.md", &doc);
        let Ok(loaded) = Project::load(&book.root) else { return Err(TestCaseError::fail("generated book must load")) };
        loaded.build(&book.out(), Links { bundle: false }, &|| {}).unwrap();
        for record in &loaded.records {
            let page = std::fs::read_to_string(book.out().join(format!("en/errors/{}/index.html", record.id))).unwrap();
            for s in [&record.title].into_iter().chain(record.error_messages.iter().map(|m| &m.text)) {
                prop_assert!(escaped_in(&page, s), "{s:?} not found escaped in {}", record.id);
            }
        }
        for page in walkdir::WalkDir::new(book.out()).into_iter().map(|e| e.unwrap().into_path()) {
            if page.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&page).unwrap();
                if let Err(problem) = well_formed(&html) {
                    return Err(TestCaseError::fail(format!("{}: {problem}", page.display())));
                }
            }
        }
        std::fs::remove_dir_all(&book.root).unwrap();
    }
}

/// `s` is in the page escaped (errbook and the templates escape alike), and never raw when
/// escaping changes it. The raw string is looked for outside its escaped form, which can contain
/// it: `a/&` is the start of `a/&amp;`.
fn escaped_in(page: &str, s: &str) -> bool {
    let escaped = errbook::site::text::escape(s);
    let raw_absent = escaped == s || !page.replace(&escaped, "").contains(s);
    page.contains(&escaped) && raw_absent
}

// Regression: a message ending in `&` ("a/&") was taken for raw text inside its own escaped
// form ("a/&amp;").
#[test]
fn a_string_inside_its_own_escaped_form_is_not_raw() {
    assert!(escaped_in("<code>a/&amp;</code>", "a/&"));
    assert!(!escaped_in("<code>a/&amp;</code> a/& ", "a/&"));
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Every element closed in order, no stray `<` or `>` in text, attributes quoted.
fn well_formed(html: &str) -> Result<(), String> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[a-zA-Z_:][a-zA-Z0-9_:.-]*(?:="[^"<>]*")?)*)\s*(/?)>|(?s:<!--.*?-->)|(?i:<!DOCTYPE html>)"#).unwrap()
    });
    let mut stack: Vec<String> = Vec::new();
    let mut last = 0;
    for m in TAG.captures_iter(html) {
        let whole = m.get(0).unwrap();
        let text = &html[last..whole.start()];
        if text.contains('<') || text.contains('>') {
            return Err(format!("unescaped < or > in text near {:?}", &text[..text.len().min(80)]));
        }
        last = whole.end();
        let Some(name) = m.get(2) else { continue };
        let name = name.as_str().to_ascii_lowercase();
        if &m[1] == "/" {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if &m[4] != "/" && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    let rest = &html[last..];
    if rest.contains('<') || rest.contains('>') {
        return Err("unescaped < or > at the end".into());
    }
    if stack.is_empty() { Ok(()) } else { Err(format!("never closed: {stack:?}")) }
}

#[test]
fn the_well_formedness_check_can_fail() {
    assert!(well_formed("<p><b>x</p></b>").is_err());
    assert!(well_formed("<p>a < b</p>").is_err());
    assert!(well_formed("<p>open").is_err());
    assert!(well_formed("<!DOCTYPE html><html><body><br><svg><path d=\"M0\"/></svg></body></html>").is_ok());
}

#[test]
fn every_page_of_the_sample_is_well_formed() {
    let out: &Path = crate::built_sample();
    for page in walkdir::WalkDir::new(out).into_iter().map(|e| e.unwrap().into_path()) {
        if page.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&page).unwrap();
            if let Err(problem) = well_formed(&html) {
                panic!("{}: {problem}", page.display());
            }
        }
    }
}
