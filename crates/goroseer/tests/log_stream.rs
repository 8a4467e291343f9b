//! Logs read as streams: real corpus dumps embedded in log lines (Kubernetes CRI and
//! journald prefixes, log lines before, between and after them), fed in chunks cut
//! everywhere. Every dump is found with its exact first line and the same analysis as the
//! whole log read at once; totals are those of the clean dump's own analysis.

mod common;

use common::{corpus, read};
use goroseer::report::ReportOptions;
use goroseer::{analyze, Options, Workspace};
use serde_json::Value;

/// Dumps of one program taken over time (a leak), a crash's SIGQUIT dump, a heap profile
/// and a debug=1 goroutine profile.
const DUMPS: [&str; 6] = [
    "goroutine-leak/goroutine.t05s.debug2.txt",
    "heap-default-rate/heap.debug1.txt",
    "goroutine-leak/goroutine.t15s.debug2.txt",
    "goroutine-sync-contention/goroutine.debug1.txt",
    "goroutine-leak/goroutine.t70s.debug2.txt",
    "panics/sigquit.stderr.txt",
];

/// How every line of the log is written: a prefix for second `t`.
#[derive(Clone, Copy)]
enum Prefix {
    /// A node's container log (CRI): `2026-12-02T07:00:05.123456789Z stderr F `.
    Cri,
    /// `journalctl`: `Dec  2 07:00:05 web-1 shop[4242]: `.
    Journald,
}

impl Prefix {
    fn at(self, t: u32) -> String {
        let (h, m, s) = (7 + t / 3600, t / 60 % 60, t % 60);
        match self {
            Prefix::Cri => format!("2026-12-02T{h:02}:{m:02}:{s:02}.123456789Z stderr F "),
            Prefix::Journald => format!("Dec  2 {h:02}:{m:02}:{s:02} web-1 shop[4242]: "),
        }
    }
}

/// Log lines a service prints, some mentioning words a dump starts with.
fn filler(i: usize) -> String {
    match i % 5 {
        0 => format!("level=info msg=\"GET /api/orders/{i} 200\" dur=3.{i}ms"),
        1 => format!(
            "2026/12/02 07:00:01 http: TLS handshake error from 10.0.0.{}:443: EOF",
            i % 250
        ),
        2 => "level=warn msg=\"recovered from panic: request timeout\" route=/v1/pay".to_owned(),
        3 => String::new(),
        _ => format!("{{\"level\":\"debug\",\"msg\":\"cache hit ratio 0.{i}\",\"goroutines\":12}}"),
    }
}

/// Dumps of one program (the whole log decides one main module from all its dumps' frames;
/// a streamed log takes its first dump's, which may differ for dumps of different
/// programs).
const ONE_PROGRAM: [&str; 5] = [
    "goroutine-leak/goroutine.t05s.debug2.txt",
    "goroutine-leak/goroutine.t15s.debug1.txt",
    "goroutine-leak/goroutine.t15s.debug2.txt",
    "goroutine-leak/goroutine.t70s.debug2.txt",
    "goroutine-leak/goroutineleak.debug1.txt",
];

/// A log of `DUMPS` between filler lines, and the input line each dump starts at.
fn log(prefix: Prefix, filler_lines: usize) -> (String, Vec<usize>) {
    log_of(&DUMPS, prefix, filler_lines)
}

fn log_of(dumps: &[&str], prefix: Prefix, filler_lines: usize) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut line = 0;
    let mut starts = Vec::new();
    let mut t = 0;
    let push = |out: &mut String, t: u32, text: &str| {
        out.push_str(&prefix.at(t));
        out.push_str(text);
        out.push('\n');
    };
    for (n, dump) in dumps.iter().enumerate() {
        for i in 0..filler_lines + n * 7 {
            push(&mut out, t, &filler(i));
            line += 1;
        }
        t += 60;
        starts.push(line + 1);
        for text in read(&corpus().join(dump)).lines() {
            push(&mut out, t, text);
            line += 1;
        }
        t += 1;
    }
    for i in 0..filler_lines {
        push(&mut out, t, &filler(i));
    }
    (out, starts)
}

fn streamed(log: &[u8], chunks: impl Iterator<Item = usize>) -> Workspace {
    let mut workspace = Workspace::new(Options::default());
    let mut stream = workspace.log_stream("app.log");
    let mut rest = log;
    for size in chunks {
        if rest.is_empty() {
            break;
        }
        let (chunk, after) = rest.split_at(size.clamp(1, rest.len()));
        stream.feed(chunk);
        rest = after;
    }
    stream.feed(rest);
    workspace.add_log(stream);
    workspace
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Chunk sizes that cut lines and characters everywhere (a fixed pseudo-random walk).
fn ragged() -> impl Iterator<Item = usize> {
    let mut x: u32 = 12345;
    std::iter::repeat_with(move || {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        1 + (x >> 16) as usize % 9000
    })
}

#[test]
fn every_dump_is_found_with_its_lines_totals_and_times() {
    for prefix in [Prefix::Cri, Prefix::Journald] {
        let (log, starts) = log(prefix, 200);
        let workspace = streamed(log.as_bytes(), ragged());
        let report = json(&workspace.report(&ReportOptions::default()));
        let profiles = report["profiles"].as_array().unwrap();
        assert_eq!(profiles.len(), DUMPS.len());
        let timeline = report["timeline"].as_array().unwrap();
        assert_eq!(timeline.len(), DUMPS.len());
        for (i, dump) in DUMPS.iter().enumerate() {
            let clean = json(&analyze(&read(&corpus().join(dump)), &Options::default()).report());
            let entry = &timeline[i];
            assert_eq!(entry["firstLine"], starts[i], "{dump}");
            assert_eq!(profiles[i]["kind"], clean["profiles"][0]["kind"], "{dump}");
            let total = &clean["profiles"][0]["goroutines"]["total"];
            assert_eq!(profiles[i]["goroutines"]["total"], *total, "{dump}");
            assert_eq!(entry["goroutines"], *total, "{dump}");
            let lines = read(&corpus().join(dump)).lines().count();
            let last = entry["lastLine"].as_u64().unwrap() as usize;
            assert!(
                last < starts[i] + lines,
                "{dump}: {last} {} {lines}",
                starts[i]
            );
            // Minutes apart, read from the prefix.
            let t = entry["time"].as_f64().expect("a time");
            if i > 0 {
                let before = timeline[i - 1]["time"].as_f64().unwrap();
                assert!(
                    (t - before - 61.0).abs() < 0.5,
                    "{dump}: {t} after {before}"
                );
            }
        }
        let expected = if matches!(prefix, Prefix::Cri) {
            "kubernetes"
        } else {
            "journald"
        };
        assert_eq!(report["logPrefix"], expected);
        // A goroutine dump's last line is its last goroutine's.
        let t05 = read(&corpus().join(DUMPS[0]));
        let last = t05.trim_end().lines().count();
        assert_eq!(timeline[0]["lastLine"], starts[0] + last - 1);
    }
}

/// The streamed log's dumps read exactly as the whole log read at once: profiles, findings
/// (the leak's growth across its dumps too) and diagnostics, at any chunk size.
#[test]
fn streamed_reads_as_the_whole_log() {
    let (log, _) = log_of(&ONE_PROGRAM, Prefix::Cri, 60);
    let whole = json(&analyze(&log, &Options::default()).report());
    let count = |r: &Value| r["diagnostics"].as_array().unwrap().len();
    for chunks in [
        Box::new(ragged()) as Box<dyn Iterator<Item = usize>>,
        Box::new(std::iter::repeat_n(1, 3000).chain(std::iter::repeat(65536))),
        Box::new(std::iter::repeat(4093)),
    ] {
        let report = json(&streamed(log.as_bytes(), chunks).report(&ReportOptions::default()));
        assert_eq!(report["profiles"], whole["profiles"]);
        assert_eq!(report["frames"], whole["frames"]);
        assert_eq!(report["timeline"], whole["timeline"]);
        assert_eq!(report["logPrefix"], whole["logPrefix"]);
        assert_eq!(report["summary"], whole["summary"]);
        let omitted = report["diagnosticsOmitted"].as_u64().unwrap_or(0) as usize;
        assert_eq!(count(&report) + omitted, count(&whole));
        // The same lines, told apart differently: log lines after a dump are "not part of a
        // goroutine" to the parser that read on, "not part of any Go dump" once the stream
        // has seen the dump end.
        let lines = |r: &Value| -> Vec<Value> {
            r["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["line"].clone())
                .collect()
        };
        assert_eq!(lines(&report), lines(&whole));
    }
}

/// A log that ends while still kept whole reads exactly as a file.
#[test]
fn a_small_log_kept_whole_is_a_files_report() {
    let (log, _) = log(Prefix::Journald, 10);
    let mut workspace = Workspace::new(Options::default());
    let mut stream = workspace.log_stream("app.log").read_whole_up_to(log.len());
    for chunk in log.as_bytes().chunks(1000) {
        stream.feed(chunk);
    }
    workspace.add_log(stream);
    let mut file = Workspace::new(Options::default());
    file.add_bytes("app.log", log.clone().into_bytes());
    let options = ReportOptions::default();
    assert_eq!(
        json(&workspace.report(&options)),
        json(&file.report(&options))
    );
}

/// Lines outside dumps are counted, the first thousand kept; a log without dumps is no
/// failure.
#[test]
fn lines_outside_dumps_are_counted() {
    let log: String = (0..5000).map(|i| format!("{}\n", filler(i))).collect();
    let workspace = streamed(log.as_bytes(), std::iter::repeat(777));
    let report = json(&workspace.report(&ReportOptions::default()));
    let non_blank = log.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(report["profiles"].as_array().unwrap().len(), 0);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1000);
    assert_eq!(report["diagnosticsOmitted"], non_blank - 1000);
    assert_eq!(report["diagnostics"][0]["line"], 1);
}

/// A log's dumps are read with one main module, the one its first dump names: the frames of
/// a second program's module are not the program's own. (The log read whole counts every
/// dump's frames at once, which a stream cannot without holding its dumps unanalysed: for
/// this log of two programs it names the second's.)
#[test]
fn a_logs_dumps_share_the_main_module_of_its_first() {
    let (log, _) = log_of(
        &[
            "goroutine-leak/goroutine.t05s.debug2.txt",
            "panics/sigquit.stderr.txt",
        ],
        Prefix::Journald,
        60,
    );
    let report =
        json(&streamed(log.as_bytes(), std::iter::repeat(4096)).report(&ReportOptions::default()));
    assert_eq!(report["mainModule"], "github.com/acme/notifier");
    let origins = |module: &str| -> Vec<Value> {
        report["frames"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["package"].as_str().unwrap().starts_with(module))
            .map(|f| f["origin"].clone())
            .collect()
    };
    let orders = origins("github.com/acme/orders");
    assert!(!orders.is_empty());
    assert!(orders.iter().all(|o| o != "own"), "{orders:?}");
    let notifier = origins("github.com/acme/notifier");
    assert!(!notifier.is_empty());
    assert!(notifier.iter().all(|o| o == "own"), "{notifier:?}");
}
