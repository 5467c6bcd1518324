//! `errbook scan`: the known errors of a whole log, with exit codes that gate a pipeline.

use crate::{BookTest, Run, built_sample, run_on_sample, run_with_stdin};

const LOG: &str = "\
2026-11-20T10:00:00.120Z INFO  [deploy] rolling out api:42 to cluster prod
2026-11-20T10:00:05.331Z ERROR [ecs] task 0f1e2d3c4b5a: Stopped reason: OutOfMemoryError: Container killed due to memory usage
2026-11-20T10:00:06.002Z INFO  [deploy] waiting for service stable
2026-11-20T10:02:44.918Z WARN  [ci] Error: Cannot perform an interactive login from a non TTY device
2026-11-20T10:03:10.500Z INFO  [deploy] health check passed target=10.0.3.7:8080
2026-11-20T10:04:05.777Z ERROR [ecs] task 9a8b7c6d5e4f: Stopped reason: OutOfMemoryError: Container killed due to memory usage
";

fn scan(args: &[&str], stdin: &str) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["scan".as_ref(), "--out".as_ref(), built_sample().as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    run_with_stdin(&all, stdin.as_bytes())
}

#[test]
fn known_errors_are_counted_with_their_lines_and_exit_1() {
    let run = scan(&["--json", "--lang", "en"], LOG);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["lines"], 6);
    let entries = report["entries"].as_array().unwrap();
    let found: Vec<(&str, u64, u64, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["count"].as_u64().unwrap(),
                e["first_line"].as_u64().unwrap(),
                e["last_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("outofmemoryerror-container-killed-due-to-memory-usage", 2, 2, 6),
            ("error-cannot-perform-an-interactive-login-from-a-non-tty-device", 1, 4, 4),
        ]
    );
    assert!(entries[0]["sample"].as_str().unwrap().contains("task 0f1e2d3c4b5a"));
    assert!(entries[0]["url"].as_str().unwrap().starts_with("en/errors/"));
    assert!(entries[0]["source"].as_str().unwrap().contains(".md:"));
}

#[test]
fn human_report_names_entry_count_lines_and_sample() {
    let run = scan(&["-"], LOG);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("known errors in standard input (6 lines)"), "{}", run.stdout);
    assert!(run.stdout.contains("2×, lines 2–6"), "{}", run.stdout);
    assert!(run.stdout.contains("> 2026-11-20T10:00:05.331Z ERROR"), "{}", run.stdout);
}

#[test]
fn a_clean_log_exits_0() {
    let clean: String = LOG.lines().filter(|l| l.contains("INFO")).map(|l| format!("{l}\n")).collect();
    let run = scan(&[], &clean);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("no known error"), "{}", run.stdout);
}

#[test]
fn japanese_book_entries_are_found_by_their_messages() {
    let run = scan(&["--json", "--lang", "ja"], "12:00:01 ecspresso: failed to update service api: context deadline\n");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["entries"][0]["id"], "failed-to-update-service");
    assert_eq!(report["entries"][0]["lang"], "ja");
}

#[test]
fn failures_exit_2_with_what_to_do() {
    let missing = scan(&["/nonexistent/app.log"], "");
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("cannot open /nonexistent/app.log"), "{}", missing.stderr);

    let unbuilt = BookTest::small("scan-unbuilt");
    let run = unbuilt.run(&["scan", "-"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("run `errbook build` first"), "{}", run.stderr);
}

#[test]
fn a_log_file_is_read_from_its_path() {
    let book = BookTest::empty("scan-file");
    book.file("app.log", LOG);
    let run = run_on_sample(&[
        "scan".as_ref(),
        "--out".as_ref(),
        built_sample().as_os_str(),
        book.root.join("app.log").as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("app.log (6 lines)"), "{}", run.stdout);
}

/// The commonest real form of a known error: its name with details of the log's own
/// (`CannotPullContainerError: pull access denied for …`), never the exact message a page
/// quotes. 200,000 lines with 201 such lines and 133 out-of-memory lines are counted exactly.
#[test]
fn error_names_with_their_details_are_counted_exactly_in_a_large_log() {
    let mut log = String::new();
    let (mut pulls, mut ooms) = (0, 0);
    for i in 0..200_000u32 {
        // Spread over the log by two strides that never meet on the same line.
        if i % 991 == 17 && pulls < 201 {
            pulls += 1;
            log.push_str(&format!(
                "2026-11-20T10:{:02}:00Z ERROR CannotPullContainerError: pull access denied for 123456789012.dkr.ecr.us-east-1.amazonaws.com/app-{i}\n",
                i % 60
            ));
        } else if i % 1499 == 700 && ooms < 133 {
            ooms += 1;
            log.push_str(&format!(
                "2026-11-20T10:00:00Z ERROR task {i:x}: OutOfMemoryError: Container killed due to memory usage\n"
            ));
        } else {
            log.push_str(&format!("2026-11-20T10:00:00Z INFO GET /api/orders/{i} 200 {}ms\n", i % 900));
        }
    }
    assert_eq!((pulls, ooms), (201, 133), "the log holds what the test says");
    let run = scan(&["--json", "--lang", "en"], &log);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["lines"], 200_000);
    let counts: Vec<(&str, u64)> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [("cannotpullcontainererror", 201), ("outofmemoryerror-container-killed-due-to-memory-usage", 133)]
    );
    let clean: String = log.lines().filter(|l| !l.contains("ERROR")).map(|l| format!("{l}\n")).collect();
    assert_eq!(scan(&["--json"], &clean).code, 0);
}
