//! `tests/fixtures/heap-growth`: two heap dumps of one process say what their README
//! claims (a leaking call site grows, a fixed pool does not, churn holds nothing).

use std::path::Path;

use goroseer::model::heap::HeapSample;
use goroseer::model::Profile;
use goroseer::ProfileQuery;

fn by_function(file: &str, sample: HeapSample) -> Vec<(String, i64)> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/heap-growth")
        .join(file);
    let doc = goroseer::parse(&std::fs::read_to_string(p).unwrap());
    assert!(doc.diagnostics.is_empty(), "{file}: {:?}", doc.diagnostics);
    let [Profile::Heap(h)] = doc.profiles.as_slice() else {
        panic!("{file}")
    };
    assert!(h.diagnostics.is_empty(), "{file}: {:?}", h.diagnostics);
    assert!(h.memstats.is_some(), "{file}");
    goroseer::query::top(
        &doc,
        &ProfileQuery {
            sample: Some(sample.name().into()),
            ..ProfileQuery::default()
        },
    )
    .unwrap()
    .rows
    .into_iter()
    .map(|r| (r.name, r.flat))
    .collect()
}

fn flat(rows: &[(String, i64)], function: &str) -> i64 {
    rows.iter()
        .find(|(n, _)| n == function)
        .map_or(0, |(_, v)| *v)
}

#[test]
fn leak_grows_pool_stays_churn_is_freed() {
    let t1 = by_function("heap.t1.debug1.txt", HeapSample::InuseSpace);
    let t2 = by_function("heap.t2.debug1.txt", HeapSample::InuseSpace);
    let (leak1, leak2) = (flat(&t1, "main.remember"), flat(&t2, "main.remember"));
    // 20,000 then 80,000 entries of ~1 KiB: about four times more, give or take sampling.
    assert!(leak1 > 15 << 20 && leak2 > 3 * leak1, "{leak1} → {leak2}");
    assert_eq!(flat(&t1, "main.fillPool"), flat(&t2, "main.fillPool"));
    assert!(flat(&t1, "main.fillPool") > 0);
    assert_eq!(flat(&t2, "main.churn"), 0);
    let alloc2 = by_function("heap.t2.debug1.txt", HeapSample::AllocSpace);
    assert!(flat(&alloc2, "main.churn") > 100 << 20);
}
