//! The wasm edge on a real dump: run with `cargo test -p goroseer-wasm --target
//! wasm32-unknown-unknown` (node), and with `WASM_BINDGEN_USE_BROWSER=1` (Chromium).
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::Goroseer;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SYNC_CONTENTION: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-sync-contention/goroutine.debug2.txt");
const SYNC_CONTENTION_TRUTH: &str = include_str!(
    "../../../tests/fixtures/corpus/goroutine-sync-contention/groundtruth/goroutine.debug2.txt.json"
);

/// The report as the page's worker sees it, read back into JSON for comparison.
fn report_of(text: &str) -> Value {
    let scope = Goroseer::new(text.to_owned(), JsValue::UNDEFINED).expect("no options is valid");
    serde_wasm_bindgen::from_value(scope.report(JsValue::UNDEFINED).expect("report serializes"))
        .expect("report is plain JSON data")
}

#[wasm_bindgen_test]
fn debug2_totals_and_states_match_ground_truth() {
    let truth: Value = serde_json::from_str(SYNC_CONTENTION_TRUTH).unwrap();
    let report = report_of(SYNC_CONTENTION);
    let profiles = report["profiles"].as_array().expect("profiles is an array");
    assert_eq!(profiles.len(), 1, "one goroutine dump in the input");
    let profile = &profiles[0];
    assert_eq!(profile["kind"], "goroutine");
    assert_eq!(profile["format"], "debug=2");
    assert_eq!(profile["goroutines"]["total"], truth["total_goroutines"]);
    assert_eq!(profile["goroutines"]["states"], truth["by_state"]);
}

#[wasm_bindgen_test]
fn text_outside_any_dump_becomes_diagnostics_with_line_numbers() {
    let report = report_of("hello\n\nworld\n");
    assert_eq!(report["profiles"], Value::Array(vec![]));
    let lines: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| &d["line"])
        .collect();
    assert_eq!(lines, [1, 3]);
}

#[wasm_bindgen_test]
fn options_that_are_not_an_object_are_an_error() {
    assert!(Goroseer::new(String::new(), JsValue::from(5)).is_err());
    assert!(Goroseer::new(String::new(), js_sys::Object::new().into()).is_ok());
}

#[wasm_bindgen_test]
fn group_members_page_through_a_group_in_input_order() {
    let scope = Goroseer::new(SYNC_CONTENTION.to_owned(), JsValue::UNDEFINED).unwrap();
    let report: Value =
        serde_wasm_bindgen::from_value(scope.report(JsValue::UNDEFINED).unwrap()).unwrap();
    let largest = &report["profiles"][0]["goroutines"]["groups"][0];
    let count = largest["count"].as_u64().unwrap() as usize;
    let id = largest["id"].as_u64().unwrap() as usize;
    let page = |offset, limit| -> Vec<Value> {
        serde_wasm_bindgen::from_value(scope.group_members(0, id, offset, limit).unwrap()).unwrap()
    };
    let first = page(0, 10);
    assert_eq!(first.len(), 10);
    assert_eq!(page(count - 3, 10).len(), 3, "the last page holds the rest");
    assert!(page(count, 10).is_empty());
    // The ground truth's largest stack is the same group; its example goroutine is a member.
    let truth: Value = serde_json::from_str(SYNC_CONTENTION_TRUTH).unwrap();
    assert_eq!(count as u64, truth["stacks"][0]["count"].as_u64().unwrap());
    let all = page(0, count);
    assert!(all
        .iter()
        .any(|g| g["id"] == truth["stacks"][0]["example_goroutine"]));
}

#[wasm_bindgen_test]
fn regrouping_and_bad_grouping_names() {
    let mut scope = Goroseer::new(SYNC_CONTENTION.to_owned(), JsValue::UNDEFINED).unwrap();
    assert!(scope.regroup("no-such-level").is_err());
    scope.regroup("exact").unwrap();
    let report: Value =
        serde_wasm_bindgen::from_value(scope.report(JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(report["profiles"][0]["goroutines"]["groupBy"], "exact");
    let options = js_sys::JSON::parse(r#"{"groupBy": "sideways"}"#).unwrap();
    assert!(Goroseer::new(String::new(), options).is_err());
}

#[wasm_bindgen_test]
fn call_tree_of_a_goroutine_profile_weighs_every_goroutine() {
    let scope = Goroseer::new(SYNC_CONTENTION.to_owned(), JsValue::UNDEFINED).unwrap();
    let query = js_sys::JSON::parse(r#"{"profile": 0}"#).unwrap();
    let tree: Value = serde_wasm_bindgen::from_value(scope.call_tree(query).unwrap()).unwrap();
    let truth: Value = serde_json::from_str(SYNC_CONTENTION_TRUTH).unwrap();
    assert_eq!(tree["total"], truth["total_goroutines"]);
    let missing = js_sys::JSON::parse(r#"{"profile": 7}"#).unwrap();
    assert!(scope.top(missing).is_err());
}

const HEAP_WITH_MEMSTATS: &str =
    include_str!("../../../tests/fixtures/corpus/heap-memprofilerate1/heap.debug1.txt");

#[wasm_bindgen_test]
fn heap_report_crosses_even_with_memstats_timestamps_above_2_pow_53() {
    let report = report_of(HEAP_WITH_MEMSTATS);
    let heap = &report["profiles"][0]["heap"];
    let last_gc = heap["memstats"]["values"]["LastGC"]
        .as_f64()
        .expect("LastGC is a number");
    assert!(last_gc > 9_007_199_254_740_992.0, "{last_gc}");
    assert!(!heap["records"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn bytes_and_text_give_the_same_report() {
    let from_text = report_of(SYNC_CONTENTION);
    let scope = Goroseer::from_bytes(SYNC_CONTENTION.as_bytes().to_vec(), JsValue::NULL).unwrap();
    let from_bytes: Value =
        serde_wasm_bindgen::from_value(scope.report(JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(from_text, from_bytes);
}

/// The report's annotations for `text` analysed with `options` (a JSON object).
fn annotations_with(text: &str, options: Value) -> Result<Vec<Value>, String> {
    let options = options
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    let scope = Goroseer::new(text.to_owned(), options).map_err(|_| "refused".to_owned())?;
    let report: Value =
        serde_wasm_bindgen::from_value(scope.report(JsValue::UNDEFINED).unwrap()).unwrap();
    Ok(report["profiles"][0]["annotations"]
        .as_array()
        .expect("annotations is an array")
        .clone())
}

#[wasm_bindgen_test]
fn annotations_come_critical_first_and_thresholds_come_from_the_options() {
    // Every rule that fired: a finding's own and those merged into it (one finding per
    // problem: the mutex pile-up is a `bottleneck` finding with `mutex-contention` inside).
    let rules = |list: &[Value]| -> Vec<String> {
        list.iter()
            .flat_map(|a| {
                let merged = a["merged"].as_array().cloned().unwrap_or_default();
                std::iter::once(a["rule"].clone())
                    .chain(merged.into_iter().map(|m| m["rule"].clone()))
            })
            .map(|r| r.as_str().unwrap().to_owned())
            .collect()
    };
    let defaults = annotations_with(SYNC_CONTENTION, serde_json::json!({})).unwrap();
    assert_eq!(defaults[0]["severity"], "critical");
    assert!(rules(&defaults[..1]).contains(&"mutex-contention".to_owned()));
    assert!(rules(&defaults).contains(&"mutex-contention".to_owned()));
    // Raising the warning threshold above the 500 waiters silences the rule.
    let raised = annotations_with(
        SYNC_CONTENTION,
        serde_json::json!({ "rules": { "mutexContentionMin": 501 } }),
    )
    .unwrap();
    assert!(!rules(&raised).contains(&"mutex-contention".to_owned()));
}

#[wasm_bindgen_test]
fn an_unknown_threshold_is_refused() {
    assert!(annotations_with(
        SYNC_CONTENTION,
        serde_json::json!({ "rules": { "noSuchThreshold": 1 } })
    )
    .is_err());
}
