#!/usr/bin/env python3
"""Generate a one-page book whose text comes in very long lines, to measure memory per line.

Usage: python3 bench/gen-long-lines.py OUT_DIR --megabytes 100 [--line-kib 0]

With --line-kib 0 (the default) the page is one entry whose explanation is a single line of
--megabytes MB: a pasted log or a minified file. With --line-kib K, the same size comes as
entries of one K KiB line each; with a small K (say 1), an ordinary page of that size. The words
are dense with inline markup (bold, code, links), the costliest text for a markdown parser.
Deterministic: the same arguments write the same bytes.
"""

import argparse
import os

WORDS = ["connection", "refused", "timeout", "the", "task", "failed", "**bold**", "`code`",
         "[link](https://x.test/)", "error:", "CannotPullContainerError"]

BOOK_TOML = """[book]
title = "Long lines"
src = "content"
default-language = "en"

[build]
build-dir = "book"

[language.en]
name = "English"
title = "Long lines"
"""


def line_of(size, offset):
    words, n = [], 0
    i = offset
    while n < size:
        w = WORDS[(i * 7 + i // 11) % len(WORDS)]
        words.append(w)
        n += len(w) + 1
        i += 1
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=100)
    parser.add_argument("--line-kib", type=int, default=0)
    args = parser.parse_args()
    total = int(args.megabytes * 1_000_000)
    os.makedirs(os.path.join(args.out, "content", "en"), exist_ok=True)
    with open(os.path.join(args.out, "book.toml"), "w") as f:
        f.write(BOOK_TOML)
    with open(os.path.join(args.out, "content", "en", "long.md"), "w") as f:
        f.write("# Long lines\n\n")
        if args.line_kib == 0:
            f.write("## Error: the task failed\n\n" + line_of(total, 0) + "\n\n### Solution\n\nRetry.\n")
            return
        written, entry = 0, 0
        while written < total:
            line = line_of(args.line_kib * 1024, entry)
            f.write(f"## Error: task {entry} failed\n\n{line}\n\n### Solution\n\nRetry {entry}.\n\n")
            written += len(line)
            entry += 1


if __name__ == "__main__":
    main()
