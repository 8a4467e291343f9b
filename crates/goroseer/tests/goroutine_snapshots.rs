//! Committed snapshots of the JSON report (`goroseer --json`) for a representative set of
//! goroutine dumps and crashes: any change to what the page and the CLI receive shows up in
//! review. Snapshot files live in `tests/snapshots/`.

mod common;

use common::*;

/// One dump per form: labels in headers, many states, debug=1 with labels, a leak check,
/// tracebackancestors, GOTRACEBACK=system SIGQUIT with g0 stacks, stack overflow with
/// `runtime stack:`, nested and recovered panics, a nil dereference with a signal.
const DUMPS: [&str; 10] = [
    "goroutine-labels/goroutine.debug2.txt",
    "goroutine-labels/goroutine.debug1.txt",
    "goroutine-misc-states/goroutine.debug2.txt",
    "goroutine-leak/goroutineleak.debug2.txt",
    "goroutine-leak/goroutineleak.debug1.txt",
    "panics/tracebackancestors.stderr.txt",
    "panics/sigquit-gotraceback-crash.stderr.txt",
    "panics/stack-overflow.stderr.txt",
    "panics/recovered-then-new-panic.stderr.txt",
    "panics/nil-deref.stderr.txt",
];

#[test]
fn goroutine_reports() {
    for dump in DUMPS {
        let analysis = analyze_text(&read(&corpus().join(dump)));
        let mut report = serde_json::to_value(analysis.report()).expect("report");
        // The frame table and rule annotations have their own tests and snapshots.
        if let Some(map) = report.as_object_mut() {
            map.remove("frames");
        }
        for p in report["profiles"].as_array_mut().unwrap() {
            if let Some(map) = p.as_object_mut() {
                map.remove("annotations");
            }
        }
        let name = format!("goroutine_{}", dump.replace(['/', '.'], "_"));
        insta::assert_json_snapshot!(name, report);
    }
}
