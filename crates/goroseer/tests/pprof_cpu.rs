//! A real CPU profile (`tests/fixtures/cpu/cpu.pb.gz`, written by `pprof.StartCPUProfile`
//! in `tests/fixtures/gen/cpuburn`: goroutines burning CPU in distinct functions under
//! `pprof.Do` labels `route`) against what `go tool pprof` says about the same file
//! (`tests/fixtures/cpu/generate.sh` wrote both): totals, duration, every row of `-top`
//! for both sample types, and `-tagfocus=route=/v1/quote`.

mod pprof_samples;
mod pprof_top;

use std::io::Read;
use std::path::{Path, PathBuf};

use goroseer::ProfileQuery;
use goroseer::{Options, Workspace};
use pprof_top::{same_function, same_percent};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cpu")
}

fn workspace() -> Workspace {
    let mut bytes = Vec::new();
    let gz = std::fs::read(fixtures().join("cpu.pb.gz")).unwrap();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let mut ws = Workspace::new(Options::default());
    ws.add_bytes("cpu.pb.gz", bytes);
    ws
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn query(sample: &str, tag_focus: &[&str]) -> ProfileQuery {
    ProfileQuery {
        sample: Some(sample.to_owned()),
        tag_focus: tag_focus.iter().map(|s| (*s).to_owned()).collect(),
        ..ProfileQuery::default()
    }
}

#[test]
fn cpu_profile_report_has_pprofs_totals_duration_and_types() {
    let ws = workspace();
    let report = ws.report(&Default::default());
    let profile = &report.profiles[0];
    assert_eq!((profile.kind, profile.format), ("cpu", "pprof"));
    assert!(profile.diagnostics.is_empty() && report.diagnostics.is_empty());
    let cpu = profile.cpu.as_ref().unwrap();
    let (types, rows) = pprof_samples::golden_samples(&read("cpu.pb.gz.raw.txt"));
    let ours: Vec<String> = cpu
        .sample_types
        .iter()
        .map(|t| format!("{}/{}", t.kind, t.unit))
        .collect();
    assert_eq!(ours, types);
    for (i, t) in cpu.sample_types.iter().enumerate() {
        assert_eq!(
            t.total,
            rows.iter().map(|r| r[i]).sum::<i64>(),
            "{}",
            t.kind
        );
    }
    // pprof's default for a CPU profile is its last type, CPU time.
    assert_eq!(cpu.sample_types[cpu.default_sample_type].kind, "cpu");
    // `Duration: 6.07s, Total samples = 2.09s (34.46%)`
    let top = read("cpu.pb.gz.top-cpu.txt");
    let line = top.lines().find(|l| l.starts_with("Duration: ")).unwrap();
    let seconds: f64 = line["Duration: ".len()..line.find("s,").unwrap()]
        .parse()
        .unwrap();
    assert!((cpu.duration_nanos as f64 / 1e9 - seconds).abs() < 0.006);
    assert_eq!(cpu.period, 10_000_000);
    assert_eq!(cpu.period_unit.as_deref(), Some("nanoseconds"));
    let busy = cpu.cores_busy.unwrap();
    let share: f64 = line[line.find('(').unwrap() + 1..line.find("%)").unwrap()]
        .parse()
        .unwrap();
    assert!((busy * 100.0 - share).abs() < 0.006, "{busy} vs {share}%");
    let routes = cpu.labels.iter().find(|l| l.key == "route").unwrap();
    assert_eq!(routes.values, ["/v1/quote", "/v1/render", "/v1/search"]);
}

/// Every row of `file` against our by-function aggregation for `query`. Flat and cum in
/// samples are compared exactly; percentages of `-tagfocus` tables are of the whole
/// profile, as pprof prints them.
fn compare_top(file: &str, query: &ProfileQuery, whole_total: i64) -> usize {
    let ws = workspace();
    let agg = ws.top(query).unwrap();
    let pct = |v: i64| v as f64 * 100.0 / whole_total as f64;
    let rows = pprof_top::rows(&read(file));
    assert_eq!(rows.len(), agg.rows.len(), "{file}: row count");
    for theirs in &rows {
        let ours = agg
            .rows
            .iter()
            .find(|r| same_function(&r.name, &theirs.function))
            .unwrap_or_else(|| panic!("{file}: {} missing", theirs.function));
        let f = &theirs.function;
        assert!(
            same_percent(pct(ours.flat), theirs.flat_pct),
            "{file} {f} flat"
        );
        assert!(
            same_percent(pct(ours.cum), theirs.cum_pct),
            "{file} {f} cum"
        );
        if let (Ok(flat), Ok(cum)) = (theirs.flat.parse::<i64>(), theirs.cum.parse::<i64>()) {
            assert_eq!((ours.flat, ours.cum), (flat, cum), "{file} {f}");
        }
    }
    rows.len()
}

#[test]
fn top_by_function_equals_pprof_top_for_both_sample_types() {
    let ws = workspace();
    for sample in ["samples", "cpu"] {
        let total = ws.top(&query(sample, &[])).unwrap().total;
        let file = format!("cpu.pb.gz.top-{sample}.txt");
        assert!(compare_top(&file, &query(sample, &[]), total) > 20);
    }
}

#[test]
fn label_filter_equals_pprof_tagfocus() {
    let ws = workspace();
    for sample in ["samples", "cpu"] {
        let whole = ws.top(&query(sample, &[])).unwrap().total;
        let focus = query(sample, &["route=/v1/quote"]);
        let file = format!("cpu.pb.gz.tagfocus-quote.top-{sample}.txt");
        assert!(compare_top(&file, &focus, whole) > 3);
        let focused = ws.top(&focus).unwrap().total;
        assert!(0 < focused && focused < whole);
    }
    // Either of two values; a key no sample has keeps nothing; a malformed entry is refused.
    let either = ws
        .top(&query("samples", &["route=/v1/quote,/v1/search"]))
        .unwrap()
        .total;
    let quote = ws
        .top(&query("samples", &["route=/v1/quote"]))
        .unwrap()
        .total;
    let search = ws
        .top(&query("samples", &["route=/v1/search"]))
        .unwrap()
        .total;
    assert_eq!(either, quote + search);
    assert_eq!(ws.top(&query("samples", &["tenant=x"])).unwrap().total, 0);
    assert!(ws.top(&query("samples", &["route"])).is_err());
}

#[test]
fn report_functions_are_the_top_tables_first_rows() {
    let ws = workspace();
    let report = ws.report(&Default::default());
    let cpu = report.profiles[0].cpu.as_ref().unwrap();
    for t in &cpu.sample_types {
        let agg = ws.top(&query(&t.kind, &[])).unwrap();
        assert_eq!(agg.total, t.total);
        assert!(!t.functions.is_empty());
        for (ours, row) in t.functions.iter().zip(&agg.rows) {
            assert_eq!(
                (&ours.function, ours.flat, ours.cum),
                (&row.name, row.flat, row.cum)
            );
        }
    }
}

#[test]
fn cpu_findings_name_pprofs_top_function_and_lock_spinning() {
    let ws = workspace();
    let report = ws.report(&Default::default());
    let found = &report.profiles[0].annotations;
    let evidence = |a: &goroseer::rules::Annotation, key: &str| {
        serde_json::to_value(&a.evidence)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == key)
            .map(|e| e["value"].clone())
    };
    // The function with the most flat time: pprof's first -top row, same seconds.
    let rows = pprof_top::rows(&read("cpu.pb.gz.top-cpu.txt"));
    let dominant = found
        .iter()
        .find(|a| a.rule == "cpu-share" && evidence(a, "function").is_some())
        .expect("a dominant function");
    assert_eq!(
        evidence(dominant, "function").unwrap(),
        rows[0].function.as_str()
    );
    let flat: f64 = rows[0].flat.trim_end_matches('s').parse().unwrap();
    assert_eq!(
        evidence(dominant, "cpuSeconds").unwrap().as_f64().unwrap(),
        flat
    );
    // Lock spinning: the only lock slow path in this profile is the mutex's; its cum.
    let lock = found
        .iter()
        .find(|a| a.title.contains("lock spinning"))
        .expect("lock spinning");
    let slow = rows
        .iter()
        .find(|r| r.function == "internal/sync.(*Mutex).lockSlow")
        .unwrap();
    let cum: f64 = slow.cum.trim_end_matches('s').parse().unwrap();
    assert_eq!(evidence(lock, "cpuSeconds").unwrap().as_f64().unwrap(), cum);
}
