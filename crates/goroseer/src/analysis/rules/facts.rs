//! What goroutine rules know about each group, computed once per profile: count, wait
//! kind, frames, longest wait, leaked and locked members, and the call site that blocked.

use std::collections::BTreeMap;

use super::wait::{self, Wait};
use crate::analysis::group::Group;
use crate::model::goroutine::Goroutine;
use crate::model::{Frame, FrameTable, GoroutineProfile};

/// One group of goroutines as the rules see it.
#[derive(Debug, Clone)]
pub struct GroupFacts<'a> {
    /// Index of the group in the report.
    pub index: usize,
    /// Goroutines in the group (debug=1 record counts summed).
    pub count: u64,
    /// Wait reason as printed (empty for debug=1 records).
    pub state: &'a str,
    /// Frames of the group's first goroutine, innermost first (elision markers dropped).
    pub frames: Vec<&'a Frame>,
    /// What the goroutines wait for.
    pub wait: Wait,
    /// Longest `, N minutes` among the members.
    pub max_wait_minutes: u32,
    /// Members marked `(leaked)`.
    pub leaked: u64,
    /// Members `locked to thread`.
    pub locked: u64,
    /// The group's first goroutine.
    pub first: &'a Goroutine,
    /// A runtime/standard-library background goroutine (see `runtime-internal`).
    pub internal: bool,
    /// Indices of the members in the profile's goroutines.
    pub members: &'a [u32],
    /// The most common `created by` site of the members, when printed.
    pub created_by: Option<&'a Frame>,
}

impl<'a> GroupFacts<'a> {
    /// The facts of group number `index`; `None` for a group without members.
    #[inline(never)]
    pub fn new(
        index: usize,
        frames: &'a FrameTable,
        profile: &'a GoroutineProfile,
        group: &'a Group,
    ) -> Option<GroupFacts<'a>> {
        let first = profile.goroutines.get(*group.members.first()? as usize)?;
        // The most common wait reason of the group (groups at coarse levels mix some).
        let state = group
            .states
            .first()
            .and_then(|(id, _)| profile.states.get(*id as usize))
            .map_or_else(|| profile.state_of(first), String::as_str);
        // The first member's full stack: at `top:N` the group's own frames are cut, and
        // the wait kind needs the `sync`/poll frames.
        let stack = stack_frames(frames, profile, first);
        let wait = wait::classify(state, stack.iter().copied());
        let internal = super::runtime_internal::is_runtime_internal(stack.iter().copied());
        Some(GroupFacts {
            index,
            count: group.count,
            state,
            frames: stack,
            wait,
            max_wait_minutes: group.wait_minutes.1,
            leaked: group.leaked,
            locked: group.locked_to_thread,
            first,
            internal,
            members: &group.members,
            created_by: group
                .created_by
                .iter()
                .find_map(|(site, _)| site.map(|id| frames.get(id))),
        })
    }

    /// The call site that blocked: the innermost frame outside runtime/sync/poll code.
    #[inline(never)]
    pub fn call_site(&self) -> Option<&'a Frame> {
        wait::call_site(self.frames.iter().copied())
    }

    /// Goroutines of the group that waited at least `minutes` (debug=1 records count
    /// with their record count).
    #[inline(never)]
    pub fn waited_at_least(&self, profile: &GoroutineProfile, minutes: u64) -> u64 {
        self.members
            .iter()
            .filter_map(|&i| profile.goroutines.get(i as usize))
            .filter(|g| u64::from(g.wait_minutes) >= minutes)
            .map(|g| g.count)
            .sum()
    }

    /// The function the goroutine was started with (its outermost frame), skipping the
    /// runtime's own start frames (`runtime.goexit`, `runtime.main`).
    #[inline(never)]
    pub fn entry(&self) -> Option<&'a Frame> {
        self.frames
            .iter()
            .rev()
            .copied()
            .find(|f| !matches!(f.function.as_str(), "runtime.goexit" | "runtime.main"))
    }
}

/// The call frames of a goroutine's stack, innermost first.
#[inline(never)]
pub fn stack_frames<'a>(
    frames: &'a FrameTable,
    profile: &'a GoroutineProfile,
    goroutine: &Goroutine,
) -> Vec<&'a Frame> {
    profile
        .stacks
        .get(goroutine.stack)
        .iter()
        .filter_map(|entry| entry.frame().map(|f| frames.get(f)))
        .collect()
}

/// `function file:line` for a sentence, the function in its short form
/// ([`Frame::display_name`]); evidence keeps the full name.
#[inline(never)]
pub fn location(frame: &Frame) -> String {
    if frame.file.is_empty() {
        frame.display_name().into_owned()
    } else {
        format!("{} {}:{}", frame.display_name(), frame.file, frame.line)
    }
}

/// Groups sharing a call site (function, file, line), largest first; ties keep the order
/// of their first group.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    /// The call site (`None` when every frame is runtime code).
    pub frame: Option<&'a Frame>,
    /// Goroutines at this site.
    pub count: u64,
    /// Groups at this site, in report order.
    pub groups: Vec<usize>,
    /// Longest wait among them.
    pub max_wait_minutes: u32,
}

/// Function, file and line of a call site.
type SiteKey<'a> = (&'a str, &'a str, u32);

/// Gathers the groups accepted by `keep` by call site.
#[inline(never)]
pub fn sites<'a>(
    groups: &[GroupFacts<'a>],
    keep: impl Fn(&GroupFacts<'a>) -> bool,
) -> Vec<Site<'a>> {
    let mut by_site: BTreeMap<(usize, Option<SiteKey<'_>>), Site<'a>> = BTreeMap::new();
    let mut order: Vec<Option<SiteKey<'_>>> = Vec::new();
    for g in groups.iter().filter(|g| keep(g)) {
        let frame = g.call_site();
        let key = frame.map(|f| (f.function.as_str(), f.file.as_str(), f.line));
        let rank = match order.iter().position(|k| *k == key) {
            Some(rank) => rank,
            None => {
                order.push(key);
                order.len() - 1
            }
        };
        let site = by_site.entry((rank, key)).or_insert_with(|| Site {
            frame,
            count: 0,
            groups: Vec::new(),
            max_wait_minutes: 0,
        });
        site.count += g.count;
        site.groups.push(g.index);
        site.max_wait_minutes = site.max_wait_minutes.max(g.max_wait_minutes);
    }
    let mut out: Vec<Site<'a>> = by_site.into_values().collect();
    crate::order::sort_by_key(&mut out, |a| std::cmp::Reverse(a.count));
    out
}

/// Total goroutines of the groups.
#[inline(never)]
pub fn total(groups: &[GroupFacts<'_>]) -> u64 {
    groups.iter().map(|g| g.count).sum()
}
