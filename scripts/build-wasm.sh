#!/usr/bin/env bash
# Builds the browser search engine (crates/errbook-wasm) into crates/errbook-wasm/dist:
# engine.wasm (the module) and engine.js (its wasm-bindgen glue), and records the hash of its
# sources in dist/SOURCE_HASH. The result is committed, so that a
# fresh clone builds a site with working search without any wasm toolchain.
#
# Needs the wasm32-unknown-unknown target, wasm-bindgen-cli of the same version as the
# wasm-bindgen crate in Cargo.lock, and binaryen's wasm-opt 116 or newer (wasm-bindgen's
# reference-types output breaks under older ones, such as Debian 12's 108); all are installed
# here when missing, wasm-opt from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
rustup target add wasm32-unknown-unknown >/dev/null 2>&1
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  cargo install wasm-bindgen-cli --version "$version"
fi

cargo build -p errbook-wasm --target wasm32-unknown-unknown --profile wasm
out=target/wasm-bindgen
rm -rf "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" target/wasm32-unknown-unknown/wasm/errbook_wasm.wasm
wasm="$out/errbook_wasm_bg.wasm"
wasm_opt=(wasm-opt)
if [ "$(wasm-opt --version 2>/dev/null | sed -n 's/^wasm-opt version \([0-9]*\).*/\1/p')" -lt 116 ] 2>/dev/null || ! command -v wasm-opt >/dev/null; then
  npm install --silent --prefix target/tools binaryen@132 >/dev/null
  wasm_opt=(node target/tools/node_modules/binaryen/bin/wasm-opt)
fi
if "${wasm_opt[@]}" --version >/dev/null; then
  "${wasm_opt[@]}" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals -o "$out/engine.wasm" "$wasm"
  wasm="$out/engine.wasm"
fi

dist=crates/errbook-wasm/dist
mkdir -p "$dist"
{
  echo "// errbook search engine: wasm-bindgen glue, built by scripts/build-wasm.sh."
  cat "$out/errbook_wasm.js"
} > "$dist/engine.js"
cp "$wasm" "$dist/engine.wasm"
cargo run --quiet --release --example wasm-source-hash > "$dist/SOURCE_HASH"
echo "engine: $(stat -c %s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip; glue $(stat -c %s "$dist/engine.js") bytes, $(gzip -9c "$dist/engine.js" | wc -c) gzip"
