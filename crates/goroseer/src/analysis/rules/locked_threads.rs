//! `locked-threads`: goroutines locked to their OS thread.

use super::Key;
use super::{
    agree, count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "locked-threads",
        title: "Goroutines locked to OS threads",
        severities: &[Severity::Info],
        target: Target::Goroutine,
        what_it_does: "Counts goroutines whose header says `locked to thread` — they called \
`runtime.LockOSThread` (directly, or through cgo callbacks, GUI or namespace libraries) — and \
names them.",
        why_it_matters: "A locked goroutine owns its thread: while it blocks, that thread cannot \
run other goroutines, so each one adds an OS thread to the process. A few are normal \
(`os/signal`, graphics, `setns`); a growing number means `LockOSThread` without \
`UnlockOSThread`, and a goroutine that exits while locked takes its thread down with it.",
        what_next: "Check that every `LockOSThread` is paired with `UnlockOSThread` (or that \
the goroutine is meant to own its thread for life), and watch the threadcreate profile for \
thread growth.",
        thresholds: &["lockedThreadsMin"],
        example: Example {
            fixture: "corpus/goroutine-misc-states/goroutine.debug2.txt",
            excerpt: "goroutine 7 [chan receive, locked to thread]:\n\
github.com/acme/sysprobe/internal/probe.PinnedLoop(0x294e267ca0e0)\n\
\t/app/sysprobe/internal/probe/probe.go:17 +0x45\n\
created by main.main in goroutine 1\n\
\t/app/sysprobe/cmd/sysprobe/main.go:38 +0x171",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let groups: Vec<_> = input.groups.iter().filter(|g| g.locked > 0).collect();
    let count: u64 = groups.iter().map(|g| g.locked).sum();
    if count == 0 || count < options.locked_threads_min {
        return;
    }
    let functions: Vec<&str> = groups
        .iter()
        .filter_map(|g| g.call_site().or_else(|| g.frames.first().copied()))
        .map(|f| f.function.as_str())
        .collect();
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Info,
            format!(
                "{} locked to {} OS thread",
                count_of(count, "goroutine"),
                agree(count, "its", "their")
            ),
            format!(
                "{} called runtime.LockOSThread and {} ({}). Normal in small numbers; each \
                 one blocked keeps a whole OS thread idle.",
                count_of(count, "goroutine"),
                agree(count, "owns its thread", "own their thread"),
                functions.join(", ")
            ),
        )
        .with(Key::Goroutines, count)
        .with(Key::Functions, functions)
        .groups(groups.iter().map(|g| g.index).collect()),
    );
}
