//! Bad input: every problem is reported with file:line:column and what to do, all of them in
//! one run, with exit code 1, and the previous output is left untouched.

use crate::{BookTest, Run};

/// Builds once successfully, breaks the book with `breakage`, builds again, and checks that the
/// second build failed cleanly: exit 1, previous output intact, no staging folders left.
fn build_fails(name: &str, breakage: impl FnOnce(&BookTest)) -> Run {
    let book = BookTest::small(name);
    let first = book.run(&["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = std::fs::read(book.out().join("records.json")).unwrap();
    breakage(&book);
    let run = book.run(&["build"]);
    assert_eq!(run.code, 1, "expected failure, got:\n{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(std::fs::read(book.out().join("records.json")).unwrap(), before, "previous output was changed");
    let leftovers: Vec<String> = std::fs::read_dir(&book.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
    run
}

#[test]
fn invalid_utf8_names_the_first_bad_byte() {
    let run = build_fails("utf8", |b| {
        b.file("content/en/latin1.md", b"# T\n\n## Entry\n\ncaf\xe9 error\n");
    });
    assert!(run.stderr.contains("content/en/latin1.md:5:4: error: file is not valid UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("save it as UTF-8"), "{}", run.stderr);
}

#[test]
fn malformed_front_matter_names_its_line() {
    let run = build_fails("frontmatter", |b| {
        b.file("content/en/fm.md", "---\ntitle: ok\nlayout: [unclosed\n---\n# T\n");
    });
    assert!(run.stderr.contains("content/en/fm.md:"), "{}", run.stderr);
    assert!(run.stderr.contains("malformed front matter"), "{}", run.stderr);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let run = build_fails("unclosed", |b| {
        b.file("content/en/fm.md", "---\ntitle: ok\n\n# T\n");
    });
    assert!(
        run.stderr.contains("content/en/fm.md:1:1: error: front matter opened with `---` is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_book_toml_key_names_key_and_line() {
    let run = build_fails("unknown-key", |b| {
        b.file("book.toml", "[book]\ntitle = \"T\"\nsrcdir = \"content\"\n");
    });
    assert!(run.stderr.contains("book.toml:3:1: error: invalid book.toml: unknown field `srcdir`"), "{}", run.stderr);
}

#[test]
fn mistyped_book_toml_key_names_line() {
    let run = build_fails("mistyped", |b| {
        b.file("book.toml", "[book]\n\ntitle = 42\n");
    });
    assert!(run.stderr.contains("book.toml:3:9: error: invalid book.toml:"), "{}", run.stderr);
    assert!(run.stderr.contains("string"), "{}", run.stderr);
}

#[test]
fn duplicate_ids_name_both_places() {
    let run = build_fails("dup", |b| {
        b.file("content/en/a.md", "# A\n\n## First {#same}\n\n> Error: one\n");
        b.file("content/en/b.md", "# B\n\n\n## Second {#same}\n\n> Error: two\n");
    });
    assert!(
        run.stderr.contains("content/en/b.md:4:1: error: duplicate entry id `same` in language `en`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("also used at content/en/a.md:3"), "{}", run.stderr);
}

#[test]
fn missing_source_folder_says_what_to_do() {
    let run = build_fails("nosrc", |b| {
        b.file("book.toml", "[book]\nsrc = \"docs\"\n");
    });
    assert!(run.stderr.contains("error: source folder `docs` does not exist"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let run = build_fails("loop", |b| {
        std::os::unix::fs::symlink("..", b.root.join("content/en/loop")).unwrap();
    });
    assert!(run.stderr.contains("content/en/loop"), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link loop"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    // A link to a file that is gone cannot be read, even by root.
    let run = build_fails("unreadable", |b| {
        std::os::unix::fs::symlink("/nonexistent/errbook/gone.md", b.root.join("content/en/gone.md")).unwrap();
    });
    assert!(run.stderr.contains("content/en/gone.md:1:1: error: cannot read"), "{}", run.stderr);
}

#[test]
fn unknown_front_matter_language() {
    let run = build_fails("lang", |b| {
        // A nested `lang:` first: the message names the line of the top-level key.
        b.file("content/en/x.md", "---\ntitle: T\nlabels:\n  lang: any\nlang: fr\n---\n# T\n");
    });
    assert!(
        run.stderr.contains("content/en/x.md:5:1: error: language `fr` is not one of this book's languages"),
        "{}",
        run.stderr
    );
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let run = build_fails("many", |b| {
        b.file("content/en/a.md", b"# A\n\n\xff\n");
        b.file("content/en/b.md", "---\nx: [\n---\n");
        b.file("content/ja/c.md", "# C\n\n## 同じ {#same}\n\n> エラー\n\n## 同じ2 {#same}\n\n> エラー2\n");
    });
    assert!(run.stderr.contains("content/en/a.md:3:1: error"), "{}", run.stderr);
    assert!(run.stderr.contains("content/en/b.md:"), "{}", run.stderr);
    assert!(run.stderr.contains("duplicate entry id `same` in language `ja`"), "{}", run.stderr);
    assert!(run.stderr.contains("the book has 3 errors"), "{}", run.stderr);
}

#[test]
fn check_fails_with_the_same_messages() {
    let book = BookTest::small("check-bad");
    book.file("book.toml", "[book]\ntitle = 1\n");
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("book.toml:2:9: error"), "{}", run.stderr);
    assert!(!book.out().exists(), "check must not write output");
}

#[test]
fn a_missing_theme_is_reported_at_its_line() {
    let book = BookTest::small("missing-theme");
    book.file("book.toml", "[book]\ntitle = \"T\"\n\n[site]\ntheme = \"nowhere\"\n");
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("book.toml:5:9: error: theme `nowhere` not found: there is no folder themes/nowhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn entry_without_error_message_is_a_warning_not_an_error() {
    let book = BookTest::small("warn");
    book.file("content/en/vague.md", "# Notes\n\n## Slow pages\n\n### Solution\n\nAdd a cache.\n");
    let run = book.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/vague.md:3:1: warning: entry \"Slow pages\" has no recognizable error message"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 warning"), "{}", run.stderr);
}

/// A book's own string file that lacks a string the templates use made every page fail to
/// render with a template error; one errbook cannot read fell back to the built-in strings
/// unsaid. Both are errors of `check`, naming the file.
#[test]
fn missing_or_unreadable_ui_strings_are_reported() {
    let builtin = include_str!("../../crates/errbook-site/strings/ja.ftl");
    let without: String =
        builtin.lines().filter(|l| !l.starts_with("search-button")).map(|l| format!("{l}\n")).collect();
    let run = build_fails("strings-missing", |b| {
        b.file("i18n/ja/site.ftl", &without);
    });
    assert!(
        run.stderr
            .contains("i18n/ja/site.ftl:1:1: error: no UI string `search-button`, which the template base.html uses"),
        "{}",
        run.stderr
    );
    let run = build_fails("strings-unreadable", |b| {
        b.file("i18n/ja/site.ftl", b"search-button = \xff\n");
    });
    assert!(run.stderr.contains("i18n/ja/site.ftl:1:1: error: cannot read the UI strings"), "{}", run.stderr);
}

/// A template that does not parse fails `check` as it fails `build`, at its file, line and
/// column (templates were once parsed only by `build`, and their errors came out unlocated).
#[test]
fn a_broken_template_fails_check_as_it_fails_build() {
    let breakage = |b: &BookTest| {
        b.file("book.toml", "[book]\ntitle = \"T\"\n\n[site]\ntheme = \"mine\"\n");
        b.file("themes/mine/entry.html", "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n");
        b.file("themes/mine/404.html", "{% extends \"missing.html\" %}\n");
    };
    let run = build_fails("broken-template", breakage);
    for expected in [
        "themes/mine/entry.html:3:7: error: template does not parse",
        "themes/mine/404.html:1:1: error: template extends `missing.html`, which the theme does not have",
    ] {
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
    let book = BookTest::small("broken-template-check");
    breakage(&book);
    let check = book.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("themes/mine/entry.html:3:7: error: template does not parse"), "{}", check.stderr);
}

/// Output that cannot be written (a full disk) is an error with exit code 2, never a silent
/// success; a reader that stops early (`| head`) is no error. Every output error was once dropped.
#[test]
fn output_that_cannot_be_written_is_an_error() {
    let book = BookTest::small("full-output");
    assert_eq!(book.run(&["build"]).code, 0);
    for args in [&["records", "--json"][..], &["search", "disk full"], &["records"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
            .arg("-C")
            .arg(&book.root)
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error: cannot write the output"), "{args:?}: {stderr}");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .arg("-C")
        .arg(&book.root)
        .args(["records", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

/// A vocabulary or services file that is there but cannot be read as text is an error at its
/// path (it was once skipped in silence, and the book built with other words than it says).
#[test]
fn an_unreadable_vocabulary_file_is_an_error() {
    let run = build_fails("bad-vocabulary", |b| {
        b.file("i18n/en/sections.toml", b"[detect]\nerror-words = [\"caf\xe9\"]\n");
        b.file("services.toml", b"\"Caf\xe9\" = [\"x\"]\n");
    });
    assert!(run.stderr.contains("i18n/en/sections.toml:1:1: error: cannot read the vocabulary file"), "{}", run.stderr);
    assert!(run.stderr.contains("services.toml:1:1: error: cannot read the vocabulary file"), "{}", run.stderr);
}

/// `serve` on a port already taken says so and exits before it builds anything (it once built
/// the whole site first, then failed).
#[test]
fn serve_on_a_taken_port_fails_before_building() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let book = BookTest::small("taken-port");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .arg("-C")
        .arg(&book.root)
        .args(["serve", "--port", &port])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("serve kept running on a taken port");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("cannot serve on 127.0.0.1:{port}")) && stderr.contains("--port"), "{stderr}");
    assert!(!book.out().exists(), "nothing is built");
    drop(taken);
}

/// A folder without book.toml is not a book: the error names the folder and suggests `init`;
/// `-C` to a folder that does not exist says so. (A folder with only `content/` once built
/// silently with defaults, and a wrong `-C` said only that `content` did not exist.)
#[test]
fn a_folder_without_book_toml_is_not_a_book() {
    let book = BookTest::empty("no-book-toml");
    std::fs::remove_file(book.root.join("book.toml")).unwrap();
    book.file("content/en/a.md", "# A\n\n## Disk full\n\n> ENOSPC: no space left on device\n");
    for command in ["check", "build"] {
        let run = book.run(&[command]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("no book.toml in") && run.stderr.contains("errbook init"), "{}", run.stderr);
    }
    assert!(!book.out().exists());
    let missing = book.root.join("nowhere");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .arg("-C")
        .arg(&missing)
        .arg("build")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("does not exist") && stderr.contains("nowhere"), "{stderr}");
}

/// Counts read as English: "1 entry", "1 warning" (once "1 entries", "(1 causes)").
#[test]
fn counts_of_one_are_singular() {
    let book = BookTest::empty("singular");
    book.file("content/en/a.md", "# A\n\n## Sync fails\n\nThe token expired. Log in again.\n");
    let run = book.run(&["check"]);
    assert!(run.stderr.contains("ok: 1 entry (1 en, 0 ja) in 1 document, 1 warning"), "{}", run.stderr);
    let run = book.run(&["records"]);
    assert!(run.stdout.contains("(1 cause)"), "{}", run.stdout);
}

/// Warnings of one kind are counted with their first places and one help line, `--verbose`
/// lists every one, `--quiet` none, and `--deny-warnings` fails check and build (nothing
/// written). A large book once printed thousands of warning lines.
#[test]
fn warnings_are_grouped_listed_or_denied() {
    let book = BookTest::empty("grouped-warnings");
    let page: String =
        (1..=6).map(|n| format!("## Thing {n} fails\n\nIt breaks. See [notes](missing-{n}.md).\n\n")).collect();
    book.file("content/en/a.md", format!("# Things\n\n{page}"));
    let run = book.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(lines.len() <= 8, "{}", run.stderr);
    assert!(run.stderr.contains("[6 like this]") && run.stderr.contains("--verbose lists every one"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("help: point at a file inside the content folder").count(), 1, "{}", run.stderr);
    let verbose = book.run(&["check", "--verbose"]);
    assert_eq!(verbose.stderr.matches("content/en/a.md:").count(), 12, "{}", verbose.stderr);
    let quiet = book.run(&["check", "--quiet"]);
    assert_eq!(quiet.stderr.trim(), "ok: 6 entries (6 en, 0 ja) in 1 document, 12 warnings");
    let denied = book.run(&["check", "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert!(denied.stderr.contains("12 warnings and --deny-warnings"), "{}", denied.stderr);
    let build = book.run(&["build", "--deny-warnings"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(!book.out().exists(), "nothing was written");
    // The same from book.toml, for a CI that runs the plain commands.
    book.file("book.toml", "[build]\ndeny-warnings = true\n");
    let build = book.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains("12 warnings and book.toml's [build] deny-warnings is set"), "{}", build.stderr);
    assert!(!book.out().exists(), "nothing was written");
    // `records` lists; it counts the warnings that `check` lists.
    let records = book.run(&["records"]);
    assert_eq!(records.code, 0, "{}", records.stderr);
    assert_eq!(records.stderr.trim(), "12 warnings (errbook check lists them)", "{}", records.stderr);
}
