//! The command line: what the user typed, before any of it is checked.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Compiles troubleshooting docs into structured error records and a searchable site.
#[derive(Debug, Parser)]
#[command(name = "errbook", version, about)]
pub(crate) struct Cli {
    /// The book folder, holding book.toml [default: the current folder]
    #[arg(short = 'C', long, global = true, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,

    /// List every warning; by default warnings of one kind are counted, with their first places
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub(crate) verbose: bool,

    /// Print no warnings, only how many there are
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Compile the book into the output folder (records.json), replacing it only on success
    Build {
        /// Where to write [default: build-dir of book.toml, else `book`]
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Fail (exit 1, nothing written) when the book has warnings, as CI may want
        #[arg(long)]
        deny_warnings: bool,
        /// Write only the search, as an <errbook-search> element for a docs site another tool
        /// publishes (needs [book] original-url and [embed] platform) [default out: <build-dir>-embed]
        #[arg(long)]
        embed: bool,
    },
    /// Write the site as an offline bundle (a folder and a .zip) that works from file://
    Bundle {
        /// The .zip to write; the folder is beside it [default: <build-dir>-offline.zip, beside the build folder]
        #[arg(short, long, value_name = "FILE.zip")]
        out: Option<PathBuf>,
    },
    /// Create a new knowledge base (book.toml, an English and a Japanese entry, a theme folder)
    Init {
        /// Where to create it [default: the current folder]
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Create it in a folder that holds other files too (errbook's own are never overwritten)
        #[arg(long)]
        force: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload open pages
    Serve {
        /// The port; 0 picks a free one
        #[arg(short, long, default_value_t = 3000, value_name = "N")]
        port: u16,
        /// The address to listen on; anything but loopback exposes the site to the network
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Where to build [default: build-dir of book.toml]
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check the book and report every problem; exit 1 on errors
    Check {
        /// Exit 1 when the book has warnings too
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Find the entries for a pasted error message or log (reads standard input without TEXT)
    Search {
        /// The error text; `-` or nothing reads standard input
        text: Option<String>,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
        /// Only entries in this language
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// How many results to show
        #[arg(short = 'n', long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        limit: u16,
        #[command(flatten)]
        index: IndexArgs,
    },
    /// Report the known errors in a log of any size; exit 1 when any is found, 0 when none, 2 on failure
    Scan {
        /// The log file; `-` or nothing reads standard input
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Only entries in this language
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        #[command(flatten)]
        index: IndexArgs,
    },
    /// List the compiled error records
    Records {
        /// Only records in this language
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Print the records as JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// Where `search` and `scan` read the index: a build on this disk, or a hosted site.
#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
    /// The built output holding the index [default: build-dir of book.toml]
    #[arg(long, value_name = "DIR", conflicts_with = "site")]
    pub(crate) out: Option<PathBuf>,
    /// The address of a hosted errbook site to read the index from, instead of a build
    /// (kept in the user's cache folder, and answered from it when the site cannot be reached)
    #[arg(long, value_name = "URL")]
    pub(crate) site: Option<String>,
    /// Seconds to wait for the site before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 30, requires = "site", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) timeout: u64,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}
