//! `goroseer --json` prints the same bytes whether a large dump is parsed on one thread or
//! on several (`--threads`), read from a mapped file as the CLI reads any plain file.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus dump `name` (gzipped) unpacked to a plain file, so that the CLI maps it.
fn unpacked(name: &str) -> PathBuf {
    let gz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus/goroutine-100k-crawler")
        .join(name);
    let mut text = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz).unwrap())
        .read_to_end(&mut text)
        .unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name.trim_end_matches(".gz"));
    std::fs::write(&path, text).unwrap();
    path
}

fn json(threads: &str, file: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(["--threads", threads, "--json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_thread_or_several_print_the_same_report() {
    // The 100k-goroutine dump, and one cut off at the runtime's 64 MiB cap.
    for name in [
        "goroutine.debug2.txt.gz",
        "goroutine.depth30.debug2.truncated-64MiB.txt.gz",
    ] {
        let file = unpacked(name);
        let one = json("1", &file);
        assert!(
            one.len() > 1000,
            "{name}: {}",
            String::from_utf8_lossy(&one)
        );
        assert!(one == json("3", &file), "{name}: 3 threads differ from 1");
        let _ = std::fs::remove_file(file);
    }
}

#[test]
fn threads_must_be_a_positive_number() {
    for bad in ["0", "x"] {
        let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
            .args(["--threads", bad, "-"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--threads needs"));
    }
}
