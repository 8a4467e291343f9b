//! `mutex-contention`: many goroutines queued on `sync.Mutex.Lock` at one call site.

use super::facts::{location, sites};
use super::lock_holder::{describe, holders_table, likely_holders};
use super::wait::Wait;
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "mutex-contention",
        title: "Goroutines queued on a mutex",
        severities: &[Severity::Warning, Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Finds goroutines blocked in `sync.(*Mutex).Lock` (`[sync.Mutex.Lock]`), \
gathers them by the call site that called `Lock` (the first frame outside `sync` and the \
runtime), and reports each site with enough waiters. It also names the likely holder: a \
goroutine that is not waiting for a lock but is inside another method of the same type (or, \
for plain functions, in the same file) — typically the method that took the lock and then \
blocked on something slow. Writers queued inside `sync.(*RWMutex).Lock` are left to \
`rwmutex-contention`.",
        why_it_matters:
            "Every waiter is a request or job making no progress. A mutex serializes its \
critical section, so throughput falls to one goroutine at a time, latency grows with the queue, \
and if the holder blocks (I/O, sleep, a channel, another lock) everyone behind it stops. \
Hundreds of waiters on one site usually mean a lock held across slow work, or a global lock \
on a hot path.",
        what_next: "Open the holder's stack: what is it doing while it holds the lock? Move slow \
work (I/O, sleeps, RPCs, channel operations) out of the critical section, shard the state, or \
use an `RWMutex`/atomic if readers dominate. A mutex profile (`/debug/pprof/mutex`) tells how \
much time the contention costs, charged to the `Unlock` sites.",
        thresholds: &["mutexContentionMin", "mutexContentionCritical"],
        example: Example {
            fixture: "corpus/goroutine-sync-contention/goroutine.debug2.txt",
            excerpt: "goroutine 19 [sleep]:\n\
time.Sleep(0x34630b8a000)\n\
\t/usr/local/go/src/runtime/time.go:368 +0x165\n\
github.com/acme/shop/internal/inventory.(*Store).Rebuild(0x0?, 0x0?)\n\
\t/app/shop/internal/inventory/store.go:37 +0x8e\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:35 +0x172\n\
\n\
goroutine 20 [sync.Mutex.Lock]:\n\
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/sema.go:95 +0x25\n\
internal/sync.(*Mutex).lockSlow(0x1d6ff358c090)\n\
\t/usr/local/go/src/internal/sync/mutex.go:149 +0x15a\n\
internal/sync.(*Mutex).Lock(...)\n\
\t/usr/local/go/src/internal/sync/mutex.go:70\n\
sync.(*Mutex).Lock(...)\n\
\t/usr/local/go/src/sync/mutex.go:46\n\
github.com/acme/shop/internal/inventory.(*Store).Reserve(0x1d6ff358c090, {0x506275, 0x5}, 0x1)\n\
\t/app/shop/internal/inventory/store.go:20 +0x57\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:38 +0x192",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    for site in sites(&input.groups, |g| g.wait == Wait::Mutex) {
        if site.count < options.mutex_contention_min.max(1) {
            continue;
        }
        let Some(frame) = site.frame else { continue };
        let severity = if site.count >= options.mutex_contention_critical {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let holders = likely_holders(frame, &input.groups);
        let sh = share(site.count as f64, total as f64);
        let holder_text = match holders.first() {
            Some(h) => format!(
                " Likely holder: {} — not waiting for a lock, and inside the same type; \
                 whatever it is doing, it does while everyone else waits.",
                describe(h)
            ),
            None => " No holder is visible in the dump (it may be running, or the lock \
                      was taken by a goroutine that has since blocked elsewhere)."
                .to_owned(),
        };
        let mut annotation = Annotation::new(
            RULE.doc.id,
            severity,
            format!(
                "{} goroutines wait to lock a mutex in {}",
                site.count,
                frame.display_name()
            ),
            format!(
                "{} of {total} goroutines ({}) are queued in sync.(*Mutex).Lock called from \
                 {}.{holder_text}",
                site.count,
                percent(sh),
                location(frame)
            ),
        )
        .with(Key::Site, frame)
        .with(Key::Goroutines, site.count)
        .with(Key::Share, sh);
        if site.max_wait_minutes > 0 {
            annotation = annotation.with(Key::MaxWaitMinutes, site.max_wait_minutes);
        }
        if !holders.is_empty() {
            annotation = annotation.with(Key::LikelyHolders, holders_table(&holders));
        }
        out.push(annotation.groups(site.groups));
    }
}
