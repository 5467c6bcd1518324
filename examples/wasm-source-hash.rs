//! Prints the hash of the sources the browser search engine is built from, which
//! `scripts/build-wasm.sh` records in `crates/errbook-wasm/dist/SOURCE_HASH`; the test
//! `engine::browser_engine_is_built_from_the_current_sources` recomputes it with this function
//! and fails when the engine is stale.
//!
//! cargo run --release --example wasm-source-hash

use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

/// SHA-256 over the engine's sources (each file's path, a newline, its bytes, in path order) and
/// what else decides the built engine: the root Cargo.toml (the wasm profile, dependency
/// versions) and Cargo.lock (the versions resolved).
pub(crate) fn source_hash(root: &Path) -> String {
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
    files.extend(["Cargo.toml".to_string(), "Cargo.lock".to_string()]);
    files.sort();
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(format!("{f}\n"));
        hasher.update(std::fs::read(root.join(&f)).expect("the engine's sources are readable"));
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn main() {
    println!("{}", source_hash(Path::new(env!("CARGO_MANIFEST_DIR"))));
}
