//! What a careless user or an attacker can do with a book, a flag or a file, each reproduced as
//! it was once possible: nothing may delete data, publish a file from outside the book, run
//! script from a page, crash the build, or write escape sequences to a terminal.

use walkdir::WalkDir;

use crate::BookTest;

/// `--out content`, `--out .`, a build-dir of `""` and a folder errbook did not write used to be
/// replaced whole (sources, `.ssh/`); each is refused and left as it was.
#[test]
fn an_output_folder_that_is_not_errbooks_is_never_replaced() {
    let book = BookTest::small("hard-out");
    let elsewhere = book.root.join("projects");
    book.file("projects/plan.txt", "keep me");
    for out in ["content", ".", "projects", "content/en/site"] {
        let run = book.run(&["build", "--out", &book.root.join(out).to_string_lossy()]);
        assert_eq!(run.code, 1, "--out {out} was accepted");
        assert!(run.stderr.contains("output folder"), "{}", run.stderr);
    }
    assert!(book.root.join("content/en/ok.md").exists());
    assert_eq!(std::fs::read_to_string(elsewhere.join("plan.txt")).unwrap(), "keep me");
    book.file("book.toml", "[build]\nbuild-dir = \"\"\n");
    assert_eq!(book.run(&["build"]).code, 1);
    assert!(book.root.join("content/en/ok.md").exists());
    // The bundle's folder is named after its zip: `notes.zip` may not replace `notes/`.
    book.file("book.toml", "");
    book.file("notes/diary.txt", "mine");
    let run = book.run(&["bundle", "--out", &book.root.join("notes.zip").to_string_lossy()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(book.root.join("notes/diary.txt")).unwrap(), "mine");
    // Its own output it replaces, as always.
    assert_eq!(book.run(&["build"]).code, 0);
    assert_eq!(book.run(&["build"]).code, 0);
}

/// 18 of 50,000 requests got 404 while the site was rebuilt (the old output was moved
/// aside before the new one took its place), and the folders of killed builds stayed forever.
#[test]
#[cfg(target_os = "linux")]
fn readers_never_find_the_site_missing_while_it_is_rebuilt() {
    use std::sync::atomic::{AtomicBool, Ordering};

    let book = BookTest::small("hard-swap");
    assert_eq!(book.run(&["build"]).code, 0);
    let dead = book.root.join(".book.staging-4194305");
    book.file(".book.staging-4194305/index.html", "left by a build that was killed");
    let page = book.out().join("en/index.html");
    let building = AtomicBool::new(true);
    let (reads, missing) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let (mut reads, mut missing) = (0u64, 0u64);
            while building.load(Ordering::Relaxed) || reads < 50_000 {
                reads += 1;
                missing += u64::from(std::fs::metadata(&page).is_err());
            }
            (reads, missing)
        });
        for _ in 0..30 {
            assert_eq!(book.run(&["build"]).code, 0);
        }
        building.store(false, Ordering::Relaxed);
        reader.join().unwrap()
    });
    assert_eq!(missing, 0, "{missing} of {reads} reads found no page");
    assert!(!dead.exists(), "the staging folder of a dead build was left");
}

/// `ln -s /etc/passwd content/en/passwd.txt` was compiled and published.
#[test]
// Symbolic links as Unix makes them.
#[cfg(unix)]
fn a_link_out_of_the_book_is_an_error_and_never_read() {
    let book = BookTest::small("hard-symlink");
    std::os::unix::fs::symlink("/etc/passwd", book.root.join("content/en/passwd.txt")).unwrap();
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/en/passwd.txt:1:1: error: symbolic link leads outside the book"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:x:"), "{}", run.stderr);
}

/// A mermaid `click` to `javascript:` made a live link in the SVG (and ran from the offline
/// bundle, which has no CSP); no script URL may reach any page.
#[test]
fn diagram_clicks_cannot_run_script() {
    let book = BookTest::small("hard-click");
    book.file(
        "content/en/flow.md",
        "# Flow\n\n## Flow breaks\n\n> FlowError: broken\n\n```mermaid\nflowchart TD\n  A[one]-->B[two]\n  click A \"javascript:alert(document.domain)\"\n  click B href \" javascript:alert(2)\"\n```\n",
    );
    let run = book.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: diagram link `click A \"javascript:alert(document.domain)\"`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/en/flow.md:10:1"), "the click's own line: {}", run.stderr);
    let bundle = book.root.join("offline.zip");
    assert_eq!(book.run(&["bundle", "--out", &bundle.to_string_lossy()]).code, 0);
    assert_eq!(book.run(&["build"]).code, 0);
    for dir in [book.out(), book.root.join("offline")] {
        for entry in WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        {
            let page = std::fs::read_to_string(entry.path()).unwrap();
            for svg in page.split("<svg").skip(1) {
                let svg = &svg[..svg.find("</svg>").unwrap_or(svg.len())];
                assert!(!svg.to_lowercase().contains("javascript:"), "{}: {svg}", entry.path().display());
            }
            assert!(
                !page.contains("href=\"javascript:") && !page.contains("href=\" javascript:"),
                "{}",
                entry.path().display()
            );
        }
    }
}

/// A line of 3,000 `> ` or `- ` overflowed the stack (SIGABRT) in `check` and `build`.
#[test]
fn deep_nesting_is_cut_with_a_warning_not_a_crash() {
    let book = BookTest::small("hard-deep");
    book.file(
        "content/en/deep.md",
        format!(
            "# Deep\n\n## Deep nesting fails\n\n> DeepError: x\n\n{}q\n\n{}l\n",
            "> ".repeat(30_000),
            "- ".repeat(30_000)
        ),
    );
    let run = book.run(&["build", "--verbose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/deep.md:7:1: warning: quotes or lists nested deeper than 32 levels"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/en/deep.md:9:1: warning"), "{}", run.stderr);
}

/// Titles, messages and log lines with `ESC[2J`, OSC 0 or OSC 8 were printed raw by `records`,
/// `search`, `scan` and `check`.
#[test]
fn escape_sequences_from_documents_and_logs_are_shown_not_run() {
    let book = BookTest::small("hard-escapes");
    book.file(
        "content/en/esc.md",
        "# Esc\n\n## Screen \u{1b}[2J cleared\n\n> EscapeError: title \u{1b}]0;owned\u{7} and \u{1b}]8;;https://evil.test\u{1b}\\\\link\n",
    );
    assert_eq!(book.run(&["build"]).code, 0);
    let runs = [
        book.run(&["records"]),
        book.run(&["search", "EscapeError: title"]),
        book.run(&["check"]),
        crate::run_with_stdin(
            &["-C".as_ref(), book.root.as_os_str(), "scan".as_ref()],
            "EscapeError: title \u{1b}]0;owned\u{7} and more\n".as_bytes(),
        ),
    ];
    for run in &runs {
        for out in [&run.stdout, &run.stderr] {
            assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "raw escape in: {out}");
        }
    }
    assert!(runs[0].stdout.contains("\\u{1b}]0;owned\\u{7}"), "shown, visibly: {}", runs[0].stdout);
    assert!(runs[0].stdout.contains("Screen [2J cleared"), "titles lose their control characters: {}", runs[0].stdout);
}

/// NUL bytes reached the HTML; bidi and zero-width controls stayed in titles and ids;
/// `--limit 0` was ignored; `search --lang xx` and `scan --lang jp` answered nothing and
/// succeeded; a missing index was 1 for `search` but 2 for `scan`; the language filter came
/// after the cut to 30 candidates, so 40 English entries hid the one Japanese answer.
#[test]
fn flags_and_hidden_characters_are_handled_as_documented() {
    let book = BookTest::small("hard-small");
    let mut many = String::from("# Many\n\n");
    for i in 0..40 {
        many += &format!("## Widget {i} broke\n\n> SharedFailure: the widget broke\n\n### Solution\n\nFix {i}.\n\n");
    }
    book.file("content/en/many.md", many);
    book.file(
        "content/ja/shared.md",
        "# 共有\n\n## 部品が\u{202e}壊れた\u{200b}\n\n> SharedFailure: the widget broke\n\n**対応**: 直す\u{0}\n",
    );
    let scan = |args: &[&str]| {
        let mut all: Vec<&std::ffi::OsStr> = vec!["-C".as_ref(), book.root.as_os_str()];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        crate::run_with_stdin(&all, b"SharedFailure: the widget broke\n")
    };
    for run in [book.run(&["search", "SharedFailure"]), scan(&["scan"])] {
        assert_eq!(run.code, 2, "no index: {}", run.stderr);
        assert!(run.stderr.contains("run `errbook build` first"), "{}", run.stderr);
    }
    assert_eq!(book.run(&["build"]).code, 0);
    for run in [book.run(&["search", "--lang", "xx", "SharedFailure"]), scan(&["scan", "--lang", "jp"])] {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("use one of: en, ja"), "{}", run.stderr);
    }
    assert_eq!(book.run(&["search", "--limit", "0", "SharedFailure"]).code, 2);
    let ja = book.run(&["search", "--json", "--lang", "ja", "SharedFailure: the widget broke"]);
    assert_eq!(ja.code, 0, "{}", ja.stderr);
    assert!(ja.stdout.contains("部品が壊れた"), "the Japanese entry, its title cleaned: {}", ja.stdout);
    let text_files = WalkDir::new(book.out()).into_iter().filter_map(Result::ok).filter(|e| {
        e.path().extension().is_some_and(|x| ["html", "json", "js", "css", "svg"].contains(&&*x.to_string_lossy()))
    });
    for entry in text_files {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(!bytes.contains(&0), "NUL byte in {}", entry.path().display());
    }
    let records = std::fs::read_to_string(book.out().join("records.json")).unwrap();
    assert!(!records.contains('\u{202e}') && !records.contains('\u{200b}'), "hidden controls kept");
}
