//! `bottleneck`: a resource many goroutines wait for, who holds it and who is hurt
//! ([`crate::analysis::bottleneck`]).

use super::evidence::{table, Table, Value};
use super::Key;
use super::{
    count_of, percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc,
    RuleOptions, Severity, Target,
};
use crate::analysis::bottleneck::{Basis, Bottleneck, Kind};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "bottleneck",
        title: "Goroutines piled up on one resource, and who holds it",
        severities: &[Severity::Warning, Severity::Critical],
        target: Target::Goroutine,
        what_it_does: "Finds resources many goroutines wait for — a mutex or RWMutex, a \
`Cond`, a pool's `Get`/`Acquire` (`database/sql.(*DB).conn`, `net/http.(*Transport).getConn`, \
the program's own pools), a buffered channel used as a semaphore, outbound HTTP calls, \
requests all in network I/O under the same type or function (`io`: reading from a peer \
that does not answer) — across all groups. Waiters are tied to one resource by the \
receiver address printed without `?` in a non-inlined frame, else by the receiver type or \
call site. Holders are goroutines tied to the same object (same address), type or, for \
pools and semaphores, package, that are not waiting for it; goroutines that went through \
the waiters' own caller are preferred (they got past the wait). An `io` pile-up has no \
holder in the process: the peer at the other end holds it. The waiters' pprof labels say \
who is hurt. When the holders of one pile-up wait in another, the finding says so \
(`blockedBy`); a chain that comes back to where it started is a `deadlock` (`cycle`).",
        why_it_matters: "A pile-up is what a dump taken during an incident shows: \
requests queue behind one lock or an exhausted pool while the few goroutines holding it \
sleep, wait on I/O or on another resource. The holders are the cause; the labels say which \
endpoints suffer.",
        what_next: "Look at what the holders are doing (their state and function): I/O \
without a timeout, a sleep or a slow call under a lock, a connection never returned. Give \
the call a deadline, move the slow work out of the critical section, or size the pool for \
the load the labels show.",
        thresholds: &["bottleneckMin", "bottleneckCriticalShare"],
        example: Example {
            fixture: "bottleneck/service.goroutine.debug2.txt",
            excerpt: "goroutine 6 [sleep]:\n\
time.Sleep(0x34630b8a000)\n\
\truntime/time.go:368 +0x165\n\
example.com/ordersvc/internal/pricecache.(*Cache).Reload(0x2c18e3e38198, 0x0?)\n\
\texample.com/ordersvc/internal/pricecache/cache.go:34 +0x45",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    let found = input.bottlenecks(options);
    for b in found {
        out.push(annotation(b.clone(), total, options, &chain_text(b, found)));
    }
}

/// `the mutex ledger.(*Ledger)`.
fn name_of(b: &Bottleneck) -> String {
    format!("the {} {}", b.resource.kind.noun(), short(&b.resource.name))
}

/// What the holders wait for in turn: ` Its holders wait in turn for …`, or the cycle
/// of a deadlock; empty when they wait for nothing the dump piles up on.
fn chain_text(b: &Bottleneck, all: &[Bottleneck]) -> String {
    if !b.link.cycle.is_empty() {
        let names: Vec<String> = b
            .link
            .cycle
            .iter()
            .chain(b.link.cycle.first())
            .filter_map(|&i| all.get(i))
            .map(|c| short(&c.resource.name).to_owned())
            .collect();
        return format!(
            " Deadlock: {} — each held by goroutines waiting for the next; none can proceed.",
            names.join(" → ")
        );
    }
    match b.link.next.and_then(|j| all.get(j)) {
        Some(next) => format!(
            " Its holders wait in turn for {} ({} waiting).",
            name_of(next),
            next.waiters.goroutines
        ),
        None => String::new(),
    }
}

/// `pricecache.(*Cache)` for `example.com/ordersvc/internal/pricecache.(*Cache)`.
pub fn short(name: &str) -> &str {
    let start = name.rfind('/').map_or(0, |i| i + 1);
    &name[start..]
}

/// Every `(key, value, waiters)` of the waiters' labels, by key then value.
fn label_counts(b: &Bottleneck) -> Vec<(&str, &str, u64)> {
    b.waiters
        .labels
        .iter()
        .flat_map(|(k, values)| {
            values
                .iter()
                .map(move |(v, n)| (k.as_str(), v.as_str(), *n))
        })
        .collect()
}

/// `route=/v1/quote 40, route=/v1/orders/preview 8`: the most common label values.
pub fn top_labels(b: &Bottleneck, max: usize) -> String {
    let mut all = label_counts(b);
    crate::order::sort_by_key(&mut all, |&(_, _, n)| std::cmp::Reverse(n));
    all.iter()
        .take(max)
        .map(|(k, v, n)| format!("{k}={v} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn annotation(b: Bottleneck, total: u64, options: &RuleOptions, chain: &str) -> Annotation {
    let waiting = b.waiters.goroutines;
    let sh = share(waiting as f64, total as f64);
    // Critical when something visibly holds what many wait for; waiters with nobody
    // seen holding it (requests on a channel, a lock whose holder is running) are a
    // warning.
    let severity = if b.resource.kind == Kind::Deadlock
        || (b.holders.goroutines > 0 && sh >= options.bottleneck_critical_share)
    {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let what = name_of(&b);
    let holders = &b.holders;
    let lead = holders.doing.first();
    let title = match lead {
        Some(d) if d.state.is_empty() => format!(
            "{} wait for {what}; {} in {}",
            count_of(waiting, "goroutine"),
            count_of(holders.goroutines, "holder"),
            short(&d.function)
        ),
        Some(d) => format!(
            "{} wait for {what}; {} in {} [{}]",
            count_of(waiting, "goroutine"),
            count_of(holders.goroutines, "holder"),
            short(&d.function),
            d.state
        ),
        None => format!("{} wait for {what}", count_of(waiting, "goroutine")),
    };
    let (verb, why) = match (holders.basis, &b.resource.address) {
        (Basis::Address, Some(a)) => ("Held by", format!("the same object {a}")),
        (Basis::Type, _) => ("Likely held by", "same type, not waiting for it".to_owned()),
        (Basis::Site, _) => (
            "Likely held by",
            "same function, not waiting for it".to_owned(),
        ),
        _ => (
            "Likely held by",
            "same package, not waiting for it".to_owned(),
        ),
    };
    let holder_text = match lead {
        Some(d) => format!(
            " {verb} {} ({why}): {}{}.",
            count_of(holders.goroutines, "goroutine"),
            short(&d.function),
            if d.state.is_empty() {
                String::new()
            } else {
                format!(" [{}]", d.state)
            }
        ),
        None if matches!(b.resource.kind, Kind::Mutex | Kind::Rwmutex) => {
            " No holder is visible in the dump (it may be running, or blocked elsewhere)."
                .to_owned()
        }
        None if b.resource.kind == Kind::Io => format!(
            " No goroutine of the process holds it: they wait on the peer at the other end \
             of their connections (a slow or stuck server), and {}, so they are requests, not \
             idle connections.",
            if b.waiters.labels.is_empty() {
                "they run under a server's request handler"
            } else {
                "they carry labels"
            }
        ),
        None => " Nothing in the dump holds it; the waiters carry labels, so they are \
                 requests waiting, not idle workers."
            .to_owned(),
    };
    let labels = top_labels(&b, 3);
    // A response awaited for minutes: nothing bounds the call.
    let timeout = match (b.resource.kind, b.waiters.minutes[1]) {
        (Kind::HttpCall, m) if m > 0 => format!(
            " The calls have waited up to {}: the client likely has no timeout.",
            count_of(u64::from(m), "minute")
        ),
        (Kind::Io, m) if m > 0 => format!(
            " They have waited up to {}: the reads likely have no deadline.",
            count_of(u64::from(m), "minute")
        ),
        _ => String::new(),
    };
    let inferred = if b.inferred {
        " Inferred from the frames: this dump prints no wait states."
    } else {
        ""
    };
    let detail = format!(
        "{waiting} of {total} goroutines ({}) wait in {} for {what}{}.{holder_text}{timeout}{chain}{inferred}{}",
        percent(sh),
        short(&b.resource.function),
        b.resource
            .address
            .as_ref()
            .map_or_else(String::new, |a| format!(" at {a}")),
        if labels.is_empty() {
            String::new()
        } else {
            format!(" Most affected: {labels}.")
        }
    );
    let mut groups = b.waiters.groups.clone();
    groups.extend(
        holders
            .groups
            .iter()
            .filter(|g| !b.waiters.groups.contains(g)),
    );
    let mut a = Annotation::new(RULE.doc.id, severity, title, detail)
        .with(Key::Kind, b.resource.kind.name())
        .with(Key::Resource, b.resource.name.as_str())
        .with(Key::Address, b.resource.address.as_deref().unwrap_or(""))
        .with(Key::Function, b.resource.function.as_str())
        .with(Key::Goroutines, waiting)
        .with(Key::Share, sh)
        .with(Key::Labels, labels_table(&b))
        .with(Key::HolderGoroutines, holders.goroutines)
        .with(Key::Basis, holders.basis.name())
        .with(Key::Holders, holders_table(&b));
    if b.waiters.minutes[1] > 0 {
        a = a.with(Key::MaxWaitMinutes, b.waiters.minutes[1]);
    }
    a.bottleneck = Some(Box::new(b));
    a.groups(groups)
}

fn labels_table(b: &Bottleneck) -> Table {
    let rows = label_counts(b)
        .into_iter()
        .map(|(k, v, n)| vec![Value::from(format!("{k}={v}")), Value::from(n)])
        .collect();
    table(&[Key::Label, Key::Goroutines], rows)
}

fn holders_table(b: &Bottleneck) -> Table {
    let rows = b
        .holders
        .doing
        .iter()
        .map(|d| {
            vec![
                Value::from(d.function.as_str()),
                Value::from(d.state.as_str()),
                Value::from(d.goroutines),
                Value::from(d.group),
            ]
        })
        .collect();
    table(
        &[Key::Function, Key::State, Key::Goroutines, Key::Group],
        rows,
    )
}
