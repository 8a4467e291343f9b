//! Flat and cumulative sums of weighted stacks by call site, function or package: the
//! numbers of `go tool pprof -top`, for heap records (any of the four sample types, raw
//! or unsampled) and contention records (delay or contentions).
//!
//! Flat is the weight of stacks whose leaf belongs to the row; cumulative is the weight of
//! stacks in which the row appears at all (counted once per stack, so recursion does not
//! double-count).

use std::collections::HashMap;

use serde::Serialize;

use crate::model::contention::ContentionProfile;
use crate::model::heap::{HeapProfile, HeapSample};
use crate::model::{FrameId, FrameTable};

/// What rows are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateBy {
    /// One row per frame (function + file:line): the allocation or wait site.
    Site,
    /// One row per function (pprof's default granularity).
    Function,
    /// One row per package import path.
    Package,
}

impl AggregateBy {
    /// `site`, `function` or `package`.
    pub fn name(self) -> &'static str {
        match self {
            AggregateBy::Site => "site",
            AggregateBy::Function => "function",
            AggregateBy::Package => "package",
        }
    }

    /// Parses `site`, `function` or `package`.
    pub fn from_name(name: &str) -> Option<AggregateBy> {
        match name {
            "site" => Some(AggregateBy::Site),
            "function" => Some(AggregateBy::Function),
            "package" => Some(AggregateBy::Package),
            _ => None,
        }
    }
}

/// One row of an aggregation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateRow {
    /// Function, package, or `function file:line` for a site.
    pub name: String,
    /// A representative frame: the site itself, or the first frame seen for the function
    /// or package (for links and colouring).
    pub frame: FrameId,
    /// Weight of stacks whose leaf is in this row.
    pub flat: i64,
    /// Weight of stacks that contain this row.
    pub cum: i64,
}

/// Rows sorted like `pprof -top`: flat descending, then cumulative, then name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Aggregation {
    /// How rows were grouped.
    pub group_by: AggregateBy,
    /// Sum of every stack's weight (the 100% of flat% and cum%).
    pub total: i64,
    /// The rows.
    pub rows: Vec<AggregateRow>,
}

/// Groups `stacks` (leaf first, with weights) by `group_by`.
pub fn aggregate<'a, I>(frames: &FrameTable, stacks: I, group_by: AggregateBy) -> Aggregation
where
    I: IntoIterator<Item = (&'a [FrameId], i64)>,
{
    let key_of = |id: FrameId| -> String {
        let f = frames.get(id);
        match group_by {
            AggregateBy::Site if f.file.is_empty() => f.function.clone(),
            AggregateBy::Site => format!("{} {}:{}", f.function, f.file, f.line),
            AggregateBy::Function => f.function.clone(),
            AggregateBy::Package => f.package.clone(),
        }
    };
    // Key per frame id, computed once.
    let mut key_index: HashMap<FrameId, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut rows: Vec<AggregateRow> = Vec::new();
    let mut seen_in_stack: Vec<u32> = Vec::new();
    let mut total = 0i64;
    for (stack_number, (stack, weight)) in stacks.into_iter().enumerate() {
        total = total.saturating_add(weight);
        if weight == 0 {
            continue;
        }
        let mark = stack_number as u32 + 1;
        for (depth, &id) in stack.iter().enumerate() {
            let row = *key_index.entry(id).or_insert_with(|| {
                *by_name.entry(key_of(id)).or_insert_with_key(|name| {
                    rows.push(AggregateRow {
                        name: name.clone(),
                        frame: id,
                        flat: 0,
                        cum: 0,
                    });
                    rows.len() - 1
                })
            });
            if seen_in_stack.len() < rows.len() {
                seen_in_stack.resize(rows.len(), 0);
            }
            if depth == 0 {
                rows[row].flat = rows[row].flat.saturating_add(weight);
            }
            if seen_in_stack[row] != mark {
                seen_in_stack[row] = mark;
                rows[row].cum = rows[row].cum.saturating_add(weight);
            }
        }
    }
    rows.retain(|r| r.flat != 0 || r.cum != 0);
    crate::order::sort_by(&mut rows, |a, b| {
        b.flat
            .cmp(&a.flat)
            .then(b.cum.cmp(&a.cum))
            .then_with(|| a.name.cmp(&b.name))
    });
    Aggregation {
        group_by,
        total,
        rows,
    }
}

/// Whether heap values are taken as written or unsampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeapScale {
    /// The sampled counts the dump contains.
    Raw,
    /// pprof's estimates of the real totals.
    Unsampled,
}

/// The weighted stacks of a heap profile for one sample type.
pub fn heap_stacks(
    profile: &HeapProfile,
    sample: HeapSample,
    scale: HeapScale,
) -> impl Iterator<Item = (&[FrameId], i64)> {
    profile.records.iter().map(move |r| {
        let values = match scale {
            HeapScale::Raw => &r.raw,
            HeapScale::Unsampled => &r.unsampled,
        };
        (r.frames.as_slice(), values.get(sample))
    })
}

/// The two contention sample types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentionSample {
    /// Time waited, in nanoseconds.
    Delay,
    /// Number of contention events.
    Contentions,
}

impl ContentionSample {
    /// Parses `delay` or `contentions`.
    pub fn from_name(name: &str) -> Option<ContentionSample> {
        match name {
            "delay" => Some(ContentionSample::Delay),
            "contentions" => Some(ContentionSample::Contentions),
            _ => None,
        }
    }
}

/// The weighted stacks of a contention profile (values as the runtime means them; see
/// [`ContentionProfile::values`]).
pub fn contention_stacks(
    profile: &ContentionProfile,
    sample: ContentionSample,
) -> impl Iterator<Item = (&[FrameId], i64)> {
    profile.records.iter().map(move |r| {
        let v = profile.values(r);
        let value = match sample {
            ContentionSample::Delay => v.delay,
            ContentionSample::Contentions => v.contentions,
        };
        (r.frames.as_slice(), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_cum_by_function_count_recursion_once() {
        let mut t = FrameTable::default();
        let leaf = t.intern("pkg/a.Leaf", "/a.go", 1);
        let rec1 = t.intern("pkg/a.Rec", "/a.go", 5);
        let rec2 = t.intern("pkg/a.Rec", "/a.go", 6);
        let main = t.intern("main.main", "/m.go", 3);
        let s1 = [leaf, rec1, rec2, main];
        let s2 = [rec1, main];
        let agg = aggregate(&t, [(&s1[..], 10), (&s2[..], 4)], AggregateBy::Function);
        let row = |n: &str| agg.rows.iter().find(|r| r.name == n).unwrap().clone();
        assert_eq!(agg.total, 14);
        assert_eq!((row("pkg/a.Leaf").flat, row("pkg/a.Leaf").cum), (10, 10));
        assert_eq!((row("pkg/a.Rec").flat, row("pkg/a.Rec").cum), (4, 14));
        assert_eq!((row("main.main").flat, row("main.main").cum), (0, 14));
        assert_eq!(agg.rows[0].name, "pkg/a.Leaf");
        let by_pkg = aggregate(&t, [(&s1[..], 10), (&s2[..], 4)], AggregateBy::Package);
        assert_eq!(by_pkg.rows[0].name, "pkg/a");
        assert_eq!((by_pkg.rows[0].flat, by_pkg.rows[0].cum), (14, 14));
    }
}
