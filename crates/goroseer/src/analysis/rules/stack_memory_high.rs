//! `stack-memory-high`: goroutine stacks take much of the process's memory.

use super::memstats_reading::{memstats, number, pair};
use super::Key;
use super::{
    human_bytes, percent, share, significant, Annotation, Check, Example, HeapInput, Rule, RuleDoc,
    RuleOptions, Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "stack-memory-high",
        title: "Goroutine stacks use much memory",
        severities: &[Severity::Warning],
        target: Target::Heap,
        what_it_does: "Reads `Stack = inuse / sys` (`StackInuse`) from the MemStats trailer and \
fires when goroutine stacks take at least `stackMemoryBytes` and `stackMemoryShare` of `Sys`, \
the memory the runtime obtained from the OS.",
        why_it_matters:
            "Every goroutine has a stack of at least 2 KiB (8 KiB typical in practice) \
that grows with recursion and large frames. Stack memory never shows up in a heap profile's \
records, so a program with too many goroutines, or a few with very deep stacks, looks fine in \
`inuse_space` while its RSS explodes.",
        what_next: "Take a goroutine profile (`?debug=1`) to count goroutines and find the \
largest groups (`goroutine-count-high`, `dominant-group`); look for deep recursion. Bound \
the number of goroutines started per item or request.",
        thresholds: &["stackMemoryBytes", "stackMemoryShare"],
        example: Example {
            fixture: "rules/pressure-memory.heap.debug1.txt",
            excerpt: "# Sys = 999501304\n\
...\n\
# Stack = 393543680 / 393543680",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(ms) = memstats(input.profile) else {
        return;
    };
    let Some((stack_inuse, stack_sys)) =
        pair(ms, "Stack").or_else(|| number(ms, "StackInuse").map(|v| (v, v)))
    else {
        return;
    };
    let Some(sys) = number(ms, "Sys") else { return };
    let sh = share(stack_inuse, sys);
    if !significant(
        stack_inuse,
        sh,
        options.stack_memory_bytes as f64,
        options.stack_memory_share,
    ) {
        return;
    }
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!(
                "Goroutine stacks use {} ({} of memory from the OS)",
                human_bytes(stack_inuse),
                percent(sh)
            ),
            format!(
                "StackInuse is {} of Sys {}. Stacks are invisible in heap records: count the \
                 goroutines (goroutine profile) and look for deep recursion.",
                human_bytes(stack_inuse),
                human_bytes(sys)
            ),
        )
        .with(Key::StackInuse, stack_inuse)
        .with(Key::StackSys, stack_sys)
        .with(Key::Sys, sys)
        .with(Key::Share, sh),
    );
}
