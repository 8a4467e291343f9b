//! `data-race`: the race detector reported two goroutines touching the same memory, at
//! least one of them writing, with nothing ordering the two accesses.

use super::evidence::{Key, Location};
use super::{Annotation, Check, Example, RaceInput, Rule, RuleDoc, RuleOptions, Severity, Target};
use crate::analysis::race::race_pairs;
use crate::model::FrameId;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "data-race",
        title: "Data race",
        severities: &[Severity::Critical],
        target: Target::Race,
        what_it_does: "Reads the race detector's reports (`WARNING: DATA RACE`, from \
`go run -race` or `go test -race`) and groups them by the pair of code sites that race: the \
first frame of your code (outside the runtime) of each of the two conflicting accesses. One \
finding per pair names both sites, the operations (read, write, atomic) and the addresses.",
        why_it_matters: "A data race is undefined behaviour in Go: the program may read torn \
values, lose updates or crash (`concurrent map writes`) long after the racing line ran, and \
only under load. The race detector reports only races that happened in this run; each \
report is a real bug.",
        what_next: "Look at the two sites together: the value they share needs one owner \
(hand it over on a channel) or a lock taken at both sites (`sync.Mutex`), or an atomic type \
(`sync/atomic`) for a lone counter or flag. The goroutines' creation stacks in the report \
say where the racing goroutines were started.",
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
    let name = |f: Option<FrameId>| f.map_or("an unknown place", |f| &frames.get(f).function);
    for pair in race_pairs(input.profile, frames) {
        let n = pair.reports.len();
        let (first_op, second_op) = (operation(&pair.ops.0), operation(&pair.ops.1));
        let title = format!(
            "Data race: {first_op} in {} against {second_op} in {}",
            name(pair.first),
            name(pair.second)
        );
        let times = if n == 1 {
            "once".to_owned()
        } else {
            format!("{n} times")
        };
        let detail = format!(
            "The race detector reported this pair {times}: a {first_op} at {} and an earlier \
             {second_op} at {}, on {}, with nothing ordering them. Protect the shared value at \
             both sites (a mutex, a channel hand-over or an atomic).",
            site(pair.first).map_or_else(|| "an unknown place".to_owned(), |l| place(&l)),
            site(pair.second).map_or_else(|| "an unknown place".to_owned(), |l| place(&l)),
            match pair.addresses.as_slice() {
                [] => "an address the report does not print".to_owned(),
                [one] => format!("address {one}"),
                many => format!("{} addresses", many.len()),
            }
        );
        out.push(
            Annotation::new(RULE.doc.id, Severity::Critical, title, detail)
                .with(Key::Access, site(pair.first))
                .with(Key::Operation, pair.ops.0.as_str())
                .with(Key::ConflictingAccess, site(pair.second))
                .with(Key::ConflictingOperation, pair.ops.1.as_str())
                .with(Key::Address, pair.addresses.join(", "))
                .with(Key::Reports, n)
                .groups(pair.reports),
        );
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
