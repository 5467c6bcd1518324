//! `errbook bundle`: the site as an offline bundle, a folder and a `.zip` of it, whose pages
//! link to files (`…/index.html`) and load everything with `<script>` tags, so that search
//! works opened from `file://`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use errbook::site::Links;
use walkdir::WalkDir;
use zip::write::SimpleFileOptions;

/// `<build folder>-offline.zip`, beside the build folder.
fn default_zip(build_dir: &Path) -> PathBuf {
    let name = build_dir.file_name().map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    build_dir.with_file_name(format!("{name}-offline.zip"))
}

pub(crate) fn run(root: &Path, out: Option<PathBuf>) -> ExitCode {
    let started = Instant::now();
    let Some(book) = super::load(root) else { return super::failure() };
    // Beside the build folder by default (`book-offline.zip`, `book-offline/`), never in it:
    // a deployed site must not ship the bundle, and a build must not delete it.
    let zip_path = out.unwrap_or_else(|| default_zip(&book.config.build_dir));
    // Named for what it is, so that no other file is taken for it (`--out book.toml`), and
    // overwriting only a bundle errbook wrote; both checked before anything is built.
    let named = zip_path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !named {
        eprintln!(
            "error: bundle output `{}` does not end in `.zip`",
            errbook::terminal::escape(&zip_path.display().to_string())
        );
        eprintln!("  help: name the zip, as in `--out offline.zip`; its folder is written beside it, named after it");
        return super::failure();
    }
    if let Err(err) = errbook::output::check_file_target(&zip_path, is_bundle) {
        eprintln!("error: {}", errbook::terminal::escape(&format!("{err:#}")));
        return super::failure();
    }
    let folder = zip_path.with_extension("");
    let progress = super::progress_bar(&book);
    let built = book.build(&folder, Links { bundle: true }, &|| progress.inc(1));
    progress.finish_and_clear();
    let result = built.and_then(|stats| write_zip(&folder, &zip_path).map(|()| stats));
    match result {
        Ok(stats) => {
            eprintln!(
                "bundled {} pages into {} and {} in {:.2}s; open {} in a browser",
                stats.pages,
                folder.display(),
                zip_path.display(),
                started.elapsed().as_secs_f64(),
                folder.join("index.html").display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            super::failure()
        }
    }
}

/// Whether the zip at `path` is a bundle errbook wrote: its folder holds errbook's output marker.
fn is_bundle(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let Ok(zip) = zip::ZipArchive::new(file) else { return false };
    zip.file_names()
        .any(|name| name.split_once('/').is_some_and(|(top, rest)| !top.is_empty() && rest == errbook::output::MARKER))
}

/// Zips `folder` into `zip_path`, whole or not at all (written aside, then renamed into place).
fn write_zip(folder: &Path, zip_path: &Path) -> Result<()> {
    errbook::output::write_file(zip_path, |file| zip_folder(folder, file))
        .with_context(|| format!("writing {}", zip_path.display()))
}

fn zip_folder(folder: &Path, file: &mut std::fs::File) -> Result<()> {
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let top = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "offline".into());
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = entry?;
        let rel = entry.path().strip_prefix(folder)?.to_string_lossy().replace('\\', "/");
        let name = if rel.is_empty() { format!("{top}/") } else { format!("{top}/{rel}") };
        if entry.file_type().is_dir() {
            zip.add_directory(name, options)?;
        } else {
            zip.start_file(name, options)?;
            zip.write_all(&std::fs::read(entry.path())?)?;
        }
    }
    zip.finish()?;
    Ok(())
}
