//! Shared by the rule tests: reading real dumps from `tests/fixtures/` and running the
//! analysis with thresholds set by name.

#![allow(dead_code)] // each test binary uses a different part

use std::io::Read;
use std::path::{Path, PathBuf};

use goroseer::rules::{Annotation, Severity};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A dump under `tests/fixtures/`, decompressed when it ends in `.gz`.
pub fn fixture(path: &str) -> String {
    read_dump(&repo_root().join("tests/fixtures").join(path))
}

/// Reads a dump file, decompressing gzip.
pub fn read_dump(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .unwrap();
        return String::from_utf8_lossy(&out).into_owned();
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Options with the given thresholds set.
pub fn options(thresholds: &[(&str, &str)]) -> goroseer::Options {
    let mut options = goroseer::Options::default();
    for (name, value) in thresholds {
        options.rules.set(name, value).unwrap();
    }
    options
}

/// Annotations of every profile of `text`, profile after profile, each as its rule made
/// it: a finding merged into another one (its `merged` list) is listed on its own, and
/// the one it was merged into keeps its own fields.
pub fn annotate_text(text: &str, thresholds: &[(&str, &str)]) -> Vec<Annotation> {
    unmerged(report_findings(text, thresholds))
}

/// Each finding as its rule made it: a finding merged into another one is listed on its
/// own (critical first, rule order kept).
fn unmerged(findings: Vec<Annotation>) -> Vec<Annotation> {
    let mut all: Vec<Annotation> = findings
        .into_iter()
        .flat_map(|a| {
            let inner: Vec<Annotation> = a.merged.iter().map(|m| m.to_annotation()).collect();
            std::iter::once(Annotation {
                merged: Vec::new(),
                ..a
            })
            .chain(inner)
        })
        .collect();
    // Critical first, as the report orders its own findings (stable: rule order kept).
    all.sort_by_key(|a| std::cmp::Reverse(a.severity));
    all
}

/// The findings of every profile of `text` as the report gives them (merged).
pub fn report_findings(text: &str, thresholds: &[(&str, &str)]) -> Vec<Annotation> {
    let analysis = goroseer::analyze(text, &options(thresholds));
    analysis
        .report()
        .profiles
        .into_iter()
        .flat_map(|p| p.annotations)
        .collect()
}

/// The bytes of a file under `tests/fixtures/`, gunzipped when they are gzip.
pub fn fixture_bytes(path: &str) -> Vec<u8> {
    let path = repo_root().join("tests/fixtures").join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Annotations of a fixture, read by its content like the CLI reads a file (a pprof
/// protobuf profile too), each as its rule made it (see [`annotate_text`]).
pub fn annotate(path: &str, thresholds: &[(&str, &str)]) -> Vec<Annotation> {
    let mut workspace = goroseer::Workspace::new(options(thresholds));
    workspace.add_bytes(path, fixture_bytes(path));
    unmerged(
        workspace
            .report(&Default::default())
            .profiles
            .into_iter()
            .flat_map(|p| p.annotations)
            .collect(),
    )
}

/// The annotations of `rule` on a fixture with default thresholds.
pub fn fired(path: &str, rule: &str) -> Vec<Annotation> {
    annotate(path, &[])
        .into_iter()
        .filter(|a| a.rule == rule)
        .collect()
}

/// The annotations of `rule` on a fixture with some thresholds changed.
pub fn fired_with(path: &str, rule: &str, thresholds: &[(&str, &str)]) -> Vec<Annotation> {
    annotate(path, thresholds)
        .into_iter()
        .filter(|a| a.rule == rule)
        .collect()
}

/// The one annotation in `list`.
pub fn only(list: Vec<Annotation>) -> Annotation {
    assert_eq!(list.len(), 1, "expected one annotation, got {list:#?}");
    list.into_iter().next().unwrap()
}

/// Whether any annotation is a warning or worse.
pub fn alarming(list: &[Annotation]) -> Vec<&Annotation> {
    list.iter()
        .filter(|a| a.severity >= Severity::Warning)
        .collect()
}

/// The value under `key` in the evidence of `a`, as JSON (`null` when the rule left it
/// out), after checking the item carries the vocabulary's label and unit for `key`.
pub fn ev(a: &Annotation, key: goroseer::rules::Key) -> serde_json::Value {
    a.evidence.get(key).map_or(serde_json::Value::Null, |item| {
        assert_eq!((item.label, item.unit), (key.label(), key.unit()));
        serde_json::to_value(&item.value).unwrap()
    })
}
