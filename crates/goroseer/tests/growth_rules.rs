//! `goroutine-growth` and `heap-growth` on real dumps: firing on the leak scenario, the
//! heap-growth pair and a log holding several dumps; silent on stable groups and on
//! debug=1 / debug=2 pairs of the same moment.

mod common;
mod rules_fixture;

use std::collections::BTreeMap;

use common::{corpus, json, read};
use goroseer::report::compare::CompareReport as Comparison;
use goroseer::rules::{Annotation, Key, RuleOptions, Severity};
use goroseer::{CompareInput as Input, CompareOptions};

/// The comparison of `inputs` at the default level, with the growth rules at `rules`.
fn compare(
    inputs: &[Input<'_>],
    rules: &RuleOptions,
) -> Result<Comparison, goroseer::CompareError> {
    goroseer::compare(inputs, &CompareOptions::default(), rules)
}
use goroseer::model::Profile;
use goroseer::{analyze, Analysis, Options};
use rules_fixture::ev;
use serde_json::Value;

const LEAK: &str = "goroutine-leak";

fn fixture_path(path: &str) -> std::path::PathBuf {
    corpus().join("..").join(path)
}

fn analyses(paths: &[String]) -> Vec<(String, Analysis)> {
    paths
        .iter()
        .map(|p| {
            let text = read(&fixture_path(p));
            (p.clone(), analyze(&text, &Options::default()))
        })
        .collect()
}

fn compare_paths(paths: &[String]) -> Comparison {
    let analyses = analyses(paths);
    let inputs: Vec<Input<'_>> = analyses
        .iter()
        .map(|(name, a)| Input::of(name, a))
        .collect();
    compare(&inputs, &RuleOptions::default()).expect("comparison")
}

fn leak(files: &[&str]) -> Vec<String> {
    files
        .iter()
        .map(|f| format!("corpus/{LEAK}/goroutine.{f}.txt"))
        .collect()
}

fn of_rule<'a>(c: &'a Comparison, rule: &str) -> Vec<&'a Annotation> {
    c.annotations.iter().filter(|a| a.rule == rule).collect()
}

/// Ground-truth series per first frame of the leak scenario's debug=2 snapshots.
fn truth_series(moments: &[&str]) -> BTreeMap<String, Vec<u64>> {
    let mut out: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (i, m) in moments.iter().enumerate() {
        let t = json(
            &corpus()
                .join(LEAK)
                .join("groundtruth")
                .join(format!("goroutine.{m}.debug2.txt.json")),
        );
        for stack in t["stacks"].as_array().unwrap() {
            let first = stack["frames"][0].as_str().unwrap();
            let function = first.split(' ').next().unwrap().to_owned();
            let row = out
                .entry(function)
                .or_insert_with(|| vec![0; moments.len()]);
            row[i] += stack["count"].as_u64().unwrap();
        }
    }
    out
}

fn creators(moment: &str) -> BTreeMap<String, Vec<String>> {
    let t = json(
        &corpus()
            .join(LEAK)
            .join("groundtruth")
            .join(format!("goroutine.{moment}.debug2.txt.json")),
    );
    t["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let function = s["frames"][0].as_str().unwrap().split(' ').next().unwrap();
            let sites = s["creators"].as_object().unwrap().keys().cloned().collect();
            (function.to_owned(), sites)
        })
        .collect()
}

/// `function file:line` of a location value, the way the comparison names creators.
fn located(v: &Value) -> String {
    format!(
        "{} {}:{}",
        v["function"].as_str().unwrap(),
        v["file"].as_str().unwrap(),
        v["line"]
    )
}

fn series(a: &Annotation) -> Vec<u64> {
    ev(a, Key::Series)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

#[test]
fn the_three_leaks_are_critical_with_their_ground_truth_series_and_creators() {
    let moments = ["t05s", "t15s", "t70s"];
    let truth = truth_series(&moments);
    let creators = creators("t70s");
    let debug2: Vec<String> = moments.iter().map(|m| format!("{m}.debug2")).collect();
    let debug2: Vec<&str> = debug2.iter().map(String::as_str).collect();
    let c = compare_paths(&leak(&debug2));
    let found = of_rule(&c, "goroutine-growth");
    assert_eq!(found.len(), 3, "{found:#?}");
    let growing: Vec<&String> = truth
        .iter()
        .filter(|(_, s)| s.windows(2).all(|w| w[1] > w[0]))
        .map(|(f, _)| f)
        .collect();
    assert_eq!(growing.len(), 3);
    for a in &found {
        assert_eq!(a.severity, Severity::Critical);
        let function = ev(a, Key::Site)["function"].as_str().unwrap().to_owned();
        assert!(growing.iter().any(|g| **g == function), "{function}");
        assert_eq!(series(a), truth[&function], "{function}");
        let created_by = located(&ev(a, Key::CreatedBy));
        assert!(creators[&function].contains(&created_by), "{created_by}");
        // The sentence names the creator as the page does: the module's path dropped.
        let creator = created_by.split(' ').next().unwrap();
        let shown = creator.splitn(4, '/').last().unwrap();
        assert!(a.detail.contains(shown), "{shown}: {}", a.detail);
        // The annotation points at the comparison group with that series.
        let group = &c.goroutines.as_ref().unwrap().groups[a.groups[0]];
        assert_eq!(group.series, truth[&function]);
    }
    for stable in ["main.worker", "main.metricsFlusher", "main.main.func1"] {
        assert!(truth.contains_key(stable));
        assert!(
            found.iter().all(|a| ev(a, Key::Site)["function"] != stable),
            "{stable} flagged"
        );
    }
}

#[test]
fn debug1_snapshots_flag_the_same_groups_without_creators() {
    let c = compare_paths(&leak(&["t05s.debug1", "t15s.debug1", "t70s.debug1"]));
    let truth = truth_series(&["t05s", "t15s", "t70s"]);
    let found = of_rule(&c, "goroutine-growth");
    assert_eq!(found.len(), 3);
    for a in found {
        let function = ev(a, Key::Site)["function"].as_str().unwrap().to_owned();
        assert_eq!(series(a), truth[&function]);
        assert_eq!(ev(a, Key::CreatedBy), Value::Null);
        assert_eq!(ev(a, Key::State), Value::Null);
    }
}

#[test]
fn two_dumps_far_apart_are_a_large_factor() {
    let c = compare_paths(&leak(&["t05s.debug2", "t70s.debug1"]));
    let found = of_rule(&c, "goroutine-growth");
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|a| a.severity == Severity::Critical));
    assert!(found
        .iter()
        .all(|a| ev(a, Key::Ratio).as_f64().unwrap() >= 2.0));
}

#[test]
fn raising_the_thresholds_silences_the_rule() {
    let analyses = analyses(&leak(&["t05s.debug2", "t15s.debug2"]));
    let inputs: Vec<Input<'_>> = analyses
        .iter()
        .map(|(name, a)| Input::of(name, a))
        .collect();
    let mut options = RuleOptions::default();
    assert_eq!(
        of_rule(&compare(&inputs, &options).unwrap(), "goroutine-growth").len(),
        3
    );
    // 50 → 148 is ×2.96: below a factor of 3 it is not "large" across two dumps.
    options.set("goroutineGrowthFactor", "3").unwrap();
    assert!(of_rule(&compare(&inputs, &options).unwrap(), "goroutine-growth").is_empty());
}

#[test]
fn debug1_and_debug2_of_the_same_moment_are_silent() {
    let pairs = [
        ("goroutine-leak", "goroutine.t05s"),
        ("goroutine-leak", "goroutine.t15s"),
        ("goroutine-leak", "goroutine.t70s"),
        ("goroutine-http-keepalive", "goroutine"),
        ("goroutine-sync-contention", "goroutine"),
        ("goroutine-labels", "goroutine"),
        ("goroutine-misc-states", "goroutine"),
    ];
    for (dir, stem) in pairs {
        let paths = vec![
            format!("corpus/{dir}/{stem}.debug1.txt"),
            format!("corpus/{dir}/{stem}.debug2.txt"),
        ];
        let c = compare_paths(&paths);
        assert!(
            c.annotations.is_empty(),
            "{dir}/{stem}: {:#?}",
            c.annotations
        );
        // ... and the other way round.
        let c = compare_paths(&[paths[1].clone(), paths[0].clone()]);
        assert!(c.annotations.is_empty(), "{dir}/{stem} reversed");
    }
}

#[test]
fn stable_programs_compared_with_themselves_over_formats_are_silent() {
    // The keep-alive server's 300 idle connections and the shop's blocked pools, read
    // three times (debug=2, debug=1, debug=2): nothing grows.
    for dir in ["goroutine-http-keepalive", "goroutine-sync-contention"] {
        let paths = vec![
            format!("corpus/{dir}/goroutine.debug2.txt"),
            format!("corpus/{dir}/goroutine.debug1.txt"),
            format!("corpus/{dir}/goroutine.debug2.txt"),
        ];
        let c = compare_paths(&paths);
        assert!(c.annotations.is_empty(), "{dir}: {:#?}", c.annotations);
    }
}

fn site_inuse(a: &Analysis, function: &str) -> i64 {
    let frames = &a.document.frames;
    a.document
        .profiles
        .iter()
        .filter_map(|p| match p {
            Profile::Heap(h) => Some(h),
            _ => None,
        })
        .flat_map(|h| h.records.iter())
        .filter(|r| {
            r.frames
                .iter()
                .map(|&f| frames.get(f))
                .find(|f| f.origin != goroseer::model::Origin::Runtime)
                .is_some_and(|f| f.function == function)
        })
        .map(|r| r.unsampled.inuse_space)
        .sum()
}

#[test]
fn heap_growth_flags_the_leaky_cache_only() {
    let paths = vec![
        "heap-growth/heap.t1.debug1.txt".to_owned(),
        "heap-growth/heap.t2.debug1.txt".to_owned(),
    ];
    let analyses = analyses(&paths);
    let c = compare_paths(&paths);
    let found = of_rule(&c, "heap-growth");
    assert_eq!(found.len(), 1, "{found:#?}");
    let a = found[0];
    assert_eq!(a.severity, Severity::Warning, "two dumps: a warning");
    assert_eq!(ev(a, Key::Site)["function"], "main.remember");
    let expected: Vec<i64> = analyses
        .iter()
        .map(|(_, a)| site_inuse(a, "main.remember"))
        .collect();
    let got: Vec<i64> = ev(a, Key::InuseBytes)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(got, expected);
    assert!(expected[1] > 3 * expected[0], "{expected:?}");
    let heap = c.heap.as_ref().unwrap();
    let site = |function: &str| {
        heap.sites
            .iter()
            .find(|s| s.frames[0].function == function)
            .unwrap()
    };
    assert_eq!(heap.sites[0].frames[0].function, "main.remember");
    // The fixed pool stays the same; churn keeps nothing although it allocates more.
    assert_eq!(site("main.fillPool").trend.delta, 0);
    let churn = site("main.churn");
    assert_eq!(churn.inuse_space, vec![0, 0]);
    assert!(churn.alloc_space[1] > churn.alloc_space[0]);
    // With a higher bar the cache is not reported.
    let inputs: Vec<Input<'_>> = analyses
        .iter()
        .map(|(name, a)| Input::of(name, a))
        .collect();
    let mut options = RuleOptions::default();
    options
        .set(
            "heapGrowthBytes",
            &(expected[1] - expected[0] + 1).to_string(),
        )
        .unwrap();
    assert!(of_rule(&compare(&inputs, &options).unwrap(), "heap-growth").is_empty());
}

#[test]
fn a_log_with_several_dumps_is_compared_with_itself() {
    let text = read(&fixture_path("periodic-dumps/service.log"));
    let analysis = analyze(&text, &Options::default());
    let report = analysis.report();
    let goroutine_dumps: Vec<usize> = report
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == "goroutine")
        .map(|(i, _)| i)
        .collect();
    let heap_dumps: Vec<usize> = report
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == "heap")
        .map(|(i, _)| i)
        .collect();
    assert_eq!((goroutine_dumps.len(), heap_dumps.len()), (3, 3));
    let growth_in = |i: usize, rule: &str| -> Vec<Annotation> {
        report.profiles[i]
            .annotations
            .iter()
            .filter(|a| a.rule == rule)
            .cloned()
            .collect()
    };
    // Only the last dump of each kind carries the growth annotations.
    for &i in &goroutine_dumps[..2] {
        assert!(growth_in(i, "goroutine-growth").is_empty());
    }
    let last = *goroutine_dumps.last().unwrap();
    let found = growth_in(last, "goroutine-growth");
    assert_eq!(found.len(), 1, "{found:#?}");
    let a = &found[0];
    assert_eq!(ev(a, Key::Site)["function"], "main.fetch.func1");
    // Its series is the fetch group's count in each dump, and it points at that group.
    let counts: Vec<u64> = goroutine_dumps
        .iter()
        .map(|&i| {
            let g = report.profiles[i].goroutines.as_ref().unwrap();
            g.groups
                .iter()
                .filter(|g| g.frames.iter().any(|f| f.function == "main.fetch.func1"))
                .map(|g| g.count)
                .sum()
        })
        .collect();
    assert_eq!(series(a), counts);
    let groups = &report.profiles[last].goroutines.as_ref().unwrap().groups;
    assert_eq!(a.groups.len(), 1);
    assert_eq!(groups[a.groups[0]].frames[0].function, "main.fetch.func1");
    // The worker pool and the ticker are not growth.
    assert!(groups
        .iter()
        .any(|g| g.frames.iter().any(|f| f.function == "main.worker")));
    let heap_last = *heap_dumps.last().unwrap();
    let heap = growth_in(heap_last, "heap-growth");
    assert_eq!(heap.len(), 1, "{heap:#?}");
    assert_eq!(
        heap[0].severity,
        Severity::Critical,
        "three dumps: critical"
    );
    assert_eq!(ev(&heap[0], Key::Site)["function"], "main.remember");
    let Some(Profile::Heap(h)) = analysis.document.profiles.get(heap_last) else {
        panic!("heap dump expected");
    };
    for &r in &heap[0].groups {
        let frames = &analysis.document.frames;
        assert!(h.records[r]
            .frames
            .iter()
            .any(|&f| frames.get(f).function == "main.remember"));
    }
}

#[test]
fn one_dump_alone_is_never_growth() {
    for path in [
        "corpus/goroutine-leak/goroutine.t70s.debug2.txt",
        "heap-growth/heap.t2.debug1.txt",
    ] {
        let c = compare_paths(&[path.to_owned()]);
        assert!(c.annotations.is_empty(), "{path}");
        let a = analyze(&read(&fixture_path(path)), &Options::default());
        for p in a.report().profiles {
            assert!(p
                .annotations
                .iter()
                .all(|a| a.rule != "goroutine-growth" && a.rule != "heap-growth"));
        }
    }
}

/// Seconds into the day of an RFC 3339 line prefix (`2026-11-25T03:57:38.822679883Z …`),
/// read here independently of the parser.
fn clock_of(line: &str) -> f64 {
    let clock = &line[11..line.find('Z').unwrap()];
    let mut parts = clock.split(':');
    let h: f64 = parts.next().unwrap().parse().unwrap();
    let m: f64 = parts.next().unwrap().parse().unwrap();
    let s: f64 = parts.next().unwrap().parse().unwrap();
    h * 3600.0 + m * 60.0 + s
}

#[test]
fn a_timestamped_log_gives_rates_per_minute() {
    let path = "periodic-dumps/service.k8s.log";
    let text = read(&fixture_path(path));
    let header_times: Vec<f64> = text
        .lines()
        .filter(|l| l.contains(" goroutine profile: total "))
        .map(clock_of)
        .collect();
    assert_eq!(header_times.len(), 3);
    let analysis = analyze(&text, &Options::default());
    assert_eq!(analysis.document.log_prefix.as_deref(), Some("kubernetes"));
    let c = compare(&[Input::of(path, &analysis)], &RuleOptions::default()).unwrap();
    assert_eq!(c.time_source, Some(goroseer::TimeSource::LogTimestamps));
    let goroutines = c.goroutines.as_ref().unwrap();
    let times: Vec<f64> = goroutines
        .snapshots
        .iter()
        .map(|s| s.time.unwrap())
        .collect();
    for k in 1..3 {
        let expected = header_times[k] - header_times[0];
        assert!((times[k] - times[0] - expected).abs() < 1e-6, "{times:?}");
    }
    let a = of_rule(&c, "goroutine-growth");
    assert_eq!(a.len(), 1);
    let delta = ev(a[0], Key::AddedGoroutines).as_f64().unwrap();
    let expected = delta * 60.0 / (header_times[2] - header_times[0]);
    let per_minute = ev(a[0], Key::GoroutinesPerMinute).as_f64().unwrap();
    assert!(
        (per_minute - expected).abs() < 0.01,
        "{per_minute} vs {expected}"
    );
    // The ordinary report of the log says the same.
    let report = analysis.report();
    let last = report
        .profiles
        .iter()
        .rev()
        .find(|p| p.kind == "goroutine")
        .unwrap();
    let growth = last
        .annotations
        .iter()
        .find(|a| a.rule == "goroutine-growth")
        .unwrap();
    assert_eq!(
        ev(growth, Key::GoroutinesPerMinute).as_f64(),
        Some(per_minute)
    );
}

#[test]
fn at_the_exact_level_a_log_still_reports_growth_but_points_at_no_wrong_group() {
    let text = read(&fixture_path("periodic-dumps/service.log"));
    let options = Options {
        group_by: goroseer::GroupBy::Exact,
        ..Options::default()
    };
    let report = analyze(&text, &options).report();
    let growth: Vec<&Annotation> = report
        .profiles
        .iter()
        .flat_map(|p| &p.annotations)
        .filter(|a| a.rule == "goroutine-growth")
        .collect();
    assert_eq!(growth.len(), 1);
    assert!(growth[0].groups.is_empty());
}
