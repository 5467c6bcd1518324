//! The `errbook` command: parses the command line and hands over to one module per subcommand.

mod cli;
mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

// Pages render on every core, each allocating many small strings; the system allocator spent
// more of a large build in its own locks and bookkeeping than in rendering.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    cmd::show_warnings(match (cli.verbose, cli.quiet) {
        (true, _) => cmd::Warnings::All,
        (_, true) => cmd::Warnings::Count,
        _ => cmd::Warnings::Grouped,
    });
    match cli.command {
        Command::Build { out, deny_warnings, embed: false } => cmd::build::run(&root, out, deny_warnings),
        Command::Build { out, deny_warnings, embed: true } => cmd::build::embed(&root, out, deny_warnings),
        Command::Bundle { out } => cmd::bundle::run(&root, out),
        Command::Init { dir, force } => cmd::init::run(&dir.unwrap_or(root), force),
        Command::Serve { port, bind, open, out } => cmd::serve::run(&root, cmd::serve::Args { port, bind, open, out }),
        Command::Check { deny_warnings } => cmd::check::run(&root, deny_warnings),
        Command::Search { text, json, lang, limit, index } => {
            cmd::search::run(&root, cmd::search::Args { text, json, lang, limit: limit.into(), index })
        }
        Command::Scan { file, json, lang, index } => cmd::scan::run(&root, cmd::scan::Args { file, json, lang, index }),
        Command::Records { lang, json } => cmd::records::run(&root, lang, json),
    }
}
