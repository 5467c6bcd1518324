//! `peak-memory OUT COMMAND [ARGS...]`: runs COMMAND with this process's standard streams,
//! writes its peak resident memory in bytes to the file OUT and exits with its exit code.
//!
//! The tests measure errbook through it because a process's peak, as `getrusage` reports it,
//! starts from its parent's peak when the parent execs it: measured straight from the test
//! process (hundreds of MB), a small run would seem as large as the tests. This process is
//! small, so what its child reports is the child's own.

use std::process::{Command, ExitCode};

use nix::sys::resource::{UsageWho, getrusage};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), Some(program)) = (args.next(), args.next()) else {
        eprintln!("usage: peak-memory OUT COMMAND [ARGS...]");
        return ExitCode::from(2);
    };
    let status = match Command::new(&program).args(args).status() {
        Ok(status) => status,
        Err(err) => {
            eprintln!("peak-memory: cannot run {}: {err}", program.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage of the waited-for child");
    // Kilobytes everywhere but on Apple's systems, which count bytes.
    let unit = if cfg!(target_vendor = "apple") { 1 } else { 1024 };
    let peak = usage.max_rss() as u64 * unit;
    if let Err(err) = std::fs::write(&out, peak.to_string()) {
        eprintln!("peak-memory: cannot write {}: {err}", out.to_string_lossy());
        return ExitCode::from(2);
    }
    // A child ended by a signal has no code: report it as a failure.
    ExitCode::from(status.code().map_or(1, |c| c as u8))
}
