//! `sync-wait`: goroutines waiting in `WaitGroup.Wait` or `Cond.Wait` at one call site.

use super::facts::{location, sites};
use super::wait::Wait;
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "sync-wait",
        title: "Goroutines waiting on a WaitGroup or Cond",
        severities: &[Severity::Info],
        target: Target::Goroutine,
        what_it_does: "Gathers goroutines blocked in `sync.(*WaitGroup).Wait` \
(`[sync.WaitGroup.Wait]`) or `sync.(*Cond).Wait` (`[sync.Cond.Wait]`) by the call site that \
waits, and reports sites with many waiters.",
        why_it_matters: "Often by design: a pool of workers waiting on a `Cond` for jobs, or \
goroutines waiting for a group of tasks to finish. It becomes a problem when the event never \
comes — a `WaitGroup` whose `Done` is skipped on an error path waits forever, and a `Cond` \
whose `Signal`/`Broadcast` is missed leaves its waiters parked until the process exits.",
        what_next: "Check that every `Add` has its `Done` on every path (`defer wg.Done()`), \
and that whoever changes the condition calls `Broadcast`/`Signal` after changing it under the \
lock. If the count grows across dumps, the waits are not being released.",
        thresholds: &["syncWaitMin"],
        example: Example {
            fixture: "corpus/goroutine-sync-contention/goroutine.debug2.txt",
            excerpt: "goroutine 661 [sync.WaitGroup.Wait]:\n\
sync.runtime_SemacquireWaitGroup(0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/sema.go:114 +0x2e\n\
sync.(*WaitGroup).Wait(0x1d6ff37320b0)\n\
\t/usr/local/go/src/sync/waitgroup.go:206 +0x85\n\
github.com/acme/shop/internal/lifecycle.AwaitShutdown(0x0?, 0x0)\n\
\t/app/shop/internal/lifecycle/lifecycle.go:11 +0x18\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:56 +0x4db\n\
...\n\
goroutine 711 [sync.Cond.Wait]:\n\
sync.runtime_notifyListWait(0x1d6ff35821d0, 0x2)\n\
\t/usr/local/go/src/runtime/sema.go:617 +0x1b3\n\
sync.(*Cond).Wait(0x0?)\n\
\t/usr/local/go/src/sync/cond.go:71 +0x73\n\
github.com/acme/shop/internal/jobs.(*Queue).Pop(0x1d6ff3730660)\n\
\t/app/shop/internal/jobs/queue.go:23 +0x7c\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:61 +0x5b7",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    for (wait, kind) in [
        (Wait::WaitGroup, "sync.WaitGroup.Wait"),
        (Wait::Cond, "sync.Cond.Wait"),
    ] {
        for site in sites(&input.groups, |g| g.wait == wait) {
            if site.count < options.sync_wait_min.max(1) {
                continue;
            }
            let Some(frame) = site.frame else { continue };
            let sh = share(site.count as f64, total as f64);
            let mut annotation = Annotation::new(
                RULE.doc.id,
                Severity::Info,
                format!(
                    "{} goroutines wait in {kind} in {}",
                    site.count,
                    frame.display_name()
                ),
                format!(
                    "{} of {total} goroutines ({}) wait in {kind} at {}. Normal for idle \
                     workers or a shutdown barrier; a problem only if the wake-up never comes \
                     (a missing Done, Signal or Broadcast).",
                    site.count,
                    percent(sh),
                    location(frame)
                ),
            )
            .with(Key::Site, frame)
            .with(Key::Goroutines, site.count)
            .with(Key::Share, sh)
            .with(Key::Kind, kind);
            if site.max_wait_minutes > 0 {
                annotation = annotation.with(Key::MaxWaitMinutes, site.max_wait_minutes);
            }
            out.push(annotation.groups(site.groups));
        }
    }
}
