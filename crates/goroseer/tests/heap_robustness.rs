//! Heap, contention and threadcreate parsing never panics and never loses a line
//! silently, whatever is cut off or injected.

use std::path::Path;

use goroseer::model::Profile;
use proptest::prelude::*;

fn corpus_text(file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(file);
    std::fs::read_to_string(p).unwrap()
}

fn heap_records(text: &str) -> (usize, usize) {
    let doc = goroseer::parse(text);
    match doc.profiles.as_slice() {
        [Profile::Heap(h)] => (h.records.len(), h.diagnostics.len() + doc.diagnostics.len()),
        [] => (0, doc.diagnostics.len()),
        other => panic!("a cut heap dump became {} profiles", other.len()),
    }
}

#[test]
fn a_heap_dump_cut_anywhere_keeps_every_complete_record() {
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    for cut in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
        let head = &text[..cut];
        // Record lines that end before the cut; a cut record line may still read as a
        // (shorter) record, so one more is allowed.
        let complete = head
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n') && l.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        let (records, diagnostics) = heap_records(head);
        assert!(
            records == complete || records == complete + 1,
            "cut at {cut}: {records} records, {complete} complete"
        );
        // At most the cut line itself is reported (a cut record line, a cut frame line
        // or a cut MemStats line).
        assert!(diagnostics <= 1, "cut at {cut}: {diagnostics} diagnostics");
    }
}

#[test]
fn contention_and_threadcreate_dumps_cut_anywhere_do_not_panic() {
    for file in [
        "block-mutex/block.debug1.txt",
        "goroutine-misc-states/threadcreate.debug1.txt",
    ] {
        let text = corpus_text(file);
        for cut in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            let doc = goroseer::parse(&text[..cut]);
            assert!(doc.profiles.len() <= 1, "{file} cut at {cut}");
        }
    }
}

/// Lines that look like parts of heap and contention profiles, plus noise.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("heap profile: 1: 2 [3: 4] @ heap/1048576".to_owned()),
        Just("--- mutex:".to_owned()),
        Just("threadcreate profile: total 2".to_owned()),
        Just("cycles/second=100".to_owned()),
        Just("# runtime.MemStats".to_owned()),
        Just("# PauseNs = [1 2".to_owned()),
        Just("#\t0x1\tmain.main+0x1\t/x.go:1".to_owned()),
        (any::<i32>(), any::<i32>(), any::<u32>(), any::<u32>())
            .prop_map(|(a, b, c, d)| format!("{a}: {b} [{c}: {d}] @ 0x1 0x2")),
        (any::<i64>(), any::<i64>()).prop_map(|(a, b)| format!("{a} {b} @ 0x{a:x}")),
        "[ -~\t]{0,40}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_profile_like_input_never_panics(lines in prop::collection::vec(line(), 0..40)) {
        let text = lines.join("\n");
        let analysis = goroseer::analyze(&text, &goroseer::Options::default());
        let report = analysis.report();
        let n = text.lines().count();
        for p in &report.profiles {
            for d in &p.diagnostics {
                prop_assert!(d.line >= 1 && d.line <= n.max(1));
            }
        }
        serde_json::to_string(&report).unwrap();
    }
}
