//! Cost of the symptom rules on top of parsing: `goroseer::rules::annotate` on the
//! 100k-goroutine crawler dump and on the largest heap profile of the corpus.
//!
//! `cargo bench -p goroseer --bench rules` prints the best of several runs per dump.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

const DUMPS: [&str; 3] = [
    "goroutine-100k-crawler/goroutine.debug2.txt.gz",
    "goroutine-100k-crawler/goroutine.debug1.txt",
    "heap-memprofilerate1/allocs.debug1.txt",
];

fn main() {
    for dump in DUMPS {
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
        let options = goroseer::Options::default();
        let mut best = Duration::MAX;
        let mut fired = 0;
        for _ in 0..RUNS {
            // A fresh analysis each run (findings are made once per analysis, on first
            // use); only the rules are timed.
            let fresh = goroseer::analyze(&text, &options);
            let start = Instant::now();
            let annotations = fresh.annotations();
            best = best.min(start.elapsed());
            fired = annotations.iter().map(Vec::len).sum();
        }
        println!(
            "rules on {dump} ({:.1} MB): {:.3} ms, {fired} annotations",
            text.len() as f64 / 1e6,
            best.as_secs_f64() * 1e3
        );
    }
}
