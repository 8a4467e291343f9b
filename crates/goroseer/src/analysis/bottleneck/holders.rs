//! The holders of a pile-up: goroutines tied to the resource's owner that are not
//! waiting for it, found by the strongest tie the dump allows.

use super::identity::{busy_in, entry_of_frame, first_address, package_of, wait_point};
use super::{Basis, Doing, Holders};
use crate::analysis::rules::facts::GroupFacts;
use crate::analysis::rules::wait::receiver_type;
use crate::model::{Frame, GoroutineProfile};

/// What the holders are looked for.
pub(super) struct Target<'a, 'b> {
    /// The owner type (`pkg.(*T)`) or function.
    pub owner: &'a str,
    /// Whether `owner` is a type.
    pub owner_is_type: bool,
    /// The owner's address, when the waiters printed one.
    pub address: Option<&'a str>,
    /// Whether `address` is the waiters' receiver (else the lock's own, which a holder's
    /// receiver equals only when the lock is the first field of its type).
    pub address_is_receiver: bool,
    /// The frames the waiters wait in.
    pub anchors: &'b [&'a Frame],
    /// Where the waiters wait and where their callers called: `(function, line)` of the
    /// wait frame and of the frame above it, per waiting group. A goroutine in one of
    /// these functions at a later line got past the wait point.
    pub points: &'b [(&'a str, u32)],
    /// The waiters' groups, sorted.
    pub waiter_groups: &'b [usize],
    /// Whether goroutines in the owner's package count when nothing closer is found
    /// (pools and semaphores hand out items of other types of the same package).
    pub by_package: bool,
}

/// One candidate group with the members that matched.
struct Candidate<'g, 'a> {
    group: &'g GroupFacts<'a>,
    goroutines: u64,
    minutes: u32,
}

/// Finds the holders of `target` among `groups`.
#[inline(never)]
pub(super) fn find<'a>(
    profile: &'a GoroutineProfile,
    text: &'a str,
    groups: &[GroupFacts<'a>],
    target: &Target<'a, '_>,
) -> Holders {
    let mut by_address = Vec::new();
    let mut by_owner = Vec::new();
    let mut by_package = Vec::new();
    let package = package_of(target.owner);
    for g in groups {
        if g.internal || target.waiter_groups.binary_search(&g.index).is_ok() {
            continue;
        }
        // Waiting at the same place (for another object of the same kind), or waiting
        // for something else of the same owner without having got past this wait
        // point: not a holder. A goroutine in network I/O waits for its peer, not for
        // anything of the owner's: what holders typically do.
        if wait_point(g).is_some_and(|p| {
            !p.io
                && (target
                    .anchors
                    .iter()
                    .any(|a| a.function == p.frame.function)
                    || (p.owner == target.owner && !passed(g, target)))
        }) {
            continue;
        }
        let tied: Vec<usize> = (0..g.frames.len())
            .filter(|&i| ties(g.frames[i], target))
            .collect();
        if tied.is_empty() {
            if target.by_package
                && package != "main"
                && g.frames.iter().any(|f| f.package == package)
            {
                by_package.push(whole(profile, g));
            }
            continue;
        }
        let (mut same, mut unknown, mut minutes_same, mut minutes_unknown) = (0, 0, 0, 0);
        for &m in g.members {
            let Some(goroutine) = profile.goroutines.get(m as usize) else {
                continue;
            };
            let printed: Vec<&str> = tied
                .iter()
                .filter_map(|&i| {
                    let entry = entry_of_frame(profile, goroutine, i);
                    first_address(profile, text, goroutine, entry)
                })
                .collect();
            match target.address {
                Some(address) if printed.contains(&address) => {
                    same += goroutine.count;
                    minutes_same = minutes_same.max(goroutine.wait_minutes);
                }
                // Another object of the same type: not this resource's holder.
                Some(_) if !printed.is_empty() && target.address_is_receiver => {}
                _ => {
                    unknown += goroutine.count;
                    minutes_unknown = minutes_unknown.max(goroutine.wait_minutes);
                }
            }
        }
        if same > 0 {
            by_address.push(Candidate {
                group: g,
                goroutines: same,
                minutes: minutes_same,
            });
        }
        if unknown > 0 {
            by_owner.push(Candidate {
                group: g,
                goroutines: unknown,
                minutes: minutes_unknown,
            });
        }
    }
    let owner_basis = if target.owner_is_type {
        Basis::Type
    } else {
        Basis::Site
    };
    let (basis, mut candidates) = if !by_address.is_empty() {
        (Basis::Address, by_address)
    } else if !by_owner.is_empty() {
        (owner_basis, by_owner)
    } else if !by_package.is_empty() {
        (Basis::Package, by_package)
    } else {
        (Basis::None, Vec::new())
    };
    // Goroutines that went through the waiters' own caller got past the wait point:
    // when there are any, they are the holders and the rest (background loops of the
    // same type) are not.
    let passed: Vec<bool> = candidates.iter().map(|c| passed(c.group, target)).collect();
    let any_passed = passed.iter().any(|&p| p);
    if any_passed {
        let mut keep = passed.into_iter();
        candidates.retain(|_| keep.next().unwrap_or(false));
    }
    crate::order::sort_by_key(&mut candidates, |c| std::cmp::Reverse(c.goroutines));
    Holders {
        goroutines: candidates.iter().map(|c| c.goroutines).sum(),
        groups: {
            let mut g: Vec<usize> = candidates.iter().map(|c| c.group.index).collect();
            g.sort_unstable();
            g
        },
        basis,
        doing: candidates
            .iter()
            .map(|c| Doing {
                group: c.group.index,
                goroutines: c.goroutines,
                state: c.group.state.to_owned(),
                function: busy_in(&c.group.frames).map_or_else(String::new, |f| f.function.clone()),
                minutes: c.minutes,
            })
            .collect(),
        passed: any_passed,
    }
}

/// Whether `g` is in the waiters' wait function or its caller at a later line: it got
/// past the wait point (a slot or an item taken) and is stuck further on.
fn passed(g: &GroupFacts<'_>, target: &Target<'_, '_>) -> bool {
    g.frames.iter().any(|f| {
        target
            .points
            .iter()
            .any(|&(function, line)| f.function == function && f.line > line)
    })
}

/// Whether `frame` belongs to the target's owner: a method of its type, or its function.
fn ties(frame: &Frame, target: &Target<'_, '_>) -> bool {
    if target.owner_is_type {
        receiver_type(&frame.function) == Some(target.owner)
    } else {
        frame.function == target.owner
    }
}

/// Every member of `g`.
fn whole<'g, 'a>(profile: &GoroutineProfile, g: &'g GroupFacts<'a>) -> Candidate<'g, 'a> {
    Candidate {
        group: g,
        goroutines: g.count,
        minutes: g
            .members
            .iter()
            .filter_map(|&m| profile.goroutines.get(m as usize))
            .map(|m| m.wait_minutes)
            .max()
            .unwrap_or(0),
    }
}
