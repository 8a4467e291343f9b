//! `goroutine-count-high`: more goroutines than a healthy service usually runs.

use super::Key;
use super::{
    Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions, Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "goroutine-count-high",
        title: "Very many goroutines",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Reports dumps with at least `goroutineCountHigh` goroutines (the header \
total of a debug=1 profile, or the goroutines read from a debug=2 dump or crash), and points \
at the three largest groups.",
        why_it_matters: "Goroutines are cheap, not free: each holds at least a few kilobytes of \
stack plus whatever it references, and the garbage collector scans every stack. Tens of \
thousands usually mean work started per item without a bound, or goroutines that never exit. \
Memory grows, GC gets slower, and latency follows.",
        what_next: "Look at the largest groups and their `created by` sites: bound concurrency \
with a worker pool or a semaphore acquired *before* starting the goroutine, and make sure \
every goroutine has a way to exit (context cancellation, closed channels). Take two dumps a \
minute apart to see whether the count is growing.",
        thresholds: &["goroutineCountHigh"],
        example: Example {
            fixture: "corpus/goroutine-100k-crawler/goroutine.debug1.txt",
            excerpt: "goroutine profile: total 100067\n\
99936 @ 0x47e84a 0x4149dc 0x4145d7 0x4bcf1d 0x4bcfe8 0x4bd0f7 0x4849a1",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let read = input.total();
    let total = input.profile.header_total.unwrap_or(0).max(read);
    if total == 0 || total < options.goroutine_count_high {
        return;
    }
    let mut largest: Vec<_> = input.groups.iter().collect();
    crate::order::sort_by_key(&mut largest, |a| std::cmp::Reverse(a.count));
    largest.truncate(3);
    let names: Vec<String> = largest
        .iter()
        .map(|g| {
            let f = g.call_site().or_else(|| g.frames.first().copied());
            format!(
                "{} × {}",
                g.count,
                f.map_or("?".into(), |f| f.display_name())
            )
        })
        .collect();
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!("{total} goroutines"),
            format!(
                "The dump holds {total} goroutines (threshold {}). Largest groups: {}. Check \
                 what bounds their number and whether they ever exit.",
                options.goroutine_count_high,
                names.join(", ")
            ),
        )
        .with(Key::Goroutines, total)
        .with(Key::ThresholdGoroutines, options.goroutine_count_high)
        .groups(largest.iter().map(|g| g.index).collect()),
    );
}
