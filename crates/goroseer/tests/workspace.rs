//! A workspace of several files reads each once and shows them as the page always has:
//! its report is the report of the files joined into one text (the page's former way of
//! reading a multi-file drop), its comparison the comparison of the files analysed apart.

mod common;

use common::{corpus, read};
use goroseer::report::ReportOptions;
use goroseer::GroupQuery;
use goroseer::ProfileQuery;
use goroseer::{analyze, Options, Workspace};
use goroseer::{CompareInput as Input, CompareOptions, DumpTimes};
use serde_json::Value;

const LEAK: [&str; 3] = [
    "goroutine-leak/goroutine.t05s.debug2.txt",
    "goroutine-leak/goroutine.t15s.debug2.txt",
    "goroutine-leak/goroutine.t70s.debug2.txt",
];

/// Heap dumps of one program, and contention profiles of another: records' frame ids.
/// (Files of different programs are not compared with their joined text: each file
/// decides its own main module in a workspace, the joined text one for all.)
const HEAP: [&str; 2] = [
    "heap-default-rate/heap.debug1.txt",
    "heap-memprofilerate1/heap.debug1.txt",
];
const CONTENTION: [&str; 2] = [
    "block-mutex/block.debug1.txt",
    "block-mutex/mutex.debug1.txt",
];

fn texts(files: &[&str]) -> Vec<String> {
    files.iter().map(|f| read(&corpus().join(f))).collect()
}

fn workspace(files: &[&str]) -> Workspace {
    let mut workspace = Workspace::new(Options::default());
    for (file, text) in files.iter().zip(texts(files)) {
        workspace.add_bytes(*file, text.into_bytes());
    }
    workspace
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Diagnostics and records carry line numbers of each file in a workspace (of the joined
/// text before).
fn without_lines(mut report: Value) -> Value {
    report["diagnostics"] = Value::Null;
    // The joined text is one log, with a timeline of its dumps; several files are not.
    if let Some(map) = report.as_object_mut() {
        map.remove("timeline");
    }
    for p in report["profiles"].as_array_mut().unwrap() {
        p["diagnostics"] = Value::Null;
        if p["heap"]["memstats"].is_object() {
            p["heap"]["memstats"]["line"] = Value::Null;
        }
        for kind in ["heap", "contention", "threadcreate"] {
            if let Some(records) = p[kind]["records"].as_array_mut() {
                records.iter_mut().for_each(|r| r["line"] = Value::Null);
            }
        }
    }
    report
}

#[test]
fn the_report_of_several_files_is_the_report_of_their_joined_text() {
    for files in [&LEAK[..], &HEAP[..], &CONTENTION[..]] {
        let workspace = workspace(files);
        assert_eq!(workspace.parse_count(), files.len());
        let joined = analyze(&texts(files).join("\n"), &Options::default());
        for options in [
            ReportOptions::default(),
            ReportOptions {
                max_groups: Some(3),
            },
        ] {
            assert_eq!(
                without_lines(json(&workspace.report(&options))),
                without_lines(json(&joined.report_with(&options))),
                "{files:?}"
            );
        }
        for profile in 0..joined.document.profiles.len() {
            let query = ProfileQuery {
                profile,
                ..ProfileQuery::default()
            };
            assert_eq!(
                workspace.top(&query).ok().map(|t| json(&t)),
                goroseer::query::top(&joined.document, &query)
                    .ok()
                    .map(|t| json(&t))
            );
            assert_eq!(
                workspace.call_tree(&query).ok().map(|t| json(&t)),
                goroseer::query::call_tree(&joined.document, &query)
                    .ok()
                    .map(|t| json(&t))
            );
            let annotations = joined.annotations()[profile].len();
            for annotation in (0..annotations).map(Some).chain([None]) {
                let query = GroupQuery {
                    profile,
                    annotation,
                    ..GroupQuery::default()
                };
                assert_eq!(
                    workspace.groups(&query).ok().map(|g| json(&g)),
                    joined.groups(&query).ok().map(|g| json(&g))
                );
            }
            // Members say their line in their own file (of the joined text before).
            let members = |m: Value| -> Vec<Value> {
                let mut m = m.as_array().unwrap().clone();
                m.iter_mut().for_each(|g| g["line"] = Value::Null);
                m
            };
            assert_eq!(
                members(json(&workspace.group_members(profile, 0, 0, 5))),
                members(json(&joined.group_members(profile, 0, 0, 5)))
            );
        }
        assert_eq!(workspace.parse_count(), files.len());
    }
}

#[test]
fn the_comparison_is_that_of_the_files_analysed_apart() {
    let workspace = workspace(&LEAK);
    let analyses: Vec<_> = texts(&LEAK)
        .iter()
        .map(|t| analyze(t, &Options::default()))
        .collect();
    let inputs: Vec<Input<'_>> = LEAK
        .iter()
        .zip(&analyses)
        .map(|(name, a)| Input::of(name, a))
        .collect();
    let options = CompareOptions {
        times: DumpTimes::FromNames,
        ..CompareOptions::default()
    };
    let rules = goroseer::rules::RuleOptions::default();
    let apart = goroseer::compare(&inputs, &options, &rules).unwrap();
    assert_eq!(json(&workspace.compare(&options).unwrap()), json(&apart));
    // A compared group's goroutines, snapshot by snapshot, are as many as its series says.
    let goroutines = apart.goroutines.as_ref().unwrap();
    let group = &goroutines.groups[0];
    for (s, snapshot) in goroutines.snapshots.iter().enumerate() {
        let members: usize = group.members[s]
            .iter()
            .map(|&g| {
                let level = options.group_by;
                workspace
                    .input_group_members(snapshot.input, snapshot.profile, level, g, 0, 10_000)
                    .len()
            })
            .sum();
        assert_eq!(members as u64, group.series[s]);
    }
    assert_eq!(workspace.parse_count(), LEAK.len());
}

#[test]
fn a_utf16_file_among_utf8_ones_is_decoded_on_its_own() {
    let mut texts = texts(&LEAK);
    let utf8 = workspace(&LEAK);
    let mut mixed = Workspace::new(Options::default());
    let second = texts.remove(1);
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(second.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    mixed.add_bytes(LEAK[0], texts.remove(0).into_bytes());
    mixed.add_bytes(LEAK[1], utf16);
    mixed.add_bytes(LEAK[2], texts.remove(0).into_bytes());
    assert_eq!(
        json(&mixed.report(&ReportOptions::default())),
        json(&utf8.report(&ReportOptions::default()))
    );
}
