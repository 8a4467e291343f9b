//! Profiles compared function by function, the way `go tool pprof -base OLD NEW -top`
//! compares two profiles: for every sample type, each function's flat and cumulative value
//! in every profile, and how much they moved from the first profile to the last.
//!
//! Profiles are compared within a family of one kind (CPU with CPU, heap with heap, block
//! with block, …), text or protobuf alike: heap values are pprof's unsampled estimates,
//! contention delay is in nanoseconds, so a debug=1 dump and a `.pb.gz` of one program
//! compare. A family needs two profiles at least. Sample types are those every profile of
//! the family has, by name (`samples` and `cpu` for CPU profiles).

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Input;
use crate::analysis::aggregate::{
    aggregate, contention_stacks, heap_stacks, AggregateBy, ContentionSample, HeapScale,
};
use crate::model::heap::HeapSample;
use crate::model::samples::SampleKind;
use crate::model::{FrameId, FrameTable, Profile};

/// At most this many functions per sample type are kept (those that moved most); the
/// number there were is said beside them.
pub const FUNCTION_LIMIT: usize = 1000;

/// One profile of a family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSnapshot {
    /// Index of the input it comes from.
    pub input: usize,
    /// Name of that input.
    pub name: String,
    /// The dump's name for a person, distinct from the other dumps' (the report's
    /// `layout.dumps`: ` (K)` when inputs share a name, ` #N` when one holds several).
    pub dump: String,
    /// Index of the profile among that input's `profiles`.
    pub profile: usize,
}

/// Profiles of one kind compared by function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileComparison {
    /// `cpu`, `samples` (another protobuf sample profile), `heap`, `block` or `mutex`.
    pub kind: &'static str,
    /// The profiles, in input order: every series below has one value per snapshot.
    pub snapshots: Vec<ProfileSnapshot>,
    /// One comparison per sample type every profile has, in the first profile's order.
    pub sample_types: Vec<SampleTypeComparison>,
    /// The sample type pprof shows by default (an index into `sample_types`).
    pub default_sample_type: usize,
}

/// One sample type compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleTypeComparison {
    /// `samples`, `cpu`, `inuse_space`, `delay`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// `count`, `nanoseconds`, `bytes`.
    pub unit: String,
    /// Sum over all samples, per snapshot.
    pub totals: Vec<i64>,
    /// Functions that appear in any profile, those whose flat value moved most first
    /// (pprof's order for `-base`: absolute flat, then absolute cum, then name); at most
    /// [`FUNCTION_LIMIT`].
    pub functions: Vec<FunctionSeries>,
    /// How many functions there were before the limit.
    pub function_count: usize,
}

/// One function followed across the profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSeries {
    /// The function's name as the profiles print it.
    pub function: String,
    /// Flat value per snapshot.
    pub flat: Vec<i64>,
    /// Cumulative value per snapshot.
    pub cum: Vec<i64>,
    /// Last flat minus first flat: `pprof -base FIRST LAST`'s flat.
    pub flat_delta: i64,
    /// Last cum minus first cum: `pprof -base FIRST LAST`'s cum.
    pub cum_delta: i64,
}

/// Profiles of one kind being gathered: its sample types `(name, unit)`, the default's
/// index, and its members (document frames, profile, snapshot).
struct Family<'a> {
    kind: &'static str,
    types: Vec<(String, String)>,
    default: usize,
    members: Vec<Member<'a>>,
}

type Member<'a> = (&'a FrameTable, &'a Profile, ProfileSnapshot);

/// The family a profile belongs to, without members yet; `None` for profiles not compared
/// by function (goroutines, threads, races).
fn family<'a>(profile: &Profile) -> Option<Family<'a>> {
    let owned = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, u)| ((*k).to_owned(), (*u).to_owned()))
            .collect::<Vec<_>>()
    };
    let (kind, types, default) = match profile {
        Profile::Samples(p) => (
            match p.kind {
                SampleKind::Cpu => "cpu",
                SampleKind::Other => "samples",
            },
            p.sample_types
                .iter()
                .map(|t| (t.kind.clone(), t.unit.clone()))
                .collect(),
            p.default_sample,
        ),
        Profile::Heap(p) => {
            let types = HeapSample::ALL.map(|s| (s.name(), s.unit()));
            let default = HeapSample::ALL.iter().position(|s| *s == p.default_sample);
            ("heap", owned(&types), default.unwrap_or(0))
        }
        Profile::Contention(p) => (
            p.kind.name(),
            owned(&[("contentions", "count"), ("delay", "nanoseconds")]),
            1,
        ),
        Profile::Goroutine(_) | Profile::ThreadCreate(_) | Profile::Race(_) => return None,
    };
    Some(Family {
        kind,
        types,
        default,
        members: Vec::new(),
    })
}

/// The weighted stacks of `profile` for the sample type named `kind`.
fn stacks<'p>(profile: &'p Profile, kind: &str) -> Vec<(&'p [FrameId], i64)> {
    match profile {
        Profile::Samples(p) => match p.sample_index(kind) {
            Some(i) => p
                .samples
                .iter()
                .map(|s| (s.frames.as_slice(), s.values.get(i).copied().unwrap_or(0)))
                .collect(),
            None => Vec::new(),
        },
        Profile::Heap(p) => match HeapSample::from_name(kind) {
            Some(sample) => heap_stacks(p, sample, HeapScale::Unsampled).collect(),
            None => Vec::new(),
        },
        Profile::Contention(p) => match ContentionSample::from_name(kind) {
            Some(sample) => contention_stacks(p, sample).collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Compares, family by family, the profiles of `inputs` that have one at least twice.
pub(super) fn compare(inputs: &[Input<'_>]) -> Vec<ProfileComparison> {
    let mut families: Vec<Family<'_>> = Vec::new();
    for (input_index, input) in inputs.iter().enumerate() {
        for (profile_index, profile) in input.document.profiles.iter().enumerate() {
            let Some(new) = family(profile) else {
                continue;
            };
            let snapshot = ProfileSnapshot {
                input: input_index,
                name: input.name.to_owned(),
                dump: Input::dump_name(inputs, input_index, profile_index),
                profile: profile_index,
            };
            let member = (&input.document.frames, profile, snapshot);
            match families.iter_mut().find(|f| f.kind == new.kind) {
                Some(f) => {
                    // Only the sample types every profile of the family has.
                    let default = f.types.get(f.default).map(|t| t.0.clone());
                    f.types.retain(|t| new.types.contains(t));
                    f.default = f
                        .types
                        .iter()
                        .position(|t| Some(&t.0) == default.as_ref())
                        .unwrap_or(0);
                    f.members.push(member);
                }
                None => families.push(Family {
                    members: vec![member],
                    ..new
                }),
            }
        }
    }
    families
        .into_iter()
        .filter(|f| f.members.len() >= 2 && !f.types.is_empty())
        .map(|f| ProfileComparison {
            kind: f.kind,
            sample_types: f
                .types
                .into_iter()
                .map(|(name, unit)| compare_type(&f.members, name, unit))
                .collect(),
            snapshots: f.members.into_iter().map(|m| m.2).collect(),
            default_sample_type: f.default,
        })
        .collect()
}

/// One sample type of a family's profiles, function by function.
fn compare_type(members: &[Member<'_>], kind: String, unit: String) -> SampleTypeComparison {
    let n = members.len();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut series: Vec<FunctionSeries> = Vec::new();
    let mut totals = Vec::with_capacity(n);
    for (s, (frames, profile, _)) in members.iter().enumerate() {
        let agg = aggregate(frames, stacks(profile, &kind), AggregateBy::Function);
        totals.push(agg.total);
        for row in agg.rows {
            let next = series.len();
            let at = *index.entry(row.name.clone()).or_insert(next);
            if at == next {
                series.push(FunctionSeries {
                    function: row.name,
                    flat: vec![0; n],
                    cum: vec![0; n],
                    flat_delta: 0,
                    cum_delta: 0,
                });
            }
            series[at].flat[s] = row.flat;
            series[at].cum[s] = row.cum;
        }
    }
    let delta = |v: &[i64]| {
        v.last()
            .copied()
            .unwrap_or(0)
            .saturating_sub(v.first().copied().unwrap_or(0))
    };
    for f in &mut series {
        f.flat_delta = delta(&f.flat);
        f.cum_delta = delta(&f.cum);
    }
    crate::order::sort_by(&mut series, |a, b| {
        b.flat_delta
            .unsigned_abs()
            .cmp(&a.flat_delta.unsigned_abs())
            .then(b.cum_delta.unsigned_abs().cmp(&a.cum_delta.unsigned_abs()))
            .then_with(|| a.function.cmp(&b.function))
    });
    let function_count = series.len();
    series.truncate(FUNCTION_LIMIT);
    SampleTypeComparison {
        kind,
        unit,
        totals,
        functions: series,
        function_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, Options};

    const OLD: &str = "heap profile: 2: 64 [2: 64] @ heap/2\n\
        1: 32 [1: 32] @ 0x1 0x3\n\
        #\t0x1\tpkg.A+0x1\t/p.go:3\n\
        #\t0x3\tmain.main+0x1\t/m.go:9\n\
        1: 32 [1: 32] @ 0x2 0x3\n\
        #\t0x2\tpkg.B+0x1\t/p.go:7\n\
        #\t0x3\tmain.main+0x1\t/m.go:9\n";

    const NEW: &str = "heap profile: 3: 160 [3: 160] @ heap/2\n\
        3: 160 [3: 160] @ 0x2 0x3\n\
        #\t0x2\tpkg.B+0x1\t/p.go:7\n\
        #\t0x3\tmain.main+0x1\t/m.go:9\n";

    #[test]
    fn heap_profiles_by_function_like_pprof_base() {
        let old = Analysis::new(crate::parse::parse_document(OLD), &Options::default());
        let new = Analysis::new(crate::parse::parse_document(NEW), &Options::default());
        let inputs = [Input::of("old", &old), Input::of("new", &new)];
        let families = compare(&inputs);
        assert_eq!(families.len(), 1);
        let heap = &families[0];
        assert_eq!((heap.kind, heap.snapshots.len()), ("heap", 2));
        let inuse = &heap.sample_types[heap.default_sample_type];
        assert_eq!(inuse.kind, "inuse_space");
        assert_eq!(inuse.totals, [64, 160]);
        let row = |name: &str| inuse.functions.iter().find(|f| f.function == name).unwrap();
        assert_eq!(
            (row("pkg.B").flat_delta, row("pkg.B").cum_delta),
            (128, 128)
        );
        assert_eq!((row("pkg.A").flat_delta, row("pkg.A").flat[1]), (-32, 0));
        assert_eq!(row("main.main").cum_delta, 96);
        assert_eq!(inuse.functions[0].function, "pkg.B");
        // One profile alone is no comparison.
        assert!(compare(&inputs[..1]).is_empty());
    }

    /// A one-sample protobuf profile of sample type `kind`/`count`.
    fn samples_profile(kind: &str) -> Analysis {
        use crate::parse::pprof::proto;
        use prost::Message;
        let strings = ["", kind, "count", "main.f"];
        let p = proto::Profile {
            sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
            sample: vec![proto::Sample {
                location_id: vec![1],
                value: vec![5],
                label: Vec::new(),
            }],
            location: vec![proto::Location {
                id: 1,
                line: vec![proto::Line {
                    function_id: 1,
                    line: 3,
                }],
                ..Default::default()
            }],
            function: vec![proto::Function {
                id: 1,
                name: 3,
                ..Default::default()
            }],
            string_table: strings.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let document = crate::parse::pprof::parse(&p.encode_to_vec()).unwrap();
        Analysis::new(document, &Options::default())
    }

    #[test]
    fn profiles_with_no_sample_type_in_common_are_not_compared() {
        let [a, b, c] = ["wall", "alloc", "wall"].map(samples_profile);
        let inputs = [Input::of("a", &a), Input::of("b", &b), Input::of("c", &c)];
        assert!(compare(&inputs).is_empty());
        let same = compare(&[inputs[0], inputs[2]]);
        assert_eq!(same[0].sample_types[0].functions[0].flat, [5, 5]);
    }
}
