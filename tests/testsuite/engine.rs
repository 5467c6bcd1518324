//! The committed browser engine (`crates/errbook-wasm/dist/`) must be built from the sources as
//! they are: the hash `scripts/build-wasm.sh` records (computed by the example
//! `wasm-source-hash`) is recomputed here by the very same function.

use std::path::Path;

#[path = "../../examples/wasm-source-hash.rs"]
#[allow(dead_code)]
mod wasm_source_hash;
use wasm_source_hash::source_hash;

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

/// The hash covers the engine's inputs and nothing else: a dependency bump the engine does not
/// reach (the site's highlighter) leaves it as it is; one it reaches (wasm-bindgen) changes it.
#[test]
fn the_engine_hash_covers_exactly_the_engines_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("engine-hash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    for top in ["crates/errbook-search", "crates/errbook-wasm"] {
        for entry in walkdir::WalkDir::new(root.join(top)).into_iter().map(Result::unwrap) {
            let rel = entry.path().strip_prefix(root).unwrap();
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(copy.join(rel)).unwrap();
            } else {
                std::fs::copy(entry.path(), copy.join(rel)).unwrap();
            }
        }
    }
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    std::fs::write(copy.join("Cargo.toml"), &manifest).unwrap();
    let with_lock = |lock: &str| {
        std::fs::write(copy.join("Cargo.lock"), lock).unwrap();
        source_hash(&copy)
    };
    let bump = |lock: &str, name: &str| {
        let at = lock.find(&format!("name = \"{name}\"\nversion = \"")).unwrap_or_else(|| panic!("{name} is locked"));
        let version = at + lock[at..].find("version = \"").unwrap() + "version = \"".len();
        format!("{}9{}", &lock[..version], &lock[version..])
    };
    let original = with_lock(&lock);
    assert_eq!(original, source_hash(root));
    assert_eq!(with_lock(&bump(&lock, "syntect")), original, "the site's highlighter is no input of the engine");
    assert_ne!(with_lock(&bump(&lock, "wasm-bindgen")), original, "wasm-bindgen is");
    std::fs::write(copy.join("Cargo.toml"), manifest.replace("[profile.wasm]\n", "[profile.wasm]\ndebug = true\n"))
        .unwrap();
    assert_ne!(with_lock(&lock), original, "so is the profile it is built with");
}

#[test]
fn engine_is_the_glue_and_a_module_and_the_bundle_carries_the_module_in_its_script() {
    let glue = include_str!("../../crates/errbook-wasm/dist/engine.js");
    assert!(glue.contains("wasm_bindgen"));
    assert!(include_bytes!("../../crates/errbook-wasm/dist/engine.wasm").starts_with(b"\0asm"));
    let bundled = std::fs::read_to_string(crate::bundled_sample().join("search/engine.js")).unwrap();
    assert!(bundled.starts_with(glue), "the bundle's engine script is the glue ...");
    // ... and the module, gzipped, as base64: exactly the committed module once inflated.
    let encoded = bundled.split("self.ERRBOOK_ENGINE = \"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let gzipped = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded).unwrap();
    let mut module = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzipped[..]), &mut module).unwrap();
    assert!(module == include_bytes!("../../crates/errbook-wasm/dist/engine.wasm"), "the committed module");
    assert!(!crate::bundled_sample().join("search/engine.bin").exists(), "nothing to fetch in the bundle");
}
