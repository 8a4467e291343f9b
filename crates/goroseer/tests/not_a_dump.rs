//! Text that holds no Go dump is named, not summarised as healthy: real output of Go tools
//! and of the Go runtime (`tests/fixtures/notdump`, written by its generate.sh with
//! `tests/fixtures/gen/notdump` and the Go toolchain) gets `notADump` with its kind, a
//! summary that starts "No Go dump found in this input: it looks like …", and still one
//! diagnostic per line, with its line number.

mod common;

use std::path::{Path, PathBuf};

use goroseer::{analyze, Options, Report};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/notdump")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn report(text: &str) -> Report {
    analyze(text, &Options::default()).report()
}

/// The JSON of `report` as a value.
fn json(report: &Report) -> serde_json::Value {
    serde_json::to_value(report).unwrap()
}

/// Each fixture, the kind it is, and words its description holds.
const FIXTURES: &[(&str, &str, &[&str])] = &[
    (
        "pprof-top-goroutine.txt",
        "pprof-report",
        &["-top", "goroutine profile"],
    ),
    (
        "pprof-top-heap.txt",
        "pprof-report",
        &["-top", "heap profile (inuse_space)"],
    ),
    (
        "pprof-text-cpu.txt",
        "pprof-report",
        &["-top", "CPU profile"],
    ),
    (
        "pprof-traces-mutex.txt",
        "pprof-report",
        &["-traces", "(delay)"],
    ),
    (
        "pprof-peek-goroutine.txt",
        "pprof-report",
        &["-peek", "goroutine profile"],
    ),
    (
        "pprof-raw-heap.txt",
        "pprof-report",
        &["-raw", "inuse_space/bytes"],
    ),
    ("pprof-list-cpu.txt", "pprof-report", &["-list"]),
    (
        "pprof-interactive-heap.txt",
        "pprof-report",
        &["-top", "heap profile"],
    ),
    (
        "gctrace.txt",
        "gctrace",
        &["GODEBUG=gctrace=1", "garbage collections, gc 1 to"],
    ),
    (
        "schedtrace.txt",
        "schedtrace",
        &["GODEBUG=schedtrace output", "scheduler snapshots"],
    ),
    (
        "scheddetail.txt",
        "schedtrace",
        &["scheddetail", "goroutine lines"],
    ),
    (
        "go-env.txt",
        "go-env",
        &["`go env` output (go1.", "linux/amd64)"],
    ),
    ("go-version.txt", "go-env", &["`go version` output (go1."]),
    (
        "memstats.json",
        "memstats",
        &["runtime.MemStats as JSON", "HeapAlloc ", "NumGC "],
    ),
    (
        "memstats.pretty.json",
        "memstats",
        &["runtime.MemStats as JSON", "NumGC "],
    ),
    ("expvars.json", "memstats", &["/debug/vars", "NumGC "]),
    (
        "pprof-index.txt",
        "pprof-index",
        &["/debug/pprof/ index page", "goroutines"],
    ),
    (
        "trace-dump.txt",
        "trace-dump",
        &["`go tool trace -d` output", "events"],
    ),
    (
        "nm.txt",
        "go-nm",
        &["`go tool nm` symbol listing (300 symbols)"],
    ),
    (
        "compiler-error.txt",
        "compiler-error",
        &["internal compiler error: panic: runtime error"],
    ),
];

#[test]
fn every_go_tool_output_is_named() {
    for &(name, kind, words) in FIXTURES {
        let text = read(name);
        let report = report(&text);
        assert!(report.profiles.is_empty(), "{name}");
        let known = report
            .not_a_dump
            .as_ref()
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(known.kind.name(), kind, "{name}: {}", known.what);
        for word in words {
            assert!(
                known.what.contains(word),
                "{name}: {:?} lacks {word:?}",
                known.what
            );
        }
        assert!(!known.hint.is_empty(), "{name}");
        let said = format!(
            "No Go dump found in this input: it looks like {}.",
            known.what
        );
        assert!(
            report.summary.text.starts_with(&said),
            "{name}: {}",
            report.summary.text
        );
        assert!(!report.summary.text.contains("Nothing piles up"), "{name}");
        // Every line not understood is still reported, with its line number.
        let lines: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect();
        let reported: Vec<usize> = report.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(reported, lines, "{name}");
        assert_eq!(json(&report)["notADump"]["kind"], kind, "{name}");
    }
}

#[test]
fn named_when_pasted_indented_after_a_shell_prompt() {
    // As pasted in an issue: the command first, the output indented by four spaces.
    for &(name, kind, _) in FIXTURES {
        let indented: String = read(name).lines().map(|l| format!("    {l}\n")).collect();
        let text = format!("$ go tool something\n{indented}");
        let report = report(&text);
        let known = report
            .not_a_dump
            .as_ref()
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(known.kind.name(), kind, "{name}");
    }
}

#[test]
fn the_compilers_crash_is_said_above_its_stack() {
    // `go tool compile -d panic`: the internal compiler error, then the compiler's stack.
    let report = report(&read("compiler-error-stack.txt"));
    assert_eq!(report.profiles.len(), 1);
    assert!(report.not_a_dump.is_none());
    let known = report.recognized.as_ref().expect("recognized");
    assert_eq!(known.kind.name(), "compiler-error");
    assert_eq!(known.line, 1);
    assert!(
        report
            .summary
            .text
            .starts_with("This is the Go compiler crashing (internal compiler error: panic: "),
        "{}",
        report.summary.text
    );
    assert_eq!(json(&report)["recognized"]["kind"], "compiler-error");
}

#[test]
fn go_env_above_a_crash_changes_nothing_but_a_note() {
    let dump = common::read(&common::corpus().join("panics/gotraceback-crash.stderr.txt"));
    let alone = report(&dump);
    let text = format!("{}{}\n{dump}", read("go-version.txt"), read("go-env.txt"));
    let both = report(&text);
    assert_eq!(both.profiles.len(), alone.profiles.len());
    assert_eq!(both.summary.text, alone.summary.text);
    assert!(both.not_a_dump.is_none());
    assert_eq!(
        both.recognized.as_ref().map(|k| k.kind.name()),
        Some("go-env")
    );
    assert!(alone.recognized.is_none());
}

#[test]
fn corpus_dumps_are_not_taken_for_tool_output() {
    for kind in ["goroutine", "heap", "block", "mutex"] {
        for (dump, _) in common::corpus_dumps(kind) {
            if std::fs::metadata(&dump).map_or(true, |m| m.len() > 2 << 20) {
                continue;
            }
            let report = report(&common::read(&dump));
            assert!(report.not_a_dump.is_none(), "{}", dump.display());
            assert!(report.recognized.is_none(), "{}", dump.display());
        }
    }
}

#[test]
fn empty_unknown_and_binary_inputs_say_so() {
    let empty = report("");
    assert_eq!(empty.not_a_dump.as_ref().unwrap().kind.name(), "empty");
    assert_eq!(
        empty.summary.text,
        "No Go dump found in this input: it is empty."
    );
    // Text no Go tool wrote: this repository's generator script.
    let script = read("generate.sh");
    let unknown = report(&script);
    assert_eq!(unknown.not_a_dump.as_ref().unwrap().kind.name(), "unknown");
    assert!(unknown
        .summary
        .text
        .starts_with("No Go dump found in this input, and it is not a known Go tool output"));
    let png = vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48,
    ];
    let mut ws = goroseer::Workspace::new(Options::default());
    ws.add_bytes("x.png", png);
    let binary = ws.report(&Default::default());
    assert_eq!(binary.not_a_dump.as_ref().unwrap().kind.name(), "binary");
    assert!(binary
        .summary
        .text
        .starts_with("No Go dump found in this input: it looks like a PNG"));
}
