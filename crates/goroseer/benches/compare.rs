//! Cost of comparing dumps on top of parsing: `goroseer::compare` (compare, growth rules, view) on the
//! 100k-goroutine crawler's debug=1 profile against its debug=2 dump (100,067 goroutines
//! each), and on the leak scenario's three debug=2 snapshots.
//!
//! `cargo bench -p goroseer --bench compare` prints the best of several runs.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use goroseer::{CompareInput as Input, CompareOptions};

const RUNS: usize = 7;

const CASES: [&[&str]; 2] = [
    &[
        "goroutine-100k-crawler/goroutine.debug1.txt",
        "goroutine-100k-crawler/goroutine.debug2.txt.gz",
    ],
    &[
        "goroutine-leak/goroutine.t05s.debug2.txt",
        "goroutine-leak/goroutine.t15s.debug2.txt",
        "goroutine-leak/goroutine.t70s.debug2.txt",
    ],
];

fn read(dump: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(dump);
    let bytes = std::fs::read(&path).expect("bench dump");
    let mut text = String::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzip text");
    } else {
        text = String::from_utf8(bytes).expect("utf-8 dump");
    }
    text
}

fn main() {
    for case in CASES {
        let texts: Vec<String> = case.iter().map(|d| read(d)).collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let analyses: Vec<goroseer::Analysis> = texts
            .iter()
            .map(|t| goroseer::analyze(t, &goroseer::Options::default()))
            .collect();
        let inputs: Vec<Input<'_>> = case
            .iter()
            .zip(&analyses)
            .map(|(name, a)| Input::of(name, a))
            .collect();
        let mut best = Duration::MAX;
        let mut groups = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let c = goroseer::compare(
                &inputs,
                &CompareOptions::default(),
                &goroseer::rules::RuleOptions::default(),
            )
            .expect("comparison");
            best = best.min(start.elapsed());
            groups = c.goroutines.map_or(0, |g| g.groups.len());
        }
        println!(
            "compare {} dumps ({:.1} MB of text): {:.3} ms, {groups} groups matched",
            case.len(),
            bytes as f64 / 1e6,
            best.as_secs_f64() * 1e3
        );
    }
}
