//! The page's view of one page of goroutine groups ([`crate::query::GroupQuery`] selects them).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::query::groups::{GroupQuery, GroupQueryError};
use crate::report::goroutine::GroupReport;

/// The answer: counts for "N of M groups" and one page of groups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPage {
    /// Groups of the profile at the current grouping level.
    pub total: usize,
    /// Groups that pass the filters.
    pub matched: usize,
    /// Goroutines in the matched groups.
    pub matched_goroutines: u64,
    /// The query's offset (the index of `groups[0]` among the matched groups).
    pub offset: usize,
    /// Where the query's `focus` group is among the matched groups (null when it did not
    /// pass the filters, or none was asked for).
    pub focus_index: Option<usize>,
    /// Matched groups `offset..offset + limit`, largest first, in the report's group shape.
    pub groups: Vec<GroupReport>,
}

impl Analysis {
    /// One page of the groups of a goroutine profile that pass `query`'s filters.
    pub fn groups(&self, query: &GroupQuery) -> Result<GroupPage, GroupQueryError> {
        let (profile, grouping, selection) = self.select_groups(query)?;
        let frames = &self.document.frames;
        Ok(GroupPage {
            total: selection.total,
            matched: selection.matched,
            matched_goroutines: selection.matched_goroutines,
            offset: selection.offset,
            focus_index: selection.focus_index,
            groups: selection
                .ids
                .iter()
                .map(|&id| GroupReport::new(profile, frames, grouping, id))
                .collect(),
        })
    }
}
