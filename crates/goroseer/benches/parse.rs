//! Goroutine-dump throughput: parse + group (what `goroseer::analyze` does) on the
//! 100k-goroutine crawler dump (~40 MB of debug=2) and on the depth30 dump the runtime cut
//! at its 64 MiB cap.
//!
//! `cargo bench -p goroseer --bench parse` prints, per dump: MB/s and goroutines/s (best
//! of several runs, single thread), the time to build the JSON report, and the peak heap
//! measured by a counting global allocator — both including the input text and as the
//! analysis' own allocations on top of it, each also as a multiple of the input size.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use goroseer::model::Profile;
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const RUNS: usize = 7;

const DUMPS: [&str; 2] = [
    "goroutine-100k-crawler/goroutine.debug2.txt.gz",
    "goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz",
];

fn main() {
    for dump in DUMPS {
        bench(dump);
    }
}

fn read_gz(path: &Path) -> String {
    let gz = std::fs::read(path).expect("bench dump");
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("gzip text");
    text.shrink_to_fit();
    text
}

fn bench(dump: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(dump);
    let text = read_gz(&path);
    let bytes = text.len();
    let mb = bytes as f64 / 1e6;
    let options = goroseer::Options::default();

    // Peak heap of input + analysis: the input is handed over as an owned String (as the
    // CLI and the wasm edge do), so the document keeps it as its text without a copy.
    let owned = text.clone();
    let base = ALLOCATOR.current_usage() - owned.capacity();
    ALLOCATOR.reset_peak_usage();
    let analysis = goroseer::analyze_owned(owned, &options);
    let peak = ALLOCATOR.peak_usage() - base;
    let kept = ALLOCATOR.current_usage() - base;
    let goroutines: u64 = analysis
        .document
        .profiles
        .iter()
        .map(|p| match p {
            Profile::Goroutine(g) => g.total() + g.partial.len() as u64,
            _ => 0,
        })
        .sum();
    let groups: usize = analysis
        .groupings
        .iter()
        .flatten()
        .map(|g| g.groups.len())
        .sum();
    drop(analysis);

    let mut cpu_runs = Duration::ZERO;
    let analyze = best_of(|| {
        let owned = text.clone();
        let cpu = on_cpu();
        let start = Instant::now();
        let a = goroseer::analyze_owned(owned, &options);
        std::hint::black_box(a.groupings.len());
        let elapsed = start.elapsed();
        cpu_runs += on_cpu() - cpu;
        drop(a);
        elapsed
    });
    let cpu = cpu_runs / RUNS as u32;
    let borrowed = best_of(|| {
        let start = Instant::now();
        let a = goroseer::analyze(&text, &options);
        std::hint::black_box(a.groupings.len());
        start.elapsed()
    });
    // The same-run baseline: finding every line end, the least any line parser must do.
    // parse+group as a fraction of it moves little with the machine's load or model.
    let scan = best_of(|| {
        let start = Instant::now();
        std::hint::black_box(memchr::memchr_iter(b'\n', text.as_bytes()).count());
        start.elapsed()
    });
    let analysis = goroseer::analyze(&text, &options);
    let report = best_of(|| {
        let start = Instant::now();
        let json = serde_json::to_string(&analysis.report()).expect("serializes");
        std::hint::black_box(json.len());
        start.elapsed()
    });

    println!("{dump}: {mb:.1} MB, {goroutines} goroutines, {groups} groups");
    for (name, t) in [("parse+group", analyze), ("… from &str", borrowed)] {
        let s = t.as_secs_f64();
        println!(
            "  {name:<13} {:>8.1} ms  {:>7.0} MB/s  {:>10.0} goroutines/s",
            s * 1e3,
            mb / s,
            goroutines as f64 / s
        );
    }
    println!(
        "  line scan     {:>8.1} ms  {:>7.0} MB/s  (memchr; parse+group = {:.3}x line scan)",
        scan.as_secs_f64() * 1e3,
        mb / scan.as_secs_f64(),
        scan.as_secs_f64() / analyze.as_secs_f64()
    );
    let c = cpu.as_secs_f64();
    println!(
        "  on-CPU mean   {:>8.1} ms  {:>7.0} MB/s  {:>10.0} goroutines/s (owned input)",
        c * 1e3,
        mb / c,
        goroutines as f64 / c
    );
    println!("  json report   {:>8.3} ms", report.as_secs_f64() * 1e3);
    let input = bytes as f64;
    println!(
        "  peak heap     {:>8.1} MB = {:.2}x input (input kept as the document's text + \
         model); {:.1} MB = {:.2}x kept after parsing",
        peak as f64 / 1e6,
        peak as f64 / input,
        kept as f64 / 1e6,
        kept as f64 / input,
    );
}

fn best_of(mut run: impl FnMut() -> Duration) -> Duration {
    (0..RUNS).map(|_| run()).min().unwrap_or_default()
}

/// Time this thread spent on a CPU (`/proc/thread-self/schedstat`, nanoseconds): on a
/// shared machine wall time includes waiting for a CPU, on-CPU time does not.
fn on_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}
