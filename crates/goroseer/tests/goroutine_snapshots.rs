//! Committed snapshots of what the report says (`common::summary`: totals, states, the
//! largest groups, crash facts, annotations, diagnostics) for a representative set of
//! goroutine dumps and crashes: any change to what a person is told shows up in review.
//! Snapshot files live in `tests/snapshots/`.

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
        let name = format!("goroutine_{}", dump.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, summary::report(&analysis));
    }
}
