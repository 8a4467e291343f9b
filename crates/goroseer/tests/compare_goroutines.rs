//! Comparing goroutine dumps on real dumps: the leak scenario's three snapshots, and
//! debug=1 against debug=2 taken back to back in every scenario that has both.

mod common;

use std::collections::BTreeMap;

use common::{corpus, json, read};
use goroseer::report::compare::{CompareReport as Comparison, GroupSeriesView as GroupSeries};
use goroseer::report::goroutine::FrameView;
use goroseer::rules::RuleOptions;
use goroseer::{CompareInput as Input, CompareOptions, DumpTimes};

fn compare(
    inputs: &[Input<'_>],
    options: &CompareOptions,
) -> Result<Comparison, goroseer::CompareError> {
    goroseer::compare(inputs, options, &RuleOptions::default())
}
use goroseer::{analyze, Analysis, GroupBy, Options};
use serde_json::Value;

const LEAK: &str = "goroutine-leak";
const MOMENTS: [&str; 3] = ["t05s", "t15s", "t70s"];

fn analyses(dir: &str, files: &[String]) -> Vec<(String, Analysis)> {
    files
        .iter()
        .map(|f| {
            let text = read(&corpus().join(dir).join(f));
            (f.clone(), analyze(&text, &Options::default()))
        })
        .collect()
}

fn compare_files(dir: &str, files: &[String], options: &CompareOptions) -> Comparison {
    let analyses = analyses(dir, files);
    let inputs: Vec<Input<'_>> = analyses
        .iter()
        .map(|(name, analysis)| Input::of(name, analysis))
        .collect();
    compare(&inputs, options).expect("comparison")
}

/// `FUNC FILE:LINE` as the ground truth writes frames.
fn frame_key(f: &FrameView) -> String {
    format!("{} {}:{}", f.function, f.file, f.line)
}

/// A ground-truth frame list as the comparison sees it: package `runtime` frames
/// dropped (as in the corpus' debug1-vs-debug2 ground truth).
fn truth_frames(frames: &Value) -> Vec<String> {
    frames
        .as_array()
        .expect("frames")
        .iter()
        .map(|f| f.as_str().expect("frame text").to_owned())
        .filter(|f| !f.starts_with("runtime."))
        .collect()
}

fn group_frames(g: &GroupSeries) -> Vec<String> {
    g.frames
        .iter()
        .filter(|f| !f.elided)
        .map(frame_key)
        .collect()
}

/// Per frame list (and state), the count of goroutines in a debug=2 ground truth.
fn debug2_counts(truth: &Value) -> BTreeMap<(Vec<String>, String), u64> {
    let mut out = BTreeMap::new();
    for stack in truth["stacks"].as_array().expect("stacks") {
        for (state, count) in stack["states"].as_object().expect("states") {
            let state = state.trim_end_matches(" (leaked)").to_owned();
            *out.entry((truth_frames(&stack["frames"]), state))
                .or_default() += count.as_u64().unwrap();
        }
    }
    out
}

fn truth(dir: &str, name: &str) -> Value {
    json(&corpus().join(dir).join("groundtruth").join(name))
}

fn find<'a>(c: &'a Comparison, frames: &[String], state: Option<&str>) -> &'a GroupSeries {
    let goroutines = c.goroutines.as_ref().expect("goroutine comparison");
    goroutines
        .groups
        .iter()
        .find(|g| group_frames(g) == frames && g.state.as_deref() == state)
        .unwrap_or_else(|| panic!("no group {frames:?} [{state:?}]"))
}

fn debug2_files() -> Vec<String> {
    MOMENTS
        .iter()
        .map(|m| format!("goroutine.{m}.debug2.txt"))
        .collect()
}

#[test]
fn leak_snapshots_debug2_give_the_ground_truth_series_per_group() {
    let files = debug2_files();
    let truths: Vec<BTreeMap<_, u64>> = files
        .iter()
        .map(|f| debug2_counts(&truth(LEAK, &format!("{f}.json"))))
        .collect();
    let c = compare_files(LEAK, &files, &CompareOptions::default());
    let goroutines = c.goroutines.as_ref().unwrap();
    assert!(goroutines.states_compared);
    let keys: std::collections::BTreeSet<_> = truths.iter().flat_map(|t| t.keys()).collect();
    for key in keys {
        let expected: Vec<u64> = truths
            .iter()
            .map(|t| t.get(key).copied().unwrap_or(0))
            .collect();
        let group = find(&c, &key.0, Some(&key.1));
        assert_eq!(group.series, expected, "{key:?}");
        let leaking = expected.windows(2).all(|w| w[1] > w[0]);
        assert_eq!(group.trend.grew_every_step, leaking, "{key:?}");
    }
    // Every goroutine is in exactly one group.
    for (s, total) in goroutines.totals.iter().enumerate() {
        let sum: u64 = goroutines.groups.iter().map(|g| g.series[s]).sum();
        assert_eq!(sum, *total);
    }
    // `members` name the groups of each snapshot's own report that make up the series.
    let reports: Vec<_> = analyses(LEAK, &files)
        .iter()
        .map(|(_, a)| a.report())
        .collect();
    for g in &goroutines.groups {
        for (s, ids) in g.members.iter().enumerate() {
            let own = &reports[s].profiles[0].goroutines.as_ref().unwrap().groups;
            let sum: u64 = ids.iter().map(|&id| own[id].count).sum();
            assert_eq!(sum, g.series[s]);
        }
    }
}

#[test]
fn the_three_leaking_groups_grow_and_the_background_stays_flat() {
    let c = compare_files(LEAK, &debug2_files(), &CompareOptions::default());
    let goroutines = c.goroutines.as_ref().unwrap();
    let t05 = debug2_counts(&truth(LEAK, "goroutine.t05s.debug2.txt.json"));
    let t70_truth = truth(LEAK, "goroutine.t70s.debug2.txt.json");
    let t70 = debug2_counts(&t70_truth);
    let creators: BTreeMap<Vec<String>, serde_json::Map<String, Value>> = t70_truth["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                truth_frames(&s["frames"]),
                s["creators"].as_object().unwrap().clone(),
            )
        })
        .collect();
    // The three groups that changed most are the leaks, with their creator named.
    for g in &goroutines.groups[..3] {
        let key = (group_frames(g), g.state.clone().unwrap());
        assert!(g.trend.grew_every_step, "{key:?}");
        assert_eq!(g.trend.delta as u64, t70[&key] - t05[&key]);
        let creator = g.created_by.as_ref().expect("debug=2 names the creator");
        let truth_creators = &creators[&key.0];
        assert!(truth_creators.contains_key(&frame_key(creator)), "{key:?}");
    }
    let leaks: Vec<&str> = goroutines.groups[..3]
        .iter()
        .map(|g| g.frames[0].function.rsplit('/').next().unwrap())
        .collect();
    for expected in [
        "upstream.FetchWithTimeout.func1",
        "events.(*Subscriber).listen",
        "watch.Config",
    ] {
        assert!(leaks.contains(&expected), "{expected} not in {leaks:?}");
    }
    for stable in ["main.worker", "main.metricsFlusher", "main.main.func1"] {
        let g = goroutines
            .groups
            .iter()
            .find(|g| g.frames[0].function == stable)
            .unwrap();
        assert_eq!(g.trend.delta, 0, "{stable}");
        assert!(!g.trend.grew_every_step, "{stable}");
    }
}

#[test]
fn rates_come_from_the_file_names_only_when_asked_or_given() {
    let files = debug2_files();
    let unknown = compare_files(LEAK, &files, &CompareOptions::default());
    assert_eq!(unknown.time_source, None);
    assert!(unknown.goroutines.as_ref().unwrap().groups[0]
        .trend
        .per_minute
        .is_none());
    let named = compare_files(
        LEAK,
        &files,
        &CompareOptions {
            times: DumpTimes::FromNames,
            ..CompareOptions::default()
        },
    );
    let g = &named.goroutines.as_ref().unwrap().groups[0];
    let per_minute = g.trend.per_minute.expect("times from t05s/t70s");
    let expected = g.trend.delta as f64 * 60.0 / 65.0;
    assert!(
        (per_minute - expected).abs() < 0.01,
        "{per_minute} vs {expected}"
    );
    let given = compare_files(
        LEAK,
        &files,
        &CompareOptions {
            times: DumpTimes::At(vec![0.0, 60.0, 120.0]),
            ..CompareOptions::default()
        },
    );
    let g = &given.goroutines.as_ref().unwrap().groups[0];
    assert_eq!(g.trend.per_minute, Some(g.trend.delta as f64 / 2.0));
}

#[test]
fn debug1_snapshots_and_mixed_formats_give_the_same_series() {
    let debug2 = compare_files(LEAK, &debug2_files(), &CompareOptions::default());
    let debug1_files: Vec<String> = MOMENTS
        .iter()
        .map(|m| format!("goroutine.{m}.debug1.txt"))
        .collect();
    let mixed_files = vec![
        debug1_files[0].clone(),
        debug2_files()[1].clone(),
        debug1_files[2].clone(),
    ];
    for files in [debug1_files, mixed_files] {
        let c = compare_files(LEAK, &files, &CompareOptions::default());
        let goroutines = c.goroutines.as_ref().unwrap();
        assert!(!goroutines.states_compared, "{files:?}");
        for g in debug2.goroutines.as_ref().unwrap().groups.iter() {
            if g.dump_writer {
                continue;
            }
            let other = find(&c, &group_frames(g), None);
            assert_eq!(other.series, g.series, "{files:?} {:?}", group_frames(g));
        }
    }
}

/// Every differing group of a debug=1 / debug=2 pair, by frames: (debug1, debug2).
fn differing(c: &Comparison) -> BTreeMap<Vec<String>, (u64, u64)> {
    c.goroutines
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .filter(|g| g.series[0] != g.series[1])
        .map(|g| (group_frames(g), (g.series[0], g.series[1])))
        .collect()
}

#[test]
fn debug1_against_debug2_of_the_same_moment_differs_only_where_ground_truth_says() {
    let mut checked = 0;
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(truths) = std::fs::read_dir(dir.join("groundtruth")) else {
            continue;
        };
        for truth_file in truths {
            let truth_path = truth_file.unwrap().path();
            let name = truth_path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !name.ends_with(".compare-debug1-vs-debug2.json") {
                continue;
            }
            let truth = json(&truth_path);
            let scenario = dir.file_name().unwrap().to_string_lossy().into_owned();
            let files = [
                truth["debug1_file"].as_str().unwrap().to_owned(),
                truth["debug2_file"].as_str().unwrap().to_owned(),
            ];
            let c = compare_files(&scenario, &files, &CompareOptions::default());
            let mut expected: BTreeMap<Vec<String>, (u64, u64)> = BTreeMap::new();
            for m in truth["mismatches"].as_array().unwrap() {
                let e = expected.entry(truth_frames(&m["frames"])).or_default();
                e.0 += m["debug1"].as_u64().unwrap();
                e.1 += m["debug2"].as_u64().unwrap();
            }
            expected.retain(|_, (a, b)| a != b);
            assert_eq!(differing(&c), expected, "{scenario}/{name}");
            // The dump writer is recognised as such: it is the explained difference.
            for g in &c.goroutines.as_ref().unwrap().groups {
                let writes = g
                    .frames
                    .iter()
                    .any(|f| f.function.starts_with("runtime/pprof.write"));
                assert_eq!(g.dump_writer, writes, "{scenario}/{name}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} debug1/debug2 pairs found");
}

#[test]
fn the_same_moment_in_both_formats_shows_no_growth_but_the_writer() {
    for moment in MOMENTS {
        let files = [
            format!("goroutine.{moment}.debug1.txt"),
            format!("goroutine.{moment}.debug2.txt"),
        ];
        let c = compare_files(LEAK, &files, &CompareOptions::default());
        for g in &c.goroutines.as_ref().unwrap().groups {
            assert!(
                g.trend.delta == 0 || g.dump_writer,
                "{moment}: {:?} {:?}",
                group_frames(g),
                g.series
            );
        }
    }
}

#[test]
fn exact_grouping_is_refused_and_other_levels_match_too() {
    let files = debug2_files();
    let analyses = analyses(LEAK, &files);
    let inputs: Vec<Input<'_>> = analyses
        .iter()
        .map(|(name, analysis)| Input::of(name, analysis))
        .collect();
    let exact = CompareOptions {
        group_by: GroupBy::Exact,
        ..CompareOptions::default()
    };
    assert!(compare(&inputs, &exact).is_err());
    let lines = compare(&inputs, &CompareOptions::default()).unwrap();
    for by in [GroupBy::Functions, GroupBy::Top(1)] {
        let c = compare(
            &inputs,
            &CompareOptions {
                group_by: by,
                ..CompareOptions::default()
            },
        )
        .unwrap();
        let series = |c: &Comparison| -> Vec<Vec<u64>> {
            c.goroutines.as_ref().unwrap().groups[..3]
                .iter()
                .map(|g| g.series.clone())
                .collect()
        };
        assert_eq!(series(&c), series(&lines), "{by}");
    }
}

#[test]
fn totals_per_state_follow_the_dumps() {
    let files = debug2_files();
    let c = compare_files(LEAK, &files, &CompareOptions::default());
    let goroutines = c.goroutines.as_ref().unwrap();
    for (s, file) in files.iter().enumerate() {
        let t = truth(LEAK, &format!("{file}.json"));
        assert_eq!(
            goroutines.totals[s],
            t["total_goroutines"].as_u64().unwrap()
        );
        for (state, count) in t["by_state"].as_object().unwrap() {
            let row = goroutines
                .states
                .0
                .iter()
                .find(|(name, _)| name == state)
                .unwrap_or_else(|| panic!("state {state}"));
            assert_eq!(row.1[s], count.as_u64(), "{file} {state}");
        }
    }
    let mixed = compare_files(
        LEAK,
        &["goroutine.t05s.debug1.txt".into(), files[1].clone()],
        &CompareOptions::default(),
    );
    let states = &mixed.goroutines.as_ref().unwrap().states.0;
    assert!(states
        .iter()
        .all(|(_, row)| row[0].is_none() && row[1].is_some()));
}

/// The whole comparison of the leak snapshots, as `goroseer diff --json` prints it: a
/// committed snapshot, so any change to the public shape or numbers is reviewed.
#[test]
fn leak_comparison_json_snapshot() {
    let c = compare_files(
        LEAK,
        &debug2_files(),
        &CompareOptions {
            times: DumpTimes::FromNames,
            ..CompareOptions::default()
        },
    );
    insta::assert_json_snapshot!("leak_t05s_t15s_t70s_debug2", c);
}

/// Nothing to compare, text that is no dump, a dump cut in the middle: a comparison with
/// notes, never a panic.
#[test]
fn odd_inputs_give_notes_not_panics() {
    let none = compare(&[], &CompareOptions::default()).unwrap();
    assert!(none.goroutines.is_none() && none.heap.is_none());
    let junk = analyze("hello\nworld\n", &Options::default());
    let t05 = read(&corpus().join(LEAK).join("goroutine.t05s.debug2.txt"));
    let cut = analyze(&t05[..t05.len() / 2], &Options::default());
    let whole = analyze(&t05, &Options::default());
    let inputs = [
        Input::of("junk.txt", &junk),
        Input::of("cut.txt", &cut),
        Input::of("whole.txt", &whole),
    ];
    let c = compare(&inputs, &CompareOptions::default()).unwrap();
    assert!(c
        .notes
        .iter()
        .any(|n| n.input == Some(0) && n.message.contains("junk.txt")));
    let goroutines = c.goroutines.unwrap();
    assert_eq!(goroutines.snapshots.len(), 2);
    assert!(goroutines.totals[0] < goroutines.totals[1]);
}
