//! Bottlenecks: resources many goroutines wait for, with the goroutines that hold them
//! and the labels of those who wait.
//!
//! A goroutine dump never says who holds a lock or a pooled connection. What it shows:
//! where each goroutine waits (its wait reason and frames), the arguments of non-inlined
//! calls (the receiver's address, when printed without `?`), pprof labels, and what the
//! other goroutines are doing. This module joins them:
//!
//! 1. every parked group gets a [`identity::WaitPoint`]: the frame naming the resource
//!    (the call site, or the pool method it sits in: `(*Pool).Get`, `(*DB).conn`,
//!    `(*Transport).getConn`), its owner type (or function) and, per goroutine, the
//!    owner's address;
//! 2. waiters with the same owner and address (or the same owner when no address is
//!    printed) are one pile-up ([`Bottleneck`]);
//! 3. its holders are the other goroutines tied to the owner — by the same address,
//!    else the same type (or function), else, for pools and semaphores, the same
//!    package — that are not waiting for it; when some of them went through the same
//!    caller as the waiters, only those (they got past the wait and are stuck later).
//!
//! The kind of resource comes from the wait and the frames: locks (`mutex`, `rwmutex`),
//! `cond`, `waitgroup`, `pool` (a pool method waiting on a channel, select or `Cond`),
//! `semaphore` (a send that holders got past), `http-call`, `io` (requests in the network
//! poller under the same type or function: waiting on a peer, which no goroutine of the
//! process holds; requests by their labels or by a server's handler dispatch under them)
//! and `channel`.

mod holders;
pub mod identity;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::rules::facts::GroupFacts;
use crate::analysis::rules::wait::Wait;
use crate::model::{Frame, GoroutineProfile};
use identity::{is_lock_frame, wait_point, CallLines, WaitPoint};

/// What kind of resource the goroutines wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A `sync.Mutex`.
    Mutex,
    /// A `sync.RWMutex` (readers and writers counted apart).
    Rwmutex,
    /// A `sync.Cond` outside a pool.
    Cond,
    /// A `sync.WaitGroup`.
    Waitgroup,
    /// A channel (send, receive or select) with holders or labelled waiters.
    Channel,
    /// A buffered channel (or `semaphore.Weighted`) bounding concurrency, every slot taken.
    Semaphore,
    /// A pool's `Get`/`Acquire`/`conn`/`getConn` waiting for a free item.
    Pool,
    /// Outbound HTTP requests waiting for their responses.
    HttpCall,
    /// Requests in the network poller (`IO wait`) under the same type or function:
    /// reading from (or writing to) a peer that does not answer. Nothing in the process
    /// holds it; the peer is at the other end of their connections.
    Io,
    /// A resource in a cycle: its holders wait, through a chain of pile-ups, for
    /// something its own waiters hold. None of them can proceed.
    Deadlock,
}

impl Kind {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Mutex => "mutex",
            Kind::Rwmutex => "rwmutex",
            Kind::Cond => "cond",
            Kind::Waitgroup => "waitgroup",
            Kind::Channel => "channel",
            Kind::Semaphore => "semaphore",
            Kind::Pool => "pool",
            Kind::HttpCall => "http-call",
            Kind::Io => "io",
            Kind::Deadlock => "deadlock",
        }
    }

    /// A few words for a sentence (`the pool`, `the mutex`).
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Mutex => "mutex",
            Kind::Rwmutex => "RWMutex",
            Kind::Cond => "condition",
            Kind::Waitgroup => "WaitGroup",
            Kind::Channel => "channel",
            Kind::Semaphore => "semaphore",
            Kind::Pool => "pool",
            Kind::HttpCall => "outbound HTTP calls",
            Kind::Io => "network I/O of",
            Kind::Deadlock => "deadlocked",
        }
    }
}

/// How a resource or its holders were tied together, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The same object address, printed without `?` in a non-inlined frame.
    Address,
    /// The same receiver type.
    Type,
    /// The same call site (a plain function).
    Site,
    /// The same package.
    Package,
    /// Nothing ties them: no holder found.
    None,
}

impl Basis {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Address => "address",
            Basis::Type => "type",
            Basis::Site => "site",
            Basis::Package => "package",
            Basis::None => "none",
        }
    }
}

/// The resource of a pile-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// Its kind.
    pub kind: Kind,
    /// Its owner: a type (`…/db.(*Pool)`) or, for a plain function, the function.
    pub name: String,
    /// The object's address when every waiter printed the same one; else `null`.
    pub address: Option<String>,
    /// How the waiters were tied to one resource.
    pub basis: Basis,
    /// The function the waiters wait in (`…/db.(*Pool).Get`).
    pub function: String,
}

/// Goroutines waiting for a resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiters {
    /// How many.
    pub goroutines: u64,
    /// Their groups, in report order.
    pub groups: Vec<usize>,
    /// Shortest and longest `, N minutes` among them.
    pub minutes: [u32; 2],
    /// Waiters per label key and value (`{"route": {"/v1/quote": 180}}`); waiters
    /// without the key are not counted under it.
    pub labels: BTreeMap<String, BTreeMap<String, u64>>,
    /// Waiters that carry no label at all.
    pub unlabelled: u64,
    /// RWMutex only: waiters for the read lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readers: Option<u64>,
    /// RWMutex only: waiters for the write lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writers: Option<u64>,
    /// Waiters per group, `(group, goroutines)` by group: a group split by addresses
    /// waits only in part here.
    #[serde(skip)]
    pub per_group: Vec<(usize, u64)>,
}

/// What one group of holders is doing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doing {
    /// The group.
    pub group: usize,
    /// Its goroutines among the holders.
    pub goroutines: u64,
    /// Its wait reason (empty in debug=1).
    pub state: String,
    /// The function it is busy in (its innermost frame of the program's own code).
    pub function: String,
    /// Its longest `, N minutes`.
    pub minutes: u32,
}

/// Goroutines that hold (or are the only ones able to release) a resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holders {
    /// How many.
    pub goroutines: u64,
    /// Their groups.
    pub groups: Vec<usize>,
    /// How they were tied to the resource.
    pub basis: Basis,
    /// What each group is doing, largest first.
    pub doing: Vec<Doing>,
    /// Some holders went through the waiters' own caller: they got past the wait point
    /// (a semaphore slot, a pooled item) and are stuck further on.
    #[serde(skip)]
    pub passed: bool,
}

/// One pile-up: a resource, who waits for it and who holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bottleneck {
    /// The resource.
    pub resource: Resource,
    /// Who waits.
    pub waiters: Waiters,
    /// Who holds it.
    pub holders: Holders,
    /// The finding (index in the same profile's `annotations`) whose waiters include
    /// this one's holders: they hold this resource while waiting for that one.
    #[serde(rename = "blockedBy", skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<usize>,
    /// For a `deadlock`: the findings of the cycle in order, starting with this one, each
    /// held by goroutines waiting for the next, the last one's for this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cycle: Vec<usize>,
    /// The dump prints no wait states (debug=1, a protobuf goroutine profile): what the
    /// waiters wait for was inferred from their frames.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Chain links as [`find`] made them (indices into its result), resolved into
    /// `blocked_by` and `cycle` once the findings are in their final order.
    #[serde(skip)]
    pub link: Link,
}

/// Where a pile-up sits among the others of its profile, by index in [`find`]'s result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// Its own index.
    pub id: usize,
    /// The pile-up its holders wait in.
    pub next: Option<usize>,
    /// The cycle it is in (its own index first), empty when none.
    pub cycle: Vec<usize>,
}

/// A waiting group with its wait point and what reads its members' owner addresses.
struct Waiting<'a, 'g> {
    group: &'g GroupFacts<'a>,
    point: WaitPoint<'a>,
    /// Members are told apart by address (else all are one pile-up of their wait point).
    by_address: bool,
    /// The wait frame's call lines: the receiver's address.
    anchor: CallLines,
    /// A lock's own frames, outermost first: the lock's address when the receiver has none.
    lock_lines: Vec<CallLines>,
}

impl<'a> Waiting<'a, '_> {
    /// `(member index, address, whether it is the receiver's)` per member, read as it is
    /// asked for: 100,000 waiters' addresses are not held at once (the CLI's peak RSS).
    fn addresses<'s>(
        &'s self,
        profile: &'a GoroutineProfile,
        text: &'a str,
    ) -> impl Iterator<Item = (u32, Option<&'a str>, bool)> + 's
    where
        'a: 's,
    {
        self.group.members.iter().filter_map(move |&m| {
            let goroutine = profile.goroutines.get(m as usize)?;
            if !self.by_address {
                return Some((m, None, false));
            }
            Some(match self.anchor.first_address(profile, text, goroutine) {
                Some(receiver) => (m, Some(receiver), true),
                None => (
                    m,
                    self.lock_lines
                        .iter()
                        .find_map(|l| l.first_address(profile, text, goroutine)),
                    false,
                ),
            })
        })
    }
}

/// Finds the pile-ups of `profile` with at least `min_waiters` waiters, largest first.
#[inline(never)]
pub fn find<'a>(
    profile: &'a GoroutineProfile,
    text: &'a str,
    groups: &[GroupFacts<'a>],
    min_waiters: u64,
) -> Vec<Bottleneck> {
    let waiting: Vec<Waiting<'a, '_>> = groups
        .iter()
        .filter_map(|g| {
            let point = wait_point(g).filter(|p| !p.background)?;
            // Every outbound call (every read from a peer) has its own connection: calls
            // are one pile-up by where they wait, whatever connection object each prints.
            let by_address = !point.http_call && !point.io;
            // A lock's own frames print the lock's address (`lockSlow(0x…)`) when the
            // waiter's receiver is printed with `?`: outermost first.
            let lock_lines: Vec<CallLines> = if point.wait.is_lock() {
                (0..point.anchor)
                    .rev()
                    .filter(|&i| is_lock_frame(g.frames[i]))
                    .map(CallLines::new)
                    .collect()
            } else {
                Vec::new()
            };
            let anchor = CallLines::new(point.anchor);
            Some(Waiting {
                group: g,
                point,
                by_address,
                anchor,
                lock_lines,
            })
        })
        .collect();
    // Pile-ups keyed by (owner, wait, address): a lock is one resource whichever method
    // of its owner waits for it (readers in `Lookup`, a writer in `Update`); a channel,
    // `Cond` or pool is told apart by the method that waits. Members without an address
    // join the only addressed pile-up of their owner and wait, or stay apart.
    type Key<'k> = (&'k str, &'k str, Option<&'k str>);
    /// `(waiting group, member index)` of one pile-up, in order.
    type Members = Vec<(usize, u32)>;
    let mut piles: BTreeMap<Key<'a>, Members> = BTreeMap::new();
    let mut receivers: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (w, waiting) in waiting.iter().enumerate() {
        // Network I/O under one type (or function) is one peer's, whichever method reads.
        let wait = if waiting.point.wait.is_lock() {
            "lock"
        } else if waiting.point.io {
            "io"
        } else {
            waiting.point.frame.function.as_str()
        };
        // Runs of members with the same address go in at once: a group's members
        // mostly print one (100,000 waiters, a handful of map look-ups).
        let mut run: Option<(Option<&str>, &mut Members)> = None;
        for (member, address, receiver) in waiting.addresses(profile, text) {
            if receiver {
                receivers.extend(address);
            }
            match &mut run {
                Some((a, members)) if *a == address => members.push((w, member)),
                _ => {
                    let members = piles
                        .entry((waiting.point.owner, wait, address))
                        .or_default();
                    members.push((w, member));
                    run = Some((address, members));
                }
            }
        }
    }
    let keys: Vec<(&str, &str)> = piles.keys().map(|(o, w, _)| (*o, *w)).collect();
    for (owner, wait) in keys {
        let addressed: Vec<Option<&str>> = piles
            .keys()
            .filter(|(o, w, a)| (*o, *w) == (owner, wait) && a.is_some())
            .map(|(_, _, a)| *a)
            .collect();
        if let [only] = addressed[..] {
            if let Some(unknown) = piles.remove(&(owner, wait, None)) {
                piles
                    .entry((owner, wait, only))
                    .or_default()
                    .extend(unknown);
            }
        }
    }
    let mut out: Vec<Bottleneck> = piles
        .into_iter()
        .filter_map(|((owner, _, address), members)| {
            build(
                profile,
                text,
                groups,
                &waiting,
                owner,
                address,
                address.is_some_and(|a| receivers.contains(a)),
                &members,
                min_waiters,
            )
        })
        .collect();
    drop_io_of_holders(&mut out);
    crate::order::sort_by_key(&mut out, |b| std::cmp::Reverse(b.waiters.goroutines));
    link(&mut out);
    out
}

/// Drops the `io` pile-ups whose waiters all hold another resource: the I/O is what
/// those holders are doing, said in that pile-up (`6 holding in db.(*Conn).Query [IO
/// wait]`), not a bottleneck of its own.
fn drop_io_of_holders(piles: &mut Vec<Bottleneck>) {
    let mut holding: Vec<usize> = piles
        .iter()
        .filter(|b| b.resource.kind != Kind::Io)
        .flat_map(|b| b.holders.groups.iter().copied())
        .collect();
    holding.sort_unstable();
    piles.retain(|b| {
        b.resource.kind != Kind::Io
            || !b
                .waiters
                .groups
                .iter()
                .all(|g| holding.binary_search(g).is_ok())
    });
}

/// Chains: a pile-up whose holders wait in another one is blocked by it; a chain that
/// comes back to where it started is a deadlock.
fn link(piles: &mut [Bottleneck]) {
    let next: Vec<Option<usize>> = piles
        .iter()
        .enumerate()
        .map(|(i, b)| {
            piles
                .iter()
                .enumerate()
                .filter(|&(j, c)| {
                    j != i
                        && b.holders
                            .groups
                            .iter()
                            .any(|g| c.waiters.groups.binary_search(g).is_ok())
                })
                .max_by_key(|&(j, c)| (c.waiters.goroutines, std::cmp::Reverse(j)))
                .map(|(j, _)| j)
        })
        .collect();
    for (i, b) in piles.iter_mut().enumerate() {
        let mut cycle = vec![i];
        let mut at = next[i];
        while let Some(j) = at {
            if j == i || cycle.contains(&j) {
                break;
            }
            cycle.push(j);
            at = next[j];
        }
        if at != Some(i) {
            cycle.clear();
        } else {
            b.resource.kind = Kind::Deadlock;
        }
        b.link = Link {
            id: i,
            next: next[i],
            cycle,
        };
    }
}

/// Turns the chain links of the bottleneck findings of one profile's (final) list into
/// indices in that list.
#[inline(never)]
pub fn resolve_links(list: &mut [crate::analysis::rules::Annotation]) {
    let mut at: Vec<(usize, usize)> = list
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((a.bottleneck.as_ref()?.link.id, i)))
        .collect();
    crate::order::sort(&mut at);
    let index = |id: usize| {
        at.binary_search_by_key(&id, |&(id, _)| id)
            .ok()
            .map(|k| at[k].1)
    };
    for a in list.iter_mut() {
        if let Some(b) = a.bottleneck.as_deref_mut() {
            b.blocked_by = b.link.next.and_then(index);
            b.cycle = b.link.cycle.iter().filter_map(|&id| index(id)).collect();
        }
    }
}

/// The bottleneck of one pile-up, if it is one.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn build<'a>(
    profile: &'a GoroutineProfile,
    text: &'a str,
    groups: &[GroupFacts<'a>],
    waiting: &[Waiting<'a, '_>],
    owner: &'a str,
    address: Option<&'a str>,
    address_is_receiver: bool,
    members: &[(usize, u32)],
    min_waiters: u64,
) -> Option<Bottleneck> {
    // Members come in runs of one waiting group: one entry per run, not per member.
    let mut wait_groups: Vec<usize> = members
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run[0].0)
        .collect();
    wait_groups.sort_unstable();
    wait_groups.dedup();
    let pile: Vec<&Waiting<'a, '_>> = wait_groups.iter().map(|&w| &waiting[w]).collect();
    let lead = pile.iter().max_by_key(|w| w.group.count)?;
    // One pass over the members counts them and reads their labels.
    let waiters = waiters_of(profile, waiting, &pile, members);
    if waiters.goroutines < min_waiters.max(1) {
        return None;
    }
    // One entry per distinct frame: with exact grouping, 100k groups share a few.
    let mut anchors: Vec<&Frame> = pile.iter().map(|w| w.point.frame).collect();
    anchors.sort_unstable_by(|a, b| (&a.function, a.line).cmp(&(&b.function, b.line)));
    anchors.dedup_by(|a, b| (&a.function, a.line) == (&b.function, b.line));
    let mut points: Vec<(&str, u32)> = pile
        .iter()
        .flat_map(|w| w.group.frames.iter().skip(w.point.anchor).take(2))
        .map(|f| (f.function.as_str(), f.line))
        .collect();
    crate::order::sort(&mut points);
    points.dedup();
    let any_pool = pile.iter().any(|w| w.point.pool);
    let sends = pile.iter().any(|w| w.point.wait == Wait::ChanSend);
    // What a read from a peer waits for is at the other end of the connection: no
    // goroutine here holds it, whatever else of the same type is doing.
    let io = pile.iter().all(|w| w.point.io);
    let found = if io {
        Holders {
            goroutines: 0,
            groups: Vec::new(),
            basis: Basis::None,
            doing: Vec::new(),
            passed: false,
        }
    } else {
        holders::find(
            profile,
            text,
            groups,
            &holders::Target {
                owner,
                owner_is_type: lead.point.owner_is_type,
                address,
                address_is_receiver,
                anchors: &anchors,
                points: &points,
                waiter_groups: &waiters.groups,
                by_package: any_pool || sends,
            },
        )
    };
    let kind = kind_of(&pile, &found);
    // Nothing in the dump holds what they wait for on a channel, Cond or pool: idle
    // workers, or requests waiting on something outside the process — not a bottleneck
    // between goroutines (channel-blocked and sync-wait still say it). Unlabelled waiters
    // on a channel, Cond or pool are idle workers waiting for work while other workers
    // of the same loop are busy; requests carry labels. A semaphore's waiters queue for
    // a slot the holders took, labelled or not. Requests reading from a peer have no
    // holder here; labels, or a server's handler dispatch under every waiter
    // ([`identity::serves_request`]), tell them from connections idle between messages.
    let lock = matches!(kind, Kind::Mutex | Kind::Rwmutex);
    if !lock && kind != Kind::Io && found.goroutines == 0 {
        return None;
    }
    let requests = kind == Kind::Io && pile.iter().all(|w| w.point.request);
    if !lock && kind != Kind::Semaphore && waiters.labels.is_empty() && !requests {
        return None;
    }
    let (readers, writers) = if kind == Kind::Rwmutex {
        let count_of = |wait: Wait| -> u64 {
            pile.iter()
                .filter(|w| w.point.wait == wait)
                .map(|w| w.group.count)
                .sum()
        };
        (
            Some(count_of(Wait::RwMutexRead)),
            Some(count_of(Wait::RwMutexWrite)),
        )
    } else {
        (None, None)
    };
    Some(Bottleneck {
        resource: Resource {
            kind,
            name: owner.to_owned(),
            address: address.map(str::to_owned),
            basis: match (address, lead.point.owner_is_type) {
                (Some(_), _) => Basis::Address,
                (None, true) => Basis::Type,
                (None, false) => Basis::Site,
            },
            function: lead.point.frame.function.clone(),
        },
        waiters: Waiters {
            readers,
            writers,
            ..waiters
        },
        holders: found,
        blocked_by: None,
        cycle: Vec::new(),
        inferred: pile.iter().all(|w| w.group.state.is_empty()),
        link: Link::default(),
    })
}

/// Counts, groups, minutes and labels of the waiters.
fn waiters_of(
    profile: &GoroutineProfile,
    waiting: &[Waiting<'_, '_>],
    pile: &[&Waiting<'_, '_>],
    members: &[(usize, u32)],
) -> Waiters {
    let mut per_group: BTreeMap<usize, u64> = BTreeMap::new();
    // Waiters per label set first (a dump has few sets), expanded into labels after.
    let mut per_set: BTreeMap<u32, u64> = BTreeMap::new();
    let mut unlabelled = 0;
    let mut minutes = [u32::MAX, 0];
    let mut goroutines = 0;
    // Runs of members of one waiting group are counted under it at once.
    for run in members.chunk_by(|a, b| a.0 == b.0) {
        let mut in_run = 0;
        let mut last_set: Option<(u32, u64)> = None;
        for &(_, m) in run {
            let Some(g) = profile.goroutines.get(m as usize) else {
                continue;
            };
            in_run += g.count;
            minutes = [
                minutes[0].min(g.wait_minutes),
                minutes[1].max(g.wait_minutes),
            ];
            match (g.labels, &mut last_set) {
                (Some(id), Some((last, n))) if *last == id => *n += g.count,
                (Some(id), _) => {
                    if let Some((last, n)) = last_set.replace((id, g.count)) {
                        *per_set.entry(last).or_default() += n;
                    }
                }
                (None, _) => unlabelled += g.count,
            }
        }
        if let Some((last, n)) = last_set {
            *per_set.entry(last).or_default() += n;
        }
        goroutines += in_run;
        if let Some(waiting) = waiting.get(run[0].0) {
            *per_group.entry(waiting.group.index).or_default() += in_run;
        }
    }
    let mut labels: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (id, n) in per_set {
        match profile.label_sets.get(id as usize) {
            Some(set) if !set.pairs.is_empty() => {
                for (k, v) in &set.pairs {
                    *labels
                        .entry(k.clone())
                        .or_default()
                        .entry(v.clone())
                        .or_default() += n;
                }
            }
            _ => unlabelled += n,
        }
    }
    let mut groups: Vec<usize> = pile.iter().map(|w| w.group.index).collect();
    groups.sort_unstable();
    groups.dedup();
    Waiters {
        goroutines,
        groups,
        minutes: [minutes[0].min(minutes[1]), minutes[1]],
        labels,
        unlabelled,
        readers: None,
        writers: None,
        per_group: per_group.into_iter().collect(),
    }
}

/// The kind of a pile-up from its waits and whether holders got past the wait point.
fn kind_of(pile: &[&Waiting<'_, '_>], holders: &Holders) -> Kind {
    let all = |f: &dyn Fn(&WaitPoint<'_>) -> bool| pile.iter().all(|w| f(&w.point));
    let any = |f: &dyn Fn(&WaitPoint<'_>) -> bool| pile.iter().any(|w| f(&w.point));
    if any(&|p| p.http_call) {
        return Kind::HttpCall;
    }
    if all(&|p| p.io) {
        return Kind::Io;
    }
    if any(&|p| p.pool) {
        // `Acquire` of a weighted semaphore, or a pool method blocked on a send (a slot
        // taken by sending into a buffered channel); debug=1 cannot tell a send from a
        // receive, and a method named `Acquire` says it.
        let semaphore = any(&|p| {
            p.wait == Wait::ChanSend
                || identity::package_of(p.owner).ends_with("/semaphore")
                || (p.wait == Wait::Unknown
                    && identity::method_name(&p.frame.function)
                        .is_some_and(|m| m.eq_ignore_ascii_case("acquire")))
        });
        return if semaphore {
            Kind::Semaphore
        } else {
            Kind::Pool
        };
    }
    if all(&|p| p.wait.is_lock()) {
        return if any(&|p| matches!(p.wait, Wait::RwMutexRead | Wait::RwMutexWrite)) {
            Kind::Rwmutex
        } else {
            Kind::Mutex
        };
    }
    if all(&|p| p.wait == Wait::Cond) {
        return Kind::Cond;
    }
    if all(&|p| p.wait == Wait::WaitGroup) {
        return Kind::Waitgroup;
    }
    // A send that other goroutines of the same owner got past (they hold a slot); in
    // debug=1 a send cannot be told from a receive, and getting past is the sign.
    if any(&|p| matches!(p.wait, Wait::ChanSend | Wait::Unknown)) && holders.passed {
        return Kind::Semaphore;
    }
    Kind::Channel
}
