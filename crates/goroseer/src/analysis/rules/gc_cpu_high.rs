//! `gc-cpu-high`: the garbage collector takes a large share of the CPU.

use super::memstats_reading::{memstats, number};
use super::Key;
use super::{
    percent, round4, Annotation, Check, Example, HeapInput, Rule, RuleDoc, RuleOptions, Severity,
    Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "gc-cpu-high",
        title: "GC uses much CPU",
        severities: &[Severity::Warning],
        target: Target::Heap,
        what_it_does: "Reads `GCCPUFraction` from the MemStats trailer — the share of the \
program's available CPU time spent in the garbage collector since the program started — and \
fires at `gcCpuFraction` or more. `NumGC` is quoted alongside.",
        why_it_matters: "CPU spent collecting is CPU not spent serving. Go's pacer aims at about \
25% during a cycle and much less overall; a lifetime average of several percent means the GC \
runs very often, usually because the program allocates fast relative to its live heap (see \
`alloc-churn`), or because `GOGC`/`GOMEMLIMIT` keep the heap goal too tight.",
        what_next: "Cut allocation churn first (the `alloc_space` view of this profile). If the \
live heap is small and memory is available, raising `GOGC` (or setting a `GOMEMLIMIT` with a \
higher `GOGC`) trades memory for fewer collections. A CPU profile confirms the cost \
(`runtime.gcBgMarkWorker`, `runtime.mallocgc`).",
        thresholds: &["gcCpuFraction"],
        example: Example {
            fixture: "rules/pressure-memory.heap.debug1.txt",
            excerpt: "# NumGC = 14\n\
# NumForcedGC = 0\n\
# GCCPUFraction = 0.39729745459215715",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(ms) = memstats(input.profile) else {
        return;
    };
    let Some(fraction) = number(ms, "GCCPUFraction") else {
        return;
    };
    if fraction <= 0.0 || fraction < options.gc_cpu_fraction {
        return;
    }
    let num_gc = number(ms, "NumGC").unwrap_or(0.0);
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!("GC has used {} of the CPU since start", percent(fraction)),
            format!(
                "GCCPUFraction is {} after {num_gc} collections: the program allocates fast \
                 for its live heap. Reduce allocation churn, or give the heap more room \
                 (GOGC, GOMEMLIMIT).",
                percent(fraction)
            ),
        )
        .with(Key::GcCpuFraction, round4(fraction))
        .with(Key::NumGc, num_gc),
    );
}
