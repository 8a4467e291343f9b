//! `alloc-churn`: a site allocates far more than it keeps.

use super::heap_sites::heap_sites;
use super::Key;
use super::{
    human_bytes, percent, round4, share, Annotation, Check, Example, HeapInput, Rule, RuleDoc,
    RuleOptions, Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "alloc-churn",
        title: "Allocation churn",
        severities: &[Severity::Warning],
        target: Target::Heap,
        what_it_does: "Sums allocated and in-use bytes by allocation site (unsampled like pprof) \
and reports sites that allocated at least `allocChurnBytes` since the program started while \
holding less than 1/`allocChurnRatio` of it now: memory allocated, used briefly and thrown \
away. Heap and allocs profiles both carry these numbers (`[AO: AB]` in each record).",
        why_it_matters: "Short-lived garbage is not free: every allocated byte moves the heap \
towards the next GC, so a site that churns hundreds of megabytes makes the collector run \
often and take CPU from the program (see `GCCPUFraction`), and allocation itself costs time \
on hot paths. The live heap looks small, so `inuse_space` views hide it — `alloc_space` \
shows it.",
        what_next: "Look at the site in `alloc_space` order: reuse buffers (`sync.Pool`, a \
buffer kept per worker), preallocate slices and maps with the right capacity, avoid \
converting between `string` and `[]byte` in loops, and stream instead of building large \
temporary values. A CPU profile shows how much time `runtime.mallocgc` and the GC take.",
        thresholds: &["allocChurnBytes", "allocChurnRatio"],
        example: Example {
            fixture: "corpus/heap-memprofilerate1/heap.debug1.txt",
            excerpt: "heap profile: 112301: 66220176 [521906: 275935592] @ heap/2\n\
0: 0 [409600: 209715200] @ 0x47cdb3 0x47fe89 0x4fc2a5 0x4fc956 0x44b267 0x4845a1\n\
#\t0x4fc2a4\tgithub.com/acme/catalog/internal/render.Churn+0x44\t/app/catalog/internal/render/render.go:11\n\
#\t0x4fc955\tmain.main+0x1f5\t\t\t\t\t\t/app/catalog/cmd/catalog/main.go:48\n\
#\t0x44b266\truntime.main+0x426\t\t\t\t\t/usr/local/go/src/runtime/proc.go:302",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let mut sites = heap_sites(input.frames, input.profile);
    let total_alloc: i64 = sites.iter().map(|s| s.values.alloc_space.max(0)).sum();
    let total_inuse: i64 = sites.iter().map(|s| s.values.inuse_space.max(0)).sum();
    crate::order::sort_by_key(&mut sites, |a| std::cmp::Reverse(a.values.alloc_space));
    for site in sites {
        let alloc = site.values.alloc_space;
        let inuse = site.values.inuse_space.max(0);
        if alloc <= 0 || alloc < options.alloc_churn_bytes {
            continue;
        }
        if (inuse as f64) * options.alloc_churn_ratio > alloc as f64 {
            continue;
        }
        let sh = share(alloc as f64, total_alloc as f64);
        // Nothing in use: no ratio (the item is left out).
        let ratio = (inuse > 0).then(|| round4(alloc as f64 / inuse as f64));
        out.push(
            Annotation::new(
                RULE.doc.id,
                Severity::Warning,
                format!(
                    "{} allocated {} but keeps {}",
                    site.function,
                    human_bytes(alloc as f64),
                    human_bytes(inuse as f64)
                ),
                format!(
                    "{} allocated {} in {} objects since the program started ({} of all \
                     allocations; the whole profile allocated {} and keeps {}), and only {} \
                     of it is still live. That garbage drives the GC: reuse buffers or \
                     allocate less on this path.",
                    site.function,
                    human_bytes(alloc as f64),
                    site.values.alloc_objects,
                    percent(sh),
                    human_bytes(total_alloc as f64),
                    human_bytes(total_inuse as f64),
                    human_bytes(inuse as f64)
                ),
            )
            .with(Key::Function, site.function)
            .with(Key::AllocBytes, alloc)
            .with(Key::AllocObjects, site.values.alloc_objects)
            .with(Key::InuseBytes, inuse)
            .with(Key::AllocToInuse, ratio)
            .with(Key::Share, sh)
            .with(Key::TotalAllocBytes, total_alloc)
            .with(Key::TotalInuseBytes, total_inuse)
            .groups(site.records),
        );
    }
}
