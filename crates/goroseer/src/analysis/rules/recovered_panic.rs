//! `recovered-panic`: a goroutine's stack logged while a deferred function handled a
//! panic — the program went on, but the operation that panicked failed.

use super::evidence::Key;
use super::facts::location;
use super::{
    count_of, Annotation, Check, Example, GoroutineInput, GroupFacts, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};
use crate::model::Frame;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "recovered-panic",
        title: "A panic was recovered",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Finds stacks with a `panic(…)` frame below the deferred function that \
was running: the stack a program logs when it recovers a panic (`debug.Stack()` in a deferred \
`recover`, net/http's `http: panic serving …`, Kubernetes' `HandleCrash` and its \
`Observed a panic:`). It names where the panic happened, the deferred function that handled \
it and the log line printed with the stack. The goroutine that crashed a traceback is left to \
the `panic` rule.",
        why_it_matters: "A recovered panic does not stop the program, so it is easy to miss in \
a log: the request, job or event that panicked failed, and whatever the panicking code held \
(a lock taken without `defer`, a half-written structure) may have been left behind.",
        what_next: "Start at the frame that panicked: the panic value in the log line says \
what went wrong. Fix the bug there; recovering is a safety net, not a handling of the error. \
If the same site recurs, count it in your metrics.",
        thresholds: &[],
        example: Example {
            fixture: "recovered/recovered.stderr.txt",
            excerpt: "2026/12/02 07:43:35 recovered from panic: runtime error: index out of \
range [1] with length 1\n\
goroutine 29 [running]:\n\
runtime/debug.Stack()\n\
\truntime/debug/stack.go:26 +0x5e\n\
main.worker.func1()\n\
\texample.com/recovered/main.go:76 +0x38\n\
panic({0x9aefa0?, 0x23e87a6c0150?})\n\
\truntime/panic.go:859 +0x125\n\
main.total(...)\n\
\texample.com/recovered/main.go:66\n\
main.worker(0x23e87a6ea280?)\n\
\texample.com/recovered/main.go:79 +0x166",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

/// `panic` as tracebacks print `runtime.gopanic` (and older runtimes its own name).
fn is_panic_call(frame: &Frame) -> bool {
    frame.function == "panic" || frame.function == "runtime.gopanic"
}

/// The runtime's and the stack printers' own frames, skipped on both sides of the panic.
fn is_machinery(frame: &Frame) -> bool {
    frame.package == "runtime"
        || frame.package == "runtime/debug"
        || frame.package.starts_with("internal/runtime/")
}

/// Where the panic happened and the deferred function that was handling it, innermost
/// first: `None` when the stack holds no panic with a deferred call above it.
fn recovery<'a>(g: &GroupFacts<'a>) -> Option<(Option<&'a Frame>, &'a Frame)> {
    let at = g.frames.iter().position(|f| is_panic_call(f))?;
    let handler = g.frames[..at].iter().rev().find(|f| !is_machinery(f))?;
    let site = g.frames[at + 1..].iter().find(|f| !is_machinery(f));
    Some((site.copied(), handler))
}

/// The log line printed just before the goroutine's header, when it speaks of a panic
/// (`recovered from panic: …`, `Observed a panic: …`, `http: panic serving …`).
fn logged_line<'a>(text: &'a str, g: &GroupFacts<'_>) -> Option<&'a str> {
    let header_end = (g.first.span.0 as usize).min(text.len());
    let before = text.get(..header_end)?;
    let header_start = before.rfind('\n')?;
    let before = &before[..header_start];
    let line = before[before.rfind('\n').map_or(0, |i| i + 1)..].trim();
    line.to_ascii_lowercase().contains("panic").then_some(line)
}

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let crashed = input.profile.crashed_goroutine(input.frames);
    for g in &input.groups {
        if crashed.is_some_and(|c| g.members.contains(&(c as u32))) {
            continue;
        }
        let Some((site, handler)) = recovery(g) else {
            continue;
        };
        let logged = logged_line(input.text, g);
        let at = site.map_or_else(String::new, |f| format!(" in {}", location(f)));
        let in_fn = site.map_or_else(String::new, |f| format!(" in {}", f.function));
        let who = count_of(g.count, "goroutine");
        let handler_at = location(handler);
        // With the log line a recovering handler prints, the panic is known to be recovered;
        // a stack alone only shows the deferred call running (it may re-panic).
        let (title, detail) = match logged {
            Some(line) => (
                format!("A panic was recovered{in_fn}"),
                format!(
                    "{who} panicked{at}; the deferred {handler_at} recovered it and logged \
                     the stack with: {}. The program went on, but what was running there \
                     failed.",
                    crate::parse::traceback::clip(line)
                ),
            ),
            None => (
                format!("A deferred call was handling a panic{in_fn}"),
                format!(
                    "{who} panicked{at}, and the deferred {handler_at} was running when the \
                     stack was printed. If it recovered, the program went on without what was \
                     running there; if not, the panic went on to crash it."
                ),
            ),
        };
        out.push(
            Annotation::new(RULE.doc.id, Severity::Warning, title, detail)
                .with(Key::Goroutines, g.count)
                .with(Key::Site, site)
                .with(Key::Handler, handler)
                .with(Key::Message, logged)
                .groups(vec![g.index]),
        );
    }
}
