//! `cpu-share`: where a CPU profile's time goes, when one place takes a large share of it —
//! the garbage collector, spinning on locks, or a single function.

use super::Key;
use super::{
    percent, round4, share, Annotation, Check, CpuInput, Example, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};
use crate::model::FrameTable;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "cpu-share",
        title: "CPU spent in GC, lock spinning or one function",
        severities: &[Severity::Warning, Severity::Info],
        target: Target::Cpu,
        what_it_does: "Reads a CPU profile's CPU time (`cpu/nanoseconds`; the sample count when \
the profile has no CPU time) and reports three shares of it. **GC**: samples whose stack \
passes through the garbage collector's workers (`runtime.gcBgMarkWorker`) or its assists \
(`runtime.gcAssistAlloc`), at least `cpuGcShare`. **Lock spinning**: samples inside a lock's \
slow path (`runtime.lock2`, `sync.(*Mutex).lockSlow`, `internal/sync.(*Mutex).lockSlow`, \
`sync.(*RWMutex).RLock`'s wait), at least `cpuLockShare`. **One function**: the function with \
the largest flat time, when it has at least `cpuDominantShare`. Each sample counts once per \
share, like pprof's cum.",
        why_it_matters: "GC time grows with the allocation rate: a large share means the program \
allocates faster than it needs to, or runs with a small heap target (`GOGC`, `GOMEMLIMIT`). \
Time in a lock's slow path is CPU burned waiting for a contended lock rather than doing work. \
One function with most of the flat time is where an optimisation pays first.",
        what_next: "GC: look at the allocs profile (`alloc_space`) for the sites that allocate \
most, reuse buffers, or raise `GOGC`. Lock spinning: take a mutex profile to see which \
critical sections are contended, then shorten or split them. One function: open it in the top \
table and the flame graph to see who calls it, and compare a profile after a change.",
        thresholds: &["cpuGcShare", "cpuLockShare", "cpuDominantShare"],
        example: Example {
            fixture: "cpu/cpu.pb.gz",
            // A protobuf profile has no text: these are strings of its string table.
            excerpt: "internal/sync.(*Mutex).lockSlow",
            thresholds: &[],
        },
    },
    check: Check::Cpu(check),
};

/// Functions of the garbage collector's own work: the background mark workers and the
/// assists that allocating goroutines are charged
/// (https://github.com/golang/go/blob/go1.27.3/src/runtime/mgc.go).
const GC: &[&str] = &["runtime.gcBgMarkWorker", "runtime.gcAssistAlloc"];

/// Slow paths of locks, where a goroutine spins or parks on a contended lock.
const LOCK: &[&str] = &[
    "runtime.lock2",
    "sync.(*Mutex).lockSlow",
    "internal/sync.(*Mutex).lockSlow",
    "sync.(*RWMutex).RLock",
    "sync.(*RWMutex).Lock",
];

/// The sum of `value` over samples whose stack has a function in `set`.
fn through(input: &CpuInput<'_>, index: usize, set: &[&str]) -> i64 {
    let frames: &FrameTable = input.frames;
    input
        .profile
        .samples
        .iter()
        .filter(|s| {
            s.frames
                .iter()
                .any(|&f| set.contains(&frames.get(f).function.as_str()))
        })
        .fold(0i64, |acc, s| acc.saturating_add(s.values[index]))
}

fn check(input: &CpuInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let profile = input.profile;
    let Some(index) = profile
        .sample_index("cpu")
        .or_else(|| profile.sample_index("samples"))
    else {
        return;
    };
    let in_seconds = profile.sample_types[index].unit == "nanoseconds";
    let seconds = |v: i64| round4(v as f64 / 1e9);
    let total = profile.totals()[index];
    if total <= 0 {
        return;
    }
    let mut share_of = |set: &[&str], min: f64, what: &str, why: &str| {
        let part = through(input, index, set);
        let sh = share(part as f64, total as f64);
        if part == 0 || sh < min {
            return;
        }
        let mut a = Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!("{} of the CPU time is {what}", percent(sh)),
            format!(
                "{} of the profile's CPU time is spent in {} ({}). {why}",
                percent(sh),
                set.join(", "),
                what
            ),
        )
        .with(
            Key::Functions,
            set.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>(),
        )
        .with(Key::Share, sh);
        if in_seconds {
            a = a
                .with(Key::CpuSeconds, seconds(part))
                .with(Key::TotalCpuSeconds, seconds(total));
        }
        out.push(a);
    };
    share_of(
        GC,
        options.cpu_gc_share,
        "garbage collection",
        "The program allocates fast enough for the GC to take this much CPU.",
    );
    share_of(
        LOCK,
        options.cpu_lock_share,
        "lock spinning",
        "Goroutines burn CPU waiting for contended locks.",
    );
    // The function with the largest flat time (leaf of the samples).
    let mut flat: Vec<(crate::model::FrameId, i64)> = Vec::new();
    for s in &profile.samples {
        let Some(&leaf) = s.frames.first() else {
            continue;
        };
        let function = &input.frames.get(leaf).function;
        match flat
            .iter_mut()
            .find(|(f, _)| &input.frames.get(*f).function == function)
        {
            Some((_, v)) => *v = v.saturating_add(s.values[index]),
            None => flat.push((leaf, s.values[index])),
        }
    }
    let Some(&(frame, value)) = flat.iter().max_by_key(|(_, v)| *v) else {
        return;
    };
    let sh = share(value as f64, total as f64);
    if sh < options.cpu_dominant_share {
        return;
    }
    let function = input.frames.get(frame).function.as_str();
    let mut a = Annotation::new(
        RULE.doc.id,
        Severity::Info,
        format!("{function} takes {} of the CPU time", percent(sh)),
        format!(
            "{function} is the leaf of {} of the profile's samples: the code running when the \
             profiler's signal arrived. Speeding it up, or calling it less, pays first.",
            percent(sh)
        ),
    )
    .with(Key::Function, function)
    .with(Key::Share, sh);
    if in_seconds {
        a = a
            .with(Key::CpuSeconds, seconds(value))
            .with(Key::TotalCpuSeconds, seconds(total));
    }
    out.push(a);
}
