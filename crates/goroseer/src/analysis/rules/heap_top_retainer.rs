//! `heap-top-retainer`: one allocation site holds a large share of the live heap.

use super::heap_sites::heap_sites;
use super::Key;
use super::{
    human_bytes, percent, share, Annotation, Check, Example, HeapInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "heap-top-retainer",
        title: "One site holds much of the live heap",
        severities: &[Severity::Info],
        target: Target::Heap,
        what_it_does: "Sums the in-use bytes of a heap profile by allocation site (the innermost \
frame outside the runtime's allocator), with pprof's unsampling, and reports the site that \
retains the most when it holds at least `heapTopRetainerShare` of the in-use heap and at least \
`heapTopRetainerBytes`.",
        why_it_matters: "Live heap is what the garbage collector must scan and what sets the next \
GC target, so the site that retains most of it decides the process's memory footprint. When \
one site dominates, that is where to save memory — or where a cache, buffer pool or leak \
keeps growing.",
        what_next: "Check whether what the site keeps is meant to stay: a cache without a bound or \
eviction, a slice that keeps a large backing array alive (`s = s[:0]` on a huge slice, \
sub-slices of big buffers), maps that never shrink. Compare two heap profiles over time \
(`go tool pprof -base`) to see if it grows.",
        thresholds: &["heapTopRetainerShare", "heapTopRetainerBytes"],
        example: Example {
            fixture: "corpus/heap-memprofilerate1/heap.debug1.txt",
            excerpt: "0: 0 [1: 24] @ 0x41e3ee 0x47ccef 0x480427 0x4fc6be 0x4fc84a 0x44b267 0x4845a1\n\
#\t0x4fc6bd\tgithub.com/acme/catalog/internal/store.LoadBlobs+0x7d\t/app/catalog/internal/store/loader.go:36\n\
#\t0x4fc849\tmain.main+0xe9\t\t\t\t\t\t/app/catalog/cmd/catalog/main.go:43\n\
#\t0x44b266\truntime.main+0x426\t\t\t\t\t/usr/local/go/src/runtime/proc.go:302",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let sites = heap_sites(input.frames, input.profile);
    let total: i64 = sites.iter().map(|s| s.values.inuse_space.max(0)).sum();
    // The first of the largest, so ties resolve in input order.
    let Some(top) = sites.iter().reduce(|best, s| {
        if s.values.inuse_space > best.values.inuse_space {
            s
        } else {
            best
        }
    }) else {
        return;
    };
    let bytes = top.values.inuse_space;
    let sh = share(bytes as f64, total as f64);
    if bytes <= 0 || bytes < options.heap_top_retainer_bytes || sh < options.heap_top_retainer_share
    {
        return;
    }
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Info,
            format!(
                "{} retains {} ({} of the live heap)",
                top.function,
                human_bytes(bytes as f64),
                percent(sh)
            ),
            format!(
                "Objects allocated in {} are still in use: {} in {} objects, {} of the {} \
                 in-use heap in this profile. This site decides the memory footprint; check \
                 that what it keeps is bounded.",
                top.function,
                human_bytes(bytes as f64),
                top.values.inuse_objects,
                percent(sh),
                human_bytes(total as f64)
            ),
        )
        .with(Key::Function, top.function)
        .with(Key::InuseBytes, bytes)
        .with(Key::InuseObjects, top.values.inuse_objects)
        .with(Key::Share, sh)
        .with(Key::TotalInuseBytes, total)
        .groups(top.records.clone()),
    );
}
