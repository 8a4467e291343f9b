//! `heap-fragmentation`: heap spans in use hold much less than their size in live objects.

use super::memstats_reading::{memstats, number};
use super::Key;
use super::{
    human_bytes, percent, share, significant, Annotation, Check, Example, HeapInput, Rule, RuleDoc,
    RuleOptions, Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "heap-fragmentation",
        title: "Heap fragmentation",
        severities: &[Severity::Warning],
        target: Target::Heap,
        what_it_does: "From the MemStats trailer, compares `HeapInuse` (bytes in spans that hold \
at least one object) with `HeapAlloc` (bytes of live and not-yet-swept objects). The \
difference is memory reserved for objects of some size class but holding none. Fires when it \
is at least `heapFragmentationShare` of `HeapInuse` and `heapFragmentationBytes`.",
        why_it_matters: "Fragmented spans count fully in the process's memory but hold little: a \
program that once held many objects of one size and freed most of them keeps partly-filled \
spans for every size class. RSS stays high although the live heap is small, and the GC \
cannot give those spans back until every object in them is gone.",
        what_next: "Look for phases that allocate many small objects and keep a few of them \
(caches filled during a burst, long-lived objects interleaved with short-lived ones). Keeping \
long-lived data in fewer, larger allocations, or rebuilding such structures periodically, \
lets the spans empty out.",
        thresholds: &["heapFragmentationShare", "heapFragmentationBytes"],
        example: Example {
            fixture: "rules/pressure-fragment.heap.debug1.txt",
            excerpt: "# HeapAlloc = 9269032\n\
# HeapSys = 154894336\n\
# HeapIdle = 23420928\n\
# HeapInuse = 131473408",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(ms) = memstats(input.profile) else {
        return;
    };
    let (Some(inuse), Some(alloc)) = (number(ms, "HeapInuse"), number(ms, "HeapAlloc")) else {
        return;
    };
    let wasted = inuse - alloc;
    let sh = share(wasted, inuse);
    if !significant(
        wasted,
        sh,
        options.heap_fragmentation_bytes as f64,
        options.heap_fragmentation_share,
    ) {
        return;
    }
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!(
                "{} of in-use heap spans hold no live objects ({})",
                human_bytes(wasted),
                percent(sh)
            ),
            format!(
                "HeapInuse is {} but live objects (HeapAlloc) take {}: {} of the spans in use \
                 are empty slots. The process pays for that memory without using it.",
                human_bytes(inuse),
                human_bytes(alloc),
                percent(sh)
            ),
        )
        .with(Key::HeapInuse, inuse)
        .with(Key::HeapAlloc, alloc)
        .with(Key::FragmentedBytes, wasted)
        .with(Key::Share, sh),
    );
}
