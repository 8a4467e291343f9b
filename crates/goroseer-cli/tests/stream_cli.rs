//! `kubectl logs pod | goroseer --json -`: a log past the CLI's 64 MiB whole-file limit,
//! made here (real corpus dumps inside journald-prefixed filler), piped on stdin and read
//! as a stream: every dump found at its line with the clean dump's total, the log lines
//! counted. The same dumps in a small log read whole give the same profiles.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const DUMPS: [&str; 2] = [
    "goroutine-leak/goroutine.t05s.debug2.txt",
    "goroutine-leak/goroutine.t70s.debug2.txt",
];

fn corpus(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A journald log: `filler` lines, a dump, and so on; and each dump's first line.
fn log(filler: usize) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::new();
    let mut line = 0;
    let mut starts = Vec::new();
    for (n, dump) in DUMPS.iter().enumerate() {
        for i in 0..filler {
            writeln!(
                out,
                "Dec  2 07:0{n}:00 web-1 shop[42]: level=info msg=\"GET /o/{i} 200\" dur=3ms"
            )
            .unwrap();
            line += 1;
        }
        starts.push(line + 1);
        for text in corpus(dump).lines() {
            writeln!(out, "Dec  2 07:0{n}:30 web-1 shop[42]: {text}").unwrap();
            line += 1;
        }
    }
    (out, starts)
}

fn run_stdin(input: Vec<u8>) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(["--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_big_log_on_stdin_is_streamed() {
    // ~80 MB: past the 64 MiB a log is read whole within.
    let (big, starts) = log(450_000);
    assert!(big.len() > 64 << 20);
    let report = run_stdin(big);
    let timeline = report["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), DUMPS.len());
    for (i, dump) in DUMPS.iter().enumerate() {
        let clean = Command::new(env!("CARGO_BIN_EXE_goroseer"))
            .args(["--json"])
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../tests/fixtures/corpus")
                    .join(dump),
            )
            .output()
            .unwrap();
        let clean: Value = serde_json::from_slice(&clean.stdout).unwrap();
        assert_eq!(timeline[i]["firstLine"], starts[i]);
        assert_eq!(
            timeline[i]["goroutines"],
            clean["profiles"][0]["goroutines"]["total"]
        );
    }
    assert_eq!(report["logPrefix"], "journald");
    let kept = report["diagnostics"].as_array().unwrap().len();
    assert_eq!(
        kept + report["diagnosticsOmitted"].as_u64().unwrap() as usize,
        2 * 450_000
    );

    // The same dumps in a small log, read whole: the same profiles.
    let (small, _) = log(100);
    let whole = run_stdin(small);
    assert!(whole["diagnosticsOmitted"].is_null());
    let totals = |r: &Value| -> Vec<Value> {
        r["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["goroutines"]["groups"].clone())
            .collect()
    };
    assert_eq!(totals(&whole), totals(&report));
}
