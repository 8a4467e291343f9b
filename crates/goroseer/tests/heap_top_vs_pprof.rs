//! The by-function aggregation of every corpus heap dump against `go tool pprof -top`
//! (`groundtruth/pprof/*.top-<sample>.txt`, made with the program's binary): the same
//! functions with the same flat% and cum%, for all four sample types. pprof also lists
//! `runtime.goexit`, a frame the runtime leaves out of debug=1 `#` lines; it carries no
//! flat weight.

use std::path::Path;

use goroseer::model::heap::HeapSample;
use goroseer::model::Profile;
use goroseer::ProfileQuery;

fn percent(text: &str) -> f64 {
    text.trim_end_matches('%').parse().unwrap()
}

#[test]
fn heap_flat_and_cum_percentages_match_pprof_top() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus");
    let mut compared = 0;
    for dir in ["heap-default-rate", "heap-memprofilerate1"] {
        for stem in ["heap", "allocs"] {
            let text = std::fs::read_to_string(corpus.join(dir).join(format!("{stem}.debug1.txt")))
                .unwrap();
            let doc = goroseer::parse(&text);
            let [Profile::Heap(_)] = doc.profiles.as_slice() else {
                panic!()
            };
            for sample in HeapSample::ALL {
                let top_file = corpus.join(dir).join(format!(
                    "groundtruth/pprof/{stem}.debug1.txt.top-{}.txt",
                    sample.name()
                ));
                let top = std::fs::read_to_string(&top_file).unwrap();
                let agg = goroseer::query::top(
                    &doc,
                    &ProfileQuery {
                        sample: Some(sample.name().into()),
                        ..ProfileQuery::default()
                    },
                )
                .unwrap();
                let pct = |v: i64| v as f64 * 100.0 / agg.total as f64;
                let mut seen = 0;
                for line in top
                    .lines()
                    .skip_while(|l| !l.trim_start().starts_with("flat"))
                    .skip(1)
                {
                    let cols: Vec<&str> = line.split_whitespace().collect();
                    let (flat_pct, cum_pct, name) = (percent(cols[1]), percent(cols[4]), cols[5]);
                    let Some(row) = agg.rows.iter().find(|r| r.name == name) else {
                        assert!(
                            name.starts_with("runtime.") && flat_pct == 0.0,
                            "{dir}/{stem} {}: pprof row {name} missing here",
                            sample.name()
                        );
                        continue;
                    };
                    seen += 1;
                    // pprof prints two decimals (more for tiny shares).
                    assert!(
                        (pct(row.flat) - flat_pct).abs() < 0.006,
                        "{dir}/{stem} {} {name} flat",
                        sample.name()
                    );
                    assert!(
                        (pct(row.cum) - cum_pct).abs() < 0.006,
                        "{dir}/{stem} {} {name} cum",
                        sample.name()
                    );
                }
                // Rows pprof does not list: only runtime callers without flat weight, where
                // the binary's inlining tables name a frame differently than the `#` lines
                // (e.g. `runtime.semacquire`).
                let names: Vec<&str> = top
                    .lines()
                    .filter_map(|l| l.split_whitespace().nth(5))
                    .collect();
                for row in &agg.rows {
                    if !names.contains(&row.name.as_str()) {
                        assert!(
                            row.name.starts_with("runtime.") && row.flat == 0,
                            "{dir}/{stem} {}: {} is not in pprof's list",
                            sample.name(),
                            row.name
                        );
                    }
                }
                compared += seen;
            }
        }
    }
    assert!(compared > 50, "only {compared} rows compared");
}
