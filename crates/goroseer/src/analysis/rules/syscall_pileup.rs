//! `syscall-pileup`: many goroutines inside system calls at once.

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
        id: "syscall-pileup",
        title: "Goroutines stuck in system calls",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Counts goroutines in `[syscall]` (debug=1: whose innermost frame is \
`syscall.Syscall` and friends) and reports when there are at least `syscallPileupMin`, naming \
the call site with the most.",
        why_it_matters: "A goroutine in a blocking system call holds an OS thread for the whole \
call. Blocking file I/O, cgo calls or reads on pipes and devices that bypass the network \
poller each pin a thread; when many pile up the runtime creates more threads (up to \
`debug.SetMaxThreads`, 10,000 by default, then it crashes), and the calls are typically \
waiting on a slow disk, NFS mount or device.",
        what_next: "See which call site they are in: file I/O on a slow or network file system, \
a cgo library call, or `syscall.Read` on a blocking descriptor. Limit concurrency of such \
calls, use non-blocking descriptors that go through the poller, and check the threadcreate \
profile for thread growth.",
        thresholds: &["syscallPileupMin"],
        example: Example {
            fixture: "rules/pressure-cpu.goroutine.debug2.txt",
            excerpt: "goroutine 19 [syscall]:\n\
syscall.Syscall(0x0, 0x5, 0x12d0bc0df7a7, 0x1)\n\
\tsyscall/syscall_linux.go:74 +0x25\n\
syscall.read(0x12d0bc0df7a8?, {0x12d0bc0df7a7?, 0x0?, 0x0?})\n\
\tsyscall/zsyscall_linux_amd64.go:736 +0x38\n\
syscall.Read(...)\n\
\tsyscall/syscall_unix.go:183\n\
main.blockingRead(0x12d0bc1840e0)\n\
\tgithub.com/acme/pressure/main.go:34 +0x65\n\
created by main.main in goroutine 1\n\
\tgithub.com/acme/pressure/main.go:100 +0x27f",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

/// Packages that only wrap a system call; the interesting frame is their caller.
fn is_syscall_wrapper(package: &str) -> bool {
    matches!(
        package,
        "runtime" | "syscall" | "os" | "internal/poll" | "golang.org/x/sys/unix"
    ) || package.starts_with("internal/syscall/")
        || package.starts_with("internal/runtime/")
}

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let groups: Vec<_> = input
        .groups
        .iter()
        .filter(|g| g.wait == Wait::Syscall && !g.internal)
        .collect();
    let count: u64 = groups.iter().map(|g| g.count).sum();
    if count == 0 || count < options.syscall_pileup_min {
        return;
    }
    let total = input.total();
    let sh = share(count as f64, total as f64);
    let mut top = groups.clone();
    crate::order::sort_by_key(&mut top, |a| std::cmp::Reverse(a.count));
    // The program's own call, not the syscall wrappers it went through.
    let site = top[0]
        .frames
        .iter()
        .copied()
        .find(|f| !is_syscall_wrapper(&f.package))
        .or_else(|| top[0].frames.first().copied());
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!("{count} goroutines in system calls"),
            format!(
                "{count} of {total} goroutines ({}) are inside blocking system calls, each \
                 holding an OS thread; the largest group is at {}.",
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
