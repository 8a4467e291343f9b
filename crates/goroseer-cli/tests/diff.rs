//! `goroseer diff` as a user runs it: the leak scenario's three snapshots, as a table and
//! as JSON, checked against the corpus ground truth.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn leak_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/goroutine-leak")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .current_dir(leak_dir())
        .arg("diff")
        .args(args)
        .output()
        .expect("goroseer runs");
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SNAPSHOTS: [&str; 3] = [
    "goroutine.t05s.debug2.txt",
    "goroutine.t15s.debug2.txt",
    "goroutine.t70s.debug2.txt",
];

/// The ground-truth count of the stack whose first frame is `function`, per snapshot.
fn truth_series(function: &str) -> Vec<u64> {
    SNAPSHOTS
        .iter()
        .map(|f| {
            let path = leak_dir().join("groundtruth").join(format!("{f}.json"));
            let truth: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            truth["stacks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| {
                    s["frames"][0]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("{function} "))
                })
                .map(|s| s["count"].as_u64().unwrap())
                .sum()
        })
        .collect()
}

#[test]
fn json_lists_the_leaking_groups_first_with_their_series_and_rates() {
    let (ok, out, err) = run(&[&["--json"][..], &SNAPSHOTS[..]].concat());
    assert!(ok, "{err}");
    let c: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["timeSource"], "file-names");
    let groups = c["goroutines"]["groups"].as_array().unwrap();
    for g in &groups[..3] {
        let function = g["frames"][0]["function"].as_str().unwrap();
        let expected = truth_series(function);
        let series: Vec<u64> = g["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(series, expected, "{function}");
        assert_eq!(g["grewEveryStep"], true);
        let rate = g["perMinute"].as_f64().unwrap();
        let expected_rate = (expected[2] - expected[0]) as f64 * 60.0 / 65.0;
        assert!((rate - expected_rate).abs() < 0.01);
    }
    let annotations = c["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 3);
    assert!(annotations.iter().all(|a| a["rule"] == "goroutine-growth"));
}

#[test]
fn the_table_shows_the_growth_first_and_stable_groups_not_at_all() {
    let (ok, out, err) = run(&SNAPSHOTS);
    assert!(ok, "{err}");
    let table = out
        .split("groups that changed most")
        .nth(1)
        .expect("a table of groups");
    let first_row = table.lines().nth(2).unwrap();
    assert!(first_row.trim_start().starts_with("+646"), "{first_row}");
    for stable in ["main.worker", "main.metricsFlusher", "main.main.func1"] {
        assert!(!table.contains(stable), "{stable} listed as changed");
    }
    assert!(out.contains("CRITICAL"));
}

#[test]
fn bad_options_exit_with_usage() {
    let (ok, _, err) = run(&["--group-by", "exact", SNAPSHOTS[0], SNAPSHOTS[1]]);
    assert!(!ok);
    assert!(err.contains("exact"), "{err}");
    let (ok, _, err) = run(&["--at", "1s", SNAPSHOTS[0], SNAPSHOTS[1]]);
    assert!(!ok);
    assert!(err.contains("1 times given for 2 inputs"), "{err}");
}
