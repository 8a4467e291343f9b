//! `stuck-forever`: goroutines that can never be woken — nil channels and `select {}`.

use super::facts::location;
use super::wait::Wait;
use super::Key;
use super::{
    count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions, Severity,
    Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "stuck-forever",
        title: "Goroutines that can never resume",
        severities: &[Severity::Info, Severity::Warning],
        target: Target::Goroutine,
        what_it_does:
            "Reports goroutines in `[chan send (nil chan)]` or `[chan receive (nil chan)]` \
(a send or receive on a nil channel, outside a `select`) as a warning, and goroutines in \
`[select (no cases)]` (`select {}`) as information. The runtime parks both with no way to be \
woken: nothing can ever send to or close a nil channel.",
        why_it_matters:
            "An operation on a nil channel is almost always a bug — a channel field that \
was never initialised with `make`, or set to nil to disable it and then used outside a \
`select` — and the goroutine leaks with everything it references. `select {}` is usually \
deliberate (keeping `main` alive while other goroutines serve), which is why it is only \
information.",
        what_next: "For nil channels, find where the channel should have been created (`make`) or \
where it was set to nil, at the call site named in the annotation. For `select {}`, make sure \
blocking forever is intended and that shutdown does not need this goroutine.",
        thresholds: &[],
        example: Example {
            fixture: "corpus/goroutine-misc-states/goroutine.debug2.txt",
            excerpt: "goroutine 17 [select (no cases)]:\n\
github.com/acme/sysprobe/internal/probe.Forever()\n\
\t/app/sysprobe/internal/probe/probe.go:47 +0xf\n\
created by main.main in goroutine 1\n\
\t/app/sysprobe/cmd/sysprobe/main.go:60 +0x30b\n\
...\n\
goroutine 18 [chan receive (nil chan)]:\n\
github.com/acme/sysprobe/internal/probe.NilRecv()\n\
\t/app/sysprobe/internal/probe/probe.go:52 +0x17\n\
created by main.main in goroutine 1\n\
\t/app/sysprobe/cmd/sysprobe/main.go:61 +0x317\n\
...\n\
goroutine 19 [chan send (nil chan)]:\n\
github.com/acme/sysprobe/internal/probe.NilSend()\n\
\t/app/sysprobe/internal/probe/probe.go:58 +0x1c\n\
created by main.main in goroutine 1\n\
\t/app/sysprobe/cmd/sysprobe/main.go:62 +0x325",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    for (wait, severity) in [
        (Wait::NilChan, Severity::Warning),
        (Wait::SelectNoCases, Severity::Info),
    ] {
        let groups: Vec<_> = input.groups.iter().filter(|g| g.wait == wait).collect();
        let count: u64 = groups.iter().map(|g| g.count).sum();
        if count == 0 {
            continue;
        }
        let sites: Vec<String> = groups
            .iter()
            .filter_map(|g| g.call_site())
            .map(location)
            .collect();
        let functions: Vec<&str> = groups
            .iter()
            .filter_map(|g| g.call_site())
            .map(|f| f.function.as_str())
            .collect();
        let (title, detail) = if wait == Wait::NilChan {
            (
                format!(
                    "{} blocked forever on a nil channel",
                    count_of(count, "goroutine")
                ),
                format!(
                    "A send or receive on a nil channel never completes: nothing can send to or \
                     close a nil channel. These goroutines are leaked. Call sites: {}.",
                    sites.join("; ")
                ),
            )
        } else {
            (
                format!(
                    "{} blocked forever in select {{}}",
                    count_of(count, "goroutine")
                ),
                format!(
                    "select {{}} parks a goroutine for good — usually on purpose, to keep main \
                     alive. Call sites: {}.",
                    sites.join("; ")
                ),
            )
        };
        let states: Vec<&str> = groups.iter().map(|g| g.state).collect();
        out.push(
            Annotation::new(RULE.doc.id, severity, title, detail)
                .with(Key::Goroutines, count)
                .with(Key::Functions, functions)
                .with(Key::States, states)
                .groups(groups.iter().map(|g| g.index).collect()),
        );
    }
}
