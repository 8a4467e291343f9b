//! Every heap/allocs, block/mutex and threadcreate debug=1 dump of the corpus, checked
//! against its ground truth (`tests/fixtures/corpus/**/groundtruth/*.json`, made with
//! `go tool pprof` and the runtime's own protobuf output) and snapshotted as JSON.

mod common;

use std::path::Path;

use common::corpus;
use goroseer::model::heap::HeapSample;
use goroseer::model::memstats::MemStatValue;
use goroseer::model::{Document, Profile};
use goroseer::ProfileQuery;
use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Corpus files of one index kind, with their ground-truth JSON.
fn dumps(kind: &str) -> Vec<(String, Value)> {
    let index = read_json(&corpus().join("index.json"));
    let files: Vec<_> = index["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            let gt = corpus().join(f["groundtruth"].as_str().unwrap());
            (f["file"].as_str().unwrap().to_owned(), read_json(&gt))
        })
        .collect();
    assert!(!files.is_empty(), "no {kind} dumps in the corpus index");
    files
}

fn parse(file: &str) -> Document {
    let text = std::fs::read_to_string(corpus().join(file)).unwrap();
    goroseer::parse(&text)
}

fn snapshot_name(file: &str) -> String {
    file.replace(['/', '.'], "_")
}

fn summary(file: &str) -> String {
    let text = std::fs::read_to_string(corpus().join(file)).unwrap();
    common::summary::report(&goroseer::analyze(&text, &goroseer::Options::default()))
}

#[test]
fn heap_totals_equal_pprof_raw_and_every_memstats_key_is_read() {
    for (file, gt) in dumps("heap-debug1") {
        let doc = parse(&file);
        assert!(doc.diagnostics.is_empty(), "{file}: {:?}", doc.diagnostics);
        let [Profile::Heap(heap)] = doc.profiles.as_slice() else {
            panic!(
                "{file}: expected one heap profile, got {:?}",
                doc.profiles.len()
            );
        };
        assert!(
            heap.diagnostics.is_empty(),
            "{file}: {:?}",
            heap.diagnostics
        );
        assert_eq!(
            heap.records.len() as u64,
            gt["records"].as_u64().unwrap(),
            "{file}"
        );
        assert_eq!(
            heap.records.iter().filter(|r| r.raw.is_zero()).count() as u64,
            gt["all_zero_records"].as_u64().unwrap(),
            "{file}"
        );
        assert_eq!(
            heap.header.sampling_rate() as u64,
            gt["memprofilerate"].as_u64().unwrap(),
            "{file}"
        );
        let raw = heap.raw_totals();
        let gt_raw = &gt["raw_totals"];
        assert_eq!(raw.inuse_objects, gt_raw["inuse_objects"], "{file}");
        assert_eq!(raw.inuse_space, gt_raw["inuse_bytes"], "{file}");
        assert_eq!(raw.alloc_objects, gt_raw["alloc_objects"], "{file}");
        assert_eq!(raw.alloc_space, gt_raw["alloc_bytes"], "{file}");
        let un = heap.unsampled_totals();
        let pprof = &gt["pprof_raw_of_text"]["totals"];
        assert_eq!(un.inuse_objects, pprof["inuse_objects/count"], "{file}");
        assert_eq!(un.inuse_space, pprof["inuse_space/bytes"], "{file}");
        assert_eq!(un.alloc_objects, pprof["alloc_objects/count"], "{file}");
        assert_eq!(un.alloc_space, pprof["alloc_space/bytes"], "{file}");

        // Per leaf function, unsampled, equals the ground truth's pprof-formula sums.
        for (sample, key) in [
            (HeapSample::InuseSpace, "scaled_inuse_bytes"),
            (HeapSample::InuseObjects, "scaled_inuse_objects"),
            (HeapSample::AllocSpace, "scaled_alloc_bytes"),
            (HeapSample::AllocObjects, "scaled_alloc_objects"),
        ] {
            let agg = goroseer::query::top(
                &doc,
                &ProfileQuery {
                    sample: Some(sample.name().into()),
                    ..ProfileQuery::default()
                },
            )
            .unwrap();
            for (function, expected) in gt["per_leaf_function"].as_object().unwrap() {
                let flat = agg
                    .rows
                    .iter()
                    .find(|r| &r.name == function)
                    .map_or(0, |r| r.flat);
                assert_eq!(flat, expected[key], "{file} {function} {key}");
            }
        }

        // Every MemStats key, with its value as written.
        let stats = heap.memstats.as_ref().expect("trailer");
        let gt_stats = gt["memstats"].as_object().unwrap();
        assert_eq!(stats.entries.len(), gt_stats.len(), "{file}");
        for (key, written) in gt_stats {
            let value = stats
                .get(key)
                .unwrap_or_else(|| panic!("{file}: {key} missing"));
            assert_eq!(&render(value), written.as_str().unwrap(), "{file} {key}");
        }
        let keys: Vec<_> = stats.derived().iter().map(|d| d.key).collect();
        for k in [
            "liveHeap",
            "heapIdleNotReleased",
            "runtimeOverhead",
            "lastPause",
            "bytesPerObject",
        ] {
            assert!(keys.contains(&k), "{file}: derived {k} missing");
        }
        insta::assert_snapshot!(snapshot_name(&file), summary(&file));
    }
}

/// A MemStats value written back the way runtime/pprof prints it.
fn render(v: &MemStatValue) -> String {
    match v {
        MemStatValue::Int(i) => i.to_string(),
        MemStatValue::UInt(u) => u.to_string(),
        MemStatValue::Float(f) => f.to_string(),
        MemStatValue::Bool(b) => b.to_string(),
        MemStatValue::Pair { inuse, sys } => format!("{inuse} / {sys}"),
        MemStatValue::Array(a) => {
            format!(
                "[{}]",
                a.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
            )
        }
        MemStatValue::Text(t) => t.clone(),
    }
}

#[test]
fn contention_totals_equal_the_runtime_protobuf_and_pprof_text_reading() {
    for (file, gt) in dumps("contention-debug1") {
        let doc = parse(&file);
        assert!(doc.diagnostics.is_empty(), "{file}: {:?}", doc.diagnostics);
        let [Profile::Contention(p)] = doc.profiles.as_slice() else {
            panic!("{file}: expected one contention profile");
        };
        assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
        assert_eq!(
            p.records.len() as u64,
            gt["records"].as_u64().unwrap(),
            "{file}"
        );
        let proto = &gt["pprof_raw_of_proto"]["totals"];
        let t = p.totals();
        assert_eq!(t.contentions, proto["contentions/count"], "{file}");
        assert_eq!(t.delay, proto["delay/nanoseconds"], "{file}");
        let text = &gt["pprof_raw_of_text"]["totals"];
        let pt = p.pprof_totals();
        assert_eq!(pt.contentions, text["contentions/count"], "{file}");
        assert_eq!(pt.delay, text["delay/nanoseconds"], "{file}");
        let raw = &gt["raw_totals"];
        assert_eq!(
            p.records.iter().map(|r| r.cycles).sum::<i64>(),
            raw["cycles"],
            "{file}"
        );
        assert_eq!(
            p.records.iter().map(|r| r.count).sum::<i64>(),
            raw["count"],
            "{file}"
        );
        // The aggregation's total is the same number.
        let agg = goroseer::query::top(
            &doc,
            &ProfileQuery {
                sample: Some("delay".into()),
                ..ProfileQuery::default()
            },
        )
        .unwrap();
        assert_eq!(agg.total, t.delay, "{file}");
        insta::assert_snapshot!(snapshot_name(&file), summary(&file));
    }
}

#[test]
fn threadcreate_counts_equal_pprof() {
    let file = "goroutine-misc-states/threadcreate.debug1.txt";
    let gt =
        read_json(&corpus().join("goroutine-misc-states/groundtruth/threadcreate.debug1.txt.json"));
    let pprof =
        read_json(&corpus().join(
            "goroutine-misc-states/groundtruth/pprof/threadcreate.debug1.txt.raw.totals.json",
        ));
    let doc = parse(file);
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    let [Profile::ThreadCreate(p)] = doc.profiles.as_slice() else {
        panic!("expected one threadcreate profile");
    };
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.total, gt["header_total"]);
    assert_eq!(p.sum_of_counts(), pprof["totals"]["threadcreate/count"]);
    assert_eq!(p.records.len() as u64, gt["records"].as_u64().unwrap());
    // The all-zero record has no frames; the other names PinnedLoop.
    assert!(p.records[0].frames.is_empty());
    assert_eq!(p.records[0].addresses.len(), 32);
    let f = doc.frames.get(p.records[1].frames[0]);
    assert_eq!(
        f.function,
        "github.com/acme/sysprobe/internal/probe.PinnedLoop"
    );
    insta::assert_snapshot!(snapshot_name(file), summary(file));
}

mod pprof_samples;

/// The sample rows of `go tool pprof -raw` on a corpus file (text or protobuf).
fn pprof_raw_rows(file: &str, suffix: &str) -> (Vec<String>, Vec<Vec<i64>>) {
    let (dir, name) = file.rsplit_once('/').unwrap();
    let stem = name.strip_suffix(".debug1.txt").unwrap();
    let path = corpus()
        .join(dir)
        .join("groundtruth/pprof")
        .join(format!("{stem}{suffix}"));
    pprof_samples::golden_samples(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn every_heap_record_equals_its_pprof_raw_sample() {
    for (file, _) in dumps("heap-debug1") {
        let doc = parse(&file);
        let [Profile::Heap(h)] = doc.profiles.as_slice() else {
            panic!()
        };
        let (types, rows) = pprof_raw_rows(&file, ".debug1.txt.raw.txt");
        assert_eq!(
            types,
            [
                "alloc_objects/count",
                "alloc_space/bytes",
                "inuse_objects/count",
                "inuse_space/bytes"
            ]
        );
        let ours: Vec<Vec<i64>> = h
            .records
            .iter()
            .map(|r| {
                let u = &r.unsampled;
                vec![
                    u.alloc_objects,
                    u.alloc_space,
                    u.inuse_objects,
                    u.inuse_space,
                ]
            })
            .collect();
        assert_eq!(ours, rows, "{file}");
        // The runtime unsamples with the same formula when it writes the protobuf of the
        // same moment; its samples come in its own order, and it was written just after
        // the text, so it may hold more all-zero buckets (made by the writing itself).
        let (types, proto_rows) = pprof_raw_rows(&file, ".debug0.pb.gz.raw.txt");
        assert_eq!(types.len(), 4, "{file}");
        let non_zero = |rows: &[Vec<i64>]| -> Vec<Vec<i64>> {
            rows.iter()
                .filter(|r| r.iter().any(|v| *v != 0))
                .cloned()
                .collect()
        };
        let mut proto_rows = non_zero(&proto_rows);
        let mut sorted = non_zero(&ours);
        sorted.sort();
        proto_rows.sort();
        assert_eq!(sorted, proto_rows, "{file}");
    }
}

#[test]
fn every_contention_record_equals_the_runtime_protobuf_and_pprof_text_samples() {
    for (file, _) in dumps("contention-debug1") {
        let doc = parse(&file);
        let [Profile::Contention(p)] = doc.profiles.as_slice() else {
            panic!()
        };
        let (types, text_rows) = pprof_raw_rows(&file, ".debug1.txt.raw.txt");
        assert_eq!(types, ["contentions/count", "delay/nanoseconds"]);
        let pprof: Vec<Vec<i64>> = p
            .records
            .iter()
            .map(|r| {
                let v = p.pprof_values(r);
                vec![v.contentions, v.delay]
            })
            .collect();
        assert_eq!(pprof, text_rows, "{file}");
        // The protobuf lists samples in its own order: compare as sorted lists.
        let (_, mut proto_rows) = pprof_raw_rows(&file, ".debug0.pb.gz.raw.txt");
        let mut ours: Vec<Vec<i64>> = p
            .records
            .iter()
            .map(|r| {
                let v = p.values(r);
                vec![v.contentions, v.delay]
            })
            .collect();
        ours.sort();
        proto_rows.sort();
        assert_eq!(ours, proto_rows, "{file}");
    }
}

#[test]
fn concatenated_dumps_of_every_kind_split_cleanly() {
    let files = [
        "goroutine-labels/goroutine.debug1.txt",
        "heap-default-rate/heap.debug1.txt",
        "block-mutex/block.debug1.txt",
        "goroutine-labels/goroutine.debug2.txt",
        "goroutine-misc-states/threadcreate.debug1.txt",
        "block-mutex/mutex.debug1.txt",
    ];
    let text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(corpus().join(f)).unwrap())
        .collect();
    let report =
        serde_json::to_value(goroseer::analyze(&text, &goroseer::Options::default()).report())
            .unwrap();
    let kinds: Vec<&str> = report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "goroutine",
            "heap",
            "block",
            "goroutine",
            "threadcreate",
            "mutex"
        ]
    );
    for p in report["profiles"].as_array().unwrap() {
        assert_eq!(p["diagnostics"], serde_json::json!([]), "{}", p["kind"]);
    }
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    // Heap totals are unchanged by what surrounds the profile.
    let gt = read_json(&corpus().join("heap-default-rate/groundtruth/heap.debug1.txt.json"));
    assert_eq!(
        report["profiles"][1]["heap"]["totals"]["unsampled"]["inuse_space"],
        gt["pprof_raw_of_text"]["totals"]["inuse_space/bytes"]
    );
}
