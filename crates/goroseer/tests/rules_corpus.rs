//! One snapshot per corpus scenario: which annotations fire on each of its dumps, with
//! their severity and evidence. Reviewing a snapshot diff is reviewing what goroseer
//! tells a Go engineer about that scenario.

mod rules_fixture;
#[path = "common/summary.rs"]
mod summary;

use goroseer::rules::{Annotation, Value as Item};
use rules_fixture::{annotate_text, read_dump, repo_root};

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

/// What the rules say about each dump of a scenario directory: each annotation's severity,
/// rule and title, then its evidence, one fact a line.
fn scenario_annotations(dir: &str) -> String {
    let mut out = String::new();
    for path in dumps(dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let list = annotate_text(&read_dump(&path), &[]);
        list.iter().for_each(every_item_has_a_value);
        out.push_str(&format!("{name}: {} annotations\n", list.len()));
        summary::annotations(&mut out, &list);
    }
    out
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

/// One snapshot per scenario directory of the corpus, every directory found.
#[test]
fn corpus_scenarios() {
    let dir = repo_root().join("tests/fixtures/corpus");
    let mut scenarios: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 10, "{scenarios:?}");
    for scenario in scenarios {
        let annotations = scenario_annotations(&format!("corpus/{scenario}"));
        insta::assert_snapshot!(scenario.as_str(), annotations);
    }
}

/// The dumps generated for rules the corpus does not trigger (`tests/fixtures/gen/pressure`).
#[test]
fn generated_rule_dumps() {
    insta::assert_snapshot!("generated", scenario_annotations("rules"));
}

/// Every protobuf profile under `tests/fixtures` (debug=0 goroutine profiles print no wait
/// reason: the rules read it from the frames): no finding's title or sentence has an empty
/// fill-in ("blocked in  in …"), and no evidence item is empty.
#[test]
fn protobuf_profiles_leave_no_blank_in_findings() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, out);
            } else if name.ends_with(".pb.gz") || name.ends_with(".pb") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo_root().join("tests/fixtures"), &mut files);
    files.sort();
    let mut findings = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let mut workspace = goroseer::Workspace::new(goroseer::Options::default());
        workspace
            .add_file(path.display().to_string(), bytes)
            .unwrap();
        for input in workspace.inputs() {
            for list in input.analysis.annotations() {
                for a in list {
                    findings += 1;
                    for text in [&a.title, &a.detail] {
                        assert!(
                            !text.contains("  ") && !text.contains(" in  "),
                            "{}: {}: {text:?}",
                            path.display(),
                            a.rule
                        );
                    }
                    every_item_has_a_value(a);
                }
            }
        }
    }
    assert!(
        files.len() >= 8 && findings >= 10,
        "{} files, {findings} findings",
        files.len()
    );
}
