//! `recovered-panic`: a goroutine's stack logged while a deferred function handled a
//! panic — the program went on, but the operation that panicked failed.

use super::evidence::Key;
use super::facts::location;
use super::{
    count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions, Severity,
    Target,
};
use crate::model::goroutine::Goroutine;
use crate::model::Frame;
use crate::parse::traceback::clip;

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
it, the log line printed with the stack and the panic value that line gives (after `panic: ` \
or `panic serving ADDR: `, or a `panic=\"…\"` field). A goroutine cut before its end (a log cut \
after a few frames) is read as far as it goes: its frames already show the panic and the \
deferred call. The goroutine that crashed a traceback is left to the `panic` rule.",
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
fn recovery<'a>(frames: &[&'a Frame]) -> Option<(Option<&'a Frame>, &'a Frame)> {
    let at = frames.iter().position(|f| is_panic_call(f))?;
    let handler = frames[..at].iter().rev().find(|f| !is_machinery(f))?;
    let site = frames[at + 1..].iter().find(|f| !is_machinery(f));
    Some((site.copied(), handler))
}

/// The panic value in a recovering handler's log line: what follows `panic: ` (`recovered
/// from panic: V`, klog's `Observed a panic: V`, logrus' `Panic: V`) or `panic serving
/// ADDR: ` (net/http's and http2's `http: panic serving 10.0.0.1:5000: V`). `None` when the
/// line has no such value.
fn panic_value(line: &str) -> Option<&str> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("panic") {
        let after = from + at + "panic".len();
        let rest = &line[after..];
        if let Some(value) = rest.strip_prefix(": ") {
            return Some(value.trim()).filter(|v| !v.is_empty());
        }
        // A structured record's field: `panic="V"`.
        if let Some(quoted) = rest.strip_prefix("=\"") {
            let value = quoted.split('"').next().unwrap_or_default();
            return Some(value).filter(|v| !v.is_empty());
        }
        if let Some(serving) = rest.strip_prefix(" serving ") {
            let (_, value) = serving.split_once(": ")?;
            return Some(value.trim()).filter(|v| !v.is_empty());
        }
        from = after;
    }
    None
}

/// The log line printed just before the goroutine's header, when it speaks of a panic
/// (`recovered from panic: …`, `Observed a panic: …`, `http: panic serving …`).
fn logged_line<'a>(text: &'a str, g: &Goroutine) -> Option<&'a str> {
    let header_end = (g.span.0 as usize).min(text.len());
    let before = text.get(..header_end)?;
    let header_start = before.rfind('\n')?;
    let before = &before[..header_start];
    let line = before[before.rfind('\n').map_or(0, |i| i + 1)..].trim();
    line.to_ascii_lowercase().contains("panic").then_some(line)
}

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let profile = input.profile;
    let crashed = profile.crashed_goroutine(input.frames);
    for g in &input.groups {
        if crashed.is_some_and(|c| g.members.contains(&(c as u32))) {
            continue;
        }
        if let Some(a) = finding(input.text, g.first, &g.frames, g.count, false) {
            out.push(a.groups(vec![g.index]));
        }
    }
    // A goroutine cut before its end whose frames read already show the panic and the
    // deferred call handling it (a log cut after a few frames).
    let crashed_cut = profile.crashed_partial(input.frames);
    for (index, g) in profile.partial.iter().enumerate() {
        if crashed_cut == Some(index) {
            continue;
        }
        let frames: Vec<&Frame> = profile
            .stacks
            .get(g.stack)
            .iter()
            .filter_map(|e| e.frame().map(|f| input.frames.get(f)))
            .collect();
        if let Some(a) = finding(input.text, g, &frames, g.count, true) {
            out.push(a);
        }
    }
}

/// The finding for one goroutine (the first of `count`) whose `frames` show a recovery.
fn finding(
    text: &str,
    first: &Goroutine,
    frames: &[&Frame],
    count: u64,
    cut: bool,
) -> Option<Annotation> {
    let (site, handler) = recovery(frames)?;
    let logged = logged_line(text, first);
    let value = logged.and_then(panic_value);
    let at = site.map_or_else(String::new, |f| format!(" in {}", location(f)));
    let in_fn = site.map_or_else(String::new, |f| format!(" in {}", f.function));
    let who = if cut {
        format!("Goroutine {} (its stack cut before its end)", first.id)
    } else {
        count_of(count, "goroutine")
    };
    let handler_at = location(handler);
    let with_value = value.map_or_else(String::new, |v| format!(" with {}", clip(v)));
    // With the log line a recovering handler prints, the panic is known to be recovered;
    // a stack alone only shows the deferred call running (it may re-panic).
    let (title, detail) = match logged {
        Some(line) => (
            format!("A panic was recovered{in_fn}"),
            format!(
                "{who} panicked{at}{with_value}; the deferred {handler_at} recovered it and \
                 logged the stack with: {}. The program went on, but what was running there \
                 failed.",
                clip(line)
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
    Some(
        Annotation::new(RULE.doc.id, Severity::Warning, title, detail)
            .with(Key::Goroutines, count)
            .with(Key::Site, site)
            .with(Key::Handler, handler)
            .with(Key::Panic, value)
            .with(Key::Message, logged),
    )
}

#[cfg(test)]
mod tests {
    use super::panic_value;

    #[test]
    fn the_panic_value_is_read_from_the_log_line() {
        // The lines tests/fixtures/gen/recovered prints (net/http, a deferred recover,
        // klog's printf and structured forms).
        for (line, value) in [
            (
                "2026/12/02 07:43:35 http: panic serving 127.0.0.1:44784: order 17 has no items",
                Some("order 17 has no items"),
            ),
            (
                "2026/12/02 07:43:35 recovered from panic: runtime error: index out of range [1] with length 1",
                Some("runtime error: index out of range [1] with length 1"),
            ),
            (
                "E1202 07:43:35.805742   27451 runtime.go:79] Observed a panic: \"invalid memory address or nil pointer dereference\" (runtime error: invalid memory address or nil pointer dereference)",
                Some("\"invalid memory address or nil pointer dereference\" (runtime error: invalid memory address or nil pointer dereference)"),
            ),
            (
                "E1202 07:43:35.805778   27451 runtime.go:142] \"Observed a panic\" panic=\"runtime error: invalid memory address or nil pointer dereference\" stacktrace=<",
                Some("runtime error: invalid memory address or nil pointer dereference"),
            ),
            ("a panic happened", None),
        ] {
            assert_eq!(panic_value(line), value, "{line}");
        }
    }
}
