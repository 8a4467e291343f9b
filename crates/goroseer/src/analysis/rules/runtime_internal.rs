//! `runtime-internal`: the runtime's and standard library's own background goroutines.

use super::Key;
use super::{
    agree, count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};
use crate::model::Frame;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "runtime-internal",
        title: "Runtime background goroutines",
        severities: &[Severity::Info],
        target: Target::Goroutine,
        what_it_does: "Recognises goroutines every Go program has and nobody needs to debug: the \
garbage collector's helpers (`runtime.forcegchelper`, `runtime.bgsweep`, `runtime.bgscavenge`, \
`runtime.gcBgMarkWorker`), the finalizer and cleanup goroutines, the `GOMAXPROCS` updater, \
`os/signal`'s signal loop, `database/sql`'s connection opener, and the goroutine that was \
writing the dump itself (`runtime/pprof.writeGoroutineStacks`). Their groups are listed so \
the page can hide them.",
        why_it_matters: "They are noise when you are looking for your own problem: a dump taken \
with `GOTRACEBACK=system` or a crash shows half a dozen of them, and the dumping goroutine \
is always `[running]`. Other rules skip them too — `os/signal`'s loop sits in `[syscall]` \
forever and is not a syscall pile-up.",
        what_next: "Nothing, unless their number grows (one `database/sql` opener per `sql.DB`: \
many means `sql.Open` is called per request instead of once).",
        thresholds: &[],
        example: Example {
            fixture: "corpus/panics/gotraceback-system.stderr.txt",
            excerpt: "goroutine 2 gp=0x2d926be40780 m=nil [force gc (idle)]:\n\
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/proc.go:474 +0xca fp=0x2d926be76fa8 sp=0x2d926be76f88 pc=0x47942a\n\
runtime.goparkunlock(...)\n\
\t/usr/local/go/src/runtime/proc.go:480\n\
runtime.forcegchelper()\n\
\t/usr/local/go/src/runtime/proc.go:387 +0xb3 fp=0x2d926be76fe0 sp=0x2d926be76fa8 pc=0x447c93\n\
runtime.goexit({})\n\
\t/usr/local/go/src/runtime/asm_amd64.s:1264 +0x1 fp=0x2d926be76fe8 sp=0x2d926be76fe0 pc=0x47ec21\n\
created by runtime.init.7 in goroutine 1\n\
\t/usr/local/go/src/runtime/proc.go:375 +0x1a\n\
...\n\
goroutine 3 gp=0x2d926be40d20 m=nil [GC sweep wait]:\n\
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n\
\t/usr/local/go/src/runtime/proc.go:474 +0xca fp=0x2d926be77788 sp=0x2d926be77768 pc=0x47942a\n\
runtime.goparkunlock(...)\n\
\t/usr/local/go/src/runtime/proc.go:480\n\
runtime.bgsweep(0x2d926be7e000)\n\
\t/usr/local/go/src/runtime/mgcsweep.go:279 +0x94 fp=0x2d926be777c8 sp=0x2d926be77788 pc=0x4339b4\n\
runtime.gcenable.gowrap1()\n\
\t/usr/local/go/src/runtime/mgc.go:214 +0x17 fp=0x2d926be777e0 sp=0x2d926be777c8 pc=0x472557\n\
runtime.goexit({})\n\
\t/usr/local/go/src/runtime/asm_amd64.s:1264 +0x1 fp=0x2d926be777e8 sp=0x2d926be777e0 pc=0x47ec21\n\
created by runtime.gcenable in goroutine 1\n\
\t/usr/local/go/src/runtime/mgc.go:214 +0x66",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

/// Functions that identify a background goroutine, with what to call it.
const BACKGROUND: &[(&str, &str)] = &[
    ("runtime.forcegchelper", "forced-GC helper"),
    ("runtime.bgsweep", "GC sweeper"),
    ("runtime.bgscavenge", "GC scavenger"),
    ("runtime.gcBgMarkWorker", "GC mark worker"),
    ("runtime.runFinalizers", "finalizer goroutine"),
    ("runtime.runfinq", "finalizer goroutine"),
    ("runtime.runCleanups", "cleanup goroutine"),
    ("runtime.updateMaxProcsGoroutine", "GOMAXPROCS updater"),
    ("runtime.timerproc", "timer goroutine"),
    ("os/signal.loop", "os/signal loop"),
    ("os/signal.signal_recv", "os/signal loop"),
    (
        "database/sql.(*DB).connectionOpener",
        "database/sql connection opener",
    ),
    (
        "database/sql.(*DB).connectionResetter",
        "database/sql connection resetter",
    ),
    (
        "runtime/pprof.writeGoroutineStacks",
        "the goroutine writing this dump",
    ),
    (
        "runtime/pprof.writeRuntimeProfile",
        "the goroutine writing this dump",
    ),
];

/// What kind of background goroutine a stack (innermost first) belongs to, if any.
pub fn background_kind<'a>(frames: impl IntoIterator<Item = &'a Frame>) -> Option<&'static str> {
    frames.into_iter().find_map(|f| {
        BACKGROUND
            .iter()
            .find(|(name, _)| *name == f.function)
            .map(|(_, kind)| *kind)
    })
}

/// Whether a stack (innermost first) is a known harmless background goroutine; the report
/// flags such groups so the page can hide them.
pub fn is_runtime_internal<'a>(frames: impl IntoIterator<Item = &'a Frame>) -> bool {
    background_kind(frames).is_some()
}

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let mut groups = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    let mut count = 0;
    for g in &input.groups {
        if let Some(kind) = background_kind(g.frames.iter().copied()) {
            groups.push(g.index);
            count += g.count;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    if count == 0 {
        return;
    }
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Info,
            format!(
                "{} (safe to hide)",
                count_of(count, "runtime background goroutine")
            ),
            format!(
                "{} {} to the Go runtime or standard library, not to your code: {}. They are in \
                 every program; hide them to focus on the rest.",
                count_of(count, "goroutine"),
                agree(count, "belongs", "belong"),
                kinds.join(", ")
            ),
        )
        .with(Key::Goroutines, count)
        .with(Key::Kinds, kinds)
        .groups(groups),
    );
}
