//! `long-wait`: goroutines blocked for at least N minutes.

use super::facts::location;
use super::wait::Wait;
use super::Key;
use super::{
    agree, count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "long-wait",
        title: "Goroutines blocked for a long time",
        severities: &[Severity::Info, Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Reads the runtime's `, N minutes` in goroutine headers and reports groups \
that have waited at least `longWaitMinutes`, longest first. Groups waiting in the network \
poller are information (idle connections wait for minutes by nature); others are a warning. \
The runtime starts that clock at the first garbage collection that finds the goroutine \
blocked and prints it only from one minute on, so the real wait can be longer, never shorter. \
A goroutine of `go test`'s runner whose wait is in package `testing` (`t.Run` waiting for a \
subtest, `(*M).Run` for the tests) is left out: it waits as long as the tests run.",
        why_it_matters:
            "A goroutine blocked for many minutes on a lock, a channel or a `WaitGroup` \
is rarely waiting for something that is about to happen: it is typically leaked, deadlocked \
with a peer, or waiting for a reply that was lost. Long waits are the cheapest leak signal a \
single dump gives.",
        what_next: "Start with the longest waits: what event would wake them, and who should \
produce it? Compare with a later dump — goroutines whose wait only grows are leaked.",
        thresholds: &["longWaitMinutes"],
        example: Example {
            fixture: "corpus/goroutine-leak/goroutine.t70s.debug2.txt",
            excerpt: "goroutine 20 [chan receive, 1 minutes]:\n\
main.worker(...)\n\
\t/app/notifier/cmd/notifier/main.go:59\n\
created by main.main in goroutine 1\n\
\t/app/notifier/cmd/notifier/main.go:83 +0x2cb",
            thresholds: &[("longWaitMinutes", "1")],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let threshold = options.long_wait_minutes.max(1);
    let mut groups: Vec<_> = input
        .groups
        .iter()
        .filter(|g| u64::from(g.max_wait_minutes) >= threshold)
        // `go test`'s runner waiting for its tests (`testing.(*T).Run`, `(*M).Run`,
        // `tRunner.func1`) waits as long as they run: that is the tests' wait, not its.
        .filter(|g| g.call_site().is_none_or(|f| f.package != "testing"))
        .collect();
    if groups.is_empty() {
        return;
    }
    // Longest first; equal waits keep report order.
    crate::order::sort_by_key(&mut groups, |a| std::cmp::Reverse(a.max_wait_minutes));
    let count: u64 = groups
        .iter()
        .map(|g| g.waited_at_least(input.profile, threshold))
        .sum();
    let longest = groups[0];
    let only_netpoll = groups.iter().all(|g| g.wait == Wait::Netpoll);
    let severity = if only_netpoll {
        Severity::Info
    } else {
        Severity::Warning
    };
    let site = longest.call_site().map_or_else(|| "?".to_owned(), location);
    out.push(
        Annotation::new(
            RULE.doc.id,
            severity,
            format!(
                "{} blocked for {threshold}+ minutes (longest {} min)",
                count_of(count, "goroutine"),
                longest.max_wait_minutes
            ),
            format!(
                "{} {} been blocked for at least {threshold} minutes; the \
                 longest wait, {} minutes, is in [{}] at {site}. Something they wait for is not \
                 happening: look for the missing sender, unlock or reply.",
                count_of(count, "goroutine"),
                agree(count, "has", "have"),
                longest.max_wait_minutes,
                longest.state
            ),
        )
        .with(Key::Site, longest.call_site())
        .with(Key::State, longest.state)
        .with(Key::Goroutines, count)
        .with(Key::ThresholdMinutes, threshold)
        .with(Key::MaxWaitMinutes, longest.max_wait_minutes)
        .groups(groups.iter().map(|g| g.index).collect()),
    );
}
