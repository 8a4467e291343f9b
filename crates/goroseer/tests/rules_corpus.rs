//! One snapshot per corpus scenario: which annotations fire on each of its dumps, with
//! their severity and evidence. Reviewing a snapshot diff is reviewing what goroseer
//! tells a Go engineer about that scenario.

mod rules_fixture;

use goroseer::analysis::rules::{Annotation, Value as Item};
use rules_fixture::{annotate_text, read_dump, repo_root};
use serde_json::{json, Map, Value};

/// The dumps of a scenario directory (text and gzip), sorted by name.
fn dumps(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("tests/fixtures").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            // Dot files are the generator's notes, not dumps.
            !name.starts_with('.') && (name.ends_with(".txt") || name.ends_with(".txt.gz"))
        })
        .collect();
    files.sort();
    files
}

fn scenario_annotations(dir: &str) -> Value {
    let mut out = Map::new();
    for path in dumps(dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let list: Vec<Value> = annotate_text(&read_dump(&path), &[])
            .into_iter()
            .inspect(every_item_has_a_value)
            .map(|a| json!({"rule": a.rule, "severity": a.severity, "evidence": a.evidence}))
            .collect();
        out.insert(name, Value::Array(list));
    }
    Value::Object(out)
}

/// No evidence item is empty (`null`, `""`, `[]`: the rule leaves it out instead), and a
/// table has one cell per column in every row: the page and the CLI rely on both.
fn every_item_has_a_value(a: &Annotation) {
    for item in a.evidence.iter() {
        let key = item.key.name();
        match &item.value {
            Item::None => panic!("{}: {key} is null", a.rule),
            Item::Text(text) => assert!(!text.is_empty(), "{}: {key} is empty", a.rule),
            Item::List(values) => assert!(!values.is_empty(), "{}: {key} is []", a.rule),
            Item::Table(table) => {
                assert!(!table.rows.is_empty(), "{}: {key} has no rows", a.rule);
                for row in &table.rows {
                    assert_eq!(row.len(), table.columns.len(), "{}: {key}", a.rule);
                }
            }
            _ => {}
        }
    }
}

macro_rules! scenario_snapshot {
    ($test:ident, $scenario:literal) => {
        #[test]
        fn $test() {
            insta::assert_json_snapshot!(
                $scenario,
                scenario_annotations(concat!("corpus/", $scenario))
            );
        }
    };
}

scenario_snapshot!(goroutine_http_keepalive, "goroutine-http-keepalive");
scenario_snapshot!(goroutine_sync_contention, "goroutine-sync-contention");
scenario_snapshot!(goroutine_leak, "goroutine-leak");
scenario_snapshot!(goroutine_100k_crawler, "goroutine-100k-crawler");
scenario_snapshot!(goroutine_labels, "goroutine-labels");
scenario_snapshot!(goroutine_misc_states, "goroutine-misc-states");
scenario_snapshot!(panics, "panics");
scenario_snapshot!(heap_memprofilerate1, "heap-memprofilerate1");
scenario_snapshot!(heap_default_rate, "heap-default-rate");
scenario_snapshot!(block_mutex, "block-mutex");

/// The dumps generated for rules the corpus does not trigger (`tests/fixtures/gen/pressure`).
#[test]
fn generated_rule_dumps() {
    insta::assert_json_snapshot!("generated", scenario_annotations("rules"));
}

/// Every scenario directory of the corpus has a snapshot above.
#[test]
fn every_scenario_is_snapshotted() {
    let source = include_str!("rules_corpus.rs");
    let dir = repo_root().join("tests/fixtures/corpus");
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                source.contains(&format!("\"{name}\")")),
                "scenario {name} has no snapshot"
            );
        }
    }
}
