#!/usr/bin/env python3
"""Writes a synthetic application log for benchmarking `errbook scan`.

    python3 bench/gen-log.py SITE_DIR OUT.log [--mb 500] [--error-ratio 0.01] [--seed 7]

SITE_DIR is a built site (its records.json gives the known error messages). Routine lines are
INFO/DEBUG lines with timestamps, request ids, addresses and durations; a share of
--error-ratio of the lines carries the first line of a known entry's error message, wrapped in
the same kind of prefix and followed by variable details. Deterministic for a given seed.
"""

import argparse
import json
import os
import random

ROUTINE = [
    "GET /api/v1/orders/{n} 200 {ms}ms request_id={hex}",
    "POST /api/v1/sessions 201 {ms}ms user={n} ip=10.{a}.{b}.{c}",
    "cache hit key=product:{n} ttl={ms}s",
    "worker {a} picked job {hex} from queue default",
    "health check passed target=10.{a}.{b}.{c}:8080 latency={ms}ms",
    "flushed {n} metrics to collector in {ms}ms",
    "connection pool stats active={a} idle={b} waiting=0",
    "scheduled task sync-inventory finished in {ms}ms rows={n}",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site")
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=500)
    ap.add_argument("--error-ratio", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    with open(os.path.join(args.site, "records.json"), encoding="utf-8") as f:
        records = json.load(f)["records"]
    messages = [r["error_messages"][0]["text"].splitlines()[0] for r in records if r.get("error_messages")]
    if not messages:
        raise SystemExit(f"{args.site}/records.json has no error messages")

    target = int(args.mb * 1024 * 1024)
    written = lines = errors = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < target:
            ts = f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z"
            if rng.random() < args.error_ratio:
                line = f"{ts} ERROR [svc-{rng.randint(1, 9)}] {rng.choice(messages)} (task {rng.getrandbits(64):016x})\n"
                errors += 1
            else:
                template = rng.choice(ROUTINE)
                line = f"{ts} {rng.choice(['INFO', 'DEBUG'])} [svc-{rng.randint(1, 9)}] " + template.format(
                    n=rng.randint(1, 999999), ms=rng.randint(1, 999), hex=f"{rng.getrandbits(64):016x}",
                    a=rng.randint(0, 255), b=rng.randint(0, 255), c=rng.randint(1, 254)) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            lines += 1
    print(f"{args.out}: {written / 1048576:.0f} MiB, {lines} lines, {errors} error lines ({errors / lines:.2%})")


if __name__ == "__main__":
    main()
