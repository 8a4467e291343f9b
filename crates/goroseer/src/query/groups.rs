//! One page of the goroutine groups that pass the page's filters (search, states, minimum
//! wait, hide runtime-internal). With `--group-by exact` a dump of 100k goroutines has
//! about 100k groups: sending them all to the page is ~100 MB of JSON, so the page keeps
//! none and asks for the rows it shows. Filtering runs over the grouping itself; what
//! does not depend on the group (does a frame, a label set match the search?) is decided
//! once per frame and label set, so a query over 100k groups costs a few milliseconds.

use std::fmt;

use serde::Deserialize;

use crate::analysis::group::{Group, Grouping};
use crate::analysis::Analysis;
use crate::model::goroutine::{GoroutineFormat, GoroutineProfile, StackEntry};
use crate::model::{FrameTable, Profile};

/// Groups asked for by the page (camelCase JSON). Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct GroupQuery {
    /// Index into the document's profiles (a goroutine profile).
    pub profile: usize,
    /// Text to find in a frame's function or file, a `created by` function, or a label as
    /// `key=value`, ASCII letters in any case; surrounding blanks are ignored, empty
    /// matches everything.
    pub search: String,
    /// Wait reasons (report `states` keys): a group passes when any of its goroutines is
    /// in one of them. Empty: every state.
    pub states: Vec<String>,
    /// Only groups whose longest wait is at least this many minutes (0: all).
    pub min_wait: u32,
    /// Leave out runtime-internal groups (report `runtimeInternal`).
    pub hide_runtime: bool,
    /// First matched group to return (0-based, in the matched order).
    pub offset: usize,
    /// At most this many groups (default 100).
    pub limit: usize,
    /// A group id to locate among the matched groups (the answer's `focusIndex`): a link
    /// to a group opens the page where it is.
    pub focus: Option<usize>,
    /// Only the groups annotation number `annotation` of the profile (an index into its
    /// `annotations`) points at: every one of them, also those a report asked with
    /// `maxGroups` leaves out of the annotation's `groups`.
    pub annotation: Option<usize>,
    /// Only the groups holding goroutines of `createdBy` site number `created_by` (an
    /// index into the report's `goroutines.createdBy`).
    pub created_by: Option<usize>,
}

impl Default for GroupQuery {
    fn default() -> Self {
        GroupQuery {
            profile: 0,
            search: String::new(),
            states: Vec::new(),
            min_wait: 0,
            hide_runtime: false,
            offset: 0,
            limit: 100,
            focus: None,
            annotation: None,
            created_by: None,
        }
    }
}

/// The groups a [`GroupQuery`] selects: data only; `report` turns it into the page's
/// `GroupPage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSelection {
    /// Groups in the grouping.
    pub total: usize,
    /// Groups that pass the filters.
    pub matched: usize,
    /// Goroutines in the matched groups.
    pub matched_goroutines: u64,
    /// The query's offset.
    pub offset: usize,
    /// Position of the query's `focus` group among the matched ones, if it matched.
    pub focus_index: Option<usize>,
    /// Ids (indices into the grouping's groups) of the matched groups
    /// `offset..offset + limit`.
    pub ids: Vec<usize>,
}

/// Why a group query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupQueryError {
    /// The document has no profile with this index.
    NoSuchProfile(usize),
    /// The profile is not a goroutine dump (it has no groups).
    NotGoroutines(usize),
    /// The profile has no annotation with this index.
    NoSuchAnnotation(usize),
    /// The profile has no `createdBy` site with this index.
    NoSuchCreator(usize),
}

impl fmt::Display for GroupQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupQueryError::NoSuchProfile(i) => write!(f, "no profile number {i}"),
            GroupQueryError::NotGoroutines(i) => write!(f, "profile {i} is not a goroutine dump"),
            GroupQueryError::NoSuchAnnotation(i) => write!(f, "no annotation number {i}"),
            GroupQueryError::NoSuchCreator(i) => write!(f, "no createdBy site number {i}"),
        }
    }
}

impl std::error::Error for GroupQueryError {}

impl Analysis {
    /// The groups of one goroutine profile that pass `query`'s filters, one page of them.
    pub fn select_groups(
        &self,
        query: &GroupQuery,
    ) -> Result<(&GoroutineProfile, &Grouping, GroupSelection), GroupQueryError> {
        let profile = match self.document.profiles.get(query.profile) {
            Some(Profile::Goroutine(p)) => p,
            Some(_) => return Err(GroupQueryError::NotGoroutines(query.profile)),
            None => return Err(GroupQueryError::NoSuchProfile(query.profile)),
        };
        let Some(Some(grouping)) = self.groupings.get(query.profile) else {
            return Err(GroupQueryError::NotGoroutines(query.profile));
        };
        let only = self.only_groups(query, grouping)?;
        let frames = &self.document.frames;
        let filter = Filter::new(profile, frames, &grouping.runtime_internal, query);
        let mut matched = Vec::new();
        let mut matched_goroutines = 0;
        for (id, group) in grouping.groups.iter().enumerate() {
            if only.as_ref().is_none_or(|only| only[id]) && filter.passes(id, group) {
                matched.push(id);
                matched_goroutines += group.count;
            }
        }
        let page = matched.iter().skip(query.offset).take(query.limit);
        let selection = GroupSelection {
            total: grouping.groups.len(),
            matched: matched.len(),
            matched_goroutines,
            offset: query.offset,
            focus_index: query
                .focus
                .and_then(|focus| matched.binary_search(&focus).ok()),
            ids: page.copied().collect(),
        };
        Ok((profile, grouping, selection))
    }
}

impl Analysis {
    /// Per group id, whether it is one of those the query's `annotation` or `createdBy`
    /// site points at (`None`: neither was asked for).
    fn only_groups(
        &self,
        query: &GroupQuery,
        grouping: &Grouping,
    ) -> Result<Option<Vec<bool>>, GroupQueryError> {
        if query.annotation.is_none() && query.created_by.is_none() {
            return Ok(None);
        }
        let mut only = vec![true; grouping.groups.len()];
        if let Some(index) = query.annotation {
            let annotation = self
                .annotations()
                .get(query.profile)
                .and_then(|list| list.get(index))
                .ok_or(GroupQueryError::NoSuchAnnotation(index))?;
            keep_only(&mut only, annotation.groups.iter().copied());
        }
        if let Some(index) = query.created_by {
            let site = grouping
                .created_by
                .get(index)
                .ok_or(GroupQueryError::NoSuchCreator(index))?;
            keep_only(&mut only, site.groups.iter().map(|&id| id as usize));
        }
        Ok(Some(only))
    }
}

/// Clears every mark of `only` but those of `ids` that were set.
fn keep_only(only: &mut [bool], ids: impl Iterator<Item = usize>) {
    let mut keep = vec![false; only.len()];
    for id in ids {
        if let Some(k) = keep.get_mut(id) {
            *k = only[id];
        }
    }
    only.copy_from_slice(&keep);
}

struct Filter<'a> {
    /// The search text, trimmed and lower-cased; empty: no search.
    needle: String,
    /// Per frame id: its function or file contains the needle.
    frame_hit: Vec<bool>,
    /// Per frame id: its function contains the needle (`created by` sites match on it).
    creator_hit: Vec<bool>,
    /// Per label set id: one of its `key=value` pairs contains the needle.
    label_hit: Vec<bool>,
    /// Per state id: wanted (`None`: every state).
    wanted_states: Option<Vec<bool>>,
    min_wait: u32,
    hide_runtime: bool,
    /// Per group: runtime-internal (the grouping's flags).
    runtime_internal: &'a [bool],
}

impl<'a> Filter<'a> {
    fn new(
        profile: &'a GoroutineProfile,
        frames: &'a FrameTable,
        runtime_internal: &'a [bool],
        query: &GroupQuery,
    ) -> Self {
        // ASCII case folding: Unicode's tables would add ~16 KB to the page's wasm, and
        // function, file and label text is ASCII but for rare label values.
        let needle = query.search.trim().to_ascii_lowercase();
        let contains = |text: &str| text.to_ascii_lowercase().contains(&needle);
        let (frame_hit, creator_hit, label_hit) = if needle.is_empty() {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            let all = frames.frames();
            (
                all.iter()
                    .map(|f| contains(&f.function) || contains(&f.file))
                    .collect(),
                all.iter().map(|f| contains(&f.function)).collect(),
                profile
                    .label_sets
                    .iter()
                    .map(|set| set.pairs.iter().any(|(k, v)| contains(&format!("{k}={v}"))))
                    .collect(),
            )
        };
        // debug=1 records carry no wait reason: the report shows no states, so no state
        // filter can match them.
        let debug1 = profile.format == GoroutineFormat::Debug1;
        let wanted_states = (!query.states.is_empty()).then(|| {
            profile
                .states
                .iter()
                .map(|name| !debug1 && query.states.contains(name))
                .collect()
        });
        Filter {
            needle,
            frame_hit,
            creator_hit,
            label_hit,
            wanted_states,
            min_wait: query.min_wait,
            hide_runtime: query.hide_runtime,
            runtime_internal,
        }
    }

    fn passes(&self, id: usize, group: &Group) -> bool {
        if let Some(wanted) = &self.wanted_states {
            if !group
                .states
                .iter()
                .any(|&(s, n)| n > 0 && wanted[s as usize])
            {
                return false;
            }
        }
        if self.min_wait > 0 && group.wait_minutes.1 < self.min_wait {
            return false;
        }
        if self.hide_runtime && self.runtime_internal(id) {
            return false;
        }
        self.matches_search(group)
    }

    fn matches_search(&self, group: &Group) -> bool {
        if self.needle.is_empty() {
            return true;
        }
        let frame_matches = |entry: &StackEntry| match *entry {
            StackEntry::Call { frame, .. } => self.frame_hit[frame as usize],
            // The marker's text is what the report shows as its function.
            StackEntry::Elided { .. } => entry
                .elision_text()
                .is_some_and(|text| text.contains(&self.needle)),
        };
        group.frames.iter().any(frame_matches)
            || group
                .created_by
                .iter()
                .any(|&(site, _)| site.is_some_and(|f| self.creator_hit[f as usize]))
            || group
                .labels
                .iter()
                .any(|&(set, _)| set.is_some_and(|l| self.label_hit[l as usize]))
    }

    /// The group's `runtimeInternal`, decided on its first member's stack.
    fn runtime_internal(&self, id: usize) -> bool {
        self.runtime_internal.get(id).copied().unwrap_or(false)
    }
}
