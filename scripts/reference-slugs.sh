#!/usr/bin/env bash
# Writes crates/errbook-site/embed/reference-slugs.json: headings slugged by the tools that
# publish docs, for the unit test that checks errbook's slug rules against them
# (embed::tests::slugs_are_those_the_tools_make). Needs Node.js with npm, Python 3 with pip,
# and Hugo (Debian's `hugo`); installs the npm and pip packages into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
headings='["Error: EACCES permission denied!", "Module not found - can'"'"'t resolve '"'"'x'"'"'", "404 on /docs/ pages", "ビルドが失敗する（ENOSPC）", "Café crashes", "ディスクがいっぱい: ENOSPC", "Error [ERR_REQUIRE_ESM]: require() of ES Module", "npm ERR! code E404", "「接続できません」と表示される", "Permission denied (publickey)", "TypeError: Cannot read properties of undefined (reading '"'"'map'"'"')", "x509: certificate signed by unknown authority", "Hello   World", "Über → next™"]'
echo "$headings" > "$work/headings.json"
npm install --silent --prefix "$work" github-slugger@2 @mdit-vue/shared@2 >/dev/null
python3 -m pip install --quiet --disable-pip-version-check --target "$work/py" markdown >/dev/null
cat > "$work/slug.mjs" <<'JS'
import fs from 'fs';
import GithubSlugger from 'github-slugger';
import { slugify } from '@mdit-vue/shared';
const headings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(headings.map((h) => ({ heading: h, github: new GithubSlugger().slug(h), vitepress: slugify(h) }))));
JS
(cd "$work" && node slug.mjs headings.json) > "$work/js.json"
mkdir -p "$work/hugo/content" "$work/hugo/layouts/_default"
printf 'baseURL = "http://x.test/"\ntitle = "t"\n' > "$work/hugo/hugo.toml"
printf '{{ .Content }}' > "$work/hugo/layouts/_default/single.html"
python3 -c 'import json,sys; hs=json.load(open(sys.argv[1])); print("---\ntitle: p\n---\n\n" + "".join(f"## {h}\n\ntext\n\n" for h in hs))' "$work/headings.json" > "$work/hugo/content/p.md"
(cd "$work/hugo" && hugo --quiet)
PYTHONPATH="$work/py" python3 - "$work" > crates/errbook-site/embed/reference-slugs.json <<'PY'
import html, json, re, sys
from markdown.extensions.toc import slugify
work = sys.argv[1]
rows = json.load(open(f"{work}/js.json"))
ids = [html.unescape(i) for i in re.findall(r'<h2 id="([^"]*)"', open(f"{work}/hugo/public/p/index.html").read())]
for row, hugo in zip(rows, ids, strict=True):
    row["mkdocs"] = slugify(row["heading"], "-")
    row["hugo"] = hugo
print(json.dumps(rows, ensure_ascii=False, indent=1))
PY
echo "wrote crates/errbook-site/embed/reference-slugs.json ($(hugo version | cut -d' ' -f2))"
