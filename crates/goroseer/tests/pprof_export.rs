//! Every corpus text dump (goroutine debug=1/debug=2, heap, allocs, block, mutex,
//! threadcreate) exported as a pprof protobuf profile and read back by the decoder: the
//! same kind, and for every sample type the same total and the same `-top` rows (function,
//! flat, cum). `go tool pprof` reading the export is checked by the CLI's `convert` test.

use std::path::{Path, PathBuf};

use goroseer::ProfileQuery;
use goroseer::{Options, Workspace};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

/// The samples a profile of `kind` can be asked for (`None`: its one sample).
fn samples(kind: &str) -> Vec<Option<&'static str>> {
    match kind {
        "heap" => [
            "inuse_space",
            "inuse_objects",
            "alloc_space",
            "alloc_objects",
        ]
        .map(Some)
        .to_vec(),
        "block" | "mutex" => vec![Some("delay"), Some("contentions")],
        _ => vec![None],
    }
}

#[test]
fn every_text_dump_exports_to_pprof_with_the_same_totals_and_top() {
    let mut compared = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for dir in std::fs::read_dir(corpus()).unwrap().flatten() {
        if dir.file_name() == "panics" || !dir.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".txt") {
                continue;
            }
            let text = std::fs::read_to_string(file.path()).unwrap();
            let mut ws = Workspace::new(Options::default());
            ws.add_text(name.clone(), text);
            let report = ws.report(&Default::default());
            for (i, profile) in report.profiles.iter().enumerate() {
                let bytes = ws.export_pprof(i).unwrap();
                let mut back = Workspace::new(Options::default());
                back.add_bytes("export", bytes);
                let back_report = back.report(&Default::default());
                assert_eq!(back_report.profiles.len(), 1, "{name}");
                assert!(back_report.diagnostics.is_empty(), "{name}");
                let kind = profile.kind;
                assert_eq!(back_report.profiles[0].kind, kind, "{name}");
                kinds.insert(kind);
                for sample in samples(kind) {
                    let q = |profile| ProfileQuery {
                        profile,
                        sample: sample.map(str::to_owned),
                        ..ProfileQuery::default()
                    };
                    let (ours, theirs) = (ws.top(&q(i)).unwrap(), back.top(&q(0)).unwrap());
                    assert_eq!(ours.total, theirs.total, "{name} {sample:?}");
                    let rows = |a: &goroseer::Aggregation| {
                        a.rows
                            .iter()
                            .map(|r| (r.name.clone(), r.flat, r.cum))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(rows(&ours), rows(&theirs), "{name} {sample:?}");
                    compared += 1;
                }
            }
        }
    }
    for kind in ["goroutine", "heap", "block", "mutex", "threadcreate"] {
        assert!(kinds.contains(kind), "no {kind} dump exported: {kinds:?}");
    }
    assert!(compared > 30, "only {compared} comparisons");
}

#[test]
fn a_protobuf_profile_exports_to_itself() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cpu");
    let mut bytes = Vec::new();
    let gz = std::fs::read(dir.join("cpu.pb.gz")).unwrap();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut bytes).unwrap();
    let mut ws = Workspace::new(Options::default());
    ws.add_bytes("cpu", bytes);
    let mut back = Workspace::new(Options::default());
    back.add_bytes("export", ws.export_pprof(0).unwrap());
    let (a, b) = (
        ws.report(&Default::default()),
        back.report(&Default::default()),
    );
    let (a, b) = (
        a.profiles[0].cpu.as_ref().unwrap(),
        b.profiles[0].cpu.as_ref().unwrap(),
    );
    assert_eq!(
        (a.duration_nanos, a.period, a.labels.len()),
        (b.duration_nanos, b.period, b.labels.len())
    );
    for (x, y) in a.sample_types.iter().zip(&b.sample_types) {
        assert_eq!((&x.kind, x.total), (&y.kind, y.total));
        let f = |t: &goroseer::report::samples::SampleTypeView| {
            t.functions
                .iter()
                .map(|r| (r.function.clone(), r.flat, r.cum))
                .collect::<Vec<_>>()
        };
        assert_eq!(f(x), f(y));
    }
}
