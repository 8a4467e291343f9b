//! `runnable-backlog`: many goroutines ready to run but waiting for a CPU.

use super::facts::location;
use super::wait::Wait;
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "runnable-backlog",
        title: "Goroutines waiting for a CPU",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Counts goroutines in `[runnable]` — ready to run, waiting in a run queue \
for a free P (at most `GOMAXPROCS` goroutines run at once) — and reports when there are at \
least `runnableBacklogMin`, naming where they stand.",
        why_it_matters: "A dump freezes the scheduler, so a handful of runnable goroutines is \
normal. Hundreds mean the process has more ready work than CPUs: requests queue for CPU \
time, latency rises even though nothing is blocked, and the CPU limit (container quota, \
`GOMAXPROCS`) is the bottleneck — or some goroutines spin in tight loops.",
        what_next: "Compare `GOMAXPROCS` with the CPUs the container may use, look for CPU-bound \
loops among the runnable stacks, and take a CPU profile (`/debug/pprof/profile`) to see where \
the time goes.",
        thresholds: &["runnableBacklogMin"],
        example: Example {
            fixture: "rules/pressure-cpu.goroutine.debug2.txt",
            excerpt: "goroutine 83 [runnable]:\n\
main.spin()\n\
\tgithub.com/acme/pressure/main.go:42 +0x20\n\
created by main.main in goroutine 1\n\
\tgithub.com/acme/pressure/main.go:104 +0x2f7",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let groups: Vec<_> = input
        .groups
        .iter()
        .filter(|g| g.wait == Wait::Runnable && !g.internal)
        .collect();
    let count: u64 = groups.iter().map(|g| g.count).sum();
    if count == 0 || count < options.runnable_backlog_min {
        return;
    }
    let total = input.total();
    let sh = share(count as f64, total as f64);
    let mut top: Vec<_> = groups.clone();
    crate::order::sort_by_key(&mut top, |a| std::cmp::Reverse(a.count));
    let site = top[0]
        .call_site()
        .or_else(|| top[0].frames.first().copied());
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!("{count} goroutines runnable, waiting for a CPU"),
            format!(
                "{count} of {total} goroutines ({}) were ready to run but had no CPU when the \
                 dump was taken; the largest group stands at {}. More ready work than CPUs: \
                 check GOMAXPROCS against the CPU quota and look for busy loops.",
                percent(sh),
                site.map_or_else(|| "?".to_owned(), location)
            ),
        )
        .with(Key::Goroutines, count)
        .with(Key::Share, sh)
        .with(Key::Function, site.map_or("", |f| f.function.as_str()))
        .groups(groups.iter().map(|g| g.index).collect()),
    );
}
