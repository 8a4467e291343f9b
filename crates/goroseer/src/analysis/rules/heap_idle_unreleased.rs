//! `heap-idle-unreleased`: free heap memory the runtime has not returned to the OS.

use super::memstats_reading::{memstats, number};
use super::Key;
use super::{
    human_bytes, percent, share, significant, Annotation, Check, Example, HeapInput, Rule, RuleDoc,
    RuleOptions, Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "heap-idle-unreleased",
        title: "Idle heap not returned to the OS",
        severities: &[Severity::Info],
        target: Target::Heap,
        what_it_does: "From the MemStats trailer, computes `HeapIdle − HeapReleased`: heap spans \
with no objects that the runtime still keeps mapped. Fires when that is at least \
`heapIdleUnreleasedBytes` and `heapIdleUnreleasedShare` of `HeapSys`.",
        why_it_matters: "That memory is free for Go but still counts in the process's RSS, so the \
container looks bigger than the live heap explains. It is normal right after a burst or a \
GC that freed a lot: the background scavenger returns it gradually (it targets keeping RSS \
near the heap goal), and the runtime reuses it first for new allocations.",
        what_next:
            "Usually nothing. If RSS matters (tight memory limits), set `GOMEMLIMIT` so the \
scavenger works harder near the limit, or call `debug.FreeOSMemory()` after a known burst. If \
the idle memory is reused and released again in cycles, smoothing the burst helps more.",
        thresholds: &["heapIdleUnreleasedBytes", "heapIdleUnreleasedShare"],
        example: Example {
            fixture: "corpus/heap-memprofilerate1/heap.debug1.txt",
            excerpt: "# HeapSys = 138117120\n\
# HeapIdle = 71426048\n\
# HeapInuse = 66691072\n\
# HeapReleased = 4136960",
            thresholds: &[],
        },
    },
    check: Check::Heap(check),
};

fn check(input: &HeapInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let Some(ms) = memstats(input.profile) else {
        return;
    };
    let (Some(idle), Some(released), Some(sys)) = (
        number(ms, "HeapIdle"),
        number(ms, "HeapReleased"),
        number(ms, "HeapSys"),
    ) else {
        return;
    };
    let unreleased = idle - released;
    let sh = share(unreleased, sys);
    if !significant(
        unreleased,
        sh,
        options.heap_idle_unreleased_bytes as f64,
        options.heap_idle_unreleased_share,
    ) {
        return;
    }
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Info,
            format!(
                "{} of idle heap not yet returned to the OS ({} of HeapSys)",
                human_bytes(unreleased),
                percent(sh)
            ),
            format!(
                "The heap has {} of free spans (HeapIdle) of which only {} were released; {} \
                 still count in RSS. The scavenger returns it over time; GOMEMLIMIT or \
                 debug.FreeOSMemory() speed that up.",
                human_bytes(idle),
                human_bytes(released),
                human_bytes(unreleased)
            ),
        )
        .with(Key::HeapIdle, idle)
        .with(Key::HeapReleased, released)
        .with(Key::HeapSys, sys)
        .with(Key::UnreleasedBytes, unreleased)
        .with(Key::Share, sh),
    );
}
