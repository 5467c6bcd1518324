//! Layouts of troubleshooting pages whose entries are not headings, and code blocks whose fence
//! says nothing of what they hold. Each fixture is a small page written for the test, in
//! English and in Japanese; each test checks the records a reader would expect.

use serde_json::Value;

use crate::BookTest;
use crate::shapes::{cause_titles, messages, record, records, titles};

/// Every command of the record, wherever it is filed.
fn commands(r: &Value) -> Vec<String> {
    let mut all = Vec::new();
    let mut walk =
        |v: &Value| all.extend(v["commands"].as_array().into_iter().flatten().map(|c| c["code"].to_string()));
    walk(r);
    for c in r["causes"].as_array().unwrap() {
        walk(c);
        walk(&c["solution"]);
    }
    for s in r["solutions"].as_array().unwrap() {
        walk(s);
    }
    all
}

const BOLD_TERMS: &str = "# Fixing the uploader\n\nProblems people meet with the uploader.\n\n\
**The uploader stops with `quota exceeded` after a few files**  \n\
Your account has used its storage.\n\n```\nUploadError: quota exceeded for bucket photos\n```\n\n\
To fix this, delete old files or ask for more space.\n\n**Note**  \nQuotas reset monthly.\n\n\
**My uploads never finish on a slow network**\n\nThe uploader gives up after 30 seconds. Raise `--timeout`.\n";

/// Bold sentences side by side are the page's entries; a one-word bold note is not.
#[test]
fn bold_term_lines_are_entries() {
    let book = BookTest::empty("layout-bold-terms");
    book.file("content/en/uploader.md", BOLD_TERMS);
    let records = records(&book);
    assert_eq!(
        titles(&records),
        ["The uploader stops with quota exceeded after a few files", "My uploads never finish on a slow network"]
    );
    let quota = record(&records, "The uploader stops with quota exceeded after a few files");
    assert!(messages(quota).contains(&"UploadError: quota exceeded for bucket photos"), "{quota:#}");
    assert!(!commands(quota).iter().any(|c| c.contains("UploadError")), "output filed as a command: {quota:#}");
}

const TERM_LINES: &str = "# Mailer errors\n\nThe mailer reports these.\n\nConnection refused by relay  \n\
The relay host did not accept the connection. Check that port 587 is open.\n\n\
Message rejected as spam  \nThe relay scored the message as spam. Remove large attachments.\n";

/// Short lines ending in a hard break, each with its definition below.
#[test]
fn hard_break_term_lines_are_entries() {
    let book = BookTest::empty("layout-term-lines");
    book.file("content/en/mailer.md", TERM_LINES);
    let records = records(&book);
    assert_eq!(titles(&records), ["Connection refused by relay", "Message rejected as spam"]);
    assert_eq!(record(&records, "Message rejected as spam")["source"]["line"], 8);
}

const DEFINITIONS_JA: &str = "# よくある質問\n\nビルドで困ったときに。\n\n\
ビルドが途中で止まるのはなぜですか？\n: メモリが足りないと次のエラーで止まります。\n\n  ```\n  fatal: out of memory while linking\n  ```\n\n\
ページが公開されないのはなぜですか？\n: 下書きのままになっていないか確認してください。\n";

/// A definition list's terms are entries, in Japanese as in English.
#[test]
fn definition_list_terms_are_entries() {
    let book = BookTest::empty("layout-definitions");
    book.file("content/ja/faq.md", DEFINITIONS_JA);
    let records = records(&book);
    assert_eq!(titles(&records), ["ビルドが途中で止まるのはなぜですか？", "ページが公開されないのはなぜですか？"]);
    let stops = record(&records, "ビルドが途中で止まるのはなぜですか？");
    assert!(messages(stops).contains(&"fatal: out of memory while linking"), "{stops:#}");
}

const CONSOLE: &str = "# Queue troubleshooting\n\n## Workers cannot reach the queue\n\n\
```console\n$ queuectl status --host q1\nqueuectl: error: dial tcp 10.0.0.5:5672: connect: connection refused\n```\n\n\
Start the broker with `systemctl start broker`.\n\n## The broker will not start\n\n\
```shell\nbroker: FATAL: cannot open /var/lib/broker/lock: permission denied\n```\n\n\
Give the broker user the data folder:\n\n```bash\nsudo chown -R broker /var/lib/broker\n```\n";

/// Whatever the fence says, a prompt makes a command and error output makes a message; a block
/// of both is split.
#[test]
fn code_blocks_are_read_line_by_line() {
    let book = BookTest::empty("layout-console");
    book.file("content/en/queue.md", CONSOLE);
    let records = records(&book);
    let reach = record(&records, "Workers cannot reach the queue");
    assert!(
        messages(reach).contains(&"queuectl: error: dial tcp 10.0.0.5:5672: connect: connection refused"),
        "{reach:#}"
    );
    assert_eq!(commands(reach), ["\"$ queuectl status --host q1\\n\""]);
    let start = record(&records, "The broker will not start");
    assert!(messages(start).contains(&"broker: FATAL: cannot open /var/lib/broker/lock: permission denied"));
    assert_eq!(commands(start), ["\"sudo chown -R broker /var/lib/broker\\n\""]);
}

const LEAD_IN: &str = "# Agent\n\n## Agent cannot connect to the server\n\n```\nagent: connection to server timed out\n```\n\n\
This error may mean:\n\n- The server is down. Start it again.\n- A firewall blocks port 8443.\n- The agent has the wrong address in its settings.\n";

/// A sentence that leads in to a list, before anything says what to do: one cause an item.
#[test]
fn a_lead_in_list_is_that_many_causes() {
    let book = BookTest::empty("layout-lead-in");
    book.file("content/en/agent.md", LEAD_IN);
    let records = records(&book);
    let r = record(&records, "Agent cannot connect to the server");
    assert_eq!(
        cause_titles(r),
        ["The server is down.", "A firewall blocks port 8443.", "The agent has the wrong address in its settings."]
    );
}

/// Hugo's TOML and JSON front matter read like YAML; a broken one is an error at its line.
#[test]
fn toml_and_json_front_matter_are_read() {
    let book = BookTest::empty("layout-front-matter");
    book.file(
        "content/en/a.md",
        "+++\ntitle = \"Cache errors\"\ntags = [\"cache\"]\n+++\n\n## Cache fails to load\n\nText.\n",
    );
    book.file("content/en/b.md", "{\n  \"title\": \"Disk errors\"\n}\n\n## Disk writes fail\n\nText.\n");
    let run = book.run(&["records", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(titles(&json), ["Cache fails to load", "Disk writes fail"]);

    book.file("content/en/c.md", "+++\ntitle = \"x\"\ntags = [unclosed\n+++\n\nText.\n");
    let run = book.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/en/c.md:3:"), "{}", run.stderr);
}

const CODE_LIST: &str = "# Certificate troubleshooting\n\n## Errors clients report\n\n\
1. `tls: failed to verify certificate: x509: certificate has expired`\n\n   The server's certificate is out of date. Renew it.\n\n\
1. `remote error: tls: unknown certificate authority`\n\n   The client does not trust the CA. Add the CA to the client's trust store.\n";

/// A numbered list whose items are each a message in inline code: one entry an item, found by
/// its message.
#[test]
fn a_list_of_coded_messages_is_a_list_of_entries() {
    let book = BookTest::empty("layout-code-list");
    book.file("content/en/certs.md", CODE_LIST);
    let records = records(&book);
    let expected = "remote error: tls: unknown certificate authority";
    assert_eq!(titles(&records), ["tls: failed to verify certificate: x509: certificate has expired", expected]);
    assert!(messages(record(&records, expected)).contains(&expected));
    assert_eq!(book.run(&["build"]).code, 0);
    let run = book.run(&["search", "--json", "--limit", "1", "x509: certificate has expired"]);
    assert!(run.stdout.contains("certificate has expired"), "{}", run.stdout);
}

const SAME_SHAPE_JA: &str = "# Podのデバッグ\n\n## 問題の調べ方\n\n\
### Podがクラッシュする\n\nログを確認します。\n\n### PodがPendingのまま\n\nリソースが足りません。\n\n\
### Podがwaitingのまま\n\nイメージを取得できません。\n\n### ノードの一覧\n\n説明。\n\n### 使い方\n\n説明。\n";

/// Siblings written in the same shape as an entry are entries, though their words name no
/// problem; siblings of another shape are not.
#[test]
fn siblings_in_the_shape_of_an_entry_are_entries() {
    let book = BookTest::empty("layout-same-shape");
    book.file("content/ja/pods.md", SAME_SHAPE_JA);
    let records = records(&book);
    assert_eq!(titles(&records), ["Podがクラッシュする", "PodがPendingのまま", "Podがwaitingのまま"]);
}

const CHECKLIST: &str = "# The client cannot reach the cluster\n\n## Before you begin\n\nInstall the client.\n\n\
## Verify the client configuration\n\nRun `client config view`.\n\n## Check the network path\n\nPing the gateway.\n\n\
## Certificate problems\n\nThe server certificate may have expired.\n";

/// A checklist page: its checks beside its problems are entries; the set-up section is not.
#[test]
fn a_checklists_checks_are_entries() {
    let book = BookTest::empty("layout-checklist");
    book.file("content/en/client.md", CHECKLIST);
    let records = records(&book);
    assert_eq!(titles(&records), ["Verify the client configuration", "Check the network path", "Certificate problems"]);
}

/// A page made of a problem's parts (Symptoms, Cause, Resolution) is one entry, titled by the
/// page, whatever the title's words.
#[test]
fn a_page_of_parts_is_one_entry() {
    let book = BookTest::empty("layout-parts-page");
    book.file(
        "content/en/plugin.md",
        "---\ntitle: The linter does not load its plugin\n---\n\n## Symptoms\n\nRunning the linter, you may see this error:\n\n```text\nLinter could not load plugin \"x\".\n```\n\n\
         ## Cause\n\nThe plugin is installed in another folder.\n\n## Resolution\n\nInstall the plugin beside the linter.\n",
    );
    let records = records(&book);
    assert_eq!(titles(&records), ["The linter does not load its plugin"]);
    assert!(messages(&records[0]).contains(&"Linter could not load plugin \"x\""), "{:#}", records[0]);
}

/// A page titled by an error code: the code is what a log carries, so it is the message, and
/// a log line holding it finds the page.
#[test]
fn an_error_code_title_is_the_message() {
    let book = BookTest::empty("layout-error-code");
    book.file(
        "content/ja/e4711.md",
        "# ツールエラー E4711\n\n設定ファイルが見つからないときに出ます。\n\n## 設定ファイルの場所が違う\n\n説明。\n\n## 権限がない\n\n説明。\n",
    );
    let records = records(&book);
    assert_eq!(titles(&records), ["ツールエラー E4711"]);
    assert!(messages(&records[0]).contains(&"E4711"), "{:#}", records[0]);
    assert_eq!(book.run(&["build"]).code, 0);
    let run = book.run(&["search", "--json", "--limit", "1", "build.log:12: error E4711: config not found"]);
    assert!(run.stdout.contains("E4711"), "{}", run.stdout);
}

/// The section that ends a page with where to read next is no entry, whatever its heading;
/// an entry whose answer is a link, in the middle of the page, stays one.
#[test]
fn a_closing_section_of_links_is_not_an_entry() {
    let book = BookTest::empty("layout-closing-links");
    book.file(
        "content/ja/sync.md",
        "# 同期のトラブル\n\n## 同期が失敗する\n\n[同期の設定](https://example.com/sync)を見直してください。\n\n\
         ## 接続がタイムアウトする\n\nネットワークを確認します。\n\n## さらに読む\n\n- [同期の仕組み](https://example.com/a)\n- [ネットワーク設定](https://example.com/b)\n",
    );
    assert_eq!(titles(&records(&book)), ["同期が失敗する", "接続がタイムアウトする"]);
}

/// An unlabelled entry whose first paragraph says why, then what to do: one cause, with that
/// fix as its solution, in Japanese as in English.
#[test]
fn the_sentence_before_a_fix_is_its_cause() {
    let book = BookTest::empty("layout-cause-then-fix");
    book.file(
        "content/en/a.md",
        "# Mail\n\n## Sending fails\n\nThe relay refuses unauthenticated clients. Set `smtp_user` and try again.\n",
    );
    book.file(
        "content/ja/a.md",
        "# メール\n\n## 送信できない\n\nAPIに接続できないようです。`url:`の設定を確認しましょう。\n",
    );
    let records = records(&book);
    for (title, cause) in [
        ("Sending fails", "The relay refuses unauthenticated clients."),
        ("送信できない", "APIに接続できないようです。"),
    ] {
        let r = record(&records, title);
        let causes = r["causes"].as_array().unwrap();
        assert_eq!(causes.len(), 1, "{r:#}");
        assert_eq!(causes[0]["title"], cause);
        assert!(!causes[0]["solution"]["text"].as_str().unwrap().is_empty(), "{r:#}");
    }
}

/// A line of inline code that prose announces as the error is the message, like a code block.
#[test]
fn announced_inline_code_is_the_message() {
    let book = BookTest::empty("layout-announced-span");
    book.file(
        "content/en/proxy.md",
        "# Proxy\n\n## Key and certificate do not match\n\nAfter a reload, the proxy may display the following error message:\n\n\
         `TLS: error:0A00018F:key values mismatch`\n\nThe key belongs to another certificate.\n",
    );
    let records = records(&book);
    assert!(messages(&records[0]).contains(&"TLS: error:0A00018F:key values mismatch"), "{:#}", records[0]);
}

/// "You may see the following:" and items that each show what a program printed: the printed
/// lines are the messages, the items are no causes, and the tool paths stay commands.
#[test]
fn a_list_of_observations_is_not_a_list_of_causes() {
    let book = BookTest::empty("layout-observations");
    book.file(
        "content/en/certs.md",
        "# Certificates\n\n## Clients reject the private CA\n\nAfter switching to a private CA, clients no longer trust the server. You may see the following issues:\n\n\
         - `curl` fails:\n\n  ```shell\n  curl https://git.example.test\n  curl: (60) SSL certificate problem: unable to get local issuer certificate\n  ```\n\n\
         - The worker log contains:\n\n  ```plaintext\n  tls: server sent an unknown certificate authority\n  ```\n\n\
         - Testing by hand works:\n\n  ```shell\n  /opt/tool/bin/openssl s_client -CAfile ca.pem -connect git.example.test:443\n  ```\n\n\
         To fix this, add the CA to `trusted-certs` and restart the service.\n",
    );
    let records = records(&book);
    let r = record(&records, "Clients reject the private CA");
    let found = messages(r);
    assert!(found.contains(&"curl: (60) SSL certificate problem: unable to get local issuer certificate"), "{r:#}");
    assert!(found.contains(&"tls: server sent an unknown certificate authority"), "{r:#}");
    assert!(!found.iter().any(|m| m.contains("openssl")), "{r:#}");
    assert!(commands(r).iter().any(|c| c.contains("/opt/tool/bin/openssl")), "{r:#}");
    assert_eq!(cause_titles(r), ["After switching to a private CA, clients no longer trust the server."], "{r:#}");
}

/// What a Liquid, Hugo or MDX comment hides is not published, so it is no entry either.
#[test]
fn commented_out_sections_are_not_entries() {
    let book = BookTest::empty("layout-comments");
    book.file(
        "content/en/a.md",
        "# Agents\n\n## Agent fails to start\n\nThe port is taken. Free it.\n\n{% comment %}\n## Old agent crashes\n\nRemoved.\n{% endcomment %}\n\n\
         ## Agent cannot connect\n\nThe server is down. Start it.\n\n{/* ## Draft entry fails */}\n",
    );
    assert_eq!(titles(&records(&book)), ["Agent fails to start", "Agent cannot connect"]);
}

/// An FAQ mixes questions about problems with questions about how to do things; only the first
/// are entries, in Japanese as in English.
#[test]
fn how_to_questions_of_an_faq_are_not_entries() {
    let book = BookTest::empty("layout-faq-how-to");
    book.file(
        "content/en/faq.md",
        "# FAQ\n\n## Why is my report empty?\n\nThe filter hides every row. Clear it.\n\n\
         ## Can I export a report as CSV?\n\nYes, use `report export --csv`.\n\n\
         ## Which settings file wins?\n\nThe one in the project folder.\n\n\
         ## Why does the export fail with `disk full`?\n\nThe temporary folder is too small.\n",
    );
    book.file(
        "content/ja/faq.md",
        "# よくある質問\n\n## レポートが空になるのはなぜですか?\n\nフィルターがすべての行を隠しています。\n\n\
         ## レポートを CSV で出力できますか?\n\nはい、`report export --csv` を使います。\n\n\
         ## 出力先はどのように変えるのですか?\n\n設定ファイルで指定します。\n",
    );
    let records = records(&book);
    assert_eq!(
        titles(&records),
        ["Why is my report empty?", "Why does the export fail with disk full?", "レポートが空になるのはなぜですか?"]
    );
}

/// Prose that says why and ends in a list ("Reasons include:") announces that many causes and
/// is none of them; an ordered list after it is one scenario told step by step.
#[test]
fn a_paragraph_that_announces_causes_is_none_of_them() {
    let book = BookTest::empty("layout-reasons-include");
    book.file(
        "content/en/jobs.md",
        "# Jobs\n\n## My job stays queued\n\nA queued job has no runner. Generally this is because no runner matches it. Reasons include:\n\n\
         - **No runner has the label**: add the label to a runner.\n- **Every runner is busy**: wait, or add runners.\n\n\
         ## Retry fails with `no artifact named build`\n\nThis can happen in the following scenario:\n\n\
         1. A job uploads an artifact\n2. The artifact expires\n3. You retry a later job\n\nRun the whole pipeline again.\n",
    );
    let records = records(&book);
    assert_eq!(
        cause_titles(record(&records, "My job stays queued")),
        ["No runner has the label", "Every runner is busy"]
    );
    assert_eq!(
        cause_titles(record(&records, "Retry fails with no artifact named build")),
        ["This can happen in the following scenario:"]
    );
}

/// A procedure that an entry above points to (a list item naming it, a link to its anchor) is
/// that entry's fix, not a check of its own.
#[test]
fn a_procedure_an_entry_points_to_is_its_fix() {
    let book = BookTest::empty("layout-pointed-fixes");
    book.file(
        "content/en/agent.md",
        "# Agent\n\n## Networking\n\n### Agent cannot resolve hosts\n\nThe local cache answers for itself. You have two choices:\n\n\
         - Use a public resolver.\n- Turn off the local cache.\n\n### Use a public resolver\n\nSet `dns` in the settings.\n\n\
         ### Turn off the local cache\n\nStop the cache service.\n\n### Agent loses its routes\n\n\
         Another tool rewrites the interfaces. See [the fix](#prevent-route-loss-across-restarts).\n\n\
         ### Prevent route loss across restarts\n\nMark the interfaces as unmanaged.\n",
    );
    assert_eq!(titles(&records(&book)), ["Agent cannot resolve hosts", "Agent loses its routes"]);
}

/// A procedure that names problems only as a class ("Debug exceptions", エラーを確認する) is
/// still a procedure; one that names a problem of its own stays an entry.
#[test]
fn procedures_about_errors_in_general_are_not_entries() {
    let book = BookTest::empty("layout-generic-procedures");
    book.file(
        "content/en/a.md",
        "# Worker\n\n## Worker fails to start\n\nThe port is taken. Free it.\n\n## Worker cannot reach the queue\n\nThe queue is down. Start it.\n\n\
         ## Debug exceptions\n\nRun `worker tail` to see them.\n\n## Running the worker on Windows fails\n\nPaths are too long. Enable long paths.\n",
    );
    book.file(
        "content/ja/a.md",
        "# ワーカー\n\n## ワーカーが起動しない\n\nポートが使われています。\n\n## キューに接続できない\n\nキューが止まっています。\n\n\
         ## エラーログを確認する\n\n`worker tail` を実行します。\n",
    );
    assert_eq!(
        titles(&records(&book)),
        [
            "Worker fails to start",
            "Worker cannot reach the queue",
            "Running the worker on Windows fails",
            "ワーカーが起動しない",
            "キューに接続できない"
        ]
    );
}

/// Term lines or a list after "The possible causes are:" are the causes of the entry above
/// them, not entries of their own.
#[test]
fn terms_after_a_lead_in_to_causes_are_causes() {
    let book = BookTest::empty("layout-term-causes");
    book.file(
        "content/en/sched.md",
        "# Scheduler events\n\n## scheduler could not place the job\n\nThe scheduler sends this event when no host fits. The possible causes are:\n\n\
         No hosts registered  \nRegister a host with the cluster.\n\nToo many ports requested  \nA host offers at most 100 ports. Use dynamic ports.\n\n\
         Host missing a required attribute  \nInstall the agent version the job needs.\n\n## scheduler is throttled\n\nWait and retry.\n",
    );
    book.file(
        "content/ja/sched.md",
        "# スケジューラ\n\n## ジョブを配置できない\n\n空いているホストがありません。主な原因は次のとおりです:\n\n- ホストが登録されていない\n- メモリが足りない\n",
    );
    let records = records(&book);
    assert_eq!(
        titles(&records),
        ["scheduler could not place the job", "scheduler is throttled", "ジョブを配置できない"]
    );
    assert_eq!(
        cause_titles(record(&records, "scheduler could not place the job")),
        ["No hosts registered", "Too many ports requested", "Host missing a required attribute"]
    );
    assert_eq!(
        cause_titles(record(&records, "ジョブを配置できない")),
        ["ホストが登録されていない", "メモリが足りない"]
    );
}

/// A list whose items each name an API call and then hold term lines, several to an item (the
/// status the call returns and what it means): each term is an entry, its status the message.
#[test]
fn term_lines_inside_list_items_are_entries() {
    let book = BookTest::empty("layout-item-terms");
    book.file(
        "content/en/failures.md",
        "# API failures\n\nCalls may return a `failures` list.\n\
         + `ListQueues`  \n`MISSING` (queue ID)  \nThe queue was not found. The name may be misspelled.\n\
         + `SendMessage`  \n`QUOTA` (queue ID)  \nThe queue holds too many messages. Delete some.  \n\
         `INACTIVE` (queue ID)  \nThe queue was deleted and cannot be used.\n",
    );
    let records = records(&book);
    assert_eq!(titles(&records), ["MISSING (queue ID)", "QUOTA (queue ID)", "INACTIVE (queue ID)"]);
    assert!(messages(record(&records, "QUOTA (queue ID)")).contains(&"QUOTA"), "{records:#?}");
    assert_eq!(book.run(&["build"]).code, 0);
    let run = book.run(&["search", "--json", "--limit", "1", "failures: [{reason: INACTIVE, arn: queue/7}]"]);
    assert!(run.stdout.contains("INACTIVE (queue ID)"), "{}", run.stdout);
}

/// A page that opens with "consider the following possible causes." and lists them as term
/// lines is one entry with those causes; an error written after them is an entry of its own.
#[test]
fn a_page_of_causes_then_an_error_of_its_own() {
    let book = BookTest::empty("layout-page-causes");
    book.file(
        "content/en/balancer.md",
        "# Troubleshooting the balancer\n\nBalancer settings often stop tasks. If tasks stop, consider the following possible causes.\n\n\
         Role for the balancer does not exist  \nCreate the role in your account.\n\n\
         Security group closed  \nOpen port 80 to the balancer.\n\n\
         Unable to update the pool: port changed  \nThe port of a pool cannot change. Create a new pool.\n",
    );
    let records = records(&book);
    assert_eq!(titles(&records), ["Troubleshooting the balancer", "Unable to update the pool: port changed"]);
    assert_eq!(
        cause_titles(record(&records, "Troubleshooting the balancer")),
        ["Role for the balancer does not exist", "Security group closed"]
    );
}

/// Under a heading that quotes a message, a list of coded lines explains the message's parts;
/// under a category heading the same list is a list of errors.
#[test]
fn coded_lines_under_a_message_are_its_parts() {
    let book = BookTest::empty("layout-message-parts");
    book.file(
        "content/en/sync.md",
        "# Sync\n\n## How do I fix `order in list: [ ... ] does not match list: [ ... ]`?\n\nThe message has two parts:\n\n\
         1. `order in list: [`\n\n   The values that repeat.\n\n2. `does not match list: [`\n\n   Every key.\n\nRemove the repeated keys.\n\n\
         ## Errors\n\n1. `lock file is stale: remove it`\n\n   Another run crashed.\n\n2. `remote hung up: unexpected EOF`\n\n   The network dropped.\n",
    );
    assert_eq!(
        titles(&records(&book)),
        [
            "How do I fix order in list: [ ... ] does not match list: [ ... ]?",
            "lock file is stale: remove it",
            "remote hung up: unexpected EOF"
        ]
    );
}

/// A one-error reference page (Message, Error type, What went wrong?, Examples with a
/// sub-section a case): the cases are its causes, the other sections explain the error.
#[test]
fn an_error_reference_page_counts_its_example_cases() {
    let book = BookTest::empty("layout-error-reference");
    book.file(
        "content/en/not-iterable.md",
        "---\ntitle: 'TypeError: \"x\" is not iterable'\n---\n\nThe exception occurs when a value that is not iterable is spread.\n\n\
         ## Message\n\n```\nTypeError: \"x\" is not iterable\n```\n\n## Error type\n\nTypeError\n\n## What went wrong?\n\n\
         The value given to a loop is not iterable.\n\n## Examples\n\n### Looping over an object\n\nObjects are not iterable. Use `Object.entries()`.\n\n\
         ### Spreading a number\n\nNumbers are not iterable. Wrap the number in an array.\n\n## See also\n\n- [Iteration](https://example.com)\n",
    );
    book.file(
        "content/ja/not-iterable.md",
        "---\ntitle: 'TypeError: \"x\" is not iterable'\n---\n\n反復可能でない値を展開したときに発生します。\n\n\
         ## エラーメッセージ\n\n```\nTypeError: \"x\" is not iterable\n```\n\n## エラーの種類\n\nTypeError\n\n## エラーの原因\n\nループに渡した値が反復可能ではありません。\n\n\
         ## 例\n\n### オブジェクトをループする\n\nオブジェクトは反復可能ではありません。\n\n### 数値を展開する\n\n数値は反復可能ではありません。\n\n## 関連情報\n\n- [反復処理](https://example.com)\n",
    );
    let records = records(&book);
    assert_eq!(records.len(), 2);
    assert_eq!(cause_titles(&records[0]), ["Looping over an object", "Spreading a number"]);
    assert_eq!(cause_titles(&records[1]), ["オブジェクトをループする", "数値を展開する"]);
}

/// A list that names the causes, then a sub-heading for each: the sub-headings tell those
/// causes at length, and the lists inside them are not more causes.
#[test]
fn sub_headings_that_repeat_listed_causes_continue_them() {
    let book = BookTest::empty("layout-causes-at-length");
    book.file(
        "content/en/chunks.md",
        "# Loading\n\n## `Failed to load chunk` error\n\nThis error occurs in several cases:\n\n- Stale deployment\n- Flaky network\n\n\
         ### Stale deployment\n\nOld pages ask for removed files. This happens when:\n\n1. A user keeps a tab open\n2. You deploy again\n\n\
         To resolve this, keep old files for a day.\n\n### Flaky network\n\nRequests fail on poor connections.\n",
    );
    let records = records(&book);
    let r = record(&records, "Failed to load chunk error");
    assert_eq!(cause_titles(r), ["Stale deployment", "Flaky network"]);
    assert!(r["causes"][0]["solution"]["text"].as_str().unwrap().contains("keep old files"), "{r:#}");
}

/// Paragraphs that each open with a case and say what to do in it ("If …, make sure …",
/// 〜場合は、…) are that many causes, each with its fix.
#[test]
fn each_case_with_its_fix_is_a_cause() {
    let book = BookTest::empty("layout-cases");
    book.file(
        "content/en/auth.md",
        "# Client\n\n## Authentication and authorization\n\nIf the client returns an error about the token, validate the token and the issuer address.\n\n\
         If the client returns an error about permissions, make sure that your user may read the resource.\n",
    );
    book.file(
        "content/ja/auth.md",
        "# クライアント\n\n## 認証できない\n\nトークンに関するエラーが返される場合は、トークンを確認してください。\n\n\
         権限に関するエラーが返される場合は、ユーザーの権限を確認してください。\n",
    );
    let records = records(&book);
    assert_eq!(
        cause_titles(record(&records, "Authentication and authorization")),
        ["If the client returns an error about the token", "If the client returns an error about permissions"]
    );
    assert_eq!(
        cause_titles(record(&records, "認証できない")),
        ["トークンに関するエラーが返される場合は", "権限に関するエラーが返される場合は"]
    );
    for r in &records {
        assert!(
            r["causes"].as_array().unwrap().iter().all(|c| !c["solution"]["text"].as_str().unwrap().is_empty()),
            "{r:#}"
        );
    }
}

// A cause opened by a paragraph after the code a lead-in pointed at was filed at line 0.
#[test]
fn a_cause_opened_by_text_is_placed_on_its_line() {
    let book = BookTest::empty("layout-cause-line");
    book.file(
        "content/en/widgets.md",
        "# Errors\n\n## Widget.sourceURL (<no value>) has no scheme\n\n\
         Likely caused by a widget with two origins:\n\n```yaml\norigins:\n- url: https://a.example\n- url: https://b.example\n```\n\n\
         The default template reads one origin only. Name the origin by its index:\n\n```yaml\nurl: \"{{index .origins 0}}\"\n```\n",
    );
    let records = records(&book);
    let causes = records[0]["causes"].as_array().unwrap();
    assert!(!causes.is_empty(), "{records:?}");
    let lines: Vec<u64> = causes.iter().map(|c| c["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [13], "the paragraph's line: {causes:?}");
}
