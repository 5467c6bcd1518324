//! `errbook serve`: build, serve on loopback, rebuild on every change and reload open pages.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use errbook::config::Config;
use errbook::diagnostics::Diagnostics;
use errbook::serve::{self, BuildState, Sources};
use errbook::site::live::{Failure, LiveSite, Written};
use errbook::terminal;

pub(crate) struct Args {
    pub(crate) port: u16,
    pub(crate) bind: IpAddr,
    pub(crate) open: bool,
    pub(crate) out: Option<PathBuf>,
}

pub(crate) fn run(root: &Path, args: Args) -> ExitCode {
    let mut diags = Diagnostics::default();
    let Some(config) = Config::load(root, &mut diags) else {
        super::print_diagnostics(&diags);
        return super::failure();
    };
    let out = args.out.unwrap_or_else(|| config.build_dir.clone());
    // What a build would refuse to replace is not served either: `--out /` or a folder of the
    // user's would be published whole, whether or not the first build wrote there.
    if let Err(err) = errbook::output::check_target(&out, &config.root, &config.src) {
        eprintln!("error: {}", terminal::escape(&format!("{err:#}")));
        return super::failure();
    }
    let listener = match serve::bind(SocketAddr::new(args.bind, args.port)) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot serve on {}:{}: {err}", args.bind, args.port);
            eprintln!("  help: pick another port with --port N (0 picks a free one); nothing was built");
            return super::failure();
        }
    };
    let state = Arc::new(BuildState::default());
    // Watching starts before the first build, so that no edit made once the address is
    // printed goes unseen.
    let sources = match Sources::watch(root, &serve::watched_folders(root, &config.src)) {
        Ok(sources) => sources,
        Err(err) => {
            eprintln!("error: cannot watch the book's sources: {err}");
            return super::failure();
        }
    };
    // A book that does not build yet is still served: the page shows its errors.
    let mut warnings = String::new();
    let mut site = None;
    rebuild(root, &out, &state, &mut warnings, &mut site, &[]);

    let addr = match serve::start(listener, &out, state.clone()) {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("error: cannot serve {}: {err}", terminal::escape(&out.display().to_string()));
            return super::failure();
        }
    };
    let url = format!("http://{addr}/");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {}, which is not loopback: anyone who can reach this machine can read the book and every page errbook builds from it",
            addr.ip()
        );
        eprintln!("  help: leave out --bind (or use --bind 127.0.0.1) to keep the site on this machine");
    }
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if args.open
        && let Err(err) = opener::open(&url)
    {
        eprintln!("warning: could not open a browser: {err}");
    }

    while let Some(mut changed) = sources.next_change() {
        changed.retain(|p| !p.starts_with(&out));
        if let Some(first) = changed.first() {
            let more = if changed.len() > 1 { format!(" and {} more", changed.len() - 1) } else { String::new() };
            eprintln!("changed: {}{more}", terminal::escape_line(&first.display().to_string()));
            rebuild(root, &out, &state, &mut warnings, &mut site, &changed);
        }
    }
    ExitCode::SUCCESS
}

/// Builds the book into `out`, or updates the `site` built before after `changed` changed.
/// Warnings are printed when they differ from the last build's (`shown`), so that a book with
/// many of them does not flood the terminal on every save.
fn rebuild(
    root: &Path,
    out: &Path,
    state: &BuildState,
    shown: &mut String,
    site: &mut Option<LiveSite>,
    changed: &[PathBuf],
) {
    let started = Instant::now();
    let result = match site {
        Some(site) => site.update(root, changed),
        None => LiveSite::build(root, out).map(|(built, stats)| {
            *site = Some(built);
            Written::Site(stats)
        }),
    };
    let written = match result {
        Ok(written) => written,
        Err(Failure::Book(diags)) => {
            let report = report(&diags);
            eprintln!(
                "{}\nerror: the book does not build; still serving the last good site",
                terminal::escape(&report)
            );
            state.failed(report);
            return;
        }
        Err(Failure::Output(err)) => {
            let report = format!("error: {err:#}");
            eprintln!("{}\nstill serving the last good site", terminal::escape(&report));
            state.failed(report);
            return;
        }
    };
    let diagnostics = &site.as_ref().expect("a site once built").project().diagnostics;
    let warnings = report(diagnostics);
    if warnings != *shown {
        if !warnings.is_empty() {
            eprintln!("{}", terminal::escape(&warnings));
        }
        *shown = warnings;
    } else if !shown.is_empty() {
        eprintln!("{} warnings, as before", diagnostics.warnings());
    }
    let seconds = started.elapsed().as_secs_f64();
    match written {
        Written::Site(stats) => eprintln!("built {} pages in {seconds:.2}s", stats.pages),
        Written::Pages(pages) => eprintln!("rewrote {pages} pages in {seconds:.2}s"),
    }
    state.succeeded();
}

/// The diagnostics as printed, one per entry, in file order.
fn report(diags: &Diagnostics) -> String {
    diags.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}
