#!/usr/bin/env python3
"""Times `errbook serve`'s rebuild after one edit of one entry's text.

Usage: serve-edit.py ERRBOOK BOOK OUT [EDITS] [--messages]

Starts `ERRBOOK serve` on BOOK (writing OUT), then EDITS times (default 20) appends a few words
to a prose line of one entry in a document of the book (a different document each time, English
and Japanese alike), or with --messages to the first line of its error message, waits for
serve's line reporting the rebuild and reads its time. Every edited file is restored at the
end. Prints each time and the median, p90 and worst.
"""
import os
import re
import statistics
import subprocess
import sys
import threading
import time


def prose_line(lines):
    """The index of a line of prose inside the first entry: after the first `## ` heading, not a
    heading, list, quote, table or code."""
    fenced = False
    seen_entry = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.startswith("## "):
            seen_entry = True
            continue
        if seen_entry and line.strip() and not re.match(r"\s*([#>|*`-]|\d+\.)", line):
            return i
    return None


def message_line(lines):
    """The index of the first line of the first entry's first code block."""
    seen_entry = False
    for i, line in enumerate(lines):
        if line.startswith("## "):
            seen_entry = True
        elif seen_entry and line.startswith("```") and i + 1 < len(lines) and lines[i + 1].strip():
            return i + 1
    return None


def main():
    messages = "--messages" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--messages"]
    errbook, book, out = args[:3]
    edits = int(args[3]) if len(args) > 3 else 20
    documents = sorted(
        os.path.join(d, f) for d, _, files in os.walk(os.path.join(book, "content")) for f in files if f.endswith(".md")
    )
    server = subprocess.Popen(
        [errbook, "serve", "--port", "0", "--out", out], cwd=book, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    reports = []
    ready = threading.Event()

    def read():
        for line in server.stderr:
            if line.startswith("built ") or line.startswith("rewrote "):
                reports.append(line.strip())
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    originals = {}
    times = []
    try:
        if not ready.wait(600):
            sys.exit("serve did not finish its first build")
        print(reports[-1])
        step = max(1, len(documents) // edits)
        for n in range(edits):
            path = documents[(n * step) % len(documents)]
            text = originals.setdefault(path, open(path, encoding="utf-8").read())
            lines = text.split("\n")
            i = message_line(lines) if messages else prose_line(lines)
            if i is None:
                continue
            lines[i] += f" (edit {n})"
            ready.clear()
            count = len(reports)
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            if not ready.wait(120) or len(reports) == count:
                sys.exit(f"no rebuild after editing {path}")
            report = reports[-1]
            seconds = float(re.search(r"in ([0-9.]+)s", report).group(1))
            times.append(seconds)
            print(f"{os.path.relpath(path, book)}: {report}")
            time.sleep(0.5)
    finally:
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        time.sleep(1)
        server.terminate()
        server.wait()
    times.sort()
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"{len(times)} edits: median {statistics.median(times):.2f} s, p90 {p90:.2f} s, worst {times[-1]:.2f} s")


if __name__ == "__main__":
    main()
