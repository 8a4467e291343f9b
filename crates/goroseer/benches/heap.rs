//! Heap-profile parsing throughput on a large allocs profile
//! (`tests/fixtures/bench/allocs-rate1.debug1.txt.gz`, MemProfileRate=1, ~33k records).
//!
//! `cargo bench -p goroseer --bench heap` prints MB/s and records/s for parsing alone and
//! for parsing plus building the JSON report, the best of several runs. On Linux it also
//! prints the thread's CPU time (from `/proc/thread-self/schedstat`), which stays
//! meaningful when other work shares the machine and wall-clock time does not.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use goroseer::model::Profile;

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

    let doc = goroseer::parse(&text);
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
        let doc = goroseer::parse(&text);
        std::hint::black_box(doc.profiles.len());
    });
    let report = best_of(|| {
        let analysis = goroseer::analyze(&text, &goroseer::Options::default());
        let json = serde_json::to_string(&analysis.report()).expect("serializes");
        std::hint::black_box(json.len());
    });
    println!(
        "heap parse: {mb:.1} MB, {records} records, {} frames",
        doc.frames.frames().len()
    );
    for (name, (wall, cpu)) in [("parse", parse), ("parse+json report", report)] {
        let s = wall.as_secs_f64();
        print!(
            "  {name:<18} wall {:>7.1} ms  {:>7.1} MB/s  {:>9.0} records/s",
            s * 1e3,
            mb / s,
            records as f64 / s
        );
        match cpu {
            Some(c) => {
                let c = c.as_secs_f64();
                println!(
                    "  | cpu {:>7.1} ms  {:>7.1} MB/s  {:>9.0} records/s",
                    c * 1e3,
                    mb / c,
                    records as f64 / c
                );
            }
            None => println!(),
        }
    }
}

/// Best wall-clock time and best CPU time (when the OS tells) over [`RUNS`] runs.
fn best_of(mut f: impl FnMut()) -> (Duration, Option<Duration>) {
    let mut wall = Duration::MAX;
    let mut cpu: Option<Duration> = None;
    for _ in 0..RUNS {
        let (start, cpu_start) = (Instant::now(), thread_cpu());
        f();
        wall = wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu()) {
            let d = b.saturating_sub(a);
            cpu = Some(cpu.map_or(d, |c| c.min(d)));
        }
    }
    (wall, cpu)
}

/// CPU time of this thread so far: the first field of `/proc/thread-self/schedstat`
/// (nanoseconds on the CPU).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}
