//! Size: a 50 MB markdown file, a 44 MB line, a content folder of 100,000 files and a 1 MiB
//! paste are handled, with memory measured (peak resident size, read from /proc while the
//! command runs).

use std::fmt::Write as _;

use crate::{BookTest, built_sample, run_measured};

const MIB: u64 = 1024 * 1024;

#[test]
fn a_fifty_megabyte_markdown_file_is_compiled_in_bounded_memory() {
    let book = BookTest::empty("stress-50mb");
    let mut text = String::from("# Huge\n\n");
    let paragraph = "A long paragraph of explanation with words and more words. ".repeat(20) + "\n\n";
    let mut entries = 0;
    while text.len() < 50 * MIB as usize {
        write!(text, "## Failure {entries}\n\n### Error Message\n\n```\nBigError{entries}: step {entries} failed\n```\n\n### Cause\n\n").unwrap();
        text.push_str(&paragraph.repeat(40));
        text.push_str("```\n");
        for j in 0..2000 {
            writeln!(text, "2026-01-01T00:00:{:02}Z INFO line {j} of the log", j % 60).unwrap();
        }
        text.push_str("```\n\n");
        entries += 1;
    }
    book.file("content/en/huge.md", &text);
    let (run, peak) = run_measured(&["-C".as_ref(), book.root.as_os_str(), "check".as_ref()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("ok: {entries} entries")), "{}", run.stderr);
    // It holds the file at least: the measure is real.
    assert!(peak > 50 * MIB && peak < 8 * 50 * MIB, "peak memory {} MiB for a 50 MiB file", peak / MIB);
}

/// One 100 MB line took 2.17 GB (21 times its size) to build.
#[test]
fn one_huge_line_is_cut_with_a_warning_and_builds_in_bounded_memory() {
    let book = BookTest::empty("stress-line");
    let line = "connection **refused** by `host` [peer](https://peer.test/) after timeout; ".repeat(600_000);
    book.file(
        "content/en/line.md",
        format!("# Line\n\n## Error: the task failed\n\n{line}\n\n### Solution\n\nRetry.\n"),
    );
    let (run, peak) = run_measured(&["-C".as_ref(), book.root.as_os_str(), "build".as_ref()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/en/line.md:5:1: warning: a line longer than 256 KiB; only its beginning is read"),
        "{}",
        run.stderr
    );
    let size = line.len() as u64;
    assert!(peak < 3 * size, "peak memory {} MiB for a line of {} MiB", peak / MIB, size / MIB);
    let records = std::fs::read_to_string(book.out().join("records.json")).unwrap();
    assert!(records.contains("Retry."), "the solution after the line is kept");
}

#[test]
fn a_hundred_thousand_files_are_compiled_in_bounded_memory() {
    let book = BookTest::empty("stress-100k");
    for i in 0..100_000 {
        let dir = book.root.join(format!("content/en/d{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        let text = format!(
            "# Doc {i}\n\n## Problem {i}\n\n### Error Message\n\n```\nManyError{i}: it failed\n```\n\n### Solution\n\nFix {i}.\n"
        );
        std::fs::write(dir.join(format!("f{i}.md")), text).unwrap();
    }
    let (run, peak) = run_measured(&["-C".as_ref(), book.root.as_os_str(), "check".as_ref()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("ok: 100000 entries (100000 en, 0 ja) in 100000 documents"), "{}", run.stderr);
    assert!(peak < 1024 * MIB, "peak memory {} MiB", peak / MIB);
    std::fs::remove_dir_all(&book.root).unwrap();
}

#[test]
fn a_one_megabyte_paste_is_answered_in_bounded_memory() {
    let mut paste = String::from("ERROR Stopped reason: OutOfMemoryError: Container killed due to memory usage\n");
    let mut n = 0u64;
    while paste.len() < (MIB + MIB / 2) as usize {
        writeln!(
            paste,
            "2026-11-20T10:00:{:02}.{n:06}Z INFO request {n:016x} from 10.0.{}.{} took {}ms",
            n % 60,
            n % 250,
            n % 7,
            n % 900
        )
        .unwrap();
        n += 1;
    }
    let out = built_sample();
    let args = ["search".as_ref(), "--json".as_ref(), "--out".as_ref(), out.as_os_str()];
    let (run, peak) = run_measured(&args, paste.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(hits[0]["id"], "outofmemoryerror-container-killed-due-to-memory-usage", "{hits}");
    assert!(peak < 256 * MIB, "peak memory {} MiB", peak / MIB);
}
