//! `go test -bench -cpuprofile -memprofile` profiles (`tests/fixtures/gotest`, written by
//! `generate.sh` from the benchmark of `tests/fixtures/gen/wordfreq`, run once with its
//! naive implementation and once with its fast one) against `go tool pprof` on the same
//! files: totals per sample type (`-raw`), flat and cum of every function of `-top` for
//! every sample type, and `goroseer diff` of the two runs against `pprof -top -base`.

mod pprof_samples;
mod pprof_top;

use std::path::{Path, PathBuf};

use goroseer::report::compare::SampleTypeComparison;
use goroseer::{CompareOptions, Options, ProfileQuery, Workspace};
use pprof_top::{rows, same_function, same_value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/gotest")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// A workspace of `files` read as the CLI and the page read them (gzip undone).
fn workspace(files: &[&str]) -> Workspace {
    let mut ws = Workspace::new(Options::default());
    for file in files {
        ws.add_file(*file, std::fs::read(fixtures().join(file)).unwrap())
            .unwrap();
    }
    ws
}

fn query(sample: &str) -> ProfileQuery {
    ProfileQuery {
        sample: Some(sample.to_owned()),
        ..ProfileQuery::default()
    }
}

const CPU: [&str; 2] = ["samples", "cpu"];
const MEM: [&str; 4] = [
    "alloc_space",
    "alloc_objects",
    "inuse_space",
    "inuse_objects",
];

fn profiles() -> Vec<(String, &'static [&'static str])> {
    ["naive", "fast"]
        .iter()
        .flat_map(|run| {
            [
                (format!("cpu.{run}.pb.gz"), &CPU[..]),
                (format!("mem.{run}.pb.gz"), &MEM[..]),
            ]
        })
        .collect()
}

#[test]
fn totals_and_kinds_equal_pprof_raw() {
    for (file, types) in profiles() {
        let ws = workspace(&[&file]);
        let report = ws.report(&Default::default());
        let profile = &report.profiles[0];
        assert_eq!(profile.format, "pprof", "{file}");
        assert!(profile.diagnostics.is_empty() && report.diagnostics.is_empty());
        let expected_kind = if file.starts_with("cpu") {
            "cpu"
        } else {
            "heap"
        };
        assert_eq!(profile.kind, expected_kind, "{file}");
        let (names, samples) = pprof_samples::golden_samples(&read(&format!("{file}.raw.txt")));
        assert_eq!(names.len(), types.len(), "{file}");
        for (i, name) in names.iter().enumerate() {
            let kind = name.split('/').next().unwrap();
            let expected: i64 = samples.iter().map(|r| r[i]).sum();
            assert_eq!(
                ws.top(&query(kind)).unwrap().total,
                expected,
                "{file} {kind}"
            );
        }
        // `-memprofile` writes an allocs profile: `default_sample_type` alloc_space, marked
        // `[dflt]` by `-raw`; the view and a query naming no sample open on it, as pprof.
        let default = names.iter().find(|n| n.ends_with("[dflt]"));
        let whole = ws.top(&ProfileQuery::default()).unwrap().total;
        if let Some(heap) = &profile.heap {
            assert_eq!(default.map(String::as_str), Some("alloc_space/bytes[dflt]"));
            assert_eq!(heap.default_sample, "alloc_space");
            assert_eq!(whole, ws.top(&query("alloc_space")).unwrap().total);
        } else {
            assert_eq!(whole, ws.top(&query("cpu")).unwrap().total);
        }
    }
}

#[test]
fn flat_and_cum_of_every_function_equal_pprof_top() {
    let mut compared = 0;
    for (file, types) in profiles() {
        let ws = workspace(&[&file]);
        for sample in types {
            let theirs = rows(&read(&format!("{file}.top-{sample}.txt")));
            let ours = ws.top(&query(sample)).unwrap();
            assert_eq!(ours.rows.len(), theirs.len(), "{file} {sample}: rows");
            for row in &theirs {
                let mine = ours
                    .rows
                    .iter()
                    .find(|r| same_function(&r.name, &row.function))
                    .unwrap_or_else(|| panic!("{file} {sample}: {} missing", row.function));
                assert!(
                    same_value(mine.flat, &row.flat) && same_value(mine.cum, &row.cum),
                    "{file} {sample} {}: ours {} {}, pprof {} {}",
                    row.function,
                    mine.flat,
                    mine.cum,
                    row.flat,
                    row.cum
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "{compared}");
}

#[test]
fn the_benchmark_function_and_the_naive_hot_path_lead_as_in_pprof() {
    // The first rows by cum outside the runtime and testing: what the benchmark spends
    // its time in, the same functions pprof names.
    let ws = workspace(&["cpu.naive.pb.gz"]);
    let top = ws.top(&query("cpu")).unwrap();
    let cum_of = |f: &str| top.rows.iter().find(|r| r.name == f).unwrap().cum;
    let bench = cum_of("example.com/wordfreq.BenchmarkTopWords");
    let naive = cum_of("example.com/wordfreq.topWordsNaive");
    assert!(
        naive <= bench && naive * 10 > bench * 8,
        "{naive} of {bench}"
    );
    for f in [
        "example.com/wordfreq.normalize",
        "example.com/wordfreq.rank",
    ] {
        assert!(cum_of(f) > 0 && cum_of(f) < naive, "{f}");
    }
}

/// Every row of `pprof -top -base` against the comparison's sample type: flat and cum
/// deltas; and every function whose values moved is one of pprof's rows.
fn check_base(file: &str, compared: &SampleTypeComparison) -> usize {
    let theirs = rows(&read(file));
    for row in &theirs {
        let ours = compared
            .functions
            .iter()
            .find(|f| same_function(&f.function, &row.function))
            .unwrap_or_else(|| panic!("{file}: {} missing", row.function));
        assert!(
            same_value(ours.flat_delta, &row.flat) && same_value(ours.cum_delta, &row.cum),
            "{file} {}: ours {} {}, pprof {} {}",
            row.function,
            ours.flat_delta,
            ours.cum_delta,
            row.flat,
            row.cum
        );
    }
    let moved = compared
        .functions
        .iter()
        .filter(|f| f.flat_delta != 0 || f.cum_delta != 0)
        .count();
    assert!(
        moved <= theirs.len(),
        "{file}: {moved} moved, pprof {}",
        theirs.len()
    );
    theirs.len()
}

#[test]
fn diff_of_two_runs_equals_pprof_base() {
    for (family, kind, types) in [("cpu", "cpu", &CPU[..]), ("mem", "heap", &MEM[..])] {
        let ws = workspace(&[
            &format!("{family}.naive.pb.gz"),
            &format!("{family}.fast.pb.gz"),
        ]);
        let diff = ws.compare(&CompareOptions::default()).unwrap();
        assert_eq!(diff.profiles.len(), 1, "{family}");
        let profiles = &diff.profiles[0];
        assert_eq!(profiles.kind, kind);
        assert_eq!(profiles.snapshots.len(), 2);
        for sample in types {
            let compared = profiles
                .sample_types
                .iter()
                .find(|t| t.kind == *sample)
                .unwrap();
            // Totals per run are each profile's own.
            for (s, snapshot) in profiles.snapshots.iter().enumerate() {
                let one = workspace(&[&format!("{family}.{}.pb.gz", ["naive", "fast"][s])]);
                assert_eq!(
                    compared.totals[s],
                    one.top(&query(sample)).unwrap().total,
                    "{family} {sample} {}",
                    snapshot.name
                );
            }
            let file = format!("{family}.base-naive.top-{sample}.txt");
            assert!(check_base(&file, compared) > 2, "{file}");
        }
        // Opened on pprof's default (`cpu`, and `alloc_space` for allocs profiles); the
        // naive run's own functions vanish, the fast run's appear.
        let cpu = &profiles.sample_types[profiles.default_sample_type];
        assert_eq!(
            cpu.kind,
            if family == "cpu" {
                "cpu"
            } else {
                "alloc_space"
            }
        );
        let row = |f: &str| cpu.functions.iter().find(|r| r.function == f).unwrap();
        let naive = row("example.com/wordfreq.topWordsNaive");
        assert!(naive.cum[0] > 0 && naive.cum[1] == 0 && naive.cum_delta < 0);
        let fast = row("example.com/wordfreq.topWordsFast");
        assert!(fast.cum[0] == 0 && fast.cum[1] > 0 && fast.cum_delta > 0);
    }
}
