#!/usr/bin/env bash
# Runs every test of errbook. On a fresh Debian machine it first installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

if ! need cargo; then
  echo "test.sh: cargo is missing; install Rust with rustup (https://rustup.rs) and run again" >&2
  exit 2
fi

# Snapshot tests must fail on a difference, never rewrite their snapshots, in CI and locally alike.
export INSTA_UPDATE=no

cargo test --workspace --locked "$@"
