//! `leaked`: goroutines the runtime proved can never be woken (Go ≥ 1.26 leak detection).

use super::evidence::{table, Key};
use super::facts::location;
use super::{
    agree, count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "leaked",
        title: "Leaked goroutines",
        severities: &[Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Reports goroutines the runtime itself found leaked: the `(leaked)` mark \
after the wait reason (`[chan send (leaked)]`), which Go 1.26+ leaves on goroutines found by \
the leak-detecting GC, and every goroutine of a `goroutineleak` profile \
(`/debug/pprof/goroutineleak`). It lists the leaking sites, largest first.",
        why_it_matters:
            "The leak detector marks a goroutine only when it is blocked on a channel or \
sync primitive that no running goroutine can reach any more: it can never be woken. Its stack \
and everything it references stay in memory for the life of the process, and the number grows \
with every request that takes the leaking path. This is a bug, not a guess.",
        what_next: "Go to each leaking call site: the usual pattern is a goroutine sending its \
result on an unbuffered channel after the receiver gave up (timeout, early return). Give the \
channel a buffer of one, select on `ctx.Done()`, or close the channel the receivers wait on.",
        thresholds: &[],
        example: Example {
            fixture: "corpus/goroutine-leak/goroutine.t70s.after-leakcheck.debug2.txt",
            excerpt: "goroutine 25 [chan send (leaked)]:\n\
github.com/acme/notifier/internal/upstream.FetchWithTimeout.func1()\n\
\t/app/notifier/internal/upstream/fetch.go:22 +0x39\n\
created by github.com/acme/notifier/internal/upstream.FetchWithTimeout in goroutine 24\n\
\t/app/notifier/internal/upstream/fetch.go:21 +0x87",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let whole_profile = input.profile.name == "goroutineleak";
    let mut groups: Vec<_> = input
        .groups
        .iter()
        .filter(|g| whole_profile || g.leaked > 0)
        .map(|g| (g, if whole_profile { g.count } else { g.leaked }))
        .collect();
    let count: u64 = groups.iter().map(|(_, n)| n).sum();
    if count == 0 {
        return;
    }
    crate::order::sort_by_key(&mut groups, |a| std::cmp::Reverse(a.1));
    let sites: Vec<String> = groups
        .iter()
        .take(5)
        .map(|(g, n)| {
            let site = g.call_site().map_or_else(|| "?".to_owned(), location);
            if g.state.is_empty() {
                format!("{n} × {site}")
            } else {
                format!("{n} × {site} [{}]", g.state)
            }
        })
        .collect();
    let source = if whole_profile {
        "the goroutineleak profile lists them"
    } else {
        "the runtime marked them (leaked)"
    };
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Critical,
            format!("{} leaked", count_of(count, "goroutine")),
            format!(
                "{} {} blocked on something no live goroutine can reach; {source}. {} \
                 never exit. Leaking sites: {}.",
                count_of(count, "goroutine"),
                agree(count, "is", "are"),
                agree(count, "It will", "They will"),
                sites.join("; ")
            ),
        )
        .with(Key::Goroutines, count)
        .with(
            Key::Source,
            if whole_profile {
                "goroutineleak profile"
            } else {
                "leaked mark"
            },
        )
        .with(
            Key::Sites,
            table(
                &[Key::Site, Key::State, Key::Goroutines],
                groups
                    .iter()
                    .map(|(g, n)| vec![g.call_site().into(), g.state.into(), (*n).into()])
                    .collect(),
            ),
        )
        .groups(groups.iter().map(|(g, _)| g.index).collect()),
    );
}
