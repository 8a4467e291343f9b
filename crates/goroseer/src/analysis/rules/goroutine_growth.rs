//! `goroutine-growth`: a group of goroutines that grows from dump to dump — a leak seen
//! over time, even when the runtime's leak detector cannot prove it.

use super::growth_text::{arrows, rate};
use super::{Annotation, Check, Example, Rule, RuleDoc, RuleOptions, Severity, Target};
use super::{Key, Location};
use crate::analysis::compare::{GoroutineComparison, GroupSeries};
use crate::model::FrameTable;

/// At most this many growing groups are reported, largest growth first.
const MAX_REPORTED: usize = 10;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "goroutine-growth",
        title: "Goroutines pile up from dump to dump",
        severities: &[Severity::Warning, Severity::Critical],
        target: Target::Comparison,
        what_it_does: "Follows every goroutine group across dumps of one program taken over time \
(several files, or one log holding several dumps), matched by their frames outside the runtime \
and, when every dump prints one, their wait reason. A group is reported when it gained at least \
`goroutineGrowthMin` goroutines from the first dump to the last and either grew at every step \
across three dumps or more (critical), or reached `goroutineGrowthFactor` times its first count \
(critical across two dumps, a warning across more when it did not grow at every step). The \
goroutine that wrote each dump is never counted. The count series, the rate per minute when \
the dump times are known, and the site that created the goroutines are the evidence.",
        why_it_matters: "A goroutine that never exits keeps its stack (2 KiB at least) and \
everything it references. When a request path starts goroutines faster than they finish, the \
count grows with traffic until memory runs out or the scheduler slows down — a leak that no \
single dump proves, but a series of dumps shows plainly. Groups that stay the same size \
(worker pools, idle keep-alive connections, tickers) are not reported.",
        what_next: "Open the growing group's stack and its creator: the goroutine is usually \
blocked on a channel nobody will use again (a send after the receiver timed out, a receive on \
a channel never closed) or on a `select` without a `ctx.Done()` case. Give the channel a buffer, \
add a cancellation case, or close the channel when the owner is done.",
        thresholds: &["goroutineGrowthMin", "goroutineGrowthFactor"],
        example: Example {
            fixture: "periodic-dumps/service.log",
            excerpt: "goroutine profile: total 306\n\
300 @ 0x47f42a 0x4142dc 0x413ed7 0x4e867b 0x4855a1\n\
#\t0x4e867a\tmain.fetch.func1+0x1a\texample.com/periodic/main.go:59\n\
...\n\
goroutine profile: total 906\n\
900 @ 0x47f42a 0x4142dc 0x413ed7 0x4e867b 0x4855a1\n\
#\t0x4e867a\tmain.fetch.func1+0x1a\texample.com/periodic/main.go:59",
            thresholds: &[],
        },
    },
    check: Check::GoroutineComparison(check),
};

/// The severity `group` earns, or `None` when it is not growth.
fn severity(group: &GroupSeries, dumps: usize, options: &RuleOptions) -> Option<Severity> {
    let first = *group.series.first()?;
    let last = *group.series.last()?;
    if group.dump_writer || last < first.saturating_add(options.goroutine_growth_min) {
        return None;
    }
    let large = last as f64 >= options.goroutine_growth_factor * first as f64;
    match (dumps, group.trend.grew_every_step, large) {
        (3.., true, _) => Some(Severity::Critical),
        (2, _, true) => Some(Severity::Critical),
        (_, _, true) => Some(Severity::Warning),
        _ => None,
    }
}

fn check(c: &GoroutineComparison, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let dumps = c.snapshots.len();
    if dumps < 2 {
        return;
    }
    let mut growing: Vec<(&GroupSeries, Severity)> = c
        .groups
        .iter()
        .filter_map(|g| severity(g, dumps, options).map(|s| (g, s)))
        .collect();
    crate::order::sort_by(&mut growing, |a, b| {
        b.1.cmp(&a.1).then(b.0.trend.delta.cmp(&a.0.trend.delta))
    });
    for (group, severity) in growing.into_iter().take(MAX_REPORTED) {
        out.push(annotation(group, &c.frames, severity, dumps));
    }
}

fn annotation(
    group: &GroupSeries,
    frames: &FrameTable,
    severity: Severity,
    dumps: usize,
) -> Annotation {
    let site = group.call_site(frames);
    let created_by = group.created_by.map(|id| frames.get(id));
    let function = site.map_or("?", |f| f.function.as_str());
    // The name the page shows for the group's frame (`internal/upstream.Fetch func 1`).
    let short = site.map_or(std::borrow::Cow::Borrowed(function), |f| f.display_name());
    let state = group
        .state
        .as_deref()
        .map_or_else(String::new, |s| format!(" [{s}]"));
    let how = if dumps >= 3 && group.trend.grew_every_step {
        format!("grew at every one of the {} steps", dumps - 1)
    } else {
        format!(
            "reached {}× its first count",
            group.trend.ratio.map_or("∞".to_owned(), |r| r.to_string())
        )
    };
    let creator = created_by.map_or_else(
        || "The dumps do not say who created them (debug=1 prints no creator).".to_owned(),
        |c| format!("They are created by {}.", super::facts::location(c)),
    );
    Annotation::new(
        RULE.doc.id,
        severity,
        format!("{short}{state} grows: {} goroutines", arrows(&group.series)),
        format!(
            "{} more goroutines wait at {} in the last of {dumps} dumps than in the first; the \
             group {how}{}. {creator} Goroutines started faster than they exit are a leak.",
            group.trend.delta,
            site.map_or_else(|| "?".to_owned(), super::facts::location),
            rate(group.trend.per_minute, " goroutines"),
        ),
    )
    .with(
        Key::Site,
        site.map(|f| Location::new(&f.function, &f.file, f.line)),
    )
    .with(Key::State, group.state.as_deref())
    .with(Key::Series, group.series.clone())
    .with(Key::AddedGoroutines, group.trend.delta)
    .with(Key::Ratio, group.trend.ratio)
    .with(Key::GoroutinesPerMinute, group.trend.per_minute)
    .with(Key::GrewEveryStep, group.trend.grew_every_step)
    .with(
        Key::CreatedBy,
        created_by.map(|c| Location::new(&c.function, &c.file, c.line)),
    )
    .with(Key::Dumps, dumps)
    .groups(vec![group.id])
}
