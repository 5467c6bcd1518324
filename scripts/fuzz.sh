#!/usr/bin/env bash
# Fuzzes ingestion and the search query path with cargo-fuzz (libFuzzer, AddressSanitizer):
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 600)
# Needs a nightly toolchain and cargo-fuzz (installed here when missing). The corpora start
# from the sample book's sources and dev queries; a crash is written under fuzz/artifacts/ and
# belongs in the test suite as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
mkdir -p fuzz/corpus/ingest fuzz/corpus/search
cp content/*/* fuzz/corpus/ingest/
python3 -c '
import json, sys
for line in open("tests/testsuite/fixtures/dev-queries.jsonl"):
    q = json.loads(line)
    open("fuzz/corpus/search/" + q["id"], "w").write(q["query"])
'
for target in ingest search; do
  cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096
done
