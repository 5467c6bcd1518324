//! The published JSON Schema of records (`docs/schema/records.schema.json`) holds for what errbook
//! writes: the sample's `records.json` and `records --json`, and the records of every book the
//! shape tests compile (through `shapes::records`, which checks each).

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{Value, json};

use crate::{built_sample, run_on_sample};

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema/records.schema.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

/// The validator of a whole `records.json`.
fn whole() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| jsonschema::draft202012::new(schema()).unwrap())
}

/// The validator of `records --json`: the schema's `records` array.
fn array() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        jsonschema::draft202012::new(&json!({ "$defs": schema()["$defs"], "$ref": "#/$defs/records" })).unwrap()
    })
}

fn problems(validator: &Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path)).take(10).collect()
}

/// Fails, naming each place, unless `records` (the output of `records --json`) meets the schema.
pub(crate) fn assert_records_valid(records: &Value) {
    let problems = problems(array(), records);
    assert!(
        problems.is_empty(),
        "records --json does not meet docs/schema/records.schema.json:\n{}",
        problems.join("\n")
    );
}

/// Fails, naming each place, unless `file` (a whole records.json) meets the schema.
pub(crate) fn assert_file_valid(file: &Value) {
    let problems = problems(whole(), file);
    assert!(
        problems.is_empty(),
        "records.json does not meet docs/schema/records.schema.json:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_samples_records_meet_the_schema() {
    let file: Value = serde_json::from_slice(&std::fs::read(built_sample().join("records.json")).unwrap()).unwrap();
    assert_file_valid(&file);
    let run = run_on_sample(&["records", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_records_valid(&listed);
    assert_eq!(listed, file["records"], "records --json lists records.json's records");
    // The schema names the version errbook writes.
    assert_eq!(schema()["properties"]["schema_version"]["const"], file["schema_version"]);
}

#[test]
fn the_schema_refuses_what_errbook_does_not_write() {
    let file: Value = serde_json::from_slice(&std::fs::read(built_sample().join("records.json")).unwrap()).unwrap();
    let changed = |edit: &dyn Fn(&mut Value)| {
        let mut copy = file.clone();
        edit(&mut copy);
        !whole().is_valid(&copy)
    };
    assert!(changed(&|f| {
        f["records"][0].as_object_mut().unwrap().remove("error_messages");
    }));
    assert!(changed(&|f| f["records"][0]["unknown"] = json!(1)));
    assert!(changed(&|f| f["records"][0]["causes"] = json!([{ "title": "no line", "solution": { "text": "" } }])));
    assert!(changed(&|f| f["schema_version"] = json!(2)));
    assert!(changed(&|f| f["records"][0]["lang"] = json!("English")));
}
