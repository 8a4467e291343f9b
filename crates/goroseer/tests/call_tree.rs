//! The call tree built from real heap and contention records.

use std::path::Path;

use goroseer::model::heap::HeapSample;
use goroseer::model::Profile;
use goroseer::CallTree;
use goroseer::ProfileQuery;

fn doc(file: &str) -> goroseer::Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(file);
    goroseer::parse(&std::fs::read_to_string(p).unwrap())
}

/// Every node's total is its self weight plus its children's totals, and the roots add up
/// to the total of stacks that have frames.
fn check_consistent(t: &CallTree, framed_total: i64) {
    let mut children_sum = vec![0i64; t.len()];
    let mut roots = 0i64;
    for i in 0..t.len() {
        match t.parents[i] {
            -1 => roots += t.total_weights[i],
            p => {
                assert!((p as usize) < i, "pre-order: parent before child");
                children_sum[p as usize] += t.total_weights[i];
            }
        }
    }
    for (i, children) in children_sum.iter().enumerate() {
        assert_eq!(t.total_weights[i], t.self_weights[i] + children, "node {i}");
    }
    assert_eq!(roots, framed_total);
}

#[test]
fn heap_tree_weights_add_up_and_leaves_match_the_flat_aggregation() {
    let d = doc("heap-memprofilerate1/heap.debug1.txt");
    let [Profile::Heap(h)] = d.profiles.as_slice() else {
        panic!()
    };
    for sample in HeapSample::ALL {
        let t = goroseer::query::call_tree(
            &d,
            &ProfileQuery {
                sample: Some(sample.name().into()),
                ..ProfileQuery::default()
            },
        )
        .unwrap();
        assert_eq!(t.total, h.unsampled_totals().get(sample));
        let framed: i64 = h
            .records
            .iter()
            .filter(|r| !r.frames.is_empty())
            .map(|r| r.unsampled.get(sample))
            .sum();
        check_consistent(&t, framed);
        // Self weight summed per function equals pprof-style flat per function.
        let agg = goroseer::query::top(
            &d,
            &ProfileQuery {
                sample: Some(sample.name().into()),
                ..ProfileQuery::default()
            },
        )
        .unwrap();
        for row in &agg.rows {
            let self_sum: i64 = (0..t.len())
                .filter(|i| d.frames.get(t.frames[*i]).function == row.name)
                .map(|i| t.self_weights[i])
                .sum();
            assert_eq!(self_sum, row.flat, "{}", row.name);
        }
    }
}

#[test]
fn block_profile_tree_snapshot() {
    let d = doc("block-mutex/block.debug1.txt");
    let [Profile::Contention(p)] = d.profiles.as_slice() else {
        panic!()
    };
    let t = goroseer::query::call_tree(
        &d,
        &ProfileQuery {
            sample: Some("delay".into()),
            ..ProfileQuery::default()
        },
    )
    .unwrap();
    check_consistent(&t, p.totals().delay);
    // Indented text: one line per node, outermost callers first.
    let mut depth = vec![0usize; t.len()];
    let mut out = String::new();
    for i in 0..t.len() {
        if t.parents[i] >= 0 {
            depth[i] = depth[t.parents[i] as usize] + 1;
        }
        out.push_str(&format!(
            "{}{} total={} self={}\n",
            "  ".repeat(depth[i]),
            d.frames.get(t.frames[i]).function,
            t.total_weights[i],
            t.self_weights[i]
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn goroutine_dumps_give_trees_weighted_by_goroutine_count() {
    use goroseer::query::{call_tree, top};
    for file in [
        "goroutine-labels/goroutine.debug1.txt",
        "goroutine-labels/goroutine.debug2.txt",
    ] {
        let d = doc(file);
        let q = ProfileQuery::default();
        let t = call_tree(&d, &q).unwrap();
        assert_eq!(t.total, 101, "{file}");
        check_consistent(&t, 101);
        let agg = top(&d, &q).unwrap();
        let wait = agg
            .rows
            .iter()
            .find(|r| r.name == "github.com/acme/gateway/internal/handler.waitForDB")
            .unwrap();
        // 30 + 20 + 10 + 2 goroutines wait in waitForDB (see the corpus MANIFEST).
        assert_eq!(wait.cum, 62, "{file}");
    }
}
