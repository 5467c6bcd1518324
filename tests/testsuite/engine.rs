//! The committed browser engine (`crates/errbook-wasm/dist/engine.js`) must be built from the
//! sources as they are: the hash recorded by `scripts/build-wasm.sh` is recomputed here the same
//! way as `scripts/wasm-source-hash.sh` does.

use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

fn source_hash(root: &Path) -> String {
    let mut files: Vec<String> = Vec::new();
    for top in ["crates/errbook-search", "crates/errbook-wasm/src", "crates/errbook-wasm/Cargo.toml"] {
        for entry in WalkDir::new(root.join(top)) {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && (name.ends_with(".rs") || name == "Cargo.toml") {
                files.push(entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    // What else decides the built engine: the wasm profile and the dependency versions.
    files.extend(["Cargo.toml".to_string(), "Cargo.lock".to_string()]);
    files.sort();
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(format!("{f}\n"));
        hasher.update(std::fs::read(root.join(&f)).unwrap());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn browser_engine_is_built_from_the_current_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let recorded = std::fs::read_to_string(root.join("crates/errbook-wasm/dist/SOURCE_HASH")).unwrap();
    assert_eq!(
        recorded.trim(),
        source_hash(root),
        "crates/errbook-search or crates/errbook-wasm changed since the engine was built: run scripts/build-wasm.sh"
    );
}

#[test]
fn engine_is_the_glue_and_a_module_and_the_bundle_carries_the_module_in_its_script() {
    let glue = include_str!("../../crates/errbook-wasm/dist/engine.js");
    assert!(glue.contains("wasm_bindgen"));
    assert!(include_bytes!("../../crates/errbook-wasm/dist/engine.wasm").starts_with(b"\0asm"));
    let bundled = std::fs::read_to_string(crate::bundled_sample().join("search/engine.js")).unwrap();
    assert!(bundled.starts_with(glue), "the bundle's engine script is the glue ...");
    assert!(bundled.contains("self.ERRBOOK_ENGINE = \"AGFzbQ"), "... and the module as base64 (\\0asm)");
    assert!(!crate::bundled_sample().join("search/engine.bin").exists(), "nothing to fetch in the bundle");
}
