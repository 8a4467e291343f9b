//! Heap-profile parsing throughput on a large allocs profile
//! (`tests/fixtures/bench/allocs-rate1.debug1.txt.gz`, MemProfileRate=1, ~33k records).
//!
//! `cargo bench -p goroscope --bench heap` prints MB/s and records/s for parsing alone and
//! for parsing plus building the JSON report, the best of several runs.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use goroscope::model::Profile;

const RUNS: usize = 7;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/bench/allocs-rate1.debug1.txt.gz");
    let gz = std::fs::read(&path).expect("bench fixture");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("gzip text");
    let mb = text.len() as f64 / 1e6;

    let doc = goroscope::parse::parse_document(&text);
    let records = match doc.profiles.as_slice() {
        [Profile::Heap(h)] => {
            assert!(
                h.diagnostics.is_empty(),
                "{:?}",
                &h.diagnostics[..3.min(h.diagnostics.len())]
            );
            h.records.len()
        }
        _ => panic!("bench fixture is not one heap profile"),
    };

    let parse = best_of(|| {
        let doc = goroscope::parse::parse_document(&text);
        std::hint::black_box(doc.profiles.len());
    });
    let report = best_of(|| {
        let analysis = goroscope::analyze(&text, &goroscope::Options::default());
        let json = serde_json::to_string(&analysis.report()).expect("serializes");
        std::hint::black_box(json.len());
    });
    println!(
        "heap parse: {mb:.1} MB, {records} records, {} frames",
        doc.frames.frames().len()
    );
    for (name, t) in [("parse", parse), ("parse+json report", report)] {
        let s = t.as_secs_f64();
        println!(
            "  {name:<18} {:>8.1} ms  {:>7.1} MB/s  {:>9.0} records/s",
            s * 1e3,
            mb / s,
            records as f64 / s
        );
    }
}

fn best_of(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("RUNS > 0")
}
