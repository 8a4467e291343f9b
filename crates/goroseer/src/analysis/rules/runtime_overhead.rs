//! `runtime-overhead`: memory the runtime holds for itself, outside heap and stacks.

use super::memstats_reading::{memstats, number, pair};
use super::Key;
use super::{
    human_bytes, percent, share, Annotation, Check, Example, HeapInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "runtime-overhead",
        title: "Runtime metadata uses much memory",
        severities: &[Severity::Info],
        target: Target::Heap,
        what_it_does: "From the MemStats trailer, computes `Sys − HeapSys − StackSys`: memory \
the runtime obtained for its own structures (span and cache metadata `MSpan`/`MCache`, GC \
metadata `GCSys`, profiling buckets `BuckHashSys`, `OtherSys`). Fires when that is at least \
`runtimeOverheadShare` of `Sys`.",
        why_it_matters: "Normally a few percent. A large share points at something specific: \
`GCSys` grows with the heap's pointer density, `BuckHashSys` with the number of distinct \
stacks profiled (a very low `MemProfileRate`, or block/mutex profiling left on at rate 1), \
`MSpan` with heap fragmentation, `OtherSys` with cgo or many threads.",
        what_next:
            "See which of `MSpan`, `MCache`, `BuckHashSys`, `GCSys` and `OtherSys` is large \
in the trailer (the evidence lists them). Turn profiling rates back to their defaults in \
production; check the threadcreate profile for thread growth.",
        thresholds: &["runtimeOverheadShare"],
        example: Example {
            fixture: "corpus/heap-memprofilerate1/heap.debug1.txt",
            excerpt: "# Sys = 153041192\n\
...\n\
# HeapSys = 138117120\n\
...\n\
# Stack = 294912 / 294912\n\
# MSpan = 667360 / 1942080\n\
# MCache = 4592 / 16072\n\
# BuckHashSys = 1448373\n\
# GCSys = 2730768\n\
# OtherSys = 8491867",
            thresholds: &[("runtimeOverheadShare", "0.05")],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(ms) = memstats(input.profile) else {
        return;
    };
    let (Some(sys), Some(heap_sys)) = (number(ms, "Sys"), number(ms, "HeapSys")) else {
        return;
    };
    let stack_sys = pair(ms, "Stack")
        .map(|(_, sys)| sys)
        .or_else(|| number(ms, "StackSys"))
        .unwrap_or(0.0);
    let overhead = sys - heap_sys - stack_sys;
    let sh = share(overhead, sys);
    if overhead <= 0.0 || sh < options.runtime_overhead_share {
        return;
    }
    let mut annotation = Annotation::new(
        RULE.doc.id,
        Severity::Info,
        format!(
            "Runtime metadata takes {} ({} of memory from the OS)",
            human_bytes(overhead),
            percent(sh)
        ),
        format!(
            "Of Sys {}, the heap reserves {} and stacks {}; the remaining {} is the runtime's \
             own bookkeeping. See the evidence for which part is large.",
            human_bytes(sys),
            human_bytes(heap_sys),
            human_bytes(stack_sys),
            human_bytes(overhead)
        ),
    )
    .with(Key::Sys, sys)
    .with(Key::HeapSys, heap_sys)
    .with(Key::StackSys, stack_sys)
    .with(Key::OverheadBytes, overhead)
    .with(Key::Share, sh);
    for (key, name) in [
        ("MSpan", Key::MspanSys),
        ("MCache", Key::McacheSys),
        ("BuckHashSys", Key::BuckHashSys),
        ("GCSys", Key::GcSys),
        ("OtherSys", Key::OtherSys),
    ] {
        let value = pair(ms, key)
            .map(|(_, sys)| sys)
            .or_else(|| number(ms, key));
        if let Some(v) = value {
            annotation = annotation.with(name, v);
        }
    }
    out.push(annotation);
}
