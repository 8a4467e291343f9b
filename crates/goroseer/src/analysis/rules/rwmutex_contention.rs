//! `rwmutex-contention`: many goroutines queued on a `sync.RWMutex` at one call site.

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
        id: "rwmutex-contention",
        title: "Goroutines queued on a read-write mutex",
        severities: &[Severity::Warning, Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Finds goroutines blocked in `sync.(*RWMutex).RLock` (`[sync.RWMutex.RLock]`) \
or `sync.(*RWMutex).Lock` — including writers queued on the RWMutex's internal writer mutex, \
which the runtime labels `[sync.Mutex.Lock]` — gathers them by the call site that asked for \
the lock, and reports each site with enough waiters, saying whether they want to read or \
write. Like `mutex-contention`, it names likely holders: goroutines in another method of the \
same type that are not waiting for a lock.",
        why_it_matters: "Readers only block when a writer holds the lock or is waiting for it: one \
pending `Lock` stops every new `RLock`. So a pile of blocked readers means a writer is stuck \
behind a long-running reader (or holds the lock while doing slow work), and the whole read path \
is stalled until it gets through.",
        what_next: "Look at the likely holders: a reader that holds `RLock` across I/O or a sleep \
starves every writer and, through them, every later reader. Keep read sections short, never \
upgrade from `RLock` to `Lock`, and consider copy-on-write (`atomic.Pointer`) for \
read-mostly data.",
        thresholds: &["rwmutexContentionMin", "mutexContentionCritical"],
        example: Example {
            fixture: "corpus/goroutine-sync-contention/goroutine.debug2.txt",
            excerpt: "goroutine 520 [sleep]:\n\
time.Sleep(0x34630b8a000)\n\
\t/usr/local/go/src/runtime/time.go:368 +0x165\n\
github.com/acme/shop/internal/config.(*Store).ExportStats(0x0?, 0x0?)\n\
\t/app/shop/internal/config/config.go:23 +0x8d\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:42 +0x299\n\
\n\
goroutine 521 [sync.RWMutex.Lock]:\n\
sync.runtime_SemacquireRWMutex(0x0?, 0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/sema.go:105 +0x25\n\
sync.(*RWMutex).Lock(0x0?)\n\
\t/usr/local/go/src/sync/rwmutex.go:155 +0x65\n\
github.com/acme/shop/internal/config.(*Store).Set(0x1d6ff3596100, {0x50627f, 0x5}, {0x506002, 0x1})\n\
\t/app/shop/internal/config/config.go:28 +0x3e\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:44 +0x2ee\n\
...\n\
goroutine 541 [sync.RWMutex.RLock]:\n\
sync.runtime_SemacquireRWMutexR(0x0?, 0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/sema.go:100 +0x25\n\
sync.(*RWMutex).RLock(...)\n\
\t/usr/local/go/src/sync/rwmutex.go:74\n\
github.com/acme/shop/internal/config.(*Store).Get(0x1d6ff3596100, {0x50627f, 0x5})\n\
\t/app/shop/internal/config/config.go:35 +0x55\n\
created by main.main in goroutine 1\n\
\t/app/shop/cmd/shop/main.go:50 +0x445",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    for (wait, mode, call) in [
        (Wait::RwMutexRead, "read", "RLock"),
        (Wait::RwMutexWrite, "write", "Lock"),
    ] {
        for site in sites(&input.groups, |g| g.wait == wait) {
            if site.count < options.rwmutex_contention_min.max(1) {
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
                Some(h) => format!(" Likely holder: {}.", describe(h)),
                None => String::new(),
            };
            let mut annotation = Annotation::new(
                RULE.doc.id,
                severity,
                format!(
                    "{} goroutines wait to {mode}-lock an RWMutex in {}",
                    site.count,
                    frame.display_name()
                ),
                format!(
                    "{} of {total} goroutines ({}) are queued in sync.(*RWMutex).{call} called \
                     from {}.{holder_text} Readers block only while a writer holds or waits for \
                     the lock, so look for a writer stuck behind a slow reader.",
                    site.count,
                    percent(sh),
                    location(frame)
                ),
            )
            .with(Key::Site, frame)
            .with(Key::Goroutines, site.count)
            .with(Key::Share, sh)
            .with(Key::Mode, mode);
            if !holders.is_empty() {
                annotation = annotation.with(Key::LikelyHolders, holders_table(&holders));
            }
            out.push(annotation.groups(site.groups));
        }
    }
}
