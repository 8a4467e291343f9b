//! On-request views of one profile of a document: a `pprof -top` style aggregation or a
//! call tree for a flame graph, for a chosen sample type. The page asks for these through
//! the wasm edge with a [`ProfileQuery`] object, so the choice of sample, scale and
//! grouping is made here, in Rust, and the edge only forwards.

use std::fmt;

use serde::Deserialize;

use crate::analysis::aggregate::{
    aggregate, contention_stacks, heap_stacks, AggregateBy, Aggregation, ContentionSample,
    HeapScale,
};
use crate::analysis::tree::CallTree;
use crate::model::goroutine::GoroutineProfile;
use crate::model::goroutine::StackEntry;
use crate::model::heap::{HeapProfile, HeapSample};
use crate::model::samples::SampleProfile;
use crate::model::{Document, FrameId, Profile};

/// What to compute, as sent by the page (camelCase JSON). Every field but `profile` is
/// optional and defaults to what pprof would show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ProfileQuery {
    /// Index into the document's profiles.
    pub profile: usize,
    /// Heap: `inuse_space` (default), `inuse_objects`, `alloc_space`, `alloc_objects`.
    /// Contention: `delay` (default), `contentions`. Goroutine and threadcreate
    /// profiles have one sample type (the count) and ignore this.
    pub sample: Option<String>,
    /// Heap only: `unsampled` (default) or `raw`.
    pub scale: Option<String>,
    /// Aggregation rows: `function` (default), `site`, `package`.
    pub group_by: Option<String>,
    /// Call tree only: merge the lines of one function into one node (default false).
    pub merge_lines: bool,
    /// Only samples carrying these labels, pprof's `-tagfocus`: `KEY=VALUE` (exact), or
    /// `KEY=V1,V2` for either value; several entries must all hold. Samples of profiles
    /// with labels (protobuf, goroutine debug=1/debug=0) are filtered; a profile without
    /// labels keeps no sample.
    pub tag_focus: Vec<String>,
}

/// Why a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The document has no profile with this index.
    NoSuchProfile(usize),
    /// The sample type does not exist for this kind of profile.
    UnknownSample(String),
    /// The scale is neither `raw` nor `unsampled`.
    UnknownScale(String),
    /// The grouping is not `site`, `function` or `package`.
    UnknownGroupBy(String),
    /// A `tagFocus` entry is not `KEY=VALUE`.
    BadTagFocus(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::NoSuchProfile(i) => write!(f, "no profile number {i}"),
            QueryError::UnknownSample(s) => write!(f, "unknown sample type `{s}` for this profile"),
            QueryError::UnknownScale(s) => write!(f, "unknown scale `{s}` (raw, unsampled)"),
            QueryError::UnknownGroupBy(s) => {
                write!(f, "unknown grouping `{s}` (site, function, package)")
            }
            QueryError::BadTagFocus(s) => write!(f, "label filter `{s}` is not KEY=VALUE"),
        }
    }
}

impl std::error::Error for QueryError {}

/// The sample type a query selects for its profile: its name as pprof prints it after
/// `Type:` and the unit of its values (`bytes`, `nanoseconds`, `count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleType {
    /// `inuse_space`, `delay`, `contentions`, `goroutines`, `threads`, `samples`, `cpu`, …
    pub name: String,
    /// `bytes`, `nanoseconds` or `count` (what a protobuf profile says, for its own types).
    pub unit: String,
}

impl SampleType {
    fn of(name: &str, unit: &str) -> SampleType {
        SampleType {
            name: name.to_owned(),
            unit: unit.to_owned(),
        }
    }
}

/// The sample type index a query selects in a [`SampleProfile`] (its default when none).
fn samples_index(p: &SampleProfile, query: &ProfileQuery) -> Result<usize, QueryError> {
    match query.sample.as_deref() {
        None => Ok(p.default_sample),
        Some(s) => p
            .sample_index(s)
            .ok_or_else(|| QueryError::UnknownSample(s.to_owned())),
    }
}

/// `KEY=VALUE[,VALUE…]` entries of a query's `tagFocus`.
fn tag_focus(query: &ProfileQuery) -> Result<Vec<(&str, Vec<&str>)>, QueryError> {
    query
        .tag_focus
        .iter()
        .map(|entry| match entry.split_once('=') {
            Some((key, values)) if !key.is_empty() => {
                Ok((key.trim(), values.split(',').map(str::trim).collect()))
            }
            _ => Err(QueryError::BadTagFocus(entry.clone())),
        })
        .collect()
}

/// Whether `labels` pass every `tagFocus` entry.
fn focused<'l>(
    focus: &[(&str, Vec<&str>)],
    labels: impl Iterator<Item = (&'l str, String)> + Clone,
) -> bool {
    focus.iter().all(|(key, values)| {
        labels
            .clone()
            .any(|(k, v)| k == *key && values.contains(&v.as_str()))
    })
}

fn heap_sample(p: &HeapProfile, query: &ProfileQuery) -> Result<HeapSample, QueryError> {
    match query.sample.as_deref() {
        None => Ok(p.default_sample),
        Some(s) => HeapSample::from_name(s).ok_or_else(|| QueryError::UnknownSample(s.to_owned())),
    }
}

fn contention_sample(query: &ProfileQuery) -> Result<ContentionSample, QueryError> {
    match query.sample.as_deref() {
        None => Ok(ContentionSample::Delay),
        Some(s) => {
            ContentionSample::from_name(s).ok_or_else(|| QueryError::UnknownSample(s.to_owned()))
        }
    }
}

/// The sample type `query` selects (its default when it names none).
pub fn sample_type(doc: &Document, query: &ProfileQuery) -> Result<SampleType, QueryError> {
    let profile = doc
        .profiles
        .get(query.profile)
        .ok_or(QueryError::NoSuchProfile(query.profile))?;
    Ok(match profile {
        Profile::Heap(p) => {
            let sample = heap_sample(p, query)?;
            SampleType::of(sample.name(), sample.unit())
        }
        Profile::Contention(_) => match contention_sample(query)? {
            ContentionSample::Delay => SampleType::of("delay", "nanoseconds"),
            ContentionSample::Contentions => SampleType::of("contentions", "count"),
        },
        Profile::ThreadCreate(_) => SampleType::of("threads", "count"),
        Profile::Race(_) => SampleType::of("racing accesses", "count"),
        Profile::Goroutine(_) => SampleType::of("goroutines", "count"),
        Profile::Samples(p) => {
            let t = &p.sample_types[samples_index(p, query)?];
            SampleType::of(&t.kind, &t.unit)
        }
    })
}

/// The weighted stacks (leaf first) the query selects.
pub fn weighted_stacks(
    doc: &Document,
    query: &ProfileQuery,
) -> Result<Vec<(Vec<FrameId>, i64)>, QueryError> {
    let profile = doc
        .profiles
        .get(query.profile)
        .ok_or(QueryError::NoSuchProfile(query.profile))?;
    let own = |it: &mut dyn Iterator<Item = (&[FrameId], i64)>| {
        it.map(|(s, w)| (s.to_vec(), w)).collect::<Vec<_>>()
    };
    let focus = tag_focus(query)?;
    if !focus.is_empty() {
        return focused_stacks(profile, query, &focus);
    }
    Ok(match profile {
        Profile::Heap(p) => {
            let sample = heap_sample(p, query)?;
            let scale = match query.scale.as_deref() {
                None | Some("unsampled") => HeapScale::Unsampled,
                Some("raw") => HeapScale::Raw,
                Some(s) => return Err(QueryError::UnknownScale(s.to_owned())),
            };
            own(&mut heap_stacks(p, sample, scale))
        }
        Profile::Contention(p) => own(&mut contention_stacks(p, contention_sample(query)?)),
        Profile::ThreadCreate(p) => p
            .records
            .iter()
            .map(|r| (r.frames.clone(), r.count))
            .collect(),
        Profile::Goroutine(p) => weighted_goroutine_stacks(p),
        // Each access of each report once: where the racing reads and writes are.
        Profile::Race(p) => p
            .reports
            .iter()
            .flat_map(|r| &r.accesses)
            .map(|a| (a.frames.clone(), 1))
            .collect(),
        Profile::Samples(p) => {
            let i = samples_index(p, query)?;
            p.samples
                .iter()
                .map(|s| (s.frames.clone(), s.values[i]))
                .collect()
        }
    })
}

/// Each goroutine (record) as its frames and count.
fn weighted_goroutine_stacks(p: &GoroutineProfile) -> Vec<(Vec<FrameId>, i64)> {
    p.goroutines
        .iter()
        .map(|g| {
            let frames = p
                .stacks
                .get(g.stack)
                .iter()
                .filter_map(StackEntry::frame)
                .collect();
            (frames, i64::try_from(g.count).unwrap_or(i64::MAX))
        })
        .collect()
}

/// The weighted stacks of the samples whose labels pass `focus` (pprof's `-tagfocus`).
fn focused_stacks(
    profile: &Profile,
    query: &ProfileQuery,
    focus: &[(&str, Vec<&str>)],
) -> Result<Vec<(Vec<FrameId>, i64)>, QueryError> {
    fn pairs(labels: &[(String, String)]) -> Vec<(&str, String)> {
        labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect()
    }
    Ok(match profile {
        Profile::Samples(p) => {
            let i = samples_index(p, query)?;
            p.samples
                .iter()
                .filter(|s| focused(focus, s.labels.iter().map(|(k, v)| (k.as_str(), v.text()))))
                .map(|s| (s.frames.clone(), s.values[i]))
                .collect()
        }
        Profile::Goroutine(p) => p
            .goroutines
            .iter()
            .zip(weighted_goroutine_stacks(p))
            .filter(|(g, _)| {
                let labels = g
                    .labels
                    .map_or(&[][..], |id| p.label_sets[id as usize].pairs.as_slice());
                focused(focus, pairs(labels).into_iter())
            })
            .map(|(_, stack)| stack)
            .collect(),
        Profile::Heap(p) => {
            let sample = heap_sample(p, query)?;
            let scale = match query.scale.as_deref() {
                None | Some("unsampled") => HeapScale::Unsampled,
                Some("raw") => HeapScale::Raw,
                Some(s) => return Err(QueryError::UnknownScale(s.to_owned())),
            };
            p.records
                .iter()
                .zip(heap_stacks(p, sample, scale))
                .filter(|(r, _)| focused(focus, pairs(&r.labels).into_iter()))
                .map(|(_, (s, w))| (s.to_vec(), w))
                .collect()
        }
        Profile::Contention(p) => p
            .records
            .iter()
            .zip(contention_stacks(p, contention_sample(query)?))
            .filter(|(r, _)| focused(focus, pairs(&r.labels).into_iter()))
            .map(|(_, (s, w))| (s.to_vec(), w))
            .collect(),
        // Race reports carry no labels.
        Profile::Race(_) => Vec::new(),
        Profile::ThreadCreate(_) => Vec::new(),
    })
}

impl crate::analysis::Analysis {
    /// [`top`] of this analysis's document: what the page asks for through the wasm edge
    /// and the CLI prints.
    pub fn top(&self, query: &ProfileQuery) -> Result<Aggregation, QueryError> {
        top(&self.document, query)
    }

    /// [`call_tree`] of this analysis's document.
    pub fn call_tree(&self, query: &ProfileQuery) -> Result<CallTree, QueryError> {
        call_tree(&self.document, query)
    }

    /// [`sample_type`] of this analysis's document.
    pub fn sample_type(&self, query: &ProfileQuery) -> Result<SampleType, QueryError> {
        sample_type(&self.document, query)
    }
}

/// Whether `name` is a sample type of some profile kind (`inuse_space`, `delay`, …): what
/// a `--sample` flag may say before any profile is read.
pub fn is_sample_name(name: &str) -> bool {
    HeapSample::from_name(name).is_some() || ContentionSample::from_name(name).is_some()
}

/// Flat and cumulative sums, like `go tool pprof -top`.
pub fn top(doc: &Document, query: &ProfileQuery) -> Result<Aggregation, QueryError> {
    let group_by = match query.group_by.as_deref() {
        None => AggregateBy::Function,
        Some(g) => {
            AggregateBy::from_name(g).ok_or_else(|| QueryError::UnknownGroupBy(g.to_owned()))?
        }
    };
    let stacks = weighted_stacks(doc, query)?;
    Ok(aggregate(
        &doc.frames,
        stacks.iter().map(|(s, w)| (s.as_slice(), *w)),
        group_by,
    ))
}

/// The call tree for a flame graph or icicle.
pub fn call_tree(doc: &Document, query: &ProfileQuery) -> Result<CallTree, QueryError> {
    let stacks = weighted_stacks(doc, query)?;
    let it = stacks.iter().map(|(s, w)| (s.as_slice(), *w));
    Ok(if query.merge_lines {
        CallTree::build_by_function(&doc.frames, it)
    } else {
        CallTree::build(it)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAP: &str = "heap profile: 1: 64 [2: 128] @ heap/2\n\
        1: 64 [2: 128] @ 0x1 0x2\n\
        #\t0x1\tpkg.Alloc+0x1\t/p.go:3\n\
        #\t0x2\tmain.main+0x1\t/m.go:9\n";

    #[test]
    fn heap_top_and_tree_follow_the_sample_choice() {
        let doc = crate::parse::parse_document(HEAP);
        let q = |sample: &str| ProfileQuery {
            sample: Some(sample.to_owned()),
            ..ProfileQuery::default()
        };
        let agg = top(&doc, &q("alloc_space")).unwrap();
        assert_eq!((agg.total, agg.rows[0].name.as_str()), (128, "pkg.Alloc"));
        let tree = call_tree(&doc, &q("inuse_objects")).unwrap();
        assert_eq!(tree.total_weights, vec![1, 1]);
        assert_eq!(
            top(&doc, &q("delay")),
            Err(QueryError::UnknownSample("delay".to_owned()))
        );
        let missing = ProfileQuery {
            profile: 3,
            ..ProfileQuery::default()
        };
        assert_eq!(top(&doc, &missing), Err(QueryError::NoSuchProfile(3)));
    }

    #[test]
    fn query_reads_camel_case_json() {
        let q: ProfileQuery = serde_json::from_str(
            r#"{"profile":1,"sample":"delay","groupBy":"package","mergeLines":true}"#,
        )
        .unwrap();
        assert_eq!(q.group_by.as_deref(), Some("package"));
        assert!(q.merge_lines);
    }
}
