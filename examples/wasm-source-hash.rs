//! Prints the hash of the sources the browser search engine is built from, which
//! `scripts/build-wasm.sh` records in `crates/errbook-wasm/dist/SOURCE_HASH`; the test
//! `engine::browser_engine_is_built_from_the_current_sources` recomputes it with this function
//! and fails when the engine is stale.
//!
//! cargo run --release --example wasm-source-hash

use std::collections::BTreeSet;
use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

/// SHA-256 over exactly what decides the built engine: the sources of its crate and of the
/// crate it searches with (each file's path, a newline, its bytes, in path order); the
/// `Cargo.lock` entries of the packages the engine's crate reaches; and, of the root
/// `Cargo.toml`, the workspace's package settings, the workspace dependencies it reaches and
/// the profiles it is built with. A dependency bump elsewhere (the site's, the CLI's) leaves it
/// as it is.
pub(crate) fn source_hash(root: &Path) -> String {
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("the engine's sources are readable");
    let mut files: Vec<String> = Vec::new();
    for top in ["crates/errbook-search", "crates/errbook-wasm/src", "crates/errbook-wasm/Cargo.toml"] {
        for entry in WalkDir::new(root.join(top)) {
            let entry = entry.expect("the engine's sources are readable");
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && (name.ends_with(".rs") || name == "Cargo.toml") {
                let path = entry.path().strip_prefix(root).expect("under the root");
                // Forward slashes on every platform, so that the hash is the same everywhere.
                files.push(path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    files.sort();
    let mut hasher = Sha256::new();
    for f in &files {
        hasher.update(format!("{f}\n"));
        hasher.update(read(f));
    }
    let (names, locked) = reached(&read("Cargo.lock"), "errbook-wasm");
    hasher.update("Cargo.lock\n");
    hasher.update(locked);
    hasher.update("Cargo.toml\n");
    hasher.update(manifest_parts(&read("Cargo.toml"), &names));
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The names of the packages `start` reaches in a `Cargo.lock`, and their entries, in the
/// lock's order. Every dependency counts, whatever the target or feature: more than the engine
/// links, never less.
fn reached(lock: &str, start: &str) -> (BTreeSet<String>, String) {
    let packages: Vec<&str> = lock.split("[[package]]").skip(1).collect();
    let field = |block: &str, key: &str| -> String {
        block
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .map_or_else(String::new, |v| v.trim_end_matches('"').to_string())
    };
    let dependencies = |block: &str| -> Vec<String> {
        let Some(list) = block.split("dependencies = [").nth(1) else { return Vec::new() };
        let list = list.split(']').next().unwrap_or("");
        list.lines()
            .map(|l| l.trim().trim_end_matches(',').trim_matches('"').to_string())
            .filter(|d| !d.is_empty())
            .collect()
    };
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut todo = vec![start.to_string()];
    while let Some(spec) = todo.pop() {
        // `name` or `name version` when the lock holds several versions of it.
        let (name, version) = spec.split_once(' ').map_or((spec.as_str(), None), |(n, v)| (n, Some(v)));
        for (i, block) in packages.iter().enumerate() {
            if field(block, "name") == name && version.is_none_or(|v| field(block, "version") == v) && seen.insert(i) {
                todo.extend(dependencies(block));
            }
        }
    }
    let names = seen.iter().map(|&i| field(packages[i], "name")).collect();
    let entries = seen.iter().map(|&i| packages[i]).collect::<Vec<_>>().join("[[package]]");
    (names, entries)
}

/// Of the root manifest: `[workspace.package]`, the `[workspace.dependencies]` lines of the
/// packages in `names`, and the release and wasm profiles.
fn manifest_parts(manifest: &str, names: &BTreeSet<String>) -> String {
    let mut out = String::new();
    let mut section = "";
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.trim();
        }
        let keep = match section {
            "[workspace.package]" => true,
            "[workspace.dependencies]" => {
                line.split(['=', '.']).next().is_some_and(|key| names.contains(key.trim())) || line.starts_with('[')
            }
            s => s.starts_with("[profile.release") || s.starts_with("[profile.wasm"),
        };
        if keep && !line.trim_start().starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn main() {
    println!("{}", source_hash(Path::new(env!("CARGO_MANIFEST_DIR"))));
}
