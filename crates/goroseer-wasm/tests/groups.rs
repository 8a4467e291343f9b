//! `groups(query)` and `report({maxGroups})` through the wasm edge, on a real dump: what
//! the page's Goroutines view asks for instead of holding every group.
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::Goroseer;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const KEEPALIVE: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-http-keepalive/goroutine.debug2.txt");
const KEEPALIVE_TRUTH: &str = include_str!(
    "../../../tests/fixtures/corpus/goroutine-http-keepalive/groundtruth/goroutine.debug2.txt.json"
);

/// A JS object from JSON text, as the page passes it.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// A JS value read back as JSON.
fn back(value: JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(&value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn exact() -> Goroseer {
    Goroseer::new(KEEPALIVE.to_owned(), js(r#"{"groupBy": "exact"}"#)).unwrap()
}

#[wasm_bindgen_test]
fn a_small_report_and_pages_of_groups_cover_every_group() {
    let scope = exact();
    let full = back(scope.report(JsValue::UNDEFINED).unwrap());
    let all = full["profiles"][0]["goroutines"]["groups"]
        .as_array()
        .unwrap()
        .clone();
    assert!(all.len() > 100, "{} groups", all.len());

    let small = back(scope.report(js(r#"{"maxGroups": 20}"#)).unwrap());
    let g = &small["profiles"][0]["goroutines"];
    assert_eq!(g["groups"].as_array().unwrap()[..], all[..20]);
    assert_eq!(g["groupsTotal"], all.len());
    assert_eq!(g["groupsOmitted"], all.len() - 20);

    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = back(
            scope
                .groups(js(&format!(r#"{{"offset": {offset}, "limit": 64}}"#)))
                .unwrap(),
        );
        assert_eq!(page["total"], all.len());
        assert_eq!(page["matched"], all.len());
        let groups = page["groups"].as_array().unwrap();
        paged.extend(groups.iter().cloned());
        if groups.len() < 64 {
            break;
        }
        offset += 64;
    }
    assert_eq!(paged, all);
}

#[wasm_bindgen_test]
fn filters_cross_the_boundary_and_count_goroutines() {
    let truth: Value = serde_json::from_str(KEEPALIVE_TRUTH).unwrap();
    let scope = exact();
    let page = back(
        scope
            .groups(js(r#"{"states": ["IO wait"], "limit": 5}"#))
            .unwrap(),
    );
    assert_eq!(page["matchedGoroutines"], truth["by_state"]["IO wait"]);
    assert_eq!(page["groups"].as_array().unwrap().len(), 5);
    assert!(page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["states"]["IO wait"].as_u64() > Some(0)));
    // The last group, linked from elsewhere: its place among the matched groups.
    let last = page["total"].as_u64().unwrap() - 1;
    let focused = back(
        scope
            .groups(js(&format!(r#"{{"focus": {last}}}"#)))
            .unwrap(),
    );
    assert_eq!(focused["focusIndex"], last);
}

#[wasm_bindgen_test]
fn bad_queries_are_errors() {
    let scope = exact();
    assert!(scope.groups(js(r#"{"minwait": 1}"#)).is_err());
    assert!(scope.groups(js(r#"{"profile": 3}"#)).is_err());
    assert!(scope.groups(JsValue::from(1)).is_err());
    assert!(scope.report(js(r#"{"maxgroups": 1}"#)).is_err());
    // A misspelt field of a profile query is an error too, not silently the default.
    assert!(scope
        .top(js(r#"{"profile": 0, "groupby": "site"}"#))
        .is_err());
    assert!(scope
        .call_tree(js(r#"{"profile": 0, "mergelines": true}"#))
        .is_err());
    assert!(scope
        .top(js(r#"{"profile": 0, "groupBy": "site"}"#))
        .is_ok());
    assert!(scope.groups(JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn a_small_report_cuts_id_lists_and_the_annotation_and_creator_queries_reach_all() {
    let scope = exact();
    let full = back(scope.report(JsValue::UNDEFINED).unwrap());
    let small = back(scope.report(js(r#"{"maxGroups": 2}"#)).unwrap());
    let ids = |v: &Value| -> Vec<u64> {
        let mut ids: Vec<u64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_u64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    let matched = |query: String| -> Vec<u64> {
        let page = back(scope.groups(js(&query)).unwrap());
        page["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_u64().unwrap())
            .collect()
    };
    let annotations = full["profiles"][0]["annotations"].as_array().unwrap();
    let cut = small["profiles"][0]["annotations"].as_array().unwrap();
    assert!(annotations
        .iter()
        .any(|a| a["groups"].as_array().unwrap().len() > 2));
    for (i, (all, cut)) in annotations.iter().zip(cut).enumerate() {
        let all_ids = ids(&all["groups"]);
        assert_eq!(cut["groupsTotal"], all_ids.len());
        assert_eq!(ids(&cut["groups"])[..], all_ids[..all_ids.len().min(2)]);
        let query = format!(r#"{{"annotation": {i}, "limit": 100000}}"#);
        assert_eq!(matched(query), all_ids);
    }
    let sites = full["profiles"][0]["goroutines"]["createdBy"]
        .as_array()
        .unwrap();
    for (i, site) in sites.iter().enumerate() {
        let query = format!(r#"{{"createdBy": {i}, "limit": 100000}}"#);
        assert_eq!(matched(query), ids(&site["groups"]));
    }
    assert!(scope.groups(js(r#"{"annotation": 999}"#)).is_err());
}
