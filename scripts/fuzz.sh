#!/usr/bin/env bash
# Fuzzes ingestion, the diagram renderer and the search query path with cargo-fuzz
# (libFuzzer, AddressSanitizer):
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 600)
# Needs a nightly toolchain and cargo-fuzz (installed here when missing). The corpora start
# from the sample book's sources and dev queries; a crash is written under fuzz/artifacts/ and
# belongs in the test suite as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
mkdir -p fuzz/corpus/ingest fuzz/corpus/search fuzz/corpus/diagram
cp content/*/* fuzz/corpus/ingest/
python3 -c '
import json, sys
for line in open("tests/testsuite/fixtures/dev-queries.jsonl"):
    q = json.loads(line)
    open("fuzz/corpus/search/" + q["id"], "w").write(q["query"])
import glob, re
blocks = [b for f in glob.glob("content/*/*") for b in re.findall(r"```mermaid\n(.*?)```", open(f).read(), re.S)]
blocks.append("flowchart TD\n  A[one]-->B{two}\n  B-->|yes| C[three]\n  click A \"https://example.com/\"\n")
for i, block in enumerate(blocks):
    open("fuzz/corpus/diagram/%d" % i, "w").write(block)
'
for target in ingest diagram search; do
  cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096
done
