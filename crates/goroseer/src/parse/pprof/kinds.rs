//! A decoded protobuf profile → the model, by its sample types:
//!
//! | sample types | model |
//! |---|---|
//! | `goroutine/count`, `goroutineleak/count` | [`GoroutineProfile`] of records, as debug=1 |
//! | `threadcreate/count` | [`ThreadCreateProfile`] |
//! | `alloc_objects`, `alloc_space`, `inuse_objects`, `inuse_space` | [`HeapProfile`] (already unsampled) |
//! | `contentions/count`, `delay/nanoseconds` | [`ContentionProfile`] (block or mutex) |
//! | `samples/count`, `cpu/nanoseconds` | [`SampleProfile`] of kind CPU |
//! | anything else | [`SampleProfile`] of kind other |

use rustc_hash::FxHashMap;

use super::{Decoded, Resolved};
use crate::model::contention::{ContentionKind, ContentionProfile, ContentionRecord};
use crate::model::goroutine::{
    Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, LabelSet, LabelSetId, StackEntry,
};
use crate::model::heap::{HeapFormat, HeapHeader, HeapProfile, HeapRecord, HeapSample, HeapValues};
use crate::model::samples::{Sample, SampleKind, SampleProfile, ValueType};
use crate::model::threadcreate::{ThreadCreateProfile, ThreadCreateRecord};
use crate::model::{Document, FrameTable, Profile};

/// The kind of model a profile with these sample types becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A goroutine or goroutineleak count profile.
    Goroutine,
    /// Threads created.
    ThreadCreate,
    /// Heap or allocs.
    Heap,
    /// Block or mutex.
    Contention,
    /// A CPU profile.
    Cpu,
    /// Any other.
    Other,
}

const HEAP_TYPES: [&str; 4] = [
    "alloc_objects",
    "alloc_space",
    "inuse_objects",
    "inuse_space",
];

/// Decides the kind from the sample types (`type/unit`), as pprof's own legacy readers do.
pub fn kind_of(types: &[ValueType]) -> Kind {
    let pairs: Vec<(&str, &str)> = types
        .iter()
        .map(|t| (t.kind.as_str(), t.unit.as_str()))
        .collect();
    match pairs.as_slice() {
        [("goroutine" | "goroutineleak", "count")] => Kind::Goroutine,
        [("threadcreate", "count")] => Kind::ThreadCreate,
        [("contentions", "count"), ("delay", "nanoseconds")] => Kind::Contention,
        _ if pairs.contains(&("cpu", "nanoseconds")) => Kind::Cpu,
        _ if pairs.iter().all(|(t, _)| HEAP_TYPES.contains(t))
            && pairs
                .iter()
                .any(|(t, _)| matches!(*t, "inuse_space" | "alloc_space")) =>
        {
            Kind::Heap
        }
        _ => Kind::Other,
    }
}

/// The document of a decoded profile: its one profile, its frames and its facts.
pub fn into_document(decoded: Decoded) -> Document {
    let Decoded {
        info,
        samples,
        mut frames,
        diagnostics,
    } = decoded;
    let profile = match kind_of(&info.sample_types) {
        Kind::Goroutine => {
            let name = info.sample_types[0].kind.clone();
            Profile::Goroutine(Box::new(goroutines(name, &samples, diagnostics)))
        }
        Kind::ThreadCreate => Profile::ThreadCreate(threadcreate(&samples, diagnostics)),
        Kind::Heap => Profile::Heap(heap(
            &info.sample_types,
            info.period,
            info.default_sample_type.as_deref(),
            samples,
            diagnostics,
        )),
        Kind::Contention => Profile::Contention(contention(&frames, samples, diagnostics)),
        kind @ (Kind::Cpu | Kind::Other) => Profile::Samples(sample_profile(
            kind,
            &info.sample_types,
            info.default_sample_type.as_deref(),
            samples,
            diagnostics,
        )),
    };
    let main_module = frames.classify_main_module();
    Document {
        frames,
        profiles: vec![profile],
        diagnostics: Vec::new(),
        text: Default::default(),
        log_prefix: None,
        main_module,
        profile_times: vec![None],
        pprof: Some(info),
        known_text: None,
    }
}

/// String labels as a goroutine label set, sorted by key like debug=1 prints them;
/// numeric labels with their unit.
fn label_pairs(sample: &Resolved) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = sample
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), v.text()))
        .collect();
    crate::order::sort(&mut pairs);
    pairs
}

fn goroutines(
    name: String,
    samples: &[Resolved],
    diagnostics: Vec<crate::model::Diagnostic>,
) -> GoroutineProfile {
    let mut profile = GoroutineProfile::new(GoroutineFormat::Debug1, 1);
    profile.name = name;
    profile.states.push(String::new());
    profile.diagnostics = diagnostics;
    let mut sets: FxHashMap<Vec<(String, String)>, LabelSetId> = FxHashMap::default();
    let mut stack = Vec::new();
    for (number, sample) in samples.iter().enumerate() {
        let pairs = label_pairs(sample);
        let labels = (!pairs.is_empty()).then(|| {
            *sets.entry(pairs.clone()).or_insert_with(|| {
                profile.label_sets.push(LabelSet { pairs });
                profile.label_sets.len() as LabelSetId - 1
            })
        });
        stack.clear();
        stack.extend(sample.frames.iter().map(|&frame| StackEntry::Call {
            frame,
            offset: None,
            inlined: false,
        }));
        profile.goroutines.push(Goroutine {
            id: 0,
            count: u64::try_from(sample.values[0]).unwrap_or(0),
            state: 0,
            wait_minutes: 0,
            flags: GoroutineFlags::default(),
            labels,
            stack: profile.stacks.intern(&stack),
            span: (0, 0),
            created_by: None,
            rare: None,
            // Protobuf has no lines: the 1-based sample number stands for one.
            line: number as u32 + 1,
        });
    }
    profile.header_total = Some(profile.total());
    profile
}

fn threadcreate(
    samples: &[Resolved],
    diagnostics: Vec<crate::model::Diagnostic>,
) -> ThreadCreateProfile {
    let records: Vec<ThreadCreateRecord> = samples
        .iter()
        .enumerate()
        .map(|(i, s)| ThreadCreateRecord {
            line: i + 1,
            count: s.values[0],
            addresses: s.addresses.clone(),
            frames: s.frames.clone(),
        })
        .collect();
    let mut profile = ThreadCreateProfile {
        line: 1,
        total: 0,
        records,
        diagnostics,
        header_cut: false,
    };
    profile.total = profile.sum_of_counts();
    profile
}

fn heap(
    types: &[ValueType],
    period: i64,
    default_type: Option<&str>,
    samples: Vec<Resolved>,
    diagnostics: Vec<crate::model::Diagnostic>,
) -> HeapProfile {
    let index = |name: &str| types.iter().position(|t| t.kind == name);
    let [ao, as_, io, is] = HEAP_TYPES.map(index);
    let value = |s: &Resolved, i: Option<usize>| i.map_or(0, |i| s.values[i]);
    let mut totals = HeapValues::default();
    let records: Vec<HeapRecord> = samples
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let values = HeapValues {
                inuse_objects: value(&s, io),
                inuse_space: value(&s, is),
                alloc_objects: value(&s, ao),
                alloc_space: value(&s, as_),
            };
            totals.add(&values);
            HeapRecord {
                line: i + 1,
                raw: values,
                unsampled: values,
                labels: label_pairs(&s),
                addresses: s.addresses,
                frames: s.frames,
            }
        })
        .collect();
    HeapProfile {
        line: 1,
        header: HeapHeader {
            values: totals,
            format: HeapFormat::Pprof,
            rate_field: (period > 0).then_some(period),
        },
        records,
        memstats: None,
        diagnostics,
        // `allocs` says `alloc_space`; `heap` writes none and opens on `inuse_space`.
        default_sample: default_type
            .and_then(HeapSample::from_name)
            .unwrap_or(HeapSample::InuseSpace),
        header_cut: false,
    }
}

/// Block or mutex: the protobuf does not say. Go's mutex profile charges contention to
/// the unlocking call, so its stacks start in `Unlock`/`unlock` functions, while the
/// block profile's start where goroutines waited (`Lock`, `chanrecv`, `selectgo`, `Wait`):
/// the kind is the one most of the delay points to.
fn contention(
    frames: &FrameTable,
    samples: Vec<Resolved>,
    diagnostics: Vec<crate::model::Diagnostic>,
) -> ContentionProfile {
    let unlocks = |s: &Resolved| {
        s.frames.iter().take(3).any(|&f| {
            let function = &frames.get(f).function;
            let last = function.rsplit('.').next().unwrap_or(function);
            last.contains("nlock")
        })
    };
    let (mut mutex, mut block) = (0i64, 0i64);
    for s in &samples {
        let weight = s.values[1].max(1);
        if unlocks(s) {
            mutex = mutex.saturating_add(weight);
        } else {
            block = block.saturating_add(weight);
        }
    }
    let records = samples
        .into_iter()
        .enumerate()
        .map(|(i, s)| ContentionRecord {
            line: i + 1,
            // Delay in nanoseconds, with `cycles_per_second` 1e9: one cycle is 1 ns.
            cycles: s.values[1],
            count: s.values[0],
            labels: label_pairs(&s),
            addresses: s.addresses,
            frames: s.frames,
        })
        .collect();
    ContentionProfile {
        line: 1,
        kind: if mutex > block {
            ContentionKind::Mutex
        } else {
            ContentionKind::Block
        },
        cycles_per_second: Some(1_000_000_000),
        sampling_period: None,
        attributes: Vec::new(),
        records,
        diagnostics,
        header_cut: false,
    }
}

fn sample_profile(
    kind: Kind,
    types: &[ValueType],
    default_type: Option<&str>,
    samples: Vec<Resolved>,
    diagnostics: Vec<crate::model::Diagnostic>,
) -> SampleProfile {
    let default_sample = default_type
        .and_then(|name| types.iter().position(|t| t.kind == name))
        .unwrap_or(types.len().saturating_sub(1));
    SampleProfile {
        kind: if kind == Kind::Cpu {
            SampleKind::Cpu
        } else {
            SampleKind::Other
        },
        sample_types: types.to_vec(),
        default_sample,
        samples: samples
            .into_iter()
            .map(|s| Sample {
                frames: s.frames,
                values: s.values,
                labels: s.labels,
            })
            .collect(),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(pairs: &[(&str, &str)]) -> Vec<ValueType> {
        pairs
            .iter()
            .map(|(t, u)| ValueType {
                kind: (*t).to_owned(),
                unit: (*u).to_owned(),
            })
            .collect()
    }

    #[test]
    fn kinds_by_sample_types() {
        assert_eq!(kind_of(&types(&[("goroutine", "count")])), Kind::Goroutine);
        assert_eq!(
            kind_of(&types(&[("goroutineleak", "count")])),
            Kind::Goroutine
        );
        assert_eq!(
            kind_of(&types(&[("threadcreate", "count")])),
            Kind::ThreadCreate
        );
        let heap = [
            ("alloc_objects", "count"),
            ("alloc_space", "bytes"),
            ("inuse_objects", "count"),
            ("inuse_space", "bytes"),
        ];
        assert_eq!(kind_of(&types(&heap)), Kind::Heap);
        let block = [("contentions", "count"), ("delay", "nanoseconds")];
        assert_eq!(kind_of(&types(&block)), Kind::Contention);
        let cpu = [("samples", "count"), ("cpu", "nanoseconds")];
        assert_eq!(kind_of(&types(&cpu)), Kind::Cpu);
        assert_eq!(kind_of(&types(&[("wall", "nanoseconds")])), Kind::Other);
        assert_eq!(kind_of(&types(&[("inuse_objects", "count")])), Kind::Other);
    }
}
