//! `race-goroutine-limit`: the race runtime aborted the run because more goroutines were
//! alive at once than it could track.

use super::evidence::Key;
use super::{Annotation, Check, Example, RaceInput, Rule, RuleDoc, RuleOptions, Severity, Target};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "race-goroutine-limit",
        title: "The race runtime's goroutine limit",
        severities: &[Severity::Warning],
        target: Target::Race,
        what_it_does: "Reads the race runtime's abort when too many goroutines are alive at \
once: `race: limit on 8128 simultaneously alive goroutines is exceeded, dying` (8192 in older \
releases; the oldest print ThreadSanitizer's own `==PID==ThreadSanitizer: Thread limit (8192 \
threads) exceeded. Dying.`). It reports the limit printed.",
        why_it_matters: "The run stopped there with no stack: it is a limit of the race \
detector's runtime (ThreadSanitizer v2, used up to Go 1.18), not a crash of the program, and \
nothing after that point was checked for races. A test that starts many goroutines, or many \
parallel tests and subtests, reaches it without any bug.",
        what_next: "Run the race detector with Go 1.19 or later: its race runtime moved to \
ThreadSanitizer v3, which supports an unlimited number of goroutines (golang/go#47056). On an \
older Go, keep fewer goroutines alive under `-race`: fewer parallel tests (`-parallel`, `-p`), \
a worker pool instead of a goroutine per item, or a smaller load in tests built with the \
`race` build tag.",
        thresholds: &[],
        example: Example {
            fixture: "race/goroutine-limit.txt",
            excerpt: "race: limit on 8128 simultaneously alive goroutines is exceeded, dying",
            thresholds: &[],
        },
    },
    check: Check::Race(check),
};

fn check(input: &RaceInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(limit) = input.profile.goroutine_limit else {
        return;
    };
    let title =
        format!("The race detector aborted the run: more than {limit} goroutines alive at once");
    let detail = format!(
        "The race runtime stops the process when more than {limit} goroutines are alive at \
         the same time: a limit of the race runtime of Go 1.18 and older (ThreadSanitizer v2), \
         not a crash of the program, so there is no stack, and nothing after this point was \
         checked for races. Go 1.19 and later (ThreadSanitizer v3) have no such limit; on an \
         older Go, keep fewer goroutines alive under -race (fewer parallel tests and \
         subtests, a worker pool instead of a goroutine per item)."
    );
    out.push(
        Annotation::new(RULE.doc.id, Severity::Warning, title, detail)
            .with(Key::GoroutineLimit, limit),
    );
}
