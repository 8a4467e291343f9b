//! `goroseer convert`: a text dump of each kind becomes a gzipped pprof profile that
//! `go tool pprof -raw` reads with the same totals per sample type as goroseer's own
//! report of the text. Needs a Go toolchain on PATH; without one the test says so and
//! checks only that the output is a gzipped profile goroseer reads back.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

fn goroseer(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(args)
        .output()
        .expect("goroseer runs")
}

/// `{type/unit: total}` of `go tool pprof -raw` output.
fn raw_totals(raw: &str) -> Vec<(String, i64)> {
    let mut lines = raw.lines().skip_while(|l| *l != "Samples:").skip(1);
    let types: Vec<String> = lines
        .next()
        .unwrap()
        .split_whitespace()
        .map(|t| t.trim_end_matches("[dflt]").to_owned())
        .collect();
    let mut totals = vec![0i64; types.len()];
    for line in lines {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        let Some((values, _)) = line.split_once(':') else {
            continue;
        };
        let Ok(row) = values
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<i64>, _>>()
        else {
            continue;
        };
        for (t, v) in totals.iter_mut().zip(row) {
            *t += v;
        }
    }
    types.into_iter().zip(totals).collect()
}

/// The totals goroseer reports for the first profile of `file`, per pprof sample type.
fn our_totals(file: &Path) -> Vec<(String, i64)> {
    let out = goroseer(&["--json", file.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &report["profiles"][0];
    let n = |v: &serde_json::Value| v.as_i64().unwrap();
    match p["kind"].as_str().unwrap() {
        "goroutine" => vec![("goroutine/count".into(), n(&p["goroutines"]["total"]))],
        "heap" => {
            let t = &p["heap"]["totals"]["unsampled"];
            [
                ("alloc_objects", "count"),
                ("alloc_space", "bytes"),
                ("inuse_objects", "count"),
                ("inuse_space", "bytes"),
            ]
            .iter()
            .map(|(k, u)| (format!("{k}/{u}"), n(&t[k])))
            .collect()
        }
        "block" | "mutex" => {
            let t = &p["contention"]["totals"];
            vec![
                ("contentions/count".into(), n(&t["contentions"])),
                ("delay/nanoseconds".into(), n(&t["delay"])),
            ]
        }
        "threadcreate" => vec![(
            "threadcreate/count".into(),
            n(&p["threadcreate"]["sumOfCounts"]),
        )],
        other => panic!("{other}"),
    }
}

#[test]
fn converted_dumps_read_back_with_the_same_totals() {
    let go = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !go {
        eprintln!("note: no Go toolchain on PATH: go tool pprof is not asked, only goroseer");
    }
    let dir = std::env::temp_dir().join(format!("goroseer-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for dump in [
        "goroutine-sync-contention/goroutine.debug2.txt",
        "goroutine-labels/goroutine.debug1.txt",
        "heap-default-rate/heap.debug1.txt",
        "heap-memprofilerate1/allocs.debug1.txt",
        "block-mutex/block.debug1.txt",
        "block-mutex/mutex.fraction5.debug1.txt",
        "goroutine-misc-states/threadcreate.debug1.txt",
    ] {
        let input = corpus().join(dump);
        let out = dir.join(dump.replace('/', "_") + ".pb.gz");
        let run = goroseer(&[
            "convert",
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{dump}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let ours = our_totals(&input);
        // goroseer reads its own export back with the same totals.
        assert_eq!(our_totals(&out), ours, "{dump}: read back by goroseer");
        if go {
            let raw = Command::new("go")
                .args(["tool", "pprof", "-raw"])
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                raw.status.success(),
                "{dump}: {}",
                String::from_utf8_lossy(&raw.stderr)
            );
            assert_eq!(
                raw_totals(&String::from_utf8_lossy(&raw.stdout)),
                ours,
                "{dump}: go tool pprof"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
