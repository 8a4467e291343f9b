//! Guessing which goroutine holds a contended lock.
//!
//! A dump does not say who holds a `sync.Mutex`. What it shows: the waiters' call site
//! (`inventory.(*Store).Reserve`) and, elsewhere, goroutines running or parked inside
//! other methods of the same type (`inventory.(*Store).Rebuild`, `[sleep]`) that are not
//! themselves waiting for a lock. Those are the likely holders: a method that took
//! `s.mu` and then blocked. When the waiters are plain functions, goroutines in the same
//! source file stand in for the same type.

use super::evidence::{table, Key, Table, Value};
use super::facts::{location, GroupFacts};
use super::wait::receiver_type;
use crate::model::Frame;

/// A group that probably holds the lock its waiters queue on.
#[derive(Debug, Clone)]
pub struct Holder<'a> {
    /// The group.
    pub group: usize,
    /// Goroutines in it.
    pub count: u64,
    /// The frame that ties it to the lock's owner (same receiver type or file).
    pub frame: &'a Frame,
    /// Its wait reason.
    pub state: &'a str,
}

/// Likely holders of the lock waited on at `site`, most specific first.
#[inline(never)]
pub fn likely_holders<'a>(site: &Frame, groups: &[GroupFacts<'a>]) -> Vec<Holder<'a>> {
    let owner = receiver_type(&site.function);
    let mut out = Vec::new();
    for g in groups {
        if g.wait.is_lock() {
            continue;
        }
        let tied = g.frames.iter().copied().find(|f| match owner {
            Some(owner) => receiver_type(&f.function) == Some(owner),
            None => !site.file.is_empty() && f.file == site.file,
        });
        if let Some(frame) = tied {
            out.push(Holder {
                group: g.index,
                count: g.count,
                frame,
                state: g.state,
            });
        }
    }
    out
}

/// `inventory.(*Store).Rebuild (…/store.go:37), [sleep]` for a detail line.
#[inline(never)]
pub fn describe(holder: &Holder<'_>) -> String {
    if holder.state.is_empty() {
        location(holder.frame)
    } else {
        format!("{} [{}]", location(holder.frame), holder.state)
    }
}

/// The `likelyHolders` evidence: one row per holder (where, state, goroutines, group).
#[inline(never)]
pub fn holders_table(holders: &[Holder<'_>]) -> Table {
    let rows = holders
        .iter()
        .map(|h| {
            vec![
                Value::from(h.frame),
                Value::from(h.state),
                Value::from(h.count),
                Value::from(h.group),
            ]
        })
        .collect();
    table(&[Key::Site, Key::State, Key::Goroutines, Key::Group], rows)
}
