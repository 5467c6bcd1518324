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
