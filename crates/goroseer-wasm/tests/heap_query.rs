//! `top` and `callTree` on a real heap dump, through the wasm edge.
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::Goroseer;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const HEAP: &str = include_str!("../../../tests/fixtures/corpus/heap-default-rate/heap.debug1.txt");
const HEAP_TRUTH: &str = include_str!(
    "../../../tests/fixtures/corpus/heap-default-rate/groundtruth/heap.debug1.txt.json"
);

/// A plain JS object, as the page would pass (not a `Map`).
fn query(q: Value) -> JsValue {
    use serde::Serialize;
    q.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn back(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).unwrap()
}

#[wasm_bindgen_test]
fn top_and_call_tree_use_the_requested_sample() {
    let truth: Value = serde_json::from_str(HEAP_TRUTH).unwrap();
    let pprof = &truth["pprof_raw_of_text"]["totals"];
    let scope = Goroseer::new(HEAP.to_owned(), JsValue::UNDEFINED).unwrap();
    let top = back(
        scope
            .top(query(json!({"profile": 0, "sample": "alloc_space"})))
            .unwrap(),
    );
    assert_eq!(top["total"], pprof["alloc_space/bytes"]);
    assert_eq!(
        top["rows"][0]["name"],
        "github.com/acme/catalog/internal/render.Churn"
    );
    let tree = back(
        scope
            .call_tree(query(json!({"profile": 0, "mergeLines": true})))
            .unwrap(),
    );
    assert_eq!(tree["total"], pprof["inuse_space/bytes"]);
    assert!(scope
        .top(query(json!({"profile": 0, "sample": "delay"})))
        .is_err());
    assert!(scope.top(query(json!({"profile": 9}))).is_err());
}
