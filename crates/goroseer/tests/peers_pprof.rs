//! Other projects' protobuf profiles (`../shared/peers`, skipped and counted when absent):
//! stackgazer's CockroachDB goroutine profile (debug=0) against the facts its
//! `EXPECTED.json` records from google/pprof's own decoder: samples, goroutines, samples
//! with labels and label keys (its list is a subset: google/pprof drops labels with an
//! empty value, which Go writes as string index 0; goroseer keeps them as "").

use std::io::Read;
use std::path::Path;

use goroseer::model::Profile;
use goroseer::{Options, Workspace};

#[test]
fn peers_stackgazer_goroutine_protobuf() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peers/stackgazer");
    if !dir.is_dir() {
        eprintln!("note: ../shared/peers is absent; stackgazer's protobuf profile skipped");
        return;
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("EXPECTED.json")).unwrap()).unwrap();
    let observed = &expected["files"]["goroutines.pb.gz"]["observed_here"];
    let mut bytes = Vec::new();
    let gz = std::fs::read(dir.join("goroutines.pb.gz")).unwrap();
    flate2::read::MultiGzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let mut ws = Workspace::new(Options::default());
    ws.add_bytes("goroutines.pb.gz", bytes);
    let inputs = ws.inputs();
    let doc = &inputs[0].analysis.document;
    let [Profile::Goroutine(p)] = doc.profiles.as_slice() else {
        panic!("not one goroutine profile");
    };
    assert_eq!(
        p.goroutines.len() as u64,
        observed["samples"].as_u64().unwrap()
    );
    assert_eq!(p.total(), observed["goroutines"].as_u64().unwrap());
    let labelled = p.goroutines.iter().filter(|g| g.labels.is_some()).count();
    assert_eq!(
        labelled as u64,
        observed["samples_with_labels"].as_u64().unwrap()
    );
    let mut keys: Vec<&str> = p
        .label_sets
        .iter()
        .flat_map(|s| s.pairs.iter().map(|(k, _)| k.as_str()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let want: Vec<&str> = observed["label_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    for key in &want {
        assert!(keys.contains(key), "label key {key} missing: {keys:?}");
    }
    assert!(doc.diagnostics.is_empty() && p.diagnostics.is_empty());
}
