#!/usr/bin/env python3
"""Bytes, requests and time of `errbook search --site` on a built site, served on 127.0.0.1.

    python3 bench/site-search.py SITE_DIR ERRBOOK [--logs 40] [--seed 3] [--latency-ms 0]

For each of --logs English entries (spread over the book), a ~2 KB pasted log (routine lines
with ids, times and addresses around the first line of the entry's error message, as
examples/browser-bench.rs pastes) is searched with a fresh cache (a first search: manifest and
parts), then again with the cache warm (the manifest revalidated). Counts every request the
server answered and the bytes of its bodies; checks that each answer is the one `errbook search`
gives on the same build on disk, and counts first results that carry the pasted message (the
synthetic book gives many entries one message, so the entry itself is not the measure).
--latency-ms delays every answer, as a distant host would.
"""

import argparse
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

LOG = []
LATENCY = [0.0]


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        time.sleep(LATENCY[0])
        f = super().send_head()
        LOG.append((self.path, self._size(f)))
        return f

    @staticmethod
    def _size(f):
        if f is None or not hasattr(f, "fileno"):
            return 0
        return os.fstat(f.fileno()).st_size


def paste(message, seed):
    lines = []
    i = 0
    while sum(len(l) + 1 for l in lines) < 2000:
        if i == 9:
            lines.append(f"2026-11-23T10:{i:02}:{seed % 60:02}.{i * 7:03}Z ERROR [task {seed * 31 + i:08x}] {message}")
        else:
            lines.append(
                f"2026-11-23T10:{i:02}:{seed % 60:02}.{i * 13:03}Z INFO  [req {seed * 7 + i:08x}-{i * 3:04x}] "
                f"GET /api/v1/items/{seed * 100 + i} 200 in {i * 3 + 1}ms from 10.0.{i % 255}.{(seed + i) % 255}"
            )
        i += 1
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site")
    ap.add_argument("errbook")
    ap.add_argument("--logs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--latency-ms", type=float, default=0)
    args = ap.parse_args()
    LATENCY[0] = args.latency_ms / 1000

    with open(os.path.join(args.site, "records.json"), encoding="utf-8") as f:
        records = [r for r in json.load(f)["records"] if r["lang"] == "en" and r["error_messages"]]
    rng = random.Random(args.seed)
    chosen = rng.sample(records, min(args.logs, len(records)))

    handler = lambda *a, **k: Handler(*a, directory=args.site, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    first, warm = [], []
    top1 = 0
    for n, record in enumerate(chosen):
        message = record["error_messages"][0]["text"].splitlines()[0]
        log = paste(message, n)
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, XDG_CACHE_HOME=cache)
            for runs in (first, warm):
                LOG.clear()
                start = time.perf_counter()
                out = subprocess.run(
                    [args.errbook, "search", "--site", url, "--json", "-"],
                    input=log.encode(), capture_output=True, env=env, check=True,
                )
                runs.append((len(LOG), sum(size for _, size in LOG), time.perf_counter() - start))
            local = subprocess.run(
                [args.errbook, "search", "--out", args.site, "--json", "-"],
                input=log.encode(), capture_output=True, check=True,
            )
            if local.stdout != out.stdout:
                sys.exit(f"the site's answer differs from the build's for the log of {record['title']!r}")
            hits = json.loads(out.stdout)
            top1 += bool(hits) and message.lower() in hits[0]["matched"].lower()
    server.shutdown()

    for name, runs in (("first search (empty cache)", first), ("same paste, cache warm", warm)):
        reqs = [r for r, _, _ in runs]
        kb = [b / 1024 for _, b, _ in runs]
        ms = [t * 1000 for _, _, t in runs]
        print(
            f"{name}: requests median {statistics.median(reqs)} (max {max(reqs)}), "
            f"bytes median {statistics.median(kb):.1f} KB (max {max(kb):.1f} KB), "
            f"time median {statistics.median(ms):.0f} ms (max {max(ms):.0f} ms)"
        )
    print(f"answers equal to the build's: {len(chosen)} of {len(chosen)}")
    print(f"first result carries the pasted message: {top1} of {len(chosen)}")


if __name__ == "__main__":
    sys.exit(main())
