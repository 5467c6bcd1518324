#!/usr/bin/env bash
# Prints the hash of the sources the browser search engine is built from. A test recomputes it
# and fails when crates/errbook-wasm/dist/SOURCE_HASH no longer matches: run build-wasm.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# The sources, and what else decides the built engine: the root Cargo.toml (the wasm profile,
# dependency versions) and Cargo.lock (the versions resolved).
{ find crates/errbook-search crates/errbook-wasm/src crates/errbook-wasm/Cargo.toml -type f \( -name '*.rs' -o -name Cargo.toml \); echo Cargo.toml; echo Cargo.lock; } \
  | LC_ALL=C sort \
  | while read -r f; do printf '%s\n' "$f"; cat "$f"; done \
  | sha256sum | cut -d' ' -f1
