//! Damaged heap and contention dumps (made by editing real ones) stay readable: what can
//! be read is, and every line that cannot is reported with its number.

use std::path::Path;

use goroseer::model::{Document, Profile};

fn corpus_text(file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/corpus")
        .join(file);
    std::fs::read_to_string(p).unwrap()
}

fn heap(doc: &Document) -> &goroseer::model::HeapProfile {
    match doc.profiles.as_slice() {
        [Profile::Heap(h)] => h,
        other => panic!("expected one heap profile, got {}", other.len()),
    }
}

/// Replaces line `n` (1-based) of `text`.
fn with_line(text: &str, n: usize, replacement: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[n - 1] = replacement;
    lines.join("\n")
}

#[test]
fn truncated_record_is_reported_and_the_rest_is_read() {
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    let good = goroseer::parse(&text);
    // Line 7 is `1: 64 [1: 64] @ 0x4201c8 …`: cut it mid-way.
    let bad = with_line(&text, 7, "1: 64 [1: 6");
    let doc = goroseer::parse(&bad);
    let h = heap(&doc);
    assert_eq!(h.records.len(), heap(&good).records.len() - 1);
    assert_eq!(h.diagnostics.len(), 1, "{:?}", h.diagnostics);
    assert_eq!(h.diagnostics[0].line, 7);
    assert!(
        h.diagnostics[0].message.contains("frame line"),
        "{}",
        h.diagnostics[0].message
    );
    assert!(h.memstats.is_some());
}

#[test]
fn malformed_header_keeps_records_as_written() {
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    let bad = with_line(
        &text,
        1,
        "heap profile: 72: 34703040 [477: 34910400 @ heap/1048576",
    );
    let doc = goroseer::parse(&bad);
    let h = heap(&doc);
    assert_eq!(h.records.len(), 8);
    assert_eq!(h.diagnostics.len(), 1);
    assert_eq!(h.diagnostics[0].line, 1);
    // Without a known rate nothing is unsampled.
    assert_eq!(h.header.format, goroseer::model::heap::HeapFormat::Unknown);
    assert_eq!(h.unsampled_totals(), h.raw_totals());
}

#[test]
fn trailer_cut_short_keeps_the_keys_read() {
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    let cut = text.find("# PauseNs = [184294 130273").unwrap() + "# PauseNs = [184294 130273".len();
    let doc = goroseer::parse(&text[..cut]);
    let h = heap(&doc);
    let stats = h.memstats.as_ref().unwrap();
    assert_eq!(stats.entries.last().unwrap().key, "PauseNs");
    assert_eq!(stats.entries.len(), 21);
    assert_eq!(h.diagnostics.len(), 1, "{:?}", h.diagnostics);
    let pause_line = text[..cut].lines().count();
    assert_eq!(h.diagnostics[0].line, pause_line);
}

#[test]
fn stray_lines_inside_a_profile_are_reported_not_swallowed() {
    let text = corpus_text("block-mutex/mutex.debug1.txt");
    let bad = with_line(&text, 8, "some log line that got in");
    let doc = goroseer::parse(&bad);
    let [Profile::Contention(p)] = doc.profiles.as_slice() else {
        panic!("expected one contention profile");
    };
    assert_eq!(p.records.len(), 3);
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].line, 8);
}

#[test]
fn another_dump_after_a_heap_profile_is_not_swallowed() {
    let heap_text = corpus_text("heap-default-rate/heap.debug1.txt");
    let mutex_text = corpus_text("block-mutex/mutex.debug1.txt");
    let doc = goroseer::parse(&format!("{heap_text}\n{mutex_text}"));
    assert_eq!(doc.profiles.len(), 2);
    assert!(matches!(doc.profiles[1], Profile::Contention(_)));
    assert!(heap(&goroseer::parse(&heap_text)).diagnostics.is_empty());
}

#[test]
fn negative_in_use_values_and_empty_stacks_are_kept() {
    let text = "heap profile: 1: 64 [2: 128] @ heap/1048576\n\
                -1: -64 [1: 64] @ 0x1\n\
                2: 128 [1: 64] @\n";
    let doc = goroseer::parse(text);
    let h = heap(&doc);
    assert!(h.diagnostics.is_empty(), "{:?}", h.diagnostics);
    assert_eq!(h.records[0].raw.inuse_space, -64);
    assert!(h.records[0].unsampled.inuse_space < -64);
    assert!(h.records[1].frames.is_empty());
}

#[test]
fn trailer_keys_of_other_go_versions_are_kept() {
    // The corpus trailer, edited the way older and newer runtimes differ: no MaxRSS, an
    // EnableGC line, a GCCPUFraction in %g exponent form, a key nobody knows yet.
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    let start = text.find("# MaxRSS").unwrap();
    let edited = format!(
        "{}# EnableGC = true\n# GCCPUFraction2 = 5.4e-05\n# FutureThing = on fire\n",
        &text[..start]
    );
    let doc = goroseer::parse(&edited);
    let h = heap(&doc);
    assert!(h.diagnostics.is_empty(), "{:?}", h.diagnostics);
    let stats = h.memstats.as_ref().unwrap();
    use goroseer::model::memstats::MemStatValue;
    assert_eq!(stats.get("EnableGC"), Some(&MemStatValue::Bool(true)));
    assert_eq!(
        stats.get("GCCPUFraction2"),
        Some(&MemStatValue::Float(5.4e-05))
    );
    assert_eq!(
        stats.get("FutureThing"),
        Some(&MemStatValue::Text("on fire".to_owned()))
    );
    assert!(stats.get("MaxRSS").is_none());
    let derived: Vec<_> = stats.derived().iter().map(|d| d.key).collect();
    assert!(!derived.contains(&"maxRss"));
    assert!(derived.contains(&"liveHeap"));
}

#[test]
fn indented_dump_lines_are_read_like_pprof_does() {
    // Some log collectors indent pasted output; pprof trims lines before reading them.
    let text = corpus_text("heap-default-rate/heap.debug1.txt");
    let indented: String = text.lines().map(|l| format!("  {l}\n")).collect();
    let doc = goroseer::parse(&indented);
    let h = heap(&doc);
    assert!(h.diagnostics.is_empty(), "{:?}", h.diagnostics);
    let original = goroseer::parse(&text);
    assert_eq!(h.records, heap(&original).records);
    assert_eq!(h.memstats, heap(&original).memstats);
}
