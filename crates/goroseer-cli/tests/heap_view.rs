//! The terminal view of heap and contention profiles: the `pprof -top` style table and
//! the MemStats figures, on real corpus dumps.

use std::path::Path;
use std::process::Command;

/// The CLI's output from the heap/contention section on (the summary above it belongs to
/// other views).
fn heap_section(args: &[&str], file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(file);
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(args)
        .arg(&path)
        .output()
        .expect("goroseer runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text
        .find("\nheap profile:")
        .or_else(|| text.find("\nmutex profile:"))
        .or_else(|| text.find("\nblock profile:"))
        .expect("a heap or contention section");
    text[start + 1..].to_owned()
}

#[test]
fn heap_top_table_and_memstats() {
    insta::assert_snapshot!(heap_section(&[], "heap-default-rate/heap.debug1.txt"));
}

#[test]
fn heap_by_package_for_alloc_space() {
    insta::assert_snapshot!(heap_section(
        &["--sample", "alloc_space", "--by", "package"],
        "heap-default-rate/allocs.debug1.txt"
    ));
}

#[test]
fn mutex_fraction5_notes_pprofs_reading() {
    let out = heap_section(&[], "block-mutex/mutex.fraction5.debug1.txt");
    assert!(out.contains("235 contentions"), "{out}");
    assert!(
        out.contains("go tool pprof reads this text as 1175 contentions"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_sample_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(["--sample", "bogus", "-"])
        .output()
        .expect("goroseer runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown sample"));
}
