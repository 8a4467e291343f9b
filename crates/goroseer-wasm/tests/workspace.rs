//! A multi-file drop as the page's worker makes it: the leak scenario's three snapshots
//! added to one workspace, then everything the page asks of it (the report, the Compare
//! tab, a compared group's goroutines dump by dump, group pages, regrouping). Each file is
//! parsed exactly once, counted through the class. Run with
//! `cargo test -p goroseer-wasm --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::Goroseer;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SNAPSHOTS: [(&str, &str); 3] = [
    (
        "goroutine.t05s.debug2.txt",
        include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t05s.debug2.txt"),
    ),
    (
        "goroutine.t15s.debug2.txt",
        include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t15s.debug2.txt"),
    ),
    (
        "goroutine.t70s.debug2.txt",
        include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t70s.debug2.txt"),
    ),
];

fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

fn rust(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap()
}

/// The drop: one workspace, every file added as bytes (the second as UTF-16, as a file
/// saved on Windows would be).
fn dropped() -> Goroseer {
    let mut workspace = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    for (i, (name, text)) in SNAPSHOTS.iter().enumerate() {
        let bytes = if i == 1 {
            [0xff, 0xfe]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect()
        } else {
            text.as_bytes().to_vec()
        };
        assert_eq!(workspace.add_bytes((*name).to_owned(), bytes), i);
    }
    workspace
}

#[wasm_bindgen_test]
fn a_multi_file_drop_parses_each_file_exactly_once() {
    let mut workspace = dropped();
    assert_eq!(workspace.parse_count(), SNAPSHOTS.len());

    // The report: every file's dump, in order, each with the total its file has.
    let report = rust(workspace.report(js(&json!({ "maxGroups": 100 }))).unwrap());
    let profiles = report["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), SNAPSHOTS.len());
    for (profile, (_, text)) in profiles.iter().zip(SNAPSHOTS) {
        let alone = rust(
            Goroseer::new((*text).to_owned(), JsValue::UNDEFINED)
                .unwrap()
                .report(JsValue::UNDEFINED)
                .unwrap(),
        );
        assert_eq!(
            profile["goroutines"]["total"],
            alone["profiles"][0]["goroutines"]["total"]
        );
    }

    // The Compare tab, then each compared group's goroutines in every snapshot: as many
    // as its series says.
    let comparison = rust(
        workspace
            .compare_inputs(js(&json!({ "timesFromNames": true })))
            .unwrap(),
    );
    assert_eq!(comparison["timeSource"], "file-names");
    let group_by = comparison["groupBy"].as_str().unwrap().to_owned();
    let snapshots = comparison["goroutines"]["snapshots"].as_array().unwrap();
    assert_eq!(snapshots.len(), SNAPSHOTS.len());
    for group in comparison["goroutines"]["groups"].as_array().unwrap() {
        for (s, snapshot) in snapshots.iter().enumerate() {
            let mut count = 0;
            for id in group["members"][s].as_array().unwrap() {
                let members = rust(
                    workspace
                        .input_group_members(
                            snapshot["input"].as_u64().unwrap() as usize,
                            snapshot["profile"].as_u64().unwrap() as usize,
                            &group_by,
                            id.as_u64().unwrap() as usize,
                            0,
                            100_000,
                        )
                        .unwrap(),
                );
                count += members.as_array().unwrap().len() as u64;
            }
            assert_eq!(count, group["series"][s].as_u64().unwrap());
        }
    }

    // The Goroutines view of the last dump: its growth findings point at its groups.
    let last = profiles.len() - 1;
    let growth: Vec<usize> = profiles[last]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, a)| a["rule"] == "goroutine-growth")
        .map(|(i, _)| i)
        .collect();
    assert!(!growth.is_empty());
    for annotation in growth {
        let page = rust(
            workspace
                .groups(js(&json!({ "profile": last, "annotation": annotation })))
                .unwrap(),
        );
        assert!(page["matched"].as_u64().unwrap() > 0);
        let first = page["groups"][0]["id"].as_u64().unwrap() as usize;
        let members = rust(workspace.group_members(last, first, 0, 5).unwrap());
        assert!(!members.as_array().unwrap().is_empty());
    }

    // Regrouping, and a comparison at another level, group again without parsing again.
    workspace.regroup("functions").unwrap();
    rust(workspace.report(JsValue::UNDEFINED).unwrap());
    rust(
        workspace
            .compare_inputs(js(&json!({ "groupBy": "top:2" })))
            .unwrap(),
    );
    assert_eq!(workspace.parse_count(), SNAPSHOTS.len());
}

#[wasm_bindgen_test]
fn a_utf16_file_reads_like_its_utf8_original() {
    let mut utf8 = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    for (name, text) in SNAPSHOTS {
        utf8.add_text(name.to_owned(), text.to_owned());
    }
    assert_eq!(
        rust(dropped().report(JsValue::UNDEFINED).unwrap()),
        rust(utf8.report(JsValue::UNDEFINED).unwrap())
    );
}
