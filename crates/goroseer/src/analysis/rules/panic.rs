//! `panic`: the program crashed — a panic or a fatal error other than a deadlock.

use super::deadlock::DEADLOCK_MESSAGE;
use super::evidence::{table, Key, Value};
use super::facts::location;
use super::panic_test_timeout::{self, TEST_TIMEOUT};
use super::{
    Annotation, Check, Example, GoroutineInput, GroupFacts, Rule, RuleDoc, RuleOptions, Severity,
    Target,
};
use crate::model::goroutine::{StackEntry, ThreadStack};
use crate::model::{Frame, Origin};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "panic",
        title: "The program crashed",
        severities: &[Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Reads crash output: the `panic:` value (with nested panics and \
`[recovered]` marks), `fatal error:` messages other than the deadlock one (which has its own \
rule), and fatal signals (`[signal SIGSEGV: …]` after a panic, or a bare `SIGSEGV: …` / \
`SIGABRT: abort` when the fault happened outside Go code; `SIGQUIT`, which people send to \
get a dump, is not a crash). A panic value of several lines is read whole (Ginkgo's and \
testify's, which start on the line below `panic: `). It names the goroutine that panicked — the \
runtime prints it first — and the innermost frame of your code on its stack, skipping the \
runtime's panic machinery and the frames of a package that raised the error under its own \
name (`sync: negative WaitGroup counter` is placed where your code called the `WaitGroup`). \
A `running` goroutine topped by `log.Panic…` (or `panic`) pasted without the `panic:` line \
above it is read as the panic it is, its message unknown. \
A bare signal that arrived while its thread was idle in the scheduler (the runtime prints \
`goroutine 0 [idle]` first) blames no goroutine: it was sent from outside. \
`go test`'s `panic: test timed out after D` is read as a test timeout: the alarm goroutine \
(`testing.(*M).startAlarm`) is the timer, so the finding names the tests still running (the \
`running tests:` list of Go ≥ 1.21, else the goroutines under `testing.tRunner`) and where each \
one waits; a parent waiting in `t.Run` for its subtests is said to do so.",
        why_it_matters:
            "This is why the process died. The panicking goroutine's stack is the one to \
read first; the others (printed with `GOTRACEBACK=all` or higher) are context. Fatal errors \
such as `concurrent map writes` cannot be recovered and point at a data race.",
        what_next: "Start at the named frame: the panic value says what went wrong (nil pointer, \
index out of range, explicit `panic`). For `concurrent map writes`, run the tests with `-race` \
and protect the map with a mutex or use `sync.Map`. For nested panics, the first one is the \
original failure; later ones happened in deferred functions while unwinding.",
        thresholds: &[],
        example: Example {
            fixture: "corpus/panics/nil-deref.stderr.txt",
            excerpt: "panic: runtime error: invalid memory address or nil pointer dereference\n\
[signal SIGSEGV: segmentation violation code=0x1 addr=0x10 pc=0x49dc80]\n\
\n\
goroutine 1 [running]:\n\
github.com/acme/orders/internal/orders.Total(0x49fa00?)\n\
\t/app/orders/internal/orders/orders.go:24\n\
main.main()\n\
\t/app/orders/cmd/orders/main.go:87 +0x435",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

/// Frames of the runtime's panic path, skipped to find where the program failed.
fn is_panic_machinery(frame: &Frame) -> bool {
    frame.package == "runtime"
        || frame.function == "panic"
        || frame.package.starts_with("internal/runtime/")
        || frame.function.starts_with("sync.fatal")
        || frame.function == "sync.throw"
        || frame.function.starts_with("internal/sync.fatal")
}

/// The package that raised a crash whose message it prefixed with its name, as Go's
/// packages do (`sync: unlock of unlocked mutex`, `sync: negative WaitGroup counter`,
/// `reflect: call of reflect.Value.Int on zero Value`, `bytes.Buffer: truncation out of
/// range`): it blames its caller, so its own frames are skipped too. `runtime error: …`
/// names no package.
fn raising_package(message: &str) -> Option<&str> {
    let (name, _) = message.split_once(": ")?;
    let package = name.split('.').next()?;
    let plain = package
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'/' || b == b'_');
    (plain && package.starts_with(|c: char| c.is_ascii_lowercase())).then_some(package)
}

/// The innermost frame of the program's own code among `frames` (innermost first): past
/// the runtime's panic path, and past the frames of the package that raised `message`
/// when a frame follows them.
fn crash_site<'f>(
    frames: impl Iterator<Item = &'f Frame> + Clone,
    message: &str,
) -> Option<&'f Frame> {
    let mut past_machinery = frames.filter(|f| !is_panic_machinery(f));
    let first = past_machinery.clone().next();
    let Some(package) = raising_package(message) else {
        return first;
    };
    let raised_by =
        |f: &Frame| f.package == package || f.package.strip_prefix("internal/") == Some(package);
    past_machinery.find(|f| !raised_by(f)).or(first)
}

/// Where the program crashed: the goroutine that did (`GoroutineProfile::crashed_goroutine`),
/// else the stack a Windows exception printed without a goroutine header (the goroutines
/// after it are the others), else the goroutine the runtime printed first.
enum Crashed<'p> {
    Goroutine(usize),
    Headerless(&'p ThreadStack),
    /// A goroutine whose stack was cut before its end (an index into `partial`).
    Cut(usize),
    /// None: a signal that interrupted an idle thread, sent from outside.
    Outside,
}

fn crashed<'p>(input: &GoroutineInput<'p>) -> Crashed<'p> {
    let profile = input.profile;
    if let Some(index) = profile.crashed_goroutine(input.frames) {
        return Crashed::Goroutine(index);
    }
    if let Some(thread) = profile
        .thread_stacks
        .iter()
        .find(|t| t.is_headerless_crash())
    {
        return Crashed::Headerless(thread);
    }
    if profile.signal_while_idle(input.frames).is_some() {
        return Crashed::Outside;
    }
    match profile.crashed_partial(input.frames) {
        Some(index) => Crashed::Cut(index),
        None => Crashed::Goroutine(0),
    }
}

/// The group of the goroutine at `index` in the profile's goroutines.
fn group_of<'a, 'g>(input: &'g GoroutineInput<'a>, index: usize) -> Option<&'g GroupFacts<'a>> {
    let first = input.profile.goroutines.get(index)?;
    input
        .groups
        .iter()
        .find(|g| std::ptr::eq(g.first, first))
        .or_else(|| {
            input
                .groups
                .iter()
                .find(|g| g.first.id == first.id && g.first.line == first.line)
        })
}

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let crash = &input.profile.crash;
    let fatal: Vec<&str> = crash
        .fatal_errors
        .iter()
        .map(String::as_str)
        .filter(|m| !m.contains(DEADLOCK_MESSAGE))
        .collect();
    // A fatal signal without a panic (a fault in cgo code, SIGABRT, SIGBUS) kills the
    // program too; SIGQUIT is how people ask for a dump, so it is not a crash here.
    let fatal_signal = crash
        .signals
        .iter()
        .find(|s| !s.starts_with("SIGQUIT"))
        .map(String::as_str);
    if crash.panics.is_empty() && fatal.is_empty() && fatal_signal.is_none() {
        if crash.signals.is_empty() {
            unpasted_panic(input, out);
        }
        return;
    }
    // The panic that killed the program: a `[recovered]` one was handled, and the program
    // died of a later one (`[recovered, repanicked]` is the same value panicking again).
    let fatal_panic = crash
        .panics
        .iter()
        .find(|p| !p.recovered || p.repanicked)
        .or(crash.panics.first());
    let (headline, message) = match (fatal_panic, fatal.first(), fatal_signal) {
        (Some(p), _, _) => (format!("panic: {}", p.message), p.message.as_str()),
        (None, Some(f), _) => (format!("fatal error: {f}"), *f),
        (None, None, Some(signal)) => (format!("fatal signal {signal}"), ""),
        (None, None, None) => return,
    };
    let profile = input.profile;
    let crashed = crashed(input);
    if let Some(p) = fatal_panic.filter(|p| p.message.starts_with(TEST_TIMEOUT)) {
        let alarm = match crashed {
            Crashed::Goroutine(index) => profile
                .goroutines
                .get(index)
                .filter(|g| panic_test_timeout::is_alarm(profile, input.frames, g))
                .map(|g| g.id),
            Crashed::Headerless(_) | Crashed::Cut(_) | Crashed::Outside => None,
        };
        out.push(panic_test_timeout::annotation(input, &p.message, alarm));
        return;
    }
    let (group, frame, goroutine) = match crashed {
        Crashed::Goroutine(index) => {
            let group = group_of(input, index);
            let frame = group.and_then(|g| crash_site(g.frames.iter().copied(), message));
            (group, frame, profile.goroutines.get(index).map(|g| g.id))
        }
        Crashed::Headerless(thread) => {
            let calls = profile
                .stacks
                .get(thread.stack)
                .iter()
                .filter_map(|e| match e {
                    StackEntry::Call { frame, .. } => Some(input.frames.get(*frame)),
                    _ => None,
                });
            let frame = crash_site(calls, message);
            (None, frame, None)
        }
        Crashed::Cut(index) => {
            let g = &profile.partial[index];
            let calls = profile
                .stacks
                .get(g.stack)
                .iter()
                .filter_map(|e| e.frame().map(|f| input.frames.get(f)));
            (None, crash_site(calls, message), Some(g.id))
        }
        Crashed::Outside => (None, None, None),
    };
    // The value's first line with text (Ginkgo's starts with a newline).
    let first_line = match headline.split_once('\n') {
        Some((head, rest)) if head.trim_end().ends_with(':') && head.len() < 8 => {
            let text = rest
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default();
            format!("{} {}", head.trim_end(), text.trim())
        }
        Some((head, _)) => head.to_owned(),
        None => headline.clone(),
    };
    let mut detail = match (&crashed, fatal_signal) {
        (Crashed::Outside, Some(signal)) => format!("The program was stopped by signal {signal}"),
        _ => format!("The program crashed with {first_line}"),
    };
    if let Some(id) = goroutine {
        detail.push_str(&format!(" in goroutine {id}"));
        if matches!(crashed, Crashed::Cut(_)) {
            detail.push_str(" (stack cut: read up to where the paste ends)");
        }
    } else if matches!(crashed, Crashed::Headerless(_)) {
        detail.push_str(" in the goroutine printed first, without a header");
    } else if matches!(crashed, Crashed::Outside) {
        detail.push_str(
            ", which arrived while its thread was idle (the runtime printed that thread's own \
             stack, goroutine 0 [idle], first): no goroutine raised it, it was sent from \
             outside (kill, a supervisor's or a test runner's timeout). The goroutines \
             printed show what the program was doing then",
        );
    }
    if let Some(f) = frame {
        detail.push_str(&format!(", at {}", location(f)));
    }
    detail.push('.');
    if let Some(first) = crash
        .panics
        .first()
        .filter(|p| p.recovered && !p.repanicked)
    {
        let mut lines = first.message.lines().filter(|l| !l.trim().is_empty());
        let earlier = lines.next().unwrap_or_default();
        let more = if lines.next().is_some() { " …" } else { "" };
        detail.push_str(&format!(
            " It happened while handling an earlier, recovered panic: {earlier}{more}."
        ));
    } else if crash.panics.len() > 1 {
        detail.push_str(&format!(
            " {} panics were printed: the first is the original failure, the later ones \
             happened while unwinding (in deferred calls).",
            crash.panics.len()
        ));
    }
    if let Some(signal) = crash.signals.first() {
        detail.push_str(&format!(" Signal: {signal}."));
    }
    for message in &crash.runtime_messages {
        detail.push_str(&format!(" The runtime says: {message}."));
    }
    let panics = crash
        .panics
        .iter()
        .map(|p| {
            vec![
                Value::from(p.message.as_str()),
                Value::from(p.recovered),
                Value::from(p.repanicked),
            ]
        })
        .collect();
    let annotation = Annotation::new(RULE.doc.id, Severity::Critical, first_line, detail)
        .with(Key::Panic, fatal_panic.map(|p| p.message.as_str()))
        .with(Key::FatalError, fatal.first().copied())
        .with(Key::Signal, crash.signals.first().map(String::as_str))
        .with(Key::Goroutine, goroutine)
        .with(Key::Site, frame)
        .with(Key::RuntimeMessages, crash.runtime_messages.clone())
        .with(
            Key::Panics,
            table(&[Key::Message, Key::Recovered, Key::Repanicked], panics),
        );
    out.push(annotation.groups(group.map(|g| vec![g.index]).unwrap_or_default()));
}

/// `log.Panic`, `log.Panicf`, `log.Panicln` and the `*log.Logger` methods: they format the
/// message and call `panic` with it.
fn is_log_panic(frame: &Frame) -> bool {
    let f = frame.function.as_str();
    ["log.Panic", "log.(*Logger).Panic"].iter().any(|p| {
        f.strip_prefix(p)
            .is_some_and(|rest| ["", "f", "ln"].contains(&rest))
    })
}

/// A `running` goroutine that was panicking, pasted without the `panic:` line above it:
/// its innermost frame is `panic` (`runtime.gopanic`), or its innermost frame outside the
/// runtime is `log.Panic…`. Reported as a crash whose message is not known.
fn unpasted_panic(input: &GoroutineInput<'_>, out: &mut Vec<Annotation>) {
    for g in &input.groups {
        if g.state != "running" {
            continue;
        }
        let top = g
            .frames
            .first()
            .is_some_and(|f| f.function == "panic" || f.function == "runtime.gopanic");
        let first_own = g.frames.iter().position(|f| f.origin != Origin::Runtime);
        let via_log = first_own.filter(|&i| is_log_panic(g.frames[i]));
        if !top && via_log.is_none() {
            continue;
        }
        let skip = via_log.map_or(0, |i| i + 1);
        let site = g.frames[skip..]
            .iter()
            .copied()
            .find(|f| !is_panic_machinery(f) && !is_log_panic(f));
        let caller = site.and_then(|s| {
            let at = g.frames.iter().position(|f| std::ptr::eq(*f, s))?;
            g.frames[at + 1..]
                .iter()
                .copied()
                .find(|f| !is_panic_machinery(f))
        });
        let how = via_log.map_or_else(|| "panic".to_owned(), |i| g.frames[i].function.clone());
        let id = g.first.id;
        let mut detail = format!("Goroutine {id} was panicking via {how}");
        if let Some(f) = site {
            detail.push_str(&format!(" in {}", location(f)));
        }
        if let Some(f) = caller {
            detail.push_str(&format!(", called from {}", location(f)));
        }
        detail.push_str(
            ". The `panic:` line the runtime prints above the stack, with the message, was not \
             pasted: look for it just before the goroutine in the output.",
        );
        let title = format!(
            "Goroutine {id} panicked via {how}{}",
            site.map_or_else(String::new, |f| format!(" in {}", f.display_name()))
        );
        out.push(
            Annotation::new(RULE.doc.id, Severity::Critical, title, detail)
                .with(Key::Goroutine, id)
                .with(Key::Site, site)
                .groups(vec![g.index]),
        );
        return;
    }
}
