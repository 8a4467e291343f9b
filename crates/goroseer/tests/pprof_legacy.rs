//! google/pprof's legacy text fixtures (`../shared/peers/pprof-legacy`, not part of the
//! repository): every sample of pprof's golden `Profile.String()` output (`*.string`)
//! must equal the record goroseer read, in order. Skips with a note when the folder is
//! absent.

use std::path::{Path, PathBuf};

use goroseer::model::{Document, Profile};
use pprof_samples::golden_samples;

mod pprof_samples;

fn peers() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peers/pprof-legacy");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent; pprof legacy checks skipped",
            dir.display()
        );
        None
    }
}

fn load(dir: &Path, name: &str) -> (Document, Vec<String>, Vec<Vec<i64>>) {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let golden = std::fs::read_to_string(dir.join(format!("{name}.string"))).unwrap();
    let (types, rows) = golden_samples(&golden);
    (goroseer::parse(&text), types, rows)
}

#[test]
fn peers_heap_profiles_unsample_exactly_like_pprof() {
    let Some(dir) = peers() else { return };
    for name in ["gobench.heap", "cppbench.heap", "cppbench.growth"] {
        let (doc, types, rows) = load(&dir, name);
        assert!(doc.diagnostics.is_empty(), "{name}: {:?}", doc.diagnostics);
        let [Profile::Heap(h)] = doc.profiles.as_slice() else {
            panic!("{name}: expected one heap profile");
        };
        assert!(h.diagnostics.is_empty(), "{name}: {:?}", h.diagnostics);
        assert_eq!(h.records.len(), rows.len(), "{name}");
        for (r, row) in h.records.iter().zip(&rows) {
            let u = &r.unsampled;
            let ours = if h.header.has_alloc() {
                assert_eq!(
                    types,
                    [
                        "alloc_objects/count",
                        "alloc_space/bytes",
                        "inuse_objects/count",
                        "inuse_space/bytes"
                    ]
                );
                vec![
                    u.alloc_objects,
                    u.alloc_space,
                    u.inuse_objects,
                    u.inuse_space,
                ]
            } else {
                assert_eq!(types, ["objects/count", "space/bytes"], "{name}");
                vec![u.inuse_objects, u.inuse_space]
            };
            assert_eq!(&ours, row, "{name} line {}", r.line);
        }
    }
}

#[test]
fn peers_contentionz_is_multiplied_by_its_sampling_period_like_pprof() {
    let Some(dir) = peers() else { return };
    let (doc, types, rows) = load(&dir, "cppbench.contention");
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    let [Profile::Contention(p)] = doc.profiles.as_slice() else {
        panic!("expected one contention profile");
    };
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(types, ["contentions/count", "delay/nanoseconds"]);
    let ours: Vec<Vec<i64>> = p
        .records
        .iter()
        .map(|r| {
            let v = p.values(r);
            vec![v.contentions, v.delay]
        })
        .collect();
    assert_eq!(ours, rows);
}

#[test]
fn peers_go_threadcreate_counts_match_pprof() {
    let Some(dir) = peers() else { return };
    let (doc, types, rows) = load(&dir, "go.godoc.thread");
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    let [Profile::ThreadCreate(p)] = doc.profiles.as_slice() else {
        panic!("expected one threadcreate profile");
    };
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(types, ["threadcreate/count"]);
    let ours: Vec<Vec<i64>> = p.records.iter().map(|r| vec![r.count]).collect();
    assert_eq!(ours, rows);
    // Unsymbolized: one hex-named frame per address, leaf first.
    assert_eq!(doc.frames.get(p.records[6].frames[0]).function, "0x440e2");
}

#[test]
fn peers_cpp_threadz_dumps_are_not_go_dumps_and_every_line_is_reported() {
    let Some(dir) = peers() else { return };
    for name in [
        "cppbench.thread",
        "cppbench.thread.all",
        "cppbench.thread.none",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let doc = goroseer::parse(&text);
        assert!(doc.profiles.is_empty(), "{name}");
        let non_blank = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(doc.diagnostics.len(), non_blank, "{name}");
    }
}
