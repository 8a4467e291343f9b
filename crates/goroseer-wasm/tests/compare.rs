//! `Goroseer.compare` on the leak scenario's three debug=1 snapshots, as the page's worker
//! calls it: run with `cargo test -p goroseer-wasm --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::Goroseer;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const T05: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t05s.debug1.txt");
const T15: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t15s.debug1.txt");
const T70: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t70s.debug1.txt");
const TRUTH: [&str; 3] = [
    include_str!(
        "../../../tests/fixtures/corpus/goroutine-leak/groundtruth/goroutine.t05s.debug1.txt.json"
    ),
    include_str!(
        "../../../tests/fixtures/corpus/goroutine-leak/groundtruth/goroutine.t15s.debug1.txt.json"
    ),
    include_str!(
        "../../../tests/fixtures/corpus/goroutine-leak/groundtruth/goroutine.t70s.debug1.txt.json"
    ),
];

fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

fn inputs() -> JsValue {
    js(&json!([
        { "name": "goroutine.t05s.debug1.txt", "text": T05 },
        { "name": "goroutine.t15s.debug1.txt", "text": T15 },
        { "name": "goroutine.t70s.debug1.txt", "text": T70 },
    ]))
}

/// The record count of the record whose first frame is `function`, per snapshot.
fn truth_series(function: &str) -> Vec<u64> {
    TRUTH
        .iter()
        .map(|t| {
            let t: Value = serde_json::from_str(t).unwrap();
            t["records_detail"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| {
                    r["frames"][0]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("{function} "))
                })
                .map(|r| r["count"].as_u64().unwrap())
                .sum()
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_leaking_groups_come_first_with_their_series_and_annotations() {
    let options = js(&json!({ "interval": 30 }));
    let c: Value =
        serde_wasm_bindgen::from_value(Goroseer::compare(inputs(), options).unwrap()).unwrap();
    assert_eq!(c["timeSource"], "interval");
    let groups = c["goroutines"]["groups"].as_array().unwrap();
    for g in &groups[..3] {
        let function = g["frames"][0]["function"].as_str().unwrap();
        let series: Vec<u64> = serde_json::from_value(g["series"].clone()).unwrap();
        assert_eq!(series, truth_series(function), "{function}");
        assert_eq!(g["grewEveryStep"], true);
        let expected_rate = (series[2] - series[0]) as f64 / 1.0; // 60 s between first and last
        assert_eq!(g["perMinute"].as_f64().unwrap(), expected_rate);
    }
    let annotations = c["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 3);
    assert!(annotations.iter().all(|a| a["rule"] == "goroutine-growth"));
    // Each annotation points at one of the first three groups.
    assert!(annotations
        .iter()
        .all(|a| a["groups"][0].as_u64().unwrap() < 3));
}

#[wasm_bindgen_test]
fn options_are_optional_and_bad_ones_are_errors() {
    let c: Value =
        serde_wasm_bindgen::from_value(Goroseer::compare(inputs(), JsValue::UNDEFINED).unwrap())
            .unwrap();
    assert_eq!(c["timeSource"], Value::Null);
    assert_eq!(c["groupBy"], "lines");
    let named = js(&json!({ "timesFromNames": true }));
    let c: Value =
        serde_wasm_bindgen::from_value(Goroseer::compare(inputs(), named).unwrap()).unwrap();
    assert_eq!(c["timeSource"], "file-names");
    for bad in [
        json!({ "groupBy": "exact" }),
        json!({ "at": [1, 2] }),
        json!({ "rules": { "noSuchThreshold": 1 } }),
    ] {
        assert!(Goroseer::compare(inputs(), js(&bad)).is_err(), "{bad}");
    }
    assert!(Goroseer::compare(JsValue::from(5), JsValue::UNDEFINED).is_err());
}
