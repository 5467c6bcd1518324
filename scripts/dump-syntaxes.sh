#!/usr/bin/env bash
# Compiles the extra syntaxes errbook highlights (crates/errbook-site/src/syntaxes/*.sublime-syntax,
# which syntect's defaults lack) into syntect's binary dumps beside them (*.syntaxdump), so that the
# site crate loads them without syntect's YAML loader (and its unmaintained yaml-rust). Run after
# editing a .sublime-syntax file or moving to another syntect version; the dumps are committed.
# Builds a throwaway crate in target/ with the syntect version of Cargo.lock and its YAML loader.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(grep -A1 '^name = "syntect"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
tool=target/dump-syntaxes
mkdir -p "$tool/src"
cat > "$tool/Cargo.toml" <<TOML
[package]
name = "dump-syntaxes"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
syntect = { version = "=$version", default-features = false, features = ["parsing", "yaml-load", "dump-create", "regex-onig"] }
TOML
cat > "$tool/src/main.rs" <<'RS'
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("the syntax file reads");
        let syntax = syntect::parsing::SyntaxDefinition::load_from_str(&text, true, None).expect("the syntax loads");
        let out = path.replace(".sublime-syntax", ".syntaxdump");
        std::fs::write(&out, syntect::dumps::dump_binary(&syntax)).expect("the dump is written");
        println!("{out}");
    }
}
RS
cargo run --quiet --release --manifest-path "$tool/Cargo.toml" -- "$PWD"/crates/errbook-site/src/syntaxes/*.sublime-syntax
