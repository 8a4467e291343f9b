//! Any profile of a document as a pprof protobuf profile (not gzipped: the edges gzip it):
//! a debug=2 goroutine dump becomes a goroutine profile with one sample per goroutine (its
//! stack and labels), debug=1 records keep their counts, heap and allocs keep the four
//! unsampled values, block and mutex their contentions and delay in nanoseconds (as the Go
//! runtime writes them), threadcreate its counts, and a protobuf profile read earlier is
//! written again. `go tool pprof` reads the result with the same totals.

use rustc_hash::FxHashMap;

use prost::Message;

use crate::model::goroutine::StackEntry;
use crate::model::samples::LabelValue;
use crate::model::{Document, FrameId, Profile};
use crate::parse::pprof::proto;

/// String table, functions and locations of the profile being written.
#[derive(Default)]
struct Builder {
    strings: Vec<String>,
    string_ids: FxHashMap<String, i64>,
    functions: Vec<proto::Function>,
    function_ids: FxHashMap<(i64, i64), u64>,
    locations: Vec<proto::Location>,
    location_ids: FxHashMap<FrameId, u64>,
    samples: Vec<proto::Sample>,
}

impl Builder {
    fn new() -> Builder {
        let mut b = Builder::default();
        b.string("");
        b
    }

    fn string(&mut self, s: &str) -> i64 {
        if let Some(&id) = self.string_ids.get(s) {
            return id;
        }
        let id = self.strings.len() as i64;
        self.strings.push(s.to_owned());
        self.string_ids.insert(s.to_owned(), id);
        id
    }

    fn value_type(&mut self, kind: &str, unit: &str) -> proto::ValueType {
        proto::ValueType {
            r#type: self.string(kind),
            unit: self.string(unit),
        }
    }

    /// One location per frame: a frame named by its address (no symbol) keeps the address
    /// and no line; any other has one line of its function.
    fn location(&mut self, doc: &Document, frame: FrameId) -> u64 {
        if let Some(&id) = self.location_ids.get(&frame) {
            return id;
        }
        let f = doc.frames.get(frame);
        let id = self.locations.len() as u64 + 1;
        let unsymbolized = f.file.is_empty() && f.function.starts_with("0x");
        let location = if unsymbolized {
            proto::Location {
                id,
                address: u64::from_str_radix(&f.function[2..], 16).unwrap_or(0),
                ..Default::default()
            }
        } else {
            let key = (self.string(&f.function), self.string(&f.file));
            let next = self.functions.len() as u64 + 1;
            let function_id = *self.function_ids.entry(key).or_insert(next);
            if function_id == next {
                self.functions.push(proto::Function {
                    id: next,
                    name: key.0,
                    system_name: key.0,
                    filename: key.1,
                    start_line: 0,
                });
            }
            proto::Location {
                id,
                line: vec![proto::Line {
                    function_id,
                    line: i64::from(f.line),
                }],
                ..Default::default()
            }
        };
        self.locations.push(location);
        self.location_ids.insert(frame, id);
        id
    }

    fn sample(
        &mut self,
        doc: &Document,
        frames: &[FrameId],
        value: Vec<i64>,
        labels: &[(String, LabelValue)],
    ) {
        let location_id = frames.iter().map(|&f| self.location(doc, f)).collect();
        let label = labels
            .iter()
            .map(|(k, v)| match v {
                LabelValue::Str(s) => proto::Label {
                    key: self.string(k),
                    str: self.string(s),
                    ..Default::default()
                },
                LabelValue::Num { value, unit } => proto::Label {
                    key: self.string(k),
                    num: *value,
                    num_unit: if unit.is_empty() {
                        0
                    } else {
                        self.string(unit)
                    },
                    ..Default::default()
                },
            })
            .collect();
        self.samples.push(proto::Sample {
            location_id,
            value,
            label,
        });
    }
}

fn string_labels(pairs: &[(String, String)]) -> Vec<(String, LabelValue)> {
    pairs
        .iter()
        .map(|(k, v)| (k.clone(), LabelValue::Str(v.clone())))
        .collect()
}

/// Profile `index` of `doc` as pprof protobuf bytes; `None` when there is no such profile.
pub fn to_pprof(doc: &Document, index: usize) -> Option<Vec<u8>> {
    let profile = doc.profiles.get(index)?;
    let mut b = Builder::new();
    let (types, period_type, period): (Vec<(String, String)>, (String, String), i64) = match profile
    {
        // Race reports are pairs of accesses, not samples: pprof has no form for them.
        Profile::Race(_) => return None,
        Profile::Goroutine(p) => {
            let labels = |g: &crate::model::goroutine::Goroutine| {
                g.labels
                    .map(|id| string_labels(&p.label_sets[id as usize].pairs))
                    .unwrap_or_default()
            };
            for g in &p.goroutines {
                let frames: Vec<FrameId> = p
                    .stacks
                    .get(g.stack)
                    .iter()
                    .filter_map(StackEntry::frame)
                    .collect();
                let count = i64::try_from(g.count).unwrap_or(i64::MAX);
                b.sample(doc, &frames, vec![count], &labels(g));
            }
            let t = (p.name.clone(), "count".to_owned());
            (vec![t.clone()], t, 1)
        }
        Profile::Heap(p) => {
            for r in &p.records {
                let u = &r.unsampled;
                let values = vec![
                    u.alloc_objects,
                    u.alloc_space,
                    u.inuse_objects,
                    u.inuse_space,
                ];
                b.sample(doc, &r.frames, values, &string_labels(&r.labels));
            }
            let types = [
                ("alloc_objects", "count"),
                ("alloc_space", "bytes"),
                ("inuse_objects", "count"),
                ("inuse_space", "bytes"),
            ]
            .map(|(t, u)| (t.to_owned(), u.to_owned()))
            .to_vec();
            let rate = p.header.sampling_rate().max(1);
            (types, ("space".to_owned(), "bytes".to_owned()), rate)
        }
        Profile::Contention(p) => {
            for r in &p.records {
                let v = p.values(r);
                b.sample(
                    doc,
                    &r.frames,
                    vec![v.contentions, v.delay],
                    &string_labels(&r.labels),
                );
            }
            let types = vec![
                ("contentions".to_owned(), "count".to_owned()),
                ("delay".to_owned(), "nanoseconds".to_owned()),
            ];
            (types, ("contentions".to_owned(), "count".to_owned()), 1)
        }
        Profile::ThreadCreate(p) => {
            for r in &p.records {
                b.sample(doc, &r.frames, vec![r.count], &[]);
            }
            let t = ("threadcreate".to_owned(), "count".to_owned());
            (vec![t.clone()], t, 1)
        }
        Profile::Samples(p) => {
            for s in &p.samples {
                b.sample(doc, &s.frames, s.values.clone(), &s.labels);
            }
            let types = p
                .sample_types
                .iter()
                .map(|t| (t.kind.clone(), t.unit.clone()))
                .collect();
            let info = doc.pprof.as_ref();
            let period_type = info
                .and_then(|i| i.period_type.as_ref())
                .map_or((String::new(), String::new()), |t| {
                    (t.kind.clone(), t.unit.clone())
                });
            (types, period_type, info.map_or(0, |i| i.period))
        }
    };
    let sample_type = types.iter().map(|(t, u)| b.value_type(t, u)).collect();
    let period_type = Some(b.value_type(&period_type.0, &period_type.1));
    let info = doc.pprof.as_ref();
    let message = proto::Profile {
        sample_type,
        sample: std::mem::take(&mut b.samples),
        location: std::mem::take(&mut b.locations),
        function: std::mem::take(&mut b.functions),
        period_type,
        period,
        time_nanos: info.map_or(0, |i| i.time_nanos),
        duration_nanos: info.map_or(0, |i| i.duration_nanos),
        default_sample_type: match info.and_then(|i| i.default_sample_type.as_deref()) {
            Some(name) => b.string(name),
            None => 0,
        },
        string_table: std::mem::take(&mut b.strings),
        ..Default::default()
    };
    Some(message.encode_to_vec())
}
