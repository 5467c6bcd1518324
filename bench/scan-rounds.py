#!/usr/bin/env python3
"""Times `errbook scan` of one log with several binaries, run in turn, on one core.

    python3 bench/scan-rounds.py SITE_DIR LOG ROUNDS ERRBOOK_BINARY...

Each round runs every binary once (`taskset -c 1 BINARY scan --out SITE_DIR LOG`), so that a
machine whose speed drifts treats them alike. Prints, per binary, the fastest, median and
slowest wall time and the median of its time over the first binary's in the same round.
"""

import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    site, log, rounds, binaries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    times = [[] for _ in binaries]
    for _ in range(rounds):
        for i, binary in enumerate(binaries):
            start = time.perf_counter()
            subprocess.run(["taskset", "-c", "1", binary, "scan", "--out", site, log],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[i].append(time.perf_counter() - start)
    for binary, own in zip(binaries, times):
        ratio = statistics.median(t / first for t, first in zip(own, times[0]))
        print(f"{binary}: {min(own):.2f}–{statistics.median(own):.2f}–{max(own):.2f} s, "
              f"ratio to the first {ratio:.2f}")


if __name__ == "__main__":
    main()
