//! Documents of every shape errbook meets: Hugo, Jekyll/Liquid, MDX, MkDocs and Docusaurus
//! pages, Lambda-style and kramdown headings, links, error tables, one-error pages and
//! unlabelled prose. Each test compiles a small book of its own (`records --json`, or a build
//! for what the pages show) and checks what a reader would: which entries were found, their ids,
//! messages, causes and fixes, and that no markup of the platform is left in them.

use regex::Regex;
use serde_json::Value;
use walkdir::WalkDir;

use crate::{BookTest, Run};

/// `errbook records --json`: every record of the book, in document order.
pub(crate) fn records(book: &BookTest) -> Vec<Value> {
    let run = book.run(&["records", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("records --json is not JSON ({e}):\n{}", run.stdout));
    crate::schema::assert_records_valid(&records);
    match records {
        Value::Array(records) => records,
        other => panic!("records --json is not an array: {other}"),
    }
}

/// `errbook build`, which must succeed; returns the run and the whole records.json.
fn build(book: &BookTest) -> (Run, Value) {
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = serde_json::from_slice(&std::fs::read(book.out().join("records.json")).unwrap()).unwrap();
    crate::schema::assert_file_valid(&json);
    (run, json)
}

/// The built page of entry `id`.
fn entry_page(book: &BookTest, lang: &str, id: &str) -> String {
    let path = book.out().join(format!("{lang}/errors/{id}/index.html"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The entry as written on its page, without the record card, sidebar and links around it.
pub(crate) fn written_text(page: &str) -> String {
    let start = page.find("<div class=\"written\" id=\"text\">").unwrap_or_else(|| panic!("no text:\n{page}"));
    let end = ["<nav class=\"pager\"", "<section aria-labelledby=\"h-related\"", "</article>"]
        .iter()
        .filter_map(|marker| page[start..].find(marker))
        .min()
        .map_or(page.len(), |e| start + e);
    page[start..end].to_string()
}

pub(crate) fn titles<'a>(records: impl IntoIterator<Item = &'a Value>) -> Vec<&'a str> {
    records.into_iter().map(|r| r["title"].as_str().unwrap()).collect()
}

pub(crate) fn record<'a>(records: &'a [Value], title: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no record titled {title:?}; titles: {:?}", titles(records)))
}

fn of_document<'a>(records: &'a [Value], document: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["document"] == document).collect()
}

/// The record's own error messages.
pub(crate) fn messages(r: &Value) -> Vec<&str> {
    r["error_messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect()
}

/// The record's messages and those shown as evidence of its causes.
fn every_message(r: &Value) -> Vec<&str> {
    let mut all = messages(r);
    for c in r["causes"].as_array().unwrap() {
        all.extend(c["error_messages"].as_array().into_iter().flatten().filter_map(Value::as_str));
    }
    all
}

pub(crate) fn cause_titles(r: &Value) -> Vec<&str> {
    r["causes"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect()
}

/// Every fix of the record: its own solutions and those of its causes.
fn fixes(r: &Value) -> Vec<&str> {
    let own = r["solutions"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap());
    let of_causes = r["causes"].as_array().unwrap().iter().map(|c| c["solution"]["text"].as_str().unwrap());
    own.chain(of_causes).collect()
}

/// Every string in a JSON value, at any depth.
fn all_strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().flat_map(all_strings).collect(),
        Value::Object(map) => map.values().flat_map(all_strings).collect(),
        _ => Vec::new(),
    }
}

/// The code of every code block of a record, wherever it was filed.
fn code_blocks(v: &Value) -> Vec<&str> {
    match v {
        Value::Object(map) if map.contains_key("lang") && map.contains_key("code") => {
            map.get("code").and_then(Value::as_str).into_iter().collect()
        }
        Value::Object(map) => map.values().flat_map(code_blocks).collect(),
        Value::Array(items) => items.iter().flat_map(code_blocks).collect(),
        _ => Vec::new(),
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A second document for links to lead to.
const GADGET: &str = "# Gadget page\n\n## Gadget crashes on boot\n\n> GadgetError: boot loop detected\n";

const HUGO: &str = r#"---
title: Troubleshoot Pod scheduling
weight: 20
---

{{< note >}}
This page assumes a cluster with at least one node.
{{< /note >}}

## Pod is stuck in Pending

A {{< glossary_tooltip text="Pod" term_id="pod" >}} that cannot be scheduled stays in the `Pending` phase.

{{< note >}}
Scheduling failures are retried every few seconds, so a short delay is normal.
{{< /note >}}

You may see an event like:

```
FailedScheduling: 0/3 nodes are available: insufficient memory
```

To fix this, add nodes or lower the memory request.

## {{% heading "whatsnext" %}}

Read about [scheduling](https://kubernetes.example/scheduling/).
"#;

/// Hugo page: shortcodes leave their words and no braces; a note is a callout, never a message.
#[test]
fn hugo_page_leaves_no_shortcode_and_its_notes_are_not_messages() {
    let book = BookTest::empty("shape-hugo");
    book.file("content/en/pod-scheduling.md", HUGO);
    let (_, json) = build(&book);
    assert_eq!(json["documents"][0]["title"], "Troubleshoot Pod scheduling", "the title comes from front matter");
    for s in all_strings(&json) {
        assert!(!s.contains("{{") && !s.contains("}}"), "shortcode left in records.json: {s:?}");
        assert!(!s.contains("whatsnext"), "a shortcode's key became text: {s:?}");
    }
    let records = json["records"].as_array().unwrap();
    assert_eq!(titles(records), ["Pod is stuck in Pending"], "the `whatsnext` heading is no entry");
    let pod = &records[0];
    assert!(messages(pod).iter().any(|m| m.contains("insufficient memory")), "{:?}", messages(pod));
    for text in every_message(pod).into_iter().chain(cause_titles(pod)).chain([pod["title"].as_str().unwrap()]) {
        assert!(!text.contains("[!NOTE]"), "callout marker in a title or message: {text:?}");
        assert!(!text.contains("retried") && !text.contains("assumes"), "a note became a title or message: {text:?}");
    }
    assert!(
        all_strings(pod).iter().any(|s| s.contains("A Pod that cannot be scheduled")),
        "the tooltip keeps its text: {pod:#}"
    );
}

const JEKYLL: &str = r#"---
title: Push errors
layout: default
---

{% ifversion ghes %}
Your site administrator may limit the size of a push.
{% endif %}

## Push is rejected

When you push to {% data variables.product.name %}, Git refuses the push. The push fails with:

```
remote: error: refusing to update checked out branch
```

> [!WARNING]
> Deleting the remote branch cannot be undone.

To fix this, push to a branch that is not checked out.

{% ifversion ghes %}
On a self-hosted server, an administrator can allow such pushes.
{% endif %}
"#;

/// Jekyll/Liquid page: no `{% … %}` survives, and a `> [!WARNING]` alert is no message.
#[test]
fn jekyll_liquid_page_leaves_no_tags_and_its_alert_is_not_a_message() {
    let book = BookTest::empty("shape-jekyll");
    book.file("content/en/push.md", JEKYLL);
    let (_, json) = build(&book);
    for s in all_strings(&json) {
        assert!(!s.contains("{%") && !s.contains("%}"), "Liquid tag left in records.json: {s:?}");
    }
    let records = json["records"].as_array().unwrap();
    let push = record(records, "Push is rejected");
    assert!(messages(push).contains(&"remote: error: refusing to update checked out branch"), "{:?}", messages(push));
    for m in every_message(push) {
        assert!(!m.contains("undone") && !m.contains("[!WARNING]"), "the alert became a message: {m:?}");
    }
    assert!(all_strings(push).iter().any(|s| s.contains("[!WARNING]")), "the alert is kept as a callout: {push:#}");
    assert!(fixes(push).iter().any(|f| f.contains("push to a branch that is not checked out")), "{:?}", fixes(push));
}

const MDX: &str = r#"---
title: Deploying bundles
---
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

<Tabs>
<TabItem value="a" label="A">

## Bundle upload fails

```
UploadError: bundle exceeds the 50 MB limit
```

To fix this, split the bundle into parts under 50 MB.

</TabItem>
<TabItem value="b" label="B">

## Bundle signature is rejected

```
SignatureError: bundle was signed with an unknown key
```

</TabItem>
</Tabs>
"#;

/// MDX page: the `.mdx` file is read, entries inside `<TabItem>` are found, imports and tags go.
#[test]
fn mdx_page_is_read_and_its_entries_lose_imports_and_components() {
    let book = BookTest::empty("shape-mdx");
    book.file("content/en/deploy.mdx", MDX);
    let records = records(&book);
    assert_eq!(titles(&records), ["Bundle upload fails", "Bundle signature is rejected"]);
    let upload = record(&records, "Bundle upload fails");
    assert_eq!(upload["source"]["path"], "content/en/deploy.mdx");
    assert!(messages(upload).contains(&"UploadError: bundle exceeds the 50 MB limit"), "{:?}", messages(upload));
    let signature = record(&records, "Bundle signature is rejected");
    assert!(messages(signature).iter().any(|m| m.starts_with("SignatureError:")), "{:?}", messages(signature));
    for s in records.iter().flat_map(all_strings) {
        for residue in ["import ", "@theme", "<Tabs", "<TabItem", "</TabItem"] {
            assert!(!s.contains(residue), "MDX residue {residue:?} in {s:?}");
        }
    }
}

const ADMONITIONS: &str = r#"# Sync agent

## Sync agent crashes on start

The agent stops right after launch. It prints this error:

```
SyncAgentError: lock file is held by another process
```

!!! warning "Data loss"
    Stopping the agent during a sync cannot be undone and fails any pending upload.

:::tip Faster recovery
Restarting the agent fails less often when the cache is cleared first.
:::

To fix this, delete the lock file and start the agent again.
"#;

/// MkDocs `!!!` and Docusaurus `:::` admonitions: never error messages, however they read.
#[test]
fn mkdocs_and_docusaurus_admonitions_are_never_messages() {
    let book = BookTest::empty("shape-admonitions");
    book.file("content/en/sync.md", ADMONITIONS);
    let records = records(&book);
    let agent = record(&records, "Sync agent crashes on start");
    assert!(messages(agent).contains(&"SyncAgentError: lock file is held by another process"), "{:?}", messages(agent));
    for m in every_message(agent) {
        for admonition in ["undone", "Data loss", "Restarting", "Faster recovery", "[!", "!!!", ":::"] {
            assert!(!m.contains(admonition), "admonition text {admonition:?} became a message: {m:?}");
        }
    }
}

/// MkDocs admonition followed by a Docusaurus tip: the page shows two callouts, no markers.
#[test]
fn mkdocs_admonition_then_docusaurus_tip_render_as_two_callouts() {
    let book = BookTest::empty("shape-admonitions-page");
    book.file("content/en/sync.md", ADMONITIONS);
    build(&book);
    let page = entry_page(&book, "en", "sync-agent-crashes-on-start");
    assert!(page.contains("callout-warning"), "the MkDocs warning is a callout:\n{page}");
    assert!(page.contains("callout-tip"), "the Docusaurus tip is a callout of its own:\n{page}");
    assert!(!page.contains("[!TIP]") && !page.contains("[!WARNING]"), "a callout marker is shown as text:\n{page}");
}

const LAMBDA: &str = r#"# Troubleshoot function errors

## Function times out on cold start<a name="cold-start-timeout"></a>

**Error:** *TaskTimeoutException: function exceeded 3.00 seconds*

**Cause:** The init code loads a large model before the handler runs.

**Solution:** Move the loading into the handler, or raise the timeout.

## Function cannot reach the database <a name="db-unreachable"></a>

**Error:** *DatabaseConnectionError: connect ECONNREFUSED 10.0.0.5:5432*

**Cause:** The function runs outside the database's network.

**Solution:** Attach the function to the database's network.
"#;

/// Lambda-style headings: the `<a name>` anchor is the id, and `**Error:** *…*` the message.
#[test]
fn lambda_style_anchor_is_the_id_and_error_lead_is_the_message() {
    let book = BookTest::empty("shape-lambda");
    book.file("content/en/functions.md", LAMBDA);
    let records = records(&book);
    assert_eq!(titles(&records), ["Function times out on cold start", "Function cannot reach the database"]);
    let timeout = record(&records, "Function times out on cold start");
    assert_eq!(timeout["id"], "cold-start-timeout");
    assert!(
        messages(timeout).contains(&"TaskTimeoutException: function exceeded 3.00 seconds"),
        "{:?}",
        messages(timeout)
    );
    let database = record(&records, "Function cannot reach the database");
    assert_eq!(database["id"], "db-unreachable");
    assert!(
        messages(database).contains(&"DatabaseConnectionError: connect ECONNREFUSED 10.0.0.5:5432"),
        "{:?}",
        messages(database)
    );
    for r in &records {
        for m in messages(r) {
            assert!(!m.contains('*'), "emphasis marks kept in {m:?}");
        }
        assert!(!cause_titles(r).is_empty() && !fixes(r).is_empty(), "labelled cause and fix: {r:#}");
    }
}

/// Kramdown `{: #id}` and attribute `{#id}` heading ids: the entries' ids, gone from titles.
#[test]
fn kramdown_and_attribute_heading_ids_are_entry_ids() {
    let book = BookTest::empty("shape-heading-ids");
    book.file(
        "content/en/cache.md",
        "# Cache notes\n\n## Cache server refuses connections {: #cache-refused}\n\n> CacheError: connection refused by 127.0.0.1:6380\n\n## Cache fills up {#cache-full}\n\n> CacheError: maximum memory exceeded\n",
    );
    let records = records(&book);
    assert_eq!(titles(&records), ["Cache server refuses connections", "Cache fills up"]);
    assert_eq!(record(&records, "Cache server refuses connections")["id"], "cache-refused");
    assert_eq!(record(&records, "Cache fills up")["id"], "cache-full");
}

const LINKS: &str = "# Sprocket guide\n\n## Sprocket sync fails\n\n### Error Message\n\n> SprocketError: sync failed\n\n### Solution\n\nRead [the sync guide](/docs/x/) and [the old notes](../../outside.md).\n\nCompare with [the gadget page](other.md).\n\n![Sync screen](img/shot.png)\n\n![Secret](../../secret.png)\n";

/// Links: site-root and escaping links warn (never fail); original-url, documents and images
/// inside the content folder become live links, and nothing outside it is copied.
#[test]
fn links_of_a_page_warn_or_lead_where_they_should() {
    let book = BookTest::empty("shape-links");
    book.file("content/en/sprockets.md", LINKS)
        .file("content/en/other.md", GADGET)
        .file("content/en/img/shot.png", PNG)
        .file("secret.png", PNG)
        .file("outside.md", "# Outside\n");
    let check = book.run(&["check", "--verbose"]);
    assert_eq!(check.code, 0, "links are warnings, never errors:\n{}", check.stderr);
    for expected in [
        "link `/docs/x/`",
        "link `../../outside.md` leads out of the content folder",
        "image `../../secret.png` leads out of the content folder; not copied",
    ] {
        assert!(check.stderr.contains(expected), "{expected:?} not in:\n{}", check.stderr);
    }
    assert!(
        !check.stderr.contains("`other.md`") && !check.stderr.contains("`img/shot.png`"),
        "links that resolve get no warning:\n{}",
        check.stderr
    );

    book.file("book.toml", "[book]\noriginal-url = \"https://docs.example.com\"\n");
    let (run, _) = build(&book);
    assert!(!run.stderr.contains("`/docs/x/`"), "original-url resolves site-root links:\n{}", run.stderr);
    let page = entry_page(&book, "en", "sprocket-sync-fails");
    assert!(page.contains(r#"href="https://docs.example.com/docs/x/""#), "{page}");
    let to_other = Regex::new(r#"<a href="(?:\.\./)+[^"]*other/""#).unwrap();
    assert!(to_other.is_match(&page), "relative link to other.md:\n{page}");
    assert!(book.out().join("en/docs/other/index.html").is_file());
    assert!(!page.contains("outside.md"), "a link out of the content folder is text only:\n{page}");
    assert!(book.out().join("media/en/img/shot.png").is_file(), "the image is copied");
    assert!(Regex::new(r#"<img src="[^"]*media/en/img/shot\.png""#).unwrap().is_match(&page), "{page}");
    assert!(!page.contains("secret.png"), "{page}");
    let leaked: Vec<_> =
        WalkDir::new(book.out()).into_iter().filter_map(Result::ok).filter(|e| e.file_name() == "secret.png").collect();
    assert!(leaked.is_empty(), "a file outside the content folder was copied: {leaked:?}");
}

/// Ids: the same derived id in two documents is made unique with a warning; two explicit
/// anchors that clash are an error.
#[test]
fn ids_derived_twice_are_made_unique_and_explicit_twice_fail() {
    let book = BookTest::empty("shape-ids");
    book.file("content/en/alpha.md", "# Alpha\n\n## Build fails\n\n> AlphaError: compiler crashed\n")
        .file("content/en/beta.md", "# Beta\n\n## Build fails\n\n> BetaError: linker crashed\n");
    let check = book.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("warning: entry id `build-fails` is also used at content/en/alpha.md:3"),
        "{}",
        check.stderr
    );
    let records = records(&book);
    let ids: Vec<&str> =
        records.iter().filter(|r| r["title"] == "Build fails").map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["build-fails", "beta-build-fails"]);

    let explicit = BookTest::empty("shape-ids-explicit");
    explicit
        .file("content/en/alpha.md", "# Alpha\n\n## Build fails {#same}\n\n> AlphaError: compiler crashed\n")
        .file("content/en/beta.md", "# Beta\n\n## Link fails {#same}\n\n> BetaError: linker crashed\n");
    let check = explicit.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("duplicate entry id `same`"), "{}", check.stderr);
}

/// A page with no entry at all: published as a document, named in a warning.
#[test]
fn page_without_entry_is_named_in_a_warning() {
    let book = BookTest::small("shape-no-entry");
    book.file("content/en/about.md", "# About\n\nSome text.\n");
    let check = book.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("content/en/about.md:1:1: warning: no entry found"), "{}", check.stderr);
    assert!(records(&book).iter().all(|r| r["document"] != "about"));
}

const STRUCTURED: &str = "# Widget service\n\n## Widget server refuses to start\n\n### Error Message\n\n```\nwidgetd: fatal: config parse failed at line 3\n```\n\n### Solution\n\n1. Edit the config:\n   - open `widget.yaml`\n   - fix the indentation\n\n   ```yaml\n   spec:\n     replicas: 2\n   ```\n2. Restart it.\n\nSee [other](other.md) for the gadget notes.\n";

/// Structured solution: one ordered list with a nested list and an indented YAML block, and a
/// live link to another document; records.json keeps it as markdown.
#[test]
fn structured_solution_keeps_its_list_code_and_link() {
    let book = BookTest::empty("shape-structured");
    book.file("content/en/widgets.md", STRUCTURED).file("content/en/other.md", GADGET);
    let (_, json) = build(&book);
    let r = record(json["records"].as_array().unwrap(), "Widget server refuses to start");
    let text = r["solutions"][0]["text"].as_str().unwrap();
    for kept in ["1. Edit the config:", "```yaml", "replicas: 2", "2. Restart it.", "(other.md)"] {
        assert!(text.contains(kept), "{kept:?} not in the solution's markdown:\n{text}");
    }

    let page = written_text(&entry_page(&book, "en", "widget-server-refuses-to-start"));
    assert_eq!(page.matches("<ol").count(), 1, "one list of steps, not one per step:\n{page}");
    let start = page.find("<ol>").expect("an <ol> without attributes");
    let list = &page[start..start + page[start..].find("</ol>").unwrap()];
    assert!(list.contains("Edit the config") && list.contains("Restart it."), "both steps in the list:\n{list}");
    assert_eq!(list.matches("<li>").count(), 4, "two steps and the two items nested in the first:\n{list}");
    let nested = Regex::new(r"(?s)<ul>.*?</ul>").unwrap();
    assert_eq!(nested.replace_all(list, "").matches("<li>").count(), 2, "two steps:\n{list}");
    let pre = Regex::new(r#"(?s)<pre data-lang="yaml">(.*?)</pre>"#).unwrap();
    let yaml = pre.captures(list).unwrap_or_else(|| panic!("the YAML block is inside the first step:\n{list}"));
    let yaml = Regex::new(r"<[^>]*>").unwrap().replace_all(&yaml[1], "").into_owned();
    assert!(yaml.contains("spec:\n  replicas: 2"), "indentation kept: {yaml:?}");
    let to_other = Regex::new(r#"<a href="(?:\.\./)+[^"]*other/""#).unwrap();
    assert!(to_other.is_match(&page), "live link to other.md:\n{page}");
}

/// Nested guide: entries are the problem sections at any depth, not their categories.
#[test]
fn nested_guide_entries_are_the_problem_sections_not_their_categories() {
    let book = BookTest::empty("shape-nested");
    book.file(
        "content/en/guide.md",
        "# Guide\n\n## CLI\n\n### `Error: cannot open 'x'`\n\nThe file named on the command line is missing.\n\n### Server stalls\n\nThe server stops answering after an hour.\n\n## Build\n\n### Out of memory issues\n\nThe compiler is killed while linking.\n",
    );
    let records = records(&book);
    let found = titles(&records);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("Error: cannot open 'x'"), "{found:?}");
    assert_eq!(found[1..], ["Server stalls", "Out of memory issues"]);
    assert!(messages(&records[0]).contains(&"Error: cannot open 'x'"), "{:?}", messages(&records[0]));
}

const TOKEN_TABLE: &str = "| Error code | Meaning |\n| --- | --- |\n| `4011` | Token expired. Refresh it. |\n| `4012` | Token revoked. Ask an administrator for a new one. |\n";

const JA_TABLE: &str = "# 同期サービス\n\n## エラー一覧\n\n| No. | エラー メッセージ | 手順 |\n| --- | --- | --- |\n| 1 | `同期トークンが無効です` | **原因:** トークンの有効期限が切れています。 <br> **解決策:** 管理画面でトークンを再発行してください。 |\n";

/// A book with an English code table, a status table and a Japanese message table.
fn table_book(name: &str) -> BookTest {
    let book = BookTest::empty(name);
    book.file("content/en/token.md", format!("# Token service\n\n## Error codes\n\n{TOKEN_TABLE}"))
        .file(
            "content/en/worker.md",
            "# Worker states\n\n## Init container states\n\n| Status | Meaning |\n| --- | --- |\n| `Running` | The worker is running normally. |\n| `Init:Failed` | An init container has failed; check its logs. |\n| `Init:Waiting` | The init container is waiting for its volume. |\n",
        )
        .file("content/ja/sync.md", JA_TABLE);
    book
}

/// Error table: each row is an entry, titled and known by its code, its meaning a cause.
#[test]
fn error_table_rows_are_entries() {
    let book = table_book("shape-table");
    let records = records(&book);
    let token = of_document(&records, "token");
    assert_eq!(titles(token.clone()), ["4011", "4012"]);
    for r in &token {
        assert_eq!(messages(r), [r["title"].as_str().unwrap()]);
        assert!(!cause_titles(r).is_empty(), "{r:#}");
    }
    assert!(cause_titles(token[0])[0].starts_with("Token expired"), "{:?}", cause_titles(token[0]));
}

/// Status table: only the rows that read as errors are entries.
#[test]
fn status_table_keeps_only_error_rows() {
    let book = table_book("shape-table-status");
    let records = records(&book);
    assert_eq!(titles(of_document(&records, "worker")), ["Init:Failed"]);
}

/// Japanese error table: `**原因:** … <br> **解決策:** …` in a cell fills cause and solution.
#[test]
fn error_table_ja_cell_labels_give_cause_and_solution() {
    let book = table_book("shape-table-ja");
    let records = records(&book);
    let row = record(&records, "同期トークンが無効です");
    assert_eq!(row["lang"], "ja");
    assert_eq!(messages(row), ["同期トークンが無効です"]);
    let cause = row["causes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("有効期限"))
        .unwrap_or_else(|| panic!("no cause from the 原因 label: {row:#}"));
    assert!(cause["solution"]["text"].as_str().unwrap().contains("再発行"), "{cause:#}");
}

/// Japanese error table: the row number column ("No.") is not a cause.
#[test]
fn error_table_ja_number_column_is_not_a_cause() {
    let book = BookTest::empty("shape-table-ja-number");
    book.file("content/ja/sync.md", JA_TABLE);
    let records = records(&book);
    let row = record(&records, "同期トークンが無効です");
    assert!(!cause_titles(row).iter().any(|t| t.trim() == "1"), "the row number became a cause: {row:#}");
}

/// Error table under a title that names errors: the rows are still the entries.
#[test]
fn error_table_rows_are_entries_under_a_problem_title() {
    let book = BookTest::empty("shape-table-titled");
    book.file("content/en/token-errors.md", format!("# Token API errors\n\n## Error codes\n\n{TOKEN_TABLE}"));
    let records = records(&book);
    assert_eq!(titles(&records), ["4011", "4012"], "the title swallowed the table");
}

const ONE_ERROR: &str = r#"---
title: 'FooError: "x" is not a widget'
---

## Message

```
FooError: "x" is not a widget
FooError: widget expected, got "x"
```

## What it means

The value passed to `render()` is not a widget.

## Examples

### A typo

```js
rendr(x);
```

### Wrong object

```js
render({});
```

## See also

- [Widgets](https://widgets.example/guide)
"#;

/// One-error page (MDN style): one record titled by the page, its examples the causes.
#[test]
fn one_error_page_is_one_record_with_its_examples_as_causes() {
    // The explanation under a part's name, or under a heading of the page's own ("What went
    // wrong?", read by the page's structure: its cases are grouped under Examples).
    for explanation in ["What it means", "What went wrong?"] {
        let book = BookTest::empty("shape-one-error");
        book.file("content/en/not-a-widget.md", ONE_ERROR.replace("## What it means", &format!("## {explanation}")));
        let records = records(&book);
        assert_eq!(titles(&records), ["FooError: \"x\" is not a widget"]);
        let r = &records[0];
        assert!(messages(r).iter().any(|m| m.contains("FooError: \"x\" is not a widget")), "{:?}", messages(r));
        assert_eq!(cause_titles(r), ["A typo", "Wrong object"], "{explanation:?} is the meaning, not a cause");
        assert!(r["summary"].as_str().unwrap().contains("render()"), "{r:#}");
    }
}

/// Unlabelled entries: prose cues ("This happens when", が原因です; "To fix this", ください)
/// give a cause and a fix, in English and Japanese.
#[test]
fn unlabelled_entry_prose_cues_give_cause_and_solution() {
    let book = BookTest::empty("shape-cues");
    book.file(
        "content/en/deploy.md",
        "# Deploy notes\n\n## Deploy hangs\n\nThis happens when the lock file is stale.\n\nTo fix this, delete the lock file.\n",
    )
    .file(
        "content/ja/sync.md",
        "# 同期メモ\n\n## 同期が失敗する\n\n証明書が古いことが原因です。\n\n証明書を更新してください。\n",
    );
    let records = records(&book);
    let hangs = record(&records, "Deploy hangs");
    assert!(cause_titles(hangs).iter().any(|t| t.contains("lock file is stale")), "{hangs:#}");
    assert!(!cause_titles(hangs).iter().any(|t| t.contains("delete")), "the fix is not a cause: {hangs:#}");
    assert!(fixes(hangs).iter().any(|f| f.contains("delete the lock file")), "{hangs:#}");
    let ja = record(&records, "同期が失敗する");
    assert!(cause_titles(ja).iter().any(|t| t.contains("証明書が古い")), "{ja:#}");
    assert!(!cause_titles(ja).iter().any(|t| t.contains("更新")), "the fix is not a cause: {ja:#}");
    assert!(fixes(ja).iter().any(|f| f.contains("証明書を更新")), "{ja:#}");
}

/// Cued code blocks: after "you may see an error like:" (次のエラーが表示されます:) a block
/// is the message, not a command; after "You should see output similar to:" it is no message.
#[test]
fn cued_code_blocks_are_messages_and_expected_output_is_not() {
    let book = BookTest::empty("shape-cued-code");
    book.file(
        "content/en/storage.md",
        "# Storage notes\n\n## Uploads stop at midnight\n\nWhen the quota runs out, uploads stop and you may see an error like:\n\n```\nE42: disk quota exceeded\n```\n\nTo fix this, raise the quota.\n\n## Mount fails after reboot\n\nRun `mount -a` to remount the volume. You should see output similar to:\n\n```\n/dev/sdb1 mounted on /data, 0 errors\n```\n",
    )
    .file(
        "content/ja/storage.md",
        "# ストレージ\n\n## アップロードが止まる\n\n容量が不足すると、次のエラーが表示されます:\n\n```\nE43: クォータを超過しました\n```\n\n容量を増やしてください。\n",
    );
    let records = records(&book);
    let quota = record(&records, "Uploads stop at midnight");
    assert!(messages(quota).contains(&"E42: disk quota exceeded"), "{:?}", messages(quota));
    assert!(!code_blocks(quota).iter().any(|c| c.contains("E42")), "the message is not also a command: {quota:#}");
    let mount = record(&records, "Mount fails after reboot");
    assert!(every_message(mount).iter().all(|m| !m.contains("/dev/sdb1")), "output became a message: {mount:#}");
    assert!(code_blocks(mount).iter().any(|c| c.contains("/dev/sdb1")), "output stays a code block: {mount:#}");
    let ja = record(&records, "アップロードが止まる");
    assert!(messages(ja).contains(&"E43: クォータを超過しました"), "{:?}", messages(ja));
    assert!(!code_blocks(ja).iter().any(|c| c.contains("E43")), "the message is not also a command: {ja:#}");
}

/// Procedure and reference sections ("Checking the logs", "See also", 関連情報, ログを確認する)
/// are never entries, in English and Japanese.
#[test]
fn procedure_and_reference_sections_are_not_entries() {
    let book = BookTest::empty("shape-procedures");
    book.file(
        "content/en/queue.md",
        "# Queue troubleshooting\n\n## Checking the logs\n\nRun `queuectl logs --since 1h` to read recent logs.\n\n## Queue consumer crashes\n\n> QueueError: consumer exited with code 137\n\n## Messages are delivered twice\n\n> DuplicateDeliveryError: message 42 was already acknowledged\n\n## See also\n\n- [Queue reference](https://queue.example/reference)\n",
    )
    .file(
        "content/ja/queue.md",
        "# キューのトラブルシューティング\n\n## 配信\n\n### メッセージが届かない\n\n> 配信エラー: 宛先が見つかりません\n\n### ログを確認する\n\n`queuectl logs` を実行します。\n\n## 関連情報\n\n- [キューのリファレンス](https://queue.example/ja/reference)\n",
    );
    let records = records(&book);
    let en = titles(records.iter().filter(|r| r["lang"] == "en"));
    assert_eq!(en, ["Queue consumer crashes", "Messages are delivered twice"]);
    let ja = titles(records.iter().filter(|r| r["lang"] == "ja"));
    assert_eq!(ja, ["メッセージが届かない"]);
}
