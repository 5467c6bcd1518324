#!/usr/bin/env bash
# Screenshots of the sample book and of three pages of another book (a folder holding
# book.toml, given as the first argument), light and dark, desktop and phone, into
# docs/screenshots/. Needs Chromium on PATH.
#   scripts/screenshots.sh ../shared/corpus/book
set -euo pipefail
cd "$(dirname "$0")/.."
other="${1:?usage: scripts/screenshots.sh BOOK_FOLDER}"
out=docs/screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --locked --quiet
target/release/errbook --quiet build --out "$work/sample"
target/release/errbook --quiet -C "$other" build --out "$work/other"
mkdir -p "$out"
shot() { # name, width, height, page, extra flags
  local name=$1 width=$2 height=$3 page=$4
  shift 4
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" \
    --window-size="$width,$height" --screenshot="$out/$name.png" "file://$work/$page" 2>/dev/null
}
shot sample-entry-light 1280 900 sample/en/errors/task-failed-elb-health-checks/index.html
shot sample-entry-dark 1280 900 sample/en/errors/task-failed-elb-health-checks/index.html --force-dark-mode
shot sample-entry-phone-ja 390 844 "sample/ja/errors/デプロイに失敗する/index.html"
shot sample-document-ja 1280 1100 sample/ja/docs/ecspresso-troubleshooting/index.html
shot corpus-publickey 1280 1300 other/en/errors/error-permission-denied-publickey/index.html
shot corpus-docker-daemon-dark 1280 900 other/en/errors/unable-to-connect-to-the-docker-daemon/index.html --force-dark-mode
shot corpus-debug-service-ja-phone 390 844 other/ja/docs/k8s-debug-service/index.html
shot corpus-home 1280 900 other/en/index.html
ls -l "$out"
