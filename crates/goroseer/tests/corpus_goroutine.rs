//! Every goroutine dump and crash dump of the corpus against its ground truth
//! (`tests/fixtures/corpus/*/groundtruth/*.json`, computed by an independent script).

mod common;

use std::collections::{BTreeMap, HashMap};

use common::*;
use goroseer::model::goroutine::{GoroutineFlags, GoroutineProfile, StackEntry};
use goroseer::model::FrameTable;
use serde_json::Value;

/// The ground truth's labels as key-sorted pairs: the debug=1 form
/// (`{"handler":"/api/users", "tenant":"acme"}`, a JSON object) or the debug=2 header form
/// (`{handler: /api/users, tenant: acme}`; the corpus's values hold no `, ` or `: `).
fn parse_labels(text: &str) -> Result<Vec<(String, String)>, String> {
    if let Ok(map) = serde_json::from_str::<BTreeMap<String, String>>(text) {
        return Ok(map.into_iter().collect());
    }
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .ok_or_else(|| format!("not a label set: {text}"))?;
    let mut pairs = inner
        .split(", ")
        .map(|pair| {
            pair.split_once(": ")
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| format!("not a label: {pair}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    pairs.sort();
    Ok(pairs)
}

/// Key-sorted pairs, to compare with [`parse_labels`].
fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn as_counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, n)| (k.clone(), n.as_u64().expect("count")))
                .collect()
        })
        .unwrap_or_default()
}

/// Base state as the report names it: without `(leaked)` / `(durable)`.
fn base_state(state: &str) -> String {
    state
        .replace(" (leaked)", "")
        .replace(" (durable)", "")
        .replace(" (scan)", "")
}

fn all_goroutines(
    p: &GoroutineProfile,
) -> impl Iterator<Item = &goroseer::model::goroutine::Goroutine> {
    p.goroutines.iter().chain(p.partial.iter())
}

fn check_debug2(path: &std::path::Path, gt: &Value) {
    let name = path.display().to_string();
    let analysis = analyze_text(&read(path));
    let p = only_profile(&analysis);
    let frames = &analysis.document.frames;

    // Totals: complete goroutines, plus the cut-off one counted separately.
    let complete = gt["complete_goroutines"].as_u64().unwrap();
    let total = gt["total_goroutines"].as_u64().unwrap();
    assert_eq!(p.total(), complete, "{name}: complete goroutines");
    assert_eq!(
        p.total() + p.partial.len() as u64,
        total,
        "{name}: all headers"
    );
    assert_eq!(
        p.truncated,
        gt["truncated"].as_bool().unwrap(),
        "{name}: truncated"
    );

    // States (over every header, as the ground truth counts them).
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for (state, n) in as_counts(&gt["by_state"]) {
        *want.entry(base_state(&state)).or_default() += n;
    }
    let mut got: BTreeMap<String, u64> = BTreeMap::new();
    for g in all_goroutines(p) {
        *got.entry(p.state_of(g).to_owned()).or_default() += 1;
    }
    assert_eq!(got, want, "{name}: states");

    // Flags and histograms.
    let count = |flag: u16| all_goroutines(p).filter(|g| g.flags.has(flag)).count() as u64;
    assert_eq!(
        count(GoroutineFlags::LEAKED),
        gt["leaked"].as_u64().unwrap(),
        "{name}: leaked"
    );
    assert_eq!(
        count(GoroutineFlags::LOCKED_TO_THREAD),
        gt["locked_to_thread"].as_u64().unwrap(),
        "{name}: locked"
    );
    assert_eq!(
        count(GoroutineFlags::STACK_UNAVAILABLE),
        gt["stack_unavailable"].as_u64().unwrap(),
        "{name}: stack unavailable"
    );
    assert_eq!(
        p.goroutines
            .iter()
            .filter(|g| g.flags.has(GoroutineFlags::ELIDED))
            .count() as u64,
        gt["goroutines_with_elided_frames"].as_u64().unwrap(),
        "{name}: elided"
    );
    let mut minutes: BTreeMap<String, u64> = BTreeMap::new();
    for g in all_goroutines(p) {
        *minutes.entry(g.wait_minutes.to_string()).or_default() += 1;
    }
    assert_eq!(
        minutes,
        as_counts(&gt["wait_minutes_histogram"]),
        "{name}: minutes"
    );

    // Labels: the ground truth keys are the header text; decode them the same way.
    let mut want_labels: BTreeMap<Vec<(String, String)>, u64> = BTreeMap::new();
    for (text, n) in as_counts(&gt["by_labels"]) {
        let pairs = if text.is_empty() {
            Vec::new()
        } else {
            parse_labels(&text).expect("ground-truth labels")
        };
        *want_labels.entry(pairs).or_default() += n;
    }
    let mut got_labels: BTreeMap<Vec<(String, String)>, u64> = BTreeMap::new();
    for g in all_goroutines(p) {
        let pairs = g
            .labels
            .map(|l| sorted(p.label_sets[l as usize].pairs.clone()))
            .unwrap_or_default();
        *got_labels.entry(pairs).or_default() += 1;
    }
    assert_eq!(got_labels, want_labels, "{name}: labels");

    // Unique stacks with their counts (complete goroutines; created-by kept apart).
    let mut got_stacks: HashMap<Vec<String>, u64> = HashMap::new();
    for g in &p.goroutines {
        *got_stacks
            .entry(frame_strings(frames, p.stacks.get(g.stack)))
            .or_default() += 1;
    }
    let mut want_stacks: HashMap<Vec<String>, u64> = HashMap::new();
    for s in gt["stacks"].as_array().unwrap() {
        let key: Vec<String> = s["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect();
        *want_stacks.entry(key).or_default() += s["count"].as_u64().unwrap();
    }
    assert_eq!(
        got_stacks.len() as u64,
        gt["unique_stacks"].as_u64().unwrap(),
        "{name}: unique stacks"
    );
    assert_eq!(got_stacks, want_stacks, "{name}: stacks");

    // Thread stacks, ancestry, crash facts.
    let g0 = p
        .thread_stacks
        .iter()
        .filter(|t| t.header.starts_with("goroutine 0"))
        .count();
    assert_eq!(
        g0 as u64,
        gt["g0_thread_stacks"].as_u64().unwrap(),
        "{name}: g0 stacks"
    );
    let ancestors: Vec<(u64, u64)> = p
        .ancestors
        .iter()
        .map(|a| (p.goroutines[a.goroutine as usize].id, a.origin))
        .collect();
    let want_ancestors: Vec<(u64, u64)> = gt["ancestor_sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["goroutine"].as_u64().unwrap(),
                a["originating_from"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ancestors, want_ancestors, "{name}: ancestors");
    for (a, w) in p
        .ancestors
        .iter()
        .zip(gt["ancestor_sections"].as_array().unwrap())
    {
        let stack = p.stacks.get(a.stack);
        // The ground truth counts the elision marker as a frame line.
        assert_eq!(
            stack.len() as u64,
            w["frames"].as_u64().unwrap(),
            "{name}: ancestor frames"
        );
        let elided = stack.iter().any(|e| matches!(e, StackEntry::Elided { .. }));
        assert_eq!(
            elided,
            w["has_elision_marker"].as_bool().unwrap(),
            "{name}: ancestor elision"
        );
        let creator = a.created_by.map(|c| {
            let f = frames.get(c.frame);
            format!("{} {}:{}", f.function, f.file, f.line)
        });
        assert_eq!(
            creator.as_deref(),
            w["creator"].as_str(),
            "{name}: ancestor creator"
        );
    }
    if let Some(lines) = gt.get("non_goroutine_lines") {
        check_crash(&name, p, frames, lines, gt);
    }
    assert!(
        p.diagnostics.iter().all(|d| d.message.contains("cut off")),
        "{name}: {:?}",
        p.diagnostics
    );
}

fn check_crash(name: &str, p: &GoroutineProfile, frames: &FrameTable, lines: &Value, gt: &Value) {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let want_panics: Vec<String> = strings(&lines["panic"])
        .iter()
        .map(|l| {
            l.trim_start_matches('\t')
                .trim_start_matches("panic: ")
                .to_owned()
        })
        .collect();
    let got_panics: Vec<String> = p
        .crash
        .panics
        .iter()
        .map(|v| match (v.recovered, v.repanicked) {
            (true, true) => format!("{} [recovered, repanicked]", v.message),
            (true, false) => format!("{} [recovered]", v.message),
            _ => v.message.clone(),
        })
        .collect();
    assert_eq!(got_panics, want_panics, "{name}: panics");
    let want_fatal: Vec<String> = strings(&lines["fatal_error"])
        .iter()
        .map(|l| l.trim_start_matches("fatal error: ").to_owned())
        .collect();
    assert_eq!(p.crash.fatal_errors, want_fatal, "{name}: fatal errors");
    assert_eq!(
        p.crash.signals,
        strings(&lines["signal"]),
        "{name}: signals"
    );
    assert_eq!(
        p.crash.runtime_messages,
        strings(&lines["runtime_lines"]),
        "{name}: runtime lines"
    );
    assert_eq!(
        p.crash.register_lines as u64,
        lines["register_lines"].as_u64().unwrap(),
        "{name}: registers"
    );
    assert_eq!(
        p.crash.separators as u64,
        lines["separators"].as_u64().unwrap(),
        "{name}: separators"
    );
    let runtime_stack: Vec<String> = p
        .thread_stacks
        .iter()
        .filter(|t| t.header == "runtime stack:")
        .flat_map(|t| frame_strings(frames, p.stacks.get(t.stack)))
        .collect();
    let want: Vec<String> = gt["runtime_stack_frames"]
        .as_array()
        .map(|a| a.iter().map(|f| f.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    assert_eq!(runtime_stack, want, "{name}: runtime stack");
}

#[test]
fn debug2_dumps_match_ground_truth() {
    let dumps = corpus_dumps("goroutine-debug2");
    assert!(dumps.len() >= 12, "corpus has the debug=2 dumps");
    for (dump, gt) in dumps {
        check_debug2(&dump, &json(&gt));
    }
}

#[test]
fn crash_dumps_match_ground_truth() {
    let dumps = corpus_dumps("crash-stderr");
    assert!(dumps.len() >= 20, "corpus has the crash dumps");
    for (dump, gt) in dumps {
        let gt = json(&gt);
        check_debug2(&dump, &gt);
        let analysis = analyze_text(&read(&dump));
        assert_eq!(
            only_profile(&analysis).format.name(),
            "traceback",
            "{}",
            dump.display()
        );
    }
}

#[test]
fn debug1_dumps_match_ground_truth() {
    let mut checked = 0;
    for (dump, gt) in corpus_dumps("count-profile-debug1") {
        let gt = json(&gt);
        let Some(kind) = gt["profile"]
            .as_str()
            .filter(|k| k.starts_with("goroutine"))
        else {
            continue;
        };
        let name = dump.display().to_string();
        let analysis = analyze_text(&read(&dump));
        let p = only_profile(&analysis);
        assert_eq!(p.name, kind, "{name}");
        assert_eq!(
            p.header_total,
            gt["header_total"].as_u64(),
            "{name}: header"
        );
        assert_eq!(
            p.total(),
            gt["sum_of_record_counts"].as_u64().unwrap(),
            "{name}: sum"
        );
        assert_eq!(
            p.goroutines.len() as u64,
            gt["records"].as_u64().unwrap(),
            "{name}: records"
        );
        for (g, want) in p
            .goroutines
            .iter()
            .zip(gt["records_detail"].as_array().unwrap())
        {
            assert_eq!(g.count, want["count"].as_u64().unwrap(), "{name}");
            let frames = frame_strings(&analysis.document.frames, p.stacks.get(g.stack));
            let want_frames: Vec<String> = want["frames"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(frames, want_frames, "{name}: record frames");
            let labels = g
                .labels
                .map(|l| sorted(p.label_sets[l as usize].pairs.clone()));
            let want_labels = want["labels"]
                .as_str()
                .map(|t| parse_labels(t).expect("labels"));
            assert_eq!(labels, want_labels, "{name}: record labels");
        }
        assert!(p.diagnostics.is_empty(), "{name}: {:?}", p.diagnostics);
        assert!(analysis.document.diagnostics.is_empty(), "{name}");
        checked += 1;
    }
    assert!(checked >= 10, "checked {checked} debug=1 dumps");
}

/// Stack key of the debug1/debug2 comparison: frames outside package `runtime`, plus labels.
fn comparison_key(
    frames: &FrameTable,
    p: &GoroutineProfile,
    g: &goroseer::model::goroutine::Goroutine,
) -> (Vec<String>, Vec<(String, String)>) {
    let stack: Vec<String> = p
        .stacks
        .get(g.stack)
        .iter()
        .filter_map(|e| match *e {
            StackEntry::Call { frame, .. } => {
                let f = frames.get(frame);
                (f.package != "runtime").then(|| format!("{} {}:{}", f.function, f.file, f.line))
            }
            StackEntry::Elided { .. } => None,
        })
        .collect();
    let mut labels = g
        .labels
        .map(|l| p.label_sets[l as usize].pairs.clone())
        .unwrap_or_default();
    labels.sort();
    (stack, labels)
}

#[test]
fn debug1_and_debug2_of_the_same_moment_agree_per_stack() {
    let mut checked = 0;
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let dir = entry.unwrap().path().join("groundtruth");
        let Ok(files) = std::fs::read_dir(&dir) else {
            continue;
        };
        for file in files {
            let path = file.unwrap().path();
            if !path
                .to_string_lossy()
                .ends_with(".compare-debug1-vs-debug2.json")
            {
                continue;
            }
            let gt = json(&path);
            let scenario = dir.parent().unwrap();
            let mut counts: HashMap<_, (u64, u64)> = HashMap::new();
            for (side, file) in [(0, &gt["debug1_file"]), (1, &gt["debug2_file"])] {
                let mut p = scenario.join(file.as_str().unwrap());
                if !p.exists() {
                    p = scenario.join(format!("{}.gz", file.as_str().unwrap()));
                }
                let analysis = analyze_text(&read(&p));
                let profile = only_profile(&analysis);
                for g in &profile.goroutines {
                    let key = comparison_key(&analysis.document.frames, profile, g);
                    let entry = counts.entry(key).or_default();
                    if side == 0 {
                        entry.0 += g.count;
                    } else {
                        entry.1 += g.count;
                    }
                }
            }
            let matched: u64 = counts.values().map(|(a, b)| a.min(b)).sum();
            assert_eq!(
                matched,
                gt["matched_goroutines"].as_u64().unwrap(),
                "{}",
                path.display()
            );
            let mut got: Vec<(Vec<String>, u64, u64)> = counts
                .into_iter()
                .filter(|(_, (a, b))| a != b)
                .map(|((stack, _), (a, b))| (stack, a.saturating_sub(b), b.saturating_sub(a)))
                .collect();
            got.sort();
            let mut want: Vec<(Vec<String>, u64, u64)> = gt["mismatches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["frames"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|f| f.as_str().unwrap().to_owned())
                            .collect(),
                        m["debug1"].as_u64().unwrap(),
                        m["debug2"].as_u64().unwrap(),
                    )
                })
                .collect();
            want.sort();
            assert_eq!(got, want, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 9, "checked {checked} comparisons");
}
