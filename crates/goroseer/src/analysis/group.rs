//! Grouping goroutines that are "the same" so 100k goroutines read as a handful of stories.
//!
//! Levels, from strictest to loosest:
//! - `exact`: same stack text (frames, PC offsets, argument values, creator) and state;
//! - `lines` (default): same function + file:line sequence and same wait reason;
//! - `functions`: same function sequence (lines may differ) and same wait reason;
//! - `top:N`: same first N frames outside the runtime, and same wait reason.
//!
//! Keys are computed once per distinct stack, then each goroutine costs one small hash
//! lookup: grouping 100k goroutines is a few milliseconds.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashMap;

use crate::analysis::rules;
use crate::model::goroutine::{GoroutineFlags, GoroutineProfile, LabelSetId, StackEntry, StateId};
use crate::model::{FrameId, FrameTable, Origin};

/// How goroutines are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// Stack text (frames, PC offsets, argument values, creator) and state all equal.
    Exact,
    /// Function + file:line sequence and state equal (the default).
    #[default]
    Lines,
    /// Function sequence and state equal.
    Functions,
    /// First N non-runtime frames and state equal.
    Top(usize),
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupBy::Exact => f.write_str("exact"),
            GroupBy::Lines => f.write_str("lines"),
            GroupBy::Functions => f.write_str("functions"),
            GroupBy::Top(n) => write!(f, "top:{n}"),
        }
    }
}

/// A `--group-by` value that is not one of the levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownGroupBy(pub String);

impl fmt::Display for UnknownGroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown grouping {:?}: expected exact, lines, functions or top:N (N ≥ 1)",
            self.0
        )
    }
}

impl std::error::Error for UnknownGroupBy {}

impl FromStr for GroupBy {
    type Err = UnknownGroupBy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "exact" => Ok(GroupBy::Exact),
            "lines" => Ok(GroupBy::Lines),
            "functions" => Ok(GroupBy::Functions),
            _ => s
                .strip_prefix("top:")
                .and_then(|n| n.parse().ok())
                .filter(|&n| n >= 1)
                .map(GroupBy::Top)
                .ok_or_else(|| UnknownGroupBy(s.to_owned())),
        }
    }
}

/// Goroutines grouped together, with what they have in common and how they differ.
#[derive(Debug, Clone)]
pub struct Group {
    /// Indices into [`GoroutineProfile::goroutines`], in input order.
    pub members: Vec<u32>,
    /// Goroutines in the group (sum of record counts for debug=1).
    pub count: u64,
    /// The frames that define the group (all frames of the first member; for `top:N`
    /// only those N frames).
    pub frames: Vec<StackEntry>,
    /// Wait reasons with counts, most common first.
    pub states: Vec<(StateId, u64)>,
    /// Smallest and largest `N minutes`.
    pub wait_minutes: (u32, u32),
    /// Goroutines marked `(leaked)`.
    pub leaked: u64,
    /// Goroutines `locked to thread`.
    pub locked_to_thread: u64,
    /// Label sets with counts (`None` = no labels), most common first.
    pub labels: Vec<(Option<LabelSetId>, u64)>,
    /// `created by` sites with counts (`None` = no creator printed), most common first.
    pub created_by: Vec<(Option<FrameId>, u64)>,
}

/// A grouping of one profile.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// The level used.
    pub by: GroupBy,
    /// Groups, largest first (ties in input order).
    pub groups: Vec<Group>,
    /// Goroutines per wait reason, most common first.
    pub states: Vec<(StateId, u64)>,
    /// Goroutines per `N minutes` value.
    pub wait_minutes: BTreeMap<u32, u64>,
    /// Goroutines and groups per `created by` site, most goroutines first.
    pub created_by: Vec<CreatorSite>,
    /// Per group (indexed like `groups`): a known harmless background goroutine of the
    /// runtime or standard library (the `runtime-internal` rule on its first member's
    /// stack; the report's `runtimeInternal`).
    pub runtime_internal: Vec<bool>,
}

/// Goroutines started from one `created by` site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatorSite {
    /// The creating call site (`None`: goroutines without a creator, e.g. `main`).
    pub frame: Option<FrameId>,
    /// Goroutines created there.
    pub count: u64,
    /// Indices of the groups those goroutines are in.
    pub groups: Vec<u32>,
}

/// Per-stack key of the chosen level; stacks with the same key group together.
fn stack_keys(profile: &GoroutineProfile, frames: &FrameTable, by: GroupBy) -> Vec<u32> {
    let mut index: FxHashMap<Vec<u64>, u32> = FxHashMap::default();
    let mut functions: FxHashMap<&str, u64> = FxHashMap::default();
    let mut key = Vec::new();
    (0..profile.stacks.len() as u32)
        .map(|stack| {
            key.clear();
            let entries = profile.stacks.get(stack);
            match by {
                GroupBy::Exact => key.push(stack as u64),
                GroupBy::Lines => key.extend(entries.iter().map(entry_key)),
                GroupBy::Functions => {
                    for entry in entries {
                        key.push(match entry {
                            StackEntry::Call { frame, .. } => {
                                let name = frames.get(*frame).function.as_str();
                                let next = functions.len() as u64;
                                *functions.entry(name).or_insert(next)
                            }
                            elided => entry_key(elided),
                        });
                    }
                }
                GroupBy::Top(n) => key.extend(top_entries(entries, frames, n).map(entry_key)),
            }
            let next = index.len() as u32;
            *index.entry(key.clone()).or_insert(next)
        })
        .collect()
}

fn entry_key(entry: &StackEntry) -> u64 {
    match entry {
        StackEntry::Call { frame, .. } => *frame as u64,
        StackEntry::Elided { frames } => (1 << 40) | frames.map_or(0, u64::from),
    }
}

/// The first `n` entries outside the runtime.
fn top_entries<'a>(
    entries: &'a [StackEntry],
    frames: &'a FrameTable,
    n: usize,
) -> impl Iterator<Item = &'a StackEntry> + 'a {
    entries
        .iter()
        .filter(move |e| match e {
            StackEntry::Call { frame, .. } => frames.get(*frame).origin != Origin::Runtime,
            StackEntry::Elided { .. } => false,
        })
        .take(n)
}

/// Groups the goroutines of `profile` at level `by`; `text` is the document's text (the
/// `exact` level compares the goroutines' stack lines, arguments included).
pub fn group(profile: &GoroutineProfile, frames: &FrameTable, text: &str, by: GroupBy) -> Grouping {
    let keys = stack_keys(profile, frames, by);
    let mut slots = Slots::default();
    let mut groups: Vec<Group> = Vec::new();
    // Per state id, `None` until a goroutine is in it (a debug=1 record may count 0).
    let mut states: Vec<Option<u64>> = vec![None; profile.states.len()];
    let mut wait_minutes: BTreeMap<u32, u64> = BTreeMap::new();
    // The `N minutes` of a run of goroutines (most have the same as the one before) and
    // what they count, added to `wait_minutes` when the value changes.
    let mut minutes_run: Option<(u32, u64)> = None;
    let mut tallies = Tallies::default();
    // The previous goroutine's stack, state and slot: neighbours often share them.
    let mut previous: Option<(u32, StateId, u32)> = None;
    for (i, g) in profile.goroutines.iter().enumerate() {
        let next = groups.len() as u32;
        let slot = match (by, previous) {
            (GroupBy::Exact, _) => {
                let key = keys[g.stack as usize];
                slots.exact(key, g.state, profile.span_text(text, g), next)
            }
            (_, Some((stack, state, slot))) if stack == g.stack && state == g.state => slot,
            _ => slots.shared(keys[g.stack as usize], g.state, next),
        };
        previous = Some((g.stack, g.state, slot));
        if slot == next {
            let entries = profile.stacks.get(g.stack);
            groups.push(Group {
                members: Vec::new(),
                count: 0,
                frames: match by {
                    GroupBy::Top(n) => top_entries(entries, frames, n).copied().collect(),
                    _ => entries.to_vec(),
                },
                states: Vec::new(),
                wait_minutes: (g.wait_minutes, g.wait_minutes),
                leaked: 0,
                locked_to_thread: 0,
                labels: Vec::new(),
                created_by: Vec::new(),
            });
        }
        let group = &mut groups[slot as usize];
        group.members.push(i as u32);
        group.count += g.count;
        tallies.state(group, slot, g.state, g.count);
        group.wait_minutes.0 = group.wait_minutes.0.min(g.wait_minutes);
        group.wait_minutes.1 = group.wait_minutes.1.max(g.wait_minutes);
        if g.flags.has(GoroutineFlags::LEAKED) {
            group.leaked += g.count;
        }
        if g.flags.has(GoroutineFlags::LOCKED_TO_THREAD) {
            group.locked_to_thread += g.count;
        }
        tallies.label(group, slot, g.labels, g.count);
        tallies.creator(group, slot, g.created_by.map(|c| c.frame), g.count);
        let state = g.state as usize;
        if state >= states.len() {
            states.resize(state + 1, None);
        }
        *states[state].get_or_insert(0) += g.count;
        match &mut minutes_run {
            Some((minutes, count)) if *minutes == g.wait_minutes => *count += g.count,
            run => {
                if let Some((minutes, count)) = run.replace((g.wait_minutes, g.count)) {
                    *wait_minutes.entry(minutes).or_default() += count;
                }
            }
        }
    }
    if let Some((minutes, count)) = minutes_run {
        *wait_minutes.entry(minutes).or_default() += count;
    }
    let mut order: Vec<u32> = (0..groups.len() as u32).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        groups[b as usize].count.cmp(&groups[a as usize].count)
    });
    let mut groups: Vec<Group> = {
        let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
        order
            .iter()
            .filter_map(|&i| slots[i as usize].take())
            .collect()
    };
    for group in &mut groups {
        sort_counts(&mut group.states);
        sort_counts(&mut group.labels);
        sort_counts(&mut group.created_by);
    }
    let mut sites: Vec<CreatorSite> = Vec::new();
    let mut site_index: FxHashMap<Option<FrameId>, usize> = FxHashMap::default();
    for (gi, group) in groups.iter().enumerate() {
        for &(frame, count) in &group.created_by {
            let next = sites.len();
            let at = *site_index.entry(frame).or_insert(next);
            if at == next {
                sites.push(CreatorSite {
                    frame,
                    count: 0,
                    groups: Vec::new(),
                });
            }
            sites[at].count += count;
            sites[at].groups.push(gi as u32);
        }
    }
    crate::order::sort_by_key(&mut sites, |s| std::cmp::Reverse(s.count));
    let mut states: Vec<(StateId, u64)> = states
        .into_iter()
        .enumerate()
        .filter_map(|(id, count)| Some((id as StateId, count?)))
        .collect();
    crate::order::sort_by(&mut states, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let runtime_internal = runtime_internal_groups(profile, frames, &groups);
    Grouping {
        by,
        groups,
        states,
        wait_minutes,
        created_by: sites,
        runtime_internal,
    }
}

/// The group slot of each (stack key, state) seen, in the order first seen; `exact` adds
/// the goroutine's stack text. Apart so that the other levels hash two numbers, not a
/// string as well: this lookup is most of the grouping's time per goroutine.
#[derive(Default)]
struct Slots<'t> {
    shared: FxHashMap<u64, u32>,
    exact: FxHashMap<(u32, StateId, &'t str), u32>,
}

impl<'t> Slots<'t> {
    /// The slot of `(key, state)`; `next` when it is new.
    fn shared(&mut self, key: u32, state: StateId, next: u32) -> u32 {
        *self
            .shared
            .entry(u64::from(key) << 32 | u64::from(state))
            .or_insert(next)
    }

    /// The slot of `(key, state, text)`; `next` when it is new.
    fn exact(&mut self, key: u32, state: StateId, text: &'t str, next: u32) -> u32 {
        *self.exact.entry((key, state, text)).or_insert(next)
    }
}

/// Whether each group is runtime-internal, decided once per distinct stack (with `exact`
/// grouping, thousands of groups share a stack).
fn runtime_internal_groups(
    profile: &GoroutineProfile,
    frames: &FrameTable,
    groups: &[Group],
) -> Vec<bool> {
    let mut by_stack: FxHashMap<u32, bool> = FxHashMap::default();
    groups
        .iter()
        .map(|g| {
            g.members.first().is_some_and(|&first| {
                let first = &profile.goroutines[first as usize];
                *by_stack.entry(first.stack).or_insert_with(|| {
                    rules::runtime_internal::is_runtime_internal(rules::facts::stack_frames(
                        frames, profile, first,
                    ))
                })
            })
        })
        .collect()
}

/// Where each (group, value) pair sits in its group's count list: a group may hold
/// thousands of distinct label sets, so the lists are indexed, not searched.
#[derive(Default)]
struct Tallies {
    states: FxHashMap<(u32, StateId), usize>,
    labels: FxHashMap<(u32, Option<LabelSetId>), usize>,
    creators: FxHashMap<(u32, Option<FrameId>), usize>,
}

impl Tallies {
    fn state(&mut self, group: &mut Group, slot: u32, key: StateId, count: u64) {
        add(&mut self.states, &mut group.states, slot, key, count);
    }

    fn label(&mut self, group: &mut Group, slot: u32, key: Option<LabelSetId>, count: u64) {
        add(&mut self.labels, &mut group.labels, slot, key, count);
    }

    fn creator(&mut self, group: &mut Group, slot: u32, key: Option<FrameId>, count: u64) {
        add(&mut self.creators, &mut group.created_by, slot, key, count);
    }
}

#[inline]
fn add<K: Copy + Eq + std::hash::Hash>(
    index: &mut FxHashMap<(u32, K), usize>,
    list: &mut Vec<(K, u64)>,
    slot: u32,
    key: K,
    count: u64,
) {
    // Most goroutines of a group share their neighbour's value: skip the hash then.
    if let Some(last) = list.last_mut() {
        if last.0 == key {
            last.1 += count;
            return;
        }
    }
    add_indexed(index, list, slot, key, count);
}

#[inline(never)]
fn add_indexed<K: Copy + Eq + std::hash::Hash>(
    index: &mut FxHashMap<(u32, K), usize>,
    list: &mut Vec<(K, u64)>,
    slot: u32,
    key: K,
    count: u64,
) {
    let next = list.len();
    let at = *index.entry((slot, key)).or_insert(next);
    if at == next {
        list.push((key, 0));
    }
    list[at].1 += count;
}

fn sort_counts<K>(list: &mut [(K, u64)]) {
    crate::order::sort_by_key(list, |e| std::cmp::Reverse(e.1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_by_parses() {
        assert_eq!("exact".parse(), Ok(GroupBy::Exact));
        assert_eq!("lines".parse(), Ok(GroupBy::Lines));
        assert_eq!("functions".parse(), Ok(GroupBy::Functions));
        assert_eq!("top:3".parse(), Ok(GroupBy::Top(3)));
        assert!("top:0".parse::<GroupBy>().is_err());
        assert!("stacks".parse::<GroupBy>().is_err());
        assert_eq!(GroupBy::Top(2).to_string(), "top:2");
    }

    /// What a goroutine is grouped by at level `by`, recomputed from its stack alone.
    fn level_key(
        profile: &GoroutineProfile,
        frames: &FrameTable,
        text: &str,
        g: &crate::model::goroutine::Goroutine,
        by: GroupBy,
    ) -> (Vec<String>, StateId, String) {
        let entries = profile.stacks.get(g.stack);
        let name = |e: &StackEntry| match e {
            StackEntry::Call { frame, .. } => frames.get(*frame).function.clone(),
            elided => format!("{elided:?}"),
        };
        // A location (function, file and line: one interned frame), offsets aside.
        let location = |e: &StackEntry| match e {
            StackEntry::Call { frame, .. } => frame.to_string(),
            elided => format!("{elided:?}"),
        };
        let frames_key: Vec<String> = match by {
            GroupBy::Exact => vec![format!("{entries:?}")],
            GroupBy::Lines => entries.iter().map(location).collect(),
            GroupBy::Functions => entries.iter().map(name).collect(),
            GroupBy::Top(n) => top_entries(entries, frames, n).map(location).collect(),
        };
        let args = match by {
            GroupBy::Exact => profile.span_text(text, g).to_owned(),
            _ => String::new(),
        };
        (frames_key, g.state, args)
    }

    /// On a real dump whose goroutines interleave states and `N minutes`: at every level,
    /// each goroutine is in exactly one group, a group's members share its key and no two
    /// groups share one, and every tally (per state, per minutes, per group) is the
    /// goroutines counted one by one.
    #[test]
    fn groups_and_tallies_are_the_goroutines_counted_one_by_one() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/corpus/goroutine-leak/goroutine.t70s.debug2.txt"
        );
        let doc = crate::parse::parse_document(&std::fs::read_to_string(path).unwrap());
        let Some(crate::model::Profile::Goroutine(profile)) = doc.profiles.first() else {
            panic!("no goroutine profile in {path}");
        };
        let (mut states, mut minutes) = (BTreeMap::new(), BTreeMap::new());
        for g in &profile.goroutines {
            *states.entry(g.state).or_insert(0u64) += g.count;
            *minutes.entry(g.wait_minutes).or_insert(0u64) += g.count;
        }
        assert!(
            states.len() > 3 && minutes.len() > 1,
            "{states:?} {minutes:?}"
        );
        for by in [
            GroupBy::Exact,
            GroupBy::Lines,
            GroupBy::Functions,
            GroupBy::Top(1),
        ] {
            let grouping = group(profile, &doc.frames, &doc.text, by);
            let tallied: BTreeMap<_, _> = grouping.states.iter().copied().collect();
            assert_eq!(tallied, states, "{by}");
            assert_eq!(grouping.wait_minutes, minutes, "{by}");
            let mut keys = std::collections::HashSet::new();
            let mut grouped = vec![false; profile.goroutines.len()];
            for group in &grouping.groups {
                let member = |i: &u32| &profile.goroutines[*i as usize];
                let key = level_key(
                    profile,
                    &doc.frames,
                    &doc.text,
                    member(&group.members[0]),
                    by,
                );
                let (mut count, mut low, mut high) = (0, u32::MAX, 0);
                for (i, g) in group.members.iter().map(|i| (i, member(i))) {
                    assert!(!std::mem::replace(&mut grouped[*i as usize], true), "{by}");
                    assert_eq!(
                        level_key(profile, &doc.frames, &doc.text, g, by),
                        key,
                        "{by}"
                    );
                    count += g.count;
                    (low, high) = (low.min(g.wait_minutes), high.max(g.wait_minutes));
                }
                assert!(group.members.is_sorted(), "{by}");
                assert_eq!(group.count, count, "{by}");
                assert_eq!(group.states, vec![(key.1, count)], "{by}");
                assert_eq!(group.wait_minutes, (low, high), "{by}");
                assert!(keys.insert(key), "{by}: two groups share a key");
            }
            assert!(grouped.iter().all(|&g| g), "{by}: a goroutine in no group");
        }
    }
}
