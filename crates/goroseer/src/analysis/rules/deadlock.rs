//! `deadlock`: the runtime found every goroutine asleep and stopped the program.

use super::facts::location;
use super::{count_of, Key};
use super::{
    Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions, Severity, Target,
};

/// The runtime's message (`runtime/proc.go` `checkdead`).
pub const DEADLOCK_MESSAGE: &str = "all goroutines are asleep - deadlock!";

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "deadlock",
        title: "Deadlock: all goroutines asleep",
        severities: &[Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Recognises `fatal error: all goroutines are asleep - deadlock!`, which the \
runtime prints when no goroutine can ever run again (`checkdead` in `runtime/proc.go`), and \
lists what each goroutine was waiting for.",
        why_it_matters: "Every goroutine is blocked on something only another blocked goroutine \
could provide: a lock nobody will release, a channel nobody will send to, a `WaitGroup` whose \
`Done` will never come. The runtime detects this only when *all* goroutines are stuck; in a \
server with a listening socket the same bug shows up as a hang instead.",
        what_next: "Read the waits as a cycle: goroutine A holds what B wants while waiting for \
what A… Typical causes: locking the same mutex twice, sending on an unbuffered channel with no \
receiver, `wg.Wait()` before the goroutines that call `Done` were started, or a goroutine that \
exited (`runtime.Goexit`) without sending.",
        thresholds: &[],
        example: Example {
            fixture: "corpus/panics/deadlock.stderr.txt",
            excerpt: "fatal error: all goroutines are asleep - deadlock!\n\
\n\
goroutine 1 [sync.WaitGroup.Wait]:\n\
sync.runtime_SemacquireWaitGroup(0x26e51cb54060?, 0xe0?)\n\
\t/usr/local/go/src/runtime/sema.go:114 +0x2e\n\
sync.(*WaitGroup).Wait(0x26e51cb420f0)\n\
\t/usr/local/go/src/sync/waitgroup.go:206 +0x85\n\
main.main()\n\
\t/app/orders/cmd/orders/main.go:99 +0x368\n\
\n\
goroutine 7 [chan receive]:\n\
main.main.func1()\n\
\t/app/orders/cmd/orders/main.go:95 +0x49\n\
created by main.main in goroutine 1",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let crash = &input.profile.crash;
    if !crash
        .fatal_errors
        .iter()
        .any(|m| m.contains(DEADLOCK_MESSAGE))
    {
        return;
    }
    let waits: Vec<String> = input
        .groups
        .iter()
        .map(|g| {
            let site = g.call_site().map_or_else(|| "?".to_owned(), location);
            format!("{} × [{}] at {site}", g.count, g.state)
        })
        .collect();
    let goroutines = input.total();
    let profile = input.profile;
    let cut_off: u64 = profile.partial.iter().map(|g| g.count).sum();
    let text = match goroutines {
        // A paste cut short: how many goroutines the program had is not known, so the text
        // says what was read instead of "its only goroutine" or "none of its N".
        1.. if profile.truncated || cut_off > 0 => {
            let mut read = format!("{} read completely", count_of(goroutines, "goroutine"));
            if cut_off > 0 {
                read.push_str(&format!(" and {cut_off} more cut off mid-stack"));
            }
            format!(
                "The runtime stopped the program because none of its goroutines can ever run \
                 again. The dump is cut off, so this lists only the {read}: {}.",
                waits.join("; ")
            )
        }
        // The fatal error without the goroutines after it (a paste cut after its first line).
        0 => "The runtime stopped the program because none of its goroutines can ever run \
              again; the dump holds none of their stacks, so what each waits for is not known."
            .to_owned(),
        1 => format!(
            "The runtime stopped the program because its only goroutine can never run again: \
             it waits for something no other goroutine is left to provide: {}.",
            waits.join("; ")
        ),
        _ => format!(
            "The runtime stopped the program because none of its {goroutines} goroutines \
             can ever run again. Each waits for something only another blocked goroutine \
             could provide: {}.",
            waits.join("; ")
        ),
    };
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Critical,
            format!("fatal error: {DEADLOCK_MESSAGE}"),
            text,
        )
        .with(Key::FatalError, DEADLOCK_MESSAGE)
        .with(Key::Goroutines, goroutines)
        .with(
            Key::States,
            input.groups.iter().map(|g| g.state).collect::<Vec<_>>(),
        )
        .groups(input.groups.iter().map(|g| g.index).collect()),
    );
}
