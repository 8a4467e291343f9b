//! The CLI on goroutine dumps: the human summary (snapshot), `--json`, `--group-by`, stdin
//! and gzip input, and refusing bad options.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn corpus(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(file)
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("goroseer runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The goroutine summary of the CLI's output.
fn summary(args: &[&str], file: &str) -> String {
    let path = corpus(file);
    let mut all: Vec<&str> = args.to_vec();
    let p = path.to_str().unwrap();
    all.push(p);
    let (ok, out, err) = run(&all, None);
    assert!(ok, "{err}");
    let out = out.replace(p, "FILE");
    // From the goroutine summary on: the rule annotations printed above it have their own
    // tests.
    let start = out.find("FILE: 1 profile(s)").expect("summary");
    out[start..].to_owned()
}

#[test]
fn human_summary_of_a_dump_and_a_crash() {
    insta::assert_snapshot!(summary(
        &[],
        "goroutine-sync-contention/goroutine.debug2.txt"
    ));
    insta::assert_snapshot!(summary(&[], "panics/recovered-then-new-panic.stderr.txt"));
    insta::assert_snapshot!(summary(
        &["--group-by", "top:1"],
        "goroutine-labels/goroutine.debug2.txt"
    ));
}

#[test]
fn a_signal_each_thread_printed_is_one_line_and_thread_stacks_are_shown() {
    let out = summary(&[], "panics/sigquit-gotraceback-crash.stderr.txt");
    assert_eq!(out.matches("signal: SIGQUIT: quit").count(), 1, "{out}");
    assert!(out.contains("signal: SIGQUIT: quit (×4)"), "{out}");
    // Each thread's header, with its first frames under it.
    let headers: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("goroutine 0 gp="))
        .collect();
    assert_eq!(headers.len(), 4, "{out}");
    assert!(out.contains("runtime.futex "), "{out}");
}

#[test]
fn json_from_gzip_and_from_stdin_agree() {
    let gz = corpus("goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz");
    let (ok, out, err) = run(&["--json", gz.to_str().unwrap()], None);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let g = &report["profiles"][0]["goroutines"];
    assert_eq!(g["total"], 13114);
    assert_eq!(g["partial"], 1);
    assert_eq!(g["truncated"], true);

    let text = std::fs::read(corpus("goroutine-labels/goroutine.debug2.txt")).unwrap();
    let (ok, out, err) = run(&["--json", "--group-by=functions", "-"], Some(&text));
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let g = &report["profiles"][0]["goroutines"];
    assert_eq!(g["total"], 101);
    assert_eq!(g["groupBy"], "functions");
}

#[test]
fn bad_options_are_refused() {
    let (ok, _, err) = run(&["--group-by", "stacks", "x"], None);
    assert!(!ok);
    assert!(
        err.contains("expected exact, lines, functions or top:N"),
        "{err}"
    );
    let (ok, _, err) = run(&["--frobnicate"], None);
    assert!(!ok);
    assert!(err.contains("unknown option"), "{err}");
}
