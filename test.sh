#!/usr/bin/env bash
# Runs every test of errbook: formatting, clippy's lints, then the tests. On a fresh Debian
# machine it first installs what the tests need: Chromium (browser tests), a CJK font (Japanese
# pages are rendered and screenshotted), Python's pip (the embed test installs mkdocs), Hugo, and
# rustfmt and clippy when rustup lacks them.
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

if ! need cargo; then
  echo "test.sh: cargo is missing; install Rust with rustup (https://rustup.rs) and run again" >&2
  exit 2
fi

missing=()
need chromium || missing+=(chromium)
# The embed tests build a MkDocs site (mkdocs is installed with pip into the tests' own folder)
# and a Hugo site.
need python3 || missing+=(python3)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
need hugo || missing+=(hugo)
[ -n "$(fc-list ':lang=ja' 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: the browser tests need: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi

# Snapshot tests must fail on a difference, never rewrite their snapshots, in CI and locally alike.
export INSTA_UPDATE=no

# The code's form is part of the tests: formatted, and no lint of clippy's left standing.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  need rustup && rustup component add rustfmt clippy >&2
fi
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --release -- -D warnings
# Each crate packages with what it embeds inside it (no upload; the crates depend on each other
# by path, so only a registry could verify their builds one by one).
cargo package --workspace --locked --no-verify --allow-dirty --quiet

# Release, like the README's build command, so that a fresh clone compiles its dependencies once
# (the test profile would build every one of them a second time); the stress tests run faster too.
cargo test --workspace --locked --release "$@"
