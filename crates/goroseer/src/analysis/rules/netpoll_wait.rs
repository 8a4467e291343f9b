//! `netpoll-wait`: many goroutines parked in the network poller — normal for servers.

use super::wait::Wait;
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "netpoll-wait",
        title: "Goroutines waiting for network I/O",
        severities: &[Severity::Info],
        target: Target::Goroutine,
        what_it_does: "Counts goroutines in `[IO wait]`, parked in the runtime's network poller \
(`internal/poll.runtime_pollWait`) until a socket or pipe becomes readable or writable, and names \
the functions those goroutines were started with (for an HTTP server, `net/http.(*conn).serve`: \
one per open connection). In debug=1 profiles, which print no wait reason, the \
`internal/poll.runtime_pollWait` frame identifies them. Goroutines of a pile-up the \
`bottleneck` rule reports are left to it: requests all reading from one stuck peer (`io`), \
the read loops of outbound calls whose response never comes (`http-call`), the connections \
a starved pool's holders are busy on.",
        why_it_matters:
            "Usually it does not: a server keeps one goroutine per open connection, and an \
idle keep-alive connection is a goroutine waiting in netpoll that costs a few kilobytes of stack \
and no CPU. That is why this rule is information, never a warning. It matters when the number \
does not match the traffic you expect — connections that are never closed by clients, missing \
read/idle timeouts (`http.Server.IdleTimeout`, `ReadTimeout`), or outbound connections stuck \
waiting on a slow dependency.",
        what_next: "Compare the count with the number of open connections (`ss -tn`, your load \
balancer). If the goroutines are outbound calls (`net/http.(*persistConn).readLoop`, database \
drivers) rather than server connections, check the timeouts of those clients. A count that only \
grows across dumps is a connection leak.",
        thresholds: &["netpollWaitMin"],
        example: Example {
            fixture: "corpus/goroutine-http-keepalive/goroutine.debug2.txt",
            excerpt: "goroutine 18 [IO wait]:\n\
internal/poll.runtime_pollWait(0x7f74ee5c1e00, 0x72)\n\
\t/usr/local/go/src/runtime/netpoll.go:351 +0x85\n\
internal/poll.(*pollDesc).wait(0x184d52522000?, 0x184d52542000?, 0x0)\n\
\t/usr/local/go/src/internal/poll/fd_poll_runtime.go:84 +0x27\n\
internal/poll.(*pollDesc).waitRead(...)\n\
\t/usr/local/go/src/internal/poll/fd_poll_runtime.go:89\n\
internal/poll.(*FD).Read(0x184d52522000, {0x184d52542000, 0x1000, 0x1000})\n\
\t/usr/local/go/src/internal/poll/fd_unix.go:170 +0x2a8\n\
net.(*netFD).Read(0x184d52522000, {0x184d52542000?, 0x4d09e0?, 0x184d5291eee8?})\n\
\t/usr/local/go/src/net/fd_posix.go:68 +0x25\n\
net.(*conn).Read(0x184d52508010, {0x184d52542000?, 0x34630b89fd8?, 0x72?})\n\
\t/usr/local/go/src/net/net.go:196 +0x45\n\
net/http.(*connReader).Read(0x184d525380c0, {0x184d52542000, 0x1000, 0x1000})\n\
\t/usr/local/go/src/net/http/server.go:856 +0x150\n\
bufio.(*Reader).fill(0x184d5253c060)\n\
\t/usr/local/go/src/bufio/bufio.go:113 +0x103\n\
bufio.(*Reader).Peek(0x184d5253c060, 0x4)\n\
\t/usr/local/go/src/bufio/bufio.go:152 +0x52\n\
net/http.(*conn).serve(0x184d52526000, {0xa76c40, 0x184d524833b0})\n\
\t/usr/local/go/src/net/http/server.go:2193 +0x833\n\
created by net/http.(*Server).Serve in goroutine 9\n\
\t/usr/local/go/src/net/http/server.go:3604 +0x4fd",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    // Goroutines of a pile-up are not normal: requests reading from a stuck peer (`io`),
    // the read loops of calls whose response never comes (`http-call`), connections
    // held while a pool's waiters queue. The `bottleneck` finding says what they are.
    let mut piled: Vec<usize> = input
        .bottlenecks(options)
        .iter()
        .flat_map(|b| b.waiters.groups.iter().chain(&b.holders.groups).copied())
        .collect();
    piled.sort_unstable();
    let waiting: Vec<_> = input
        .groups
        .iter()
        .filter(|g| g.wait == Wait::Netpoll && piled.binary_search(&g.index).is_err())
        .collect();
    let count: u64 = waiting.iter().map(|g| g.count).sum();
    if count == 0 || count < options.netpoll_wait_min {
        return;
    }
    let total = input.total();
    let mut by_entry: Vec<(&str, u64)> = Vec::new();
    for g in &waiting {
        let name = g.entry().map_or("?", |f| f.function.as_str());
        match by_entry.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += g.count,
            None => by_entry.push((name, g.count)),
        }
    }
    crate::order::sort_by_key(&mut by_entry, |a| std::cmp::Reverse(a.1));
    let (top, top_count) = by_entry[0];
    let sh = share(count as f64, total as f64);
    out.push(
        Annotation::new(
            RULE.doc.id,
            Severity::Info,
            format!(
                "{count} goroutines wait for network I/O ({}), normal for a server",
                percent(sh)
            ),
            format!(
                "{count} of {total} goroutines are parked in the network poller, waiting for a \
                 socket to become ready; {top_count} of them run {top}. Idle connections cost \
                 memory, not CPU. Worth a look only if the count does not match the connections \
                 you expect, or grows from dump to dump."
            ),
        )
        .with(Key::Goroutines, count)
        .with(Key::TotalGoroutines, total)
        .with(Key::Share, sh)
        .with(Key::Function, top)
        .with(Key::FunctionGoroutines, top_count)
        .groups(waiting.iter().map(|g| g.index).collect()),
    );
}
