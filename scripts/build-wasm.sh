#!/usr/bin/env bash
# Builds the browser search engine (crates/errbook-wasm) into crates/errbook-wasm/dist:
# engine.wasm (the module) and engine.js (its wasm-bindgen glue), and records the hash of its
# sources in dist/SOURCE_HASH. The result is committed, so that a
# fresh clone builds a site with working search without any wasm toolchain.
#
# Needs the wasm32-unknown-unknown target, wasm-bindgen-cli of the same version as the
# wasm-bindgen crate in Cargo.lock, and binaryen 132's wasm-opt from the npm registry (Node.js;
# wasm-bindgen's reference-types output breaks under older ones, such as Debian 12's 108); all
# are installed here when missing.
#
# `scripts/build-wasm.sh --check` builds the same way into target/wasm-check and compares the
# bytes with the committed engine: exit 1 when they differ (the committed engine is not what the
# sources build). It needs the same tools: the wasm-bindgen-cli of Cargo.lock's wasm-bindgen
# version and binaryen 132's wasm-opt (the npm package this script installs).
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true

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
# One wasm-opt, pinned, so that the same sources give the same bytes on every machine.
[ -x target/tools/node_modules/binaryen/bin/wasm-opt ] || npm install --silent --prefix target/tools binaryen@132 >/dev/null
wasm_opt=(node target/tools/node_modules/binaryen/bin/wasm-opt)
"${wasm_opt[@]}" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals -o "$out/engine.wasm" "$wasm"
wasm="$out/engine.wasm"

dist=crates/errbook-wasm/dist
$check && dist=target/wasm-check
mkdir -p "$dist"
{
  echo "// errbook search engine: wasm-bindgen glue, built by scripts/build-wasm.sh."
  cat "$out/errbook_wasm.js"
} > "$dist/engine.js"
cp "$wasm" "$dist/engine.wasm"
cargo run --quiet --release --example wasm-source-hash > "$dist/SOURCE_HASH"
if $check; then
  for f in engine.wasm engine.js SOURCE_HASH; do
    if ! cmp -s "$dist/$f" "crates/errbook-wasm/dist/$f"; then
      echo "build-wasm.sh --check: $f differs from the committed engine; run scripts/build-wasm.sh and commit crates/errbook-wasm/dist" >&2
      exit 1
    fi
  done
  echo "build-wasm.sh --check: the committed engine is what the sources build"
  exit 0
fi
echo "engine: $(stat -c %s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip; glue $(stat -c %s "$dist/engine.js") bytes, $(gzip -9c "$dist/engine.js" | wc -c) gzip"
