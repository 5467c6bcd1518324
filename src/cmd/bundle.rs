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

pub(crate) fn run(root: &Path, out: Option<PathBuf>) -> ExitCode {
    let started = Instant::now();
    let Some(book) = super::load(root) else { return super::failure() };
    // Inside the build folder by default, with everything else errbook writes (the next
    // `build` replaces it, as it does the site).
    let zip_path = match out {
        Some(out) => out,
        None => {
            if let Err(err) = errbook::output::create_own_dir(&book.config.build_dir) {
                eprintln!("error: {err:#}");
                return super::failure();
            }
            book.config.build_dir.join("offline.zip")
        }
    };
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

/// Zips `folder` into `zip_path` (written aside, then renamed into place).
fn write_zip(folder: &Path, zip_path: &Path) -> Result<()> {
    let partial = zip_path.with_extension("zip.partial");
    let file = std::fs::File::create(&partial).with_context(|| format!("creating {}", partial.display()))?;
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
    std::fs::rename(&partial, zip_path).with_context(|| format!("writing {}", zip_path.display()))?;
    Ok(())
}
