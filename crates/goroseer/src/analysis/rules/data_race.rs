//! `data-race`: the race detector reported two goroutines touching the same memory, at
//! least one of them writing, with nothing ordering the two accesses.

use super::evidence::{Key, Location};
use super::{Annotation, Check, Example, RaceInput, Rule, RuleDoc, RuleOptions, Severity, Target};
use crate::analysis::race::{race_pairs, RaceKind};
use crate::model::{FrameId, FrameTable};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "data-race",
        title: "Data race",
        severities: &[Severity::Critical],
        target: Target::Race,
        what_it_does: "Reads the race detector's reports (`WARNING: DATA RACE`, from \
`go run -race` or `go test -race`, also pasted without that line or starting mid-report) and \
groups them by the pair of code sites that race: for each of the two conflicting accesses, \
its first frame of the program's code (its own module or one it uses, as a goroutine group is \
named), below the runtime's and the standard library's frames; the standard-library function \
the access happened in is named with it (`os/exec.(*Cmd).Wait called from …`). One finding \
per pair names both sites, the operations (read, write, atomic) and the addresses. When one \
access is inside the testing package (a `*testing.T`'s own state), or both are inside the \
standard library's methods of one type, the finding says so and what usually causes it.",
        why_it_matters: "A data race is undefined behaviour in Go: the program may read torn \
values, lose updates or crash (`concurrent map writes`) long after the racing line ran, and \
only under load. The race detector reports only races that happened in this run; each \
report is a real bug.",
        what_next: "Look at the two sites together: the value they share needs one owner \
(hand it over on a channel) or a lock taken at both sites (`sync.Mutex`), or an atomic type \
(`sync/atomic`) for a lone counter or flag. A race on a test's own state is a method of `t` \
(`t.Fatal`, `t.Log`, `t.Setenv`) called from a goroutine other than the test's or after the \
test ended: report back to the test's goroutine and wait for the goroutines before the test \
returns. A race inside one standard-library value (an `*exec.Cmd` waited for twice) is that \
value used from two goroutines: give it one owner, or order the calls. The goroutines' \
creation stacks in the report say where the racing goroutines were started.",
        thresholds: &[],
        example: Example {
            fixture: "race/racy.stderr.txt",
            excerpt: concat!(
                "WARNING: DATA RACE\n",
                "Write at 0x00c00009a0f0 by goroutine 8:\n",
                "  runtime.mapassign_faststr()\n",
                "      internal/runtime/maps/runtime_faststr.go:261 +0x0\n",
                "  main.remember()\n",
                "      example.com/racy/main.go:22 +0xf8"
            ),
            thresholds: &[],
        },
    },
    check: Check::Race(check),
};

fn check(input: &RaceInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let frames = input.frames;
    let site = |f: Option<FrameId>| f.map(|f| Location::of(frames.get(f)));
    for pair in race_pairs(input.profile, frames) {
        let n = pair.reports.len();
        let (first_op, second_op) = (operation(&pair.ops.0), operation(&pair.ops.1));
        let short =
            |at: Option<FrameId>, inside: Option<FrameId>| describe(frames, at, inside, false);
        let long =
            |at: Option<FrameId>, inside: Option<FrameId>| describe(frames, at, inside, true);
        let (a, b) = (
            short(pair.first, pair.inside.0),
            short(pair.second, pair.inside.1),
        );
        let title = match &pair.kind {
            RaceKind::Shared => format!("Data race: {first_op} in {a} against {second_op} in {b}"),
            RaceKind::TestState => format!(
                "Data race on a test's own state: {first_op} in {a} against {second_op} in {b}"
            ),
            RaceKind::SameObject(object) => format!(
                "Data race: one {object} used from two goroutines, {first_op} in {a} against \
                 {second_op} in {b}"
            ),
        };
        let times = if n == 1 {
            "once".to_owned()
        } else {
            format!("{n} times")
        };
        let addresses = match pair.addresses.as_slice() {
            [] => "an address the report does not print".to_owned(),
            [one] => format!("address {one}"),
            many => format!("{} addresses", many.len()),
        };
        let seen = format!(
            "The race detector reported this pair {times}: {} {first_op} in {} and an earlier \
             {second_op} in {}, on {addresses}, with nothing ordering them.",
            article(first_op),
            long(pair.first, pair.inside.0),
            long(pair.second, pair.inside.1),
        );
        let detail = format!("{seen} {}", advice(&pair.kind));
        let mut annotation = Annotation::new(RULE.doc.id, Severity::Critical, title, detail)
            .with(Key::Access, site(pair.first))
            .with(Key::Operation, pair.ops.0.as_str())
            .with(Key::ConflictingAccess, site(pair.second))
            .with(Key::ConflictingOperation, pair.ops.1.as_str());
        for (key, inside) in [
            (Key::AccessInside, pair.inside.0),
            (Key::ConflictingInside, pair.inside.1),
        ] {
            if let Some(f) = inside {
                annotation = annotation.with(key, frames.get(f).function.as_str());
            }
        }
        out.push(
            annotation
                .with(Key::Address, pair.addresses.join(", "))
                .with(Key::Reports, n)
                .groups(pair.reports),
        );
    }
}

/// What to do, for the kind of race.
fn advice(kind: &RaceKind) -> String {
    match kind {
        RaceKind::Shared => "Protect the shared value at both sites (a mutex, a channel \
hand-over or an atomic)."
            .to_owned(),
        RaceKind::TestState => "The memory is the testing package's own state of a test (its \
*testing.T): the usual cause is a test's t.Fatal, t.Log, t.Setenv or another method of t called \
from a goroutine other than the test's, or after the test ended (a goroutine still running, or \
a logger writing to t). A mutex is not the fix: t.FailNow (t.Fatal) must run on the test's \
goroutine, so let the goroutines report back to it (a channel, an error checked after \
wg.Wait), and wait for them before the test returns."
            .to_owned(),
        RaceKind::SameObject(object) if object.starts_with("*sync.") => format!(
            "Both accesses are inside the methods of one {object}, a type made for use from \
many goroutines: a race inside it means calls its documentation requires to be ordered are \
not (or the value was copied after first use). {}",
            if object == "*sync.WaitGroup" {
                "A WaitGroup's Add must happen before its Wait starts: call wg.Add before the go \
statement, not inside the goroutine, and reuse a WaitGroup only after Wait has returned."
            } else {
                "Order the calls at the two callers named as the type's documentation says."
            }
        ),
        RaceKind::SameObject(object) => format!(
            "Both accesses are inside the standard library's methods of one {object}: the same \
{object} is used from two goroutines, at the two callers named. Give it one owner goroutine, \
or order the two calls (one goroutine waits for the other, or a mutex is held around both \
calls); the standard library's code is not where the fix goes."
        ),
    }
}

/// An access's place in words: its site, after the standard-library function it happened
/// in when there is one (`os/exec.(*Cmd).Wait called from main.run`): the site's short
/// name for a title, its full name with file and line (`with_file`) for the detail.
fn describe(
    frames: &FrameTable,
    at: Option<FrameId>,
    inside: Option<FrameId>,
    with_file: bool,
) -> String {
    let Some(at) = at else {
        return "an unknown place".to_owned();
    };
    let site = if with_file {
        place(&Location::of(frames.get(at)))
    } else {
        frames.get(at).display_name().into_owned()
    };
    match inside {
        Some(f) => format!("{} called from {site}", frames.get(f).function),
        None => site,
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
/// An access's operation as the finding's text says it: an access whose line a paste broke
/// has none, and is named as an access.
fn operation(op: &str) -> &str {
    if op.is_empty() {
        "access"
    } else {
        op
    }
}

fn place(l: &Location) -> String {
    match (&l.file, l.line) {
        (Some(file), Some(line)) => format!("{} ({file}:{line})", l.function),
        _ => l.function.clone(),
    }
}
