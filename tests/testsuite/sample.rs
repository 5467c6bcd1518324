//! The sample knowledge base in `content/` compiles to exactly its 22 entries, with their fields.

use std::sync::OnceLock;

use serde_json::Value;

use crate::{BookTest, built_sample, run_on_sample};

/// records.json of the sample, read once for all tests here.
fn records_json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| serde_json::from_slice(&std::fs::read(built_sample().join("records.json")).unwrap()).unwrap())
}

fn records() -> &'static Vec<Value> {
    records_json()["records"].as_array().unwrap()
}

fn record(id: &str) -> &'static Value {
    records().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no record `{id}`"))
}

fn titles_of(document: &str) -> Vec<&'static str> {
    records().iter().filter(|r| r["document"] == document).map(|r| r["title"].as_str().unwrap()).collect()
}

fn messages(r: &Value) -> Vec<&str> {
    r["error_messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect()
}

fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap()).collect()
}

#[test]
fn sample_has_exactly_the_22_entries() {
    assert_eq!(records().len(), 22);
    assert_eq!(records_json()["schema_version"], 1);
    assert_eq!(
        titles_of("ecs-error-catalog"),
        [
            "Task failed ELB health checks",
            "Essential container in task exited",
            "OutOfMemoryError: Container killed due to memory usage",
            "CannotPullContainerError",
            "ResourceInitializationError (Secrets Manager)",
            "Logs show \"Connection refused\"",
            "Task failed to start",
        ]
    );
    assert_eq!(
        titles_of("ecspresso-troubleshooting"),
        [
            "デプロイに失敗する",
            "タスクが起動しない",
            "ロールバックに失敗する",
            "環境変数の問題",
            "\"failed to register task definition\"",
            "\"failed to update service\"",
            "\"timeout waiting for service stable\"",
        ]
    );
    let archivematica: Vec<&str> = records()
        .iter()
        .filter(|r| r["document"] == "archivematica-troubleshooting")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(archivematica, ["timeout_provisioning", "401_lambda", "ecs_ec2_state_issues", "unauthorized_azure"]);
    assert_eq!(
        titles_of("ecr-error-messages"),
        [
            "HTTP 429: Too Many Requests or ThrottleException",
            "HTTP 403: \"User [arn] is not authorized to perform [operation]\"",
            "HTTP 404: \"Repository Does Not Exist\" error",
            "Error: Cannot perform an interactive login from a non TTY device",
        ]
    );
}

#[test]
fn languages_come_from_the_folders() {
    for r in records() {
        let lang = if r["document"] == "ecspresso-troubleshooting" { "ja" } else { "en" };
        assert_eq!(r["lang"], lang, "{}", r["title"]);
    }
}

#[test]
fn ecs_catalog_entries_have_message_meaning_causes_and_steps() {
    for r in records().iter().filter(|r| r["document"] == "ecs-error-catalog") {
        assert!(!messages(r).is_empty(), "{}", r["title"]);
        assert!(!r["summary"].as_str().unwrap().is_empty(), "{}", r["title"]);
        assert!(!r["debugging_steps"].as_array().unwrap().is_empty(), "{}", r["title"]);
        let has_fix = !r["causes"].as_array().unwrap().is_empty() || !r["solutions"].as_array().unwrap().is_empty();
        assert!(has_fix, "{}", r["title"]);
    }
    let elb = record("task-failed-elb-health-checks");
    assert_eq!(elb["source"]["path"], "content/en/ecs-error-catalog.md");
    assert_eq!(elb["source"]["line"], 7);
    assert!(messages(elb)[0].starts_with("Stopped reason: Task failed ELB health checks in (target-group arn:aws:"));
    assert_eq!(
        strings(&elb["causes"], "title"),
        [
            "Health endpoint not implemented",
            "Health endpoint returns 500 error",
            "Port mismatch",
            "Health check timeout",
            "Path mismatch"
        ]
    );
    assert_eq!(elb["causes"][2]["solution"]["text"], "Match ports in FSD YAML and application code.");
    assert_eq!(elb["causes"][0]["solution"]["commands"][0]["lang"], "python");
    assert!(
        elb["causes"][1]["error_messages"]
            .as_array()
            .unwrap()
            .contains(&"sqlite3.OperationalError: no such table: users".into())
    );
    assert_eq!(elb["debugging_steps"][0]["text"], "**Test health endpoint locally:**", "record text is markdown");
    assert_eq!(elb["debugging_steps"][0]["commands"][0]["lang"], "bash");
    assert!(elb["services"].as_array().unwrap().contains(&"Elastic Load Balancing".into()));

    let exited = record("essential-container-in-task-exited");
    assert!(exited["causes"][0]["error_messages"][0].as_str().unwrap().starts_with("ModuleNotFoundError"));

    let secrets = record("resourceinitializationerror-secrets-manager");
    assert!(secrets["causes"].as_array().unwrap().is_empty());
    assert_eq!(secrets["solutions"][0]["commands"].as_array().unwrap().len(), 2);
    assert!(messages(secrets)[0].contains("AccessDeniedException"));
    assert!(secrets["services"].as_array().unwrap().contains(&"Secrets Manager".into()));

    let refused = record("logs-show-connection-refused");
    assert!(
        messages(refused)[0].contains("[Errno 111] Connection refused"),
        "message block under a heading with a note"
    );
}

#[test]
fn summary_section_is_not_an_entry_but_guidance() {
    let doc = records_json()["documents"].as_array().unwrap().iter().find(|d| d["id"] == "ecs-error-catalog").unwrap();
    let headings = strings(&doc["guidance"], "heading");
    assert!(headings.contains(&"Summary"), "{headings:?}");
}

#[test]
fn ecspresso_entries_have_symptoms_causes_and_solutions() {
    let deploy = record("デプロイに失敗する");
    assert_eq!(deploy["symptom"], "`ecspresso deploy` コマンドが失敗する");
    assert_eq!(
        strings(&deploy["causes"], "title"),
        ["タスク定義の問題", "サービス定義の問題", "AWS権限の問題", "リソース制限"]
    );
    assert_eq!(deploy["causes"][0]["explanation"], "- コンテナ定義が正しくない\n- リソース制限（CPU/メモリ）が不適切");
    assert_eq!(deploy["causes"][0]["solution"]["text"], "`ecspresso verify` を実行して問題を特定");
    assert!(deploy["services"].as_array().unwrap().contains(&"ecspresso".into()));

    let register = record("failed-to-register-task-definition");
    assert_eq!(messages(register), ["failed to register task definition"]);
    assert_eq!(register["causes"][0]["title"], "タスク定義の登録に失敗しました。");
    assert!(register["causes"][0]["solution"]["text"].as_str().unwrap().starts_with("1. タスク定義の内容を確認"));
    assert_eq!(messages(record("timeout-waiting-for-service-stable")), ["timeout waiting for service stable"]);
}

#[test]
fn ecspresso_general_guidance_stays_with_the_document() {
    let doc = records_json()["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "ecspresso-troubleshooting")
        .unwrap();
    assert_eq!(doc["lang"], "ja");
    assert_eq!(doc["front_matter"]["layout"], "default");
    assert_eq!(doc["front_matter"]["nav_order"], 6);
    let guidance = doc["guidance"].as_array().unwrap();
    let flow = guidance.iter().find(|g| g["heading"] == "トラブルシューティングフロー").unwrap();
    assert!(flow["diagrams"][0]["source"].as_str().unwrap().starts_with("graph TD"));
    let debug: Vec<&str> = guidance
        .iter()
        .flat_map(|g| g["commands"].as_array().into_iter().flatten())
        .map(|c| c["code"].as_str().unwrap().trim())
        .collect();
    assert_eq!(
        debug,
        ["$ ecspresso deploy --debug", "$ ecspresso deploy --dry-run", "$ ecspresso diff", "$ ecspresso verify"]
    );
}

#[test]
fn archivematica_html_headings_give_anchors_and_quoted_messages() {
    assert_eq!(messages(record("401_lambda")), ["Response: <Response [401]>"]);
    assert_eq!(
        messages(record("ecs_ec2_state_issues")),
        ["CannotPullContainerError: Error response from daemon: pull access denied"]
    );
    assert!(
        messages(record("unauthorized_azure"))[0].starts_with("HTTPError: 401 Client Error: Unauthorized for url:")
    );
    let timeout = record("timeout_provisioning");
    assert_eq!(timeout["title"], "Timeout waiting for network interface provisioning to complete");
    assert_eq!(timeout["source"]["line"], 12);
    assert_eq!(messages(timeout), ["Timeout waiting for network interface provisioning to complete"]);
}

#[test]
fn ecr_plain_text_is_rejoined_and_messages_found() {
    let throttle = record("http-429-too-many-requests-or-throttleexception");
    let found = messages(throttle);
    for expected in
        ["ThrottleException", "TOOMANYREQUESTS: Rate exceeded", "429: Too Many Requests", "Unknown: Rate exceeded"]
    {
        assert!(found.contains(&expected), "{expected} not in {found:?}");
    }
    assert!(
        throttle["summary"].as_str().unwrap().starts_with(
            "You may receive a 429: Too Many Requests error or a ThrottleException error from one or more Amazon ECR commands or API calls."
        ),
        "split lines are one paragraph again"
    );
    let denied = record("http-403-user-arn-is-not-authorized-to-perform-operation");
    let found = messages(denied);
    assert!(found.iter().any(|m| m.starts_with("A client error (AccessDeniedException)") && m.contains("ecr:GetAuthorizationToken")), "{found:?}");
    assert!(found.contains(&"User [arn] is not authorized to perform [operation]"), "{found:?}");
    assert_eq!(denied["commands"][0]["code"].as_str().unwrap().trim(), "$ aws ecr get-login-password");
    assert_eq!(messages(record("http-404-repository-does-not-exist-error")), ["Repository Does Not Exist"]);
    let tty = record("error-cannot-perform-an-interactive-login-from-a-non-tty-device");
    assert_eq!(messages(tty), ["Cannot perform an interactive login from a non TTY device"]);
    assert!(
        tty["solutions"][0]["text"]
            .as_str()
            .unwrap()
            .contains("- Verify that the syntax of your AWS CLI command is correct.")
    );
}

#[test]
fn records_snapshot() {
    insta::assert_json_snapshot!("sample_records", records_json());
}

#[test]
fn check_passes_on_the_sample() {
    let run = run_on_sample(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("ok: 22 entries (15 en, 7 ja) in 4 documents"), "{}", run.stderr);
}

#[test]
fn records_command_filters_by_language_and_prints_json() {
    let run = run_on_sample(&["records", "--lang", "ja", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(records.len(), 7);
    assert!(records.iter().all(|r| r["lang"] == "ja"));

    let table = run_on_sample(&["records"]);
    assert!(table.stdout.contains("CannotPullContainerError"), "{}", table.stdout);
    assert!(table.stdout.contains("content/ja/ecspresso-troubleshooting.md:14"), "{}", table.stdout);
}

#[test]
fn small_book_builds_in_both_languages() {
    let book = BookTest::small("small");
    let run = book.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_slice(&std::fs::read(book.out().join("records.json")).unwrap()).unwrap();
    let ja = json["records"].as_array().unwrap().iter().find(|r| r["lang"] == "ja").unwrap();
    assert_eq!(ja["id"], "ディスクがいっぱい");
    assert_eq!(ja["error_messages"][0]["text"], "ENOSPC: no space left on device");
    assert_eq!(ja["solutions"][0]["text"], "空き容量を増やす");
}

#[test]
fn init_creates_a_book_that_checks_and_builds() {
    let dir = BookTest::empty("init");
    std::fs::remove_file(dir.root.join("book.toml")).unwrap();
    let run = dir.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = dir.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("ok: 2 entries (1 en, 1 ja) in 2 documents, 0 warnings"), "{}", check.stderr);
    let build = dir.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(dir.out().join("ja/errors/no-space-left/index.html").is_file());
    assert!(
        std::fs::read_to_string(dir.out().join("en/errors/no-space-left/index.html"))
            .unwrap()
            .contains("hreflang=\"ja\""),
        "the two sample entries are counterparts"
    );
}

#[test]
fn init_refuses_to_overwrite() {
    let book = BookTest::small("init-existing");
    book.file("book.toml", "[book]\ntitle = \"Mine\"\n");
    let run = book.run(&["init"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already has book.toml; nothing was written"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(book.root.join("book.toml")).unwrap(), "[book]\ntitle = \"Mine\"\n");
}

/// `init` with no folder once scaffolded into whatever folder it ran in, a home folder or a
/// project: a folder of other files needs `--force`, which still overwrites nothing.
#[test]
fn init_refuses_a_folder_of_other_files_unless_forced() {
    let dir = BookTest::empty("init-busy");
    std::fs::remove_file(dir.root.join("book.toml")).unwrap();
    dir.file("notes.txt", "mine").file("src/main.rs", "fn main() {}");
    let run = dir.run(&["init"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is not empty (it holds notes.txt, src); nothing was written"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!dir.root.join("book.toml").exists());
    let forced = dir.run(&["init", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(dir.root.join("book.toml").is_file());
    assert_eq!(std::fs::read_to_string(dir.root.join("notes.txt")).unwrap(), "mine");
    let again = dir.run(&["init", "--force"]);
    assert_eq!(again.code, 1, "never overwriting: {}", again.stderr);
}
