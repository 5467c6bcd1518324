//! What a log, a flag or a client can make of `errbook scan`, `search`, `serve` and `bundle`,
//! each reproduced as it was once possible: a coloured error let through a pipeline's gate, a
//! folder or file errbook did not make served or overwritten, a server held by slow clients,
//! and a file name forging a line of output.

use crate::{built_sample, run_with_stdin};

/// A coloured error line (`ESC[31m…ESC[0m`) was no known error to `scan` (exit 0) while the
/// same line plain was one (exit 1): a CI gate passed a log its terminal showed failing.
#[test]
fn coloured_log_lines_are_known_errors_on_their_own_line_numbers() {
    let site = built_sample().to_string_lossy().into_owned();
    let plain = "INFO start\nINFO writing\nOSError: [Errno 28] No space left on device\n";
    let coloured = "\x1b]0;deploy\x07\x1b[32mINFO\x1b[0m start\n\x1b[2mINFO writing\x1b[0m\n\
                    \x1b[31mOSError: [Errno 28] No space left on device\x1b[0m\n";
    let run = run_with_stdin(&["scan", "--out", &site], coloured.as_bytes());
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 known error in standard input (3 lines)"), "{}", run.stdout);
    assert!(run.stdout.contains("Task failed to start  [en]  1×, line 3"), "{}", run.stdout);
    assert!(run.stdout.contains("   > OSError: [Errno 28] No space left on device\n"), "{}", run.stdout);
    assert_eq!(run.stdout, run_with_stdin(&["scan", "--out", &site], plain.as_bytes()).stdout);
    // The one line of the report: as `printf '\033[31m…\033[0m\n' | errbook scan` sends it.
    let one =
        run_with_stdin(&["scan", "--out", &site], b"\x1b[31mOSError: [Errno 28] No space left on device\x1b[0m\n");
    assert_eq!(one.code, 1, "{}", one.stdout);
    // `search` reads the coloured paste as the plain one.
    let search = |text: &str| run_with_stdin(&["search", "--out", &site, "--limit", "3"], text.as_bytes());
    let (found, expected) = (search(coloured), search(plain));
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert_eq!(found.stdout, expected.stdout);
    assert!(found.stdout.starts_with("1. Task failed to start"), "{}", found.stdout);
}
