//! pprof's protobuf profiles (`/debug/pprof/*` without `?debug=`, `go test -cpuprofile`,
//! `pprof.StartCPUProfile`): bytes → the same model as the text forms.
//!
//! The message is decoded whole with prost ([`proto`]); only then are string indices
//! resolved (Go writes the string table last) and locations turned into frames: a
//! location's lines are its inlined calls, callee first, so they are expanded in order;
//! a location without lines is named by its address. The profile's kind is decided by
//! its sample types ([`kinds`]); what the file says about itself is kept in
//! [`PprofInfo`]. Nothing here panics on input: a file that is not a profile, or is cut
//! or corrupted, is an [`Error`] saying what was wrong; dangling ids and string indices
//! become diagnostics and the rest is read.

pub mod kinds;
pub mod proto;
pub mod prune;

use std::fmt;

use prost::Message;
use rustc_hash::FxHashMap;

use crate::model::samples::{LabelValue, PprofInfo, ValueType};
use crate::model::{Diagnostic, Document, FrameId, FrameTable};

/// Why bytes could not be read as a pprof profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The bytes are not a well-formed protobuf message (cut or corrupted): prost's reason.
    Malformed(String),
    /// A well-formed message that is not a profile: no sample types, or a string table
    /// whose first entry is not empty.
    NotAProfile(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Malformed(why) => write!(f, "not a readable pprof profile: {why}"),
            Error::NotAProfile(why) => write!(f, "not a pprof profile: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// One decoded sample, resolved: frames leaf first, a value per sample type, labels.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Frames, leaf first.
    pub frames: Vec<FrameId>,
    /// Return addresses of the sample's locations, leaf first.
    pub addresses: Vec<u64>,
    /// One value per sample type (padded with zeros when the file wrote fewer).
    pub values: Vec<i64>,
    /// Labels in written order.
    pub labels: Vec<(String, LabelValue)>,
}

/// A decoded profile with its strings and locations resolved.
#[derive(Debug)]
pub struct Decoded {
    /// What the file says about itself.
    pub info: PprofInfo,
    /// The samples, in written order.
    pub samples: Vec<Resolved>,
    /// Frames of every sample.
    pub frames: FrameTable,
    /// Dangling references and other damage that could be read around.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes` (not gzipped) as a pprof profile into a [`Document`] holding its one
/// profile, mapped by kind ([`kinds::into_profile`]).
pub fn parse(bytes: &[u8]) -> Result<Document, Error> {
    let decoded = decode(bytes)?;
    Ok(kinds::into_document(decoded))
}

/// Decodes and resolves `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let profile = proto::Profile::decode(bytes).map_err(|e| Error::Malformed(e.to_string()))?;
    if profile.string_table.first().is_some_and(|s| !s.is_empty()) {
        return Err(Error::NotAProfile(
            "its string table does not start with \"\"",
        ));
    }
    if profile.sample_type.is_empty() {
        return Err(Error::NotAProfile("it declares no sample type"));
    }
    Ok(Resolver::new(&profile).resolve(&profile))
}

/// String indices resolved against the table, counting the ones out of range.
struct Strings<'p> {
    table: &'p [String],
    out_of_range: std::cell::Cell<usize>,
}

impl<'p> Strings<'p> {
    fn get(&self, index: i64) -> &'p str {
        match usize::try_from(index).ok().and_then(|i| self.table.get(i)) {
            Some(s) => s,
            None => {
                self.out_of_range.set(self.out_of_range.get() + 1);
                ""
            }
        }
    }

    fn value_type(&self, t: &proto::ValueType) -> ValueType {
        ValueType {
            kind: self.get(t.r#type).to_owned(),
            unit: self.get(t.unit).to_owned(),
        }
    }

    fn optional(&self, index: i64) -> Option<String> {
        (index != 0).then(|| self.get(index).to_owned())
    }
}

struct Resolver<'p> {
    strings: Strings<'p>,
    frames: FrameTable,
    /// Location id → (its frames, callee first; its address; what `drop_frames` cuts).
    locations: FxHashMap<u64, (Vec<FrameId>, u64, prune::Cut)>,
    unsymbolized: usize,
    missing_functions: usize,
}

impl<'p> Resolver<'p> {
    fn new(profile: &'p proto::Profile) -> Self {
        Resolver {
            strings: Strings {
                table: &profile.string_table,
                out_of_range: std::cell::Cell::new(0),
            },
            frames: FrameTable::default(),
            locations: FxHashMap::default(),
            unsymbolized: 0,
            missing_functions: 0,
        }
    }

    fn resolve(mut self, profile: &'p proto::Profile) -> Decoded {
        let functions: FxHashMap<u64, &proto::Function> =
            profile.function.iter().map(|f| (f.id, f)).collect();
        let mut diagnostics = Vec::new();
        let s = &self.strings;
        let pruner = prune::Pruner::new(
            (profile.drop_frames != 0).then(|| s.get(profile.drop_frames)),
            (profile.keep_frames != 0).then(|| s.get(profile.keep_frames)),
        )
        .unwrap_or_else(|why| {
            diagnostics.push(Diagnostic {
                line: 1,
                message: format!("{why}: no frame is dropped"),
            });
            None
        });
        for location in &profile.location {
            let cut = pruner.as_ref().map_or(prune::Cut::Keep, |p| {
                p.cut(location, |line| {
                    functions
                        .get(&line.function_id)
                        .map_or("", |f| self.strings.get(f.name))
                })
            });
            let lines = match cut {
                prune::Cut::Beneath { lines } => &location.line[lines..],
                _ => &location.line[..],
            };
            let frames = self.location_frames(location, lines, &functions);
            self.locations
                .insert(location.id, (frames, location.address, cut));
        }
        let types = profile.sample_type.len();
        let mut cuts = Vec::new();
        let mut missing_locations = 0usize;
        let mut short_values = 0usize;
        let mut samples = Vec::with_capacity(profile.sample.len());
        for sample in &profile.sample {
            let mut frames = Vec::new();
            let mut addresses = Vec::with_capacity(sample.location_id.len());
            let mut ids = &sample.location_id[..];
            if pruner.is_some() {
                cuts.clear();
                cuts.extend(ids.iter().map(|id| {
                    self.locations
                        .get(id)
                        .map_or(prune::Cut::Keep, |location| location.2)
                }));
                ids = &ids[prune::first_kept(&cuts)..];
            }
            for id in ids {
                match self.locations.get(id) {
                    Some((f, address, _)) => {
                        frames.extend_from_slice(f);
                        addresses.push(*address);
                    }
                    None => {
                        missing_locations += 1;
                        let name = format!("location {id} (missing)");
                        frames.push(self.frames.intern(&name, "", 0));
                        addresses.push(0);
                    }
                }
            }
            let mut values = sample.value.clone();
            if values.len() != types {
                short_values += 1;
                values.resize(types, 0);
            }
            let labels = sample
                .label
                .iter()
                .map(|l| {
                    let key = self.strings.get(l.key).to_owned();
                    // Go writes string labels (`pprof.Do`) by their string index: an
                    // empty value is index 0, like a numeric label's zero fields.
                    // A label with neither a number nor a unit is a string.
                    let value = if l.str != 0 || (l.num == 0 && l.num_unit == 0) {
                        LabelValue::Str(self.strings.get(l.str).to_owned())
                    } else {
                        LabelValue::Num {
                            value: l.num,
                            unit: self.strings.get(l.num_unit).to_owned(),
                        }
                    };
                    (key, value)
                })
                .collect();
            samples.push(Resolved {
                frames,
                addresses,
                values,
                labels,
            });
        }
        let s = &self.strings;
        let info = PprofInfo {
            sample_types: profile
                .sample_type
                .iter()
                .map(|t| s.value_type(t))
                .collect(),
            period_type: profile.period_type.as_ref().map(|t| s.value_type(t)),
            period: profile.period,
            time_nanos: profile.time_nanos,
            duration_nanos: profile.duration_nanos,
            default_sample_type: s.optional(profile.default_sample_type),
            comments: profile
                .comment
                .iter()
                .map(|&c| s.get(c).to_owned())
                .collect(),
            drop_frames: s.optional(profile.drop_frames),
            keep_frames: s.optional(profile.keep_frames),
            mappings: profile
                .mapping
                .iter()
                .map(|m| s.get(m.filename).to_owned())
                .collect(),
            samples: profile.sample.len(),
            locations: profile.location.len(),
            unsymbolized_locations: self.unsymbolized,
        };
        let mut damage = |count: usize, what: &str| {
            if count > 0 {
                // The file as a whole (protobuf has no lines).
                diagnostics.push(Diagnostic {
                    line: 1,
                    message: format!("{count} {what}"),
                });
            }
        };
        damage(
            missing_locations,
            "location ids of samples name no location (shown as `location N (missing)`)",
        );
        damage(
            short_values,
            "samples have another number of values than sample types (padded or cut)",
        );
        damage(
            self.missing_functions,
            "lines name no function (shown by their location's address)",
        );
        damage(
            self.strings.out_of_range.get(),
            "string indices are past the string table (read as \"\")",
        );
        Decoded {
            info,
            samples,
            frames: self.frames,
            diagnostics,
        }
    }

    /// The frames of `lines` of a location, callee first; its address alone when it has
    /// no lines.
    fn location_frames(
        &mut self,
        location: &proto::Location,
        lines: &[proto::Line],
        functions: &FxHashMap<u64, &proto::Function>,
    ) -> Vec<FrameId> {
        if lines.is_empty() {
            self.unsymbolized += 1;
            let name = format!("{:#x}", location.address);
            return vec![self.frames.intern(&name, "", 0)];
        }
        let mut frames = Vec::with_capacity(lines.len());
        for line in lines {
            let id = match functions.get(&line.function_id) {
                // A function without a name (the runtime's placeholder for a PC it could
                // not symbolize, e.g. threadcreate's padding): its address, like pprof's
                // `<unknown>`.
                Some(f) if f.name == 0 || self.strings.get(f.name).is_empty() => {
                    self.unsymbolized += 1;
                    let name = format!("{:#x}", location.address);
                    self.frames.intern(&name, "", 0)
                }
                Some(f) => {
                    let name = self.strings.get(f.name);
                    let file = self.strings.get(f.filename);
                    let number = u32::try_from(line.line).unwrap_or(0);
                    self.frames.intern(name, file, number)
                }
                None => {
                    self.missing_functions += 1;
                    let name = format!("{:#x}", location.address);
                    self.frames.intern(&name, "", 0)
                }
            };
            frames.push(id);
        }
        frames
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small profile built with the same structs: a CPU profile with one inlined
    /// location and one address-only location, string table written last.
    fn cpu_profile() -> proto::Profile {
        let strings = [
            "",
            "samples",
            "count",
            "cpu",
            "nanoseconds",
            "main.hot",
            "/m.go",
            "main.inl",
            "route",
            "/v1",
            "bytes",
            "size",
        ];
        proto::Profile {
            sample_type: vec![
                proto::ValueType { r#type: 1, unit: 2 },
                proto::ValueType { r#type: 3, unit: 4 },
            ],
            sample: vec![proto::Sample {
                location_id: vec![1, 2],
                value: vec![3, 30_000_000],
                label: vec![
                    proto::Label {
                        key: 8,
                        str: 9,
                        ..Default::default()
                    },
                    proto::Label {
                        key: 11,
                        num: 64,
                        num_unit: 10,
                        ..Default::default()
                    },
                ],
            }],
            location: vec![
                proto::Location {
                    id: 1,
                    address: 0x10,
                    line: vec![
                        proto::Line {
                            function_id: 2,
                            line: 7,
                        },
                        proto::Line {
                            function_id: 1,
                            line: 3,
                        },
                    ],
                    ..Default::default()
                },
                proto::Location {
                    id: 2,
                    address: 0x4bf715,
                    ..Default::default()
                },
            ],
            function: vec![
                proto::Function {
                    id: 1,
                    name: 5,
                    filename: 6,
                    ..Default::default()
                },
                proto::Function {
                    id: 2,
                    name: 7,
                    filename: 6,
                    ..Default::default()
                },
            ],
            string_table: strings.iter().map(|s| s.to_string()).collect(),
            period_type: Some(proto::ValueType { r#type: 3, unit: 4 }),
            period: 10_000_000,
            duration_nanos: 1_000_000_000,
            ..Default::default()
        }
    }

    #[test]
    fn inlined_lines_callee_first_and_addresses_only() {
        let bytes = cpu_profile().encode_to_vec();
        let d = decode(&bytes).unwrap();
        let names: Vec<&str> = d.samples[0]
            .frames
            .iter()
            .map(|&f| d.frames.get(f).function.as_str())
            .collect();
        assert_eq!(names, ["main.inl", "main.hot", "0x4bf715"]);
        assert_eq!(d.info.unsymbolized_locations, 1);
        assert_eq!(
            d.samples[0].labels[0],
            ("route".into(), LabelValue::Str("/v1".into()))
        );
        assert_eq!(d.samples[0].labels[1].1.text(), "64 bytes");
        assert_eq!(d.info.period, 10_000_000);
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn every_truncation_is_an_error_or_a_profile_never_a_panic() {
        let bytes = cpu_profile().encode_to_vec();
        for end in 0..bytes.len() {
            let _ = parse(&bytes[..end]);
        }
        assert!(matches!(
            parse(&bytes[..bytes.len() - 3]),
            Err(Error::Malformed(_))
        ));
        assert!(matches!(parse(&[]), Err(Error::NotAProfile(_))));
    }

    /// The frame names of the first sample with `drop_frames` (and `keep_frames`) set.
    fn pruned(drop: &str, keep: Option<&str>) -> (Vec<String>, Vec<Diagnostic>) {
        let mut p = cpu_profile();
        p.string_table.push(drop.to_owned());
        p.drop_frames = p.string_table.len() as i64 - 1;
        if let Some(keep) = keep {
            p.string_table.push(keep.to_owned());
            p.keep_frames = p.string_table.len() as i64 - 1;
        }
        let d = decode(&p.encode_to_vec()).unwrap();
        let names = d.samples[0]
            .frames
            .iter()
            .map(|&f| d.frames.get(f).function.clone())
            .collect();
        (names, d.diagnostics)
    }

    #[cfg(feature = "drop-frames")]
    #[test]
    fn drop_frames_and_keep_frames_prune_as_pprof() {
        // An inlined callee matched: it goes, its caller in the location stays.
        assert_eq!(pruned("main\\.inl", None).0, ["main.hot", "0x4bf715"]);
        // The location's outermost line matched: the location and what it calls go.
        assert_eq!(pruned("main\\.hot", None).0, ["0x4bf715"]);
        // Anchored: a part of a name does not match.
        assert_eq!(pruned("main", None).0, ["main.inl", "main.hot", "0x4bf715"]);
        // keep_frames saves a frame drop_frames matches.
        let (names, _) = pruned("main\\..*", Some("main\\.hot"));
        assert_eq!(names, ["main.hot", "0x4bf715"]);
        // A location with no line has no function to match.
        assert_eq!(pruned("0x.*", None).0, ["main.inl", "main.hot", "0x4bf715"]);
        // A bad expression drops nothing and says so.
        let (names, diagnostics) = pruned("(", None);
        assert_eq!(names, ["main.inl", "main.hot", "0x4bf715"]);
        assert!(diagnostics[0]
            .message
            .starts_with("drop_frames `(` is not a valid"));
    }

    #[cfg(not(feature = "drop-frames"))]
    #[test]
    fn without_the_feature_drop_frames_keeps_every_frame_and_says_so() {
        let (names, diagnostics) = pruned("main\\.inl", None);
        assert_eq!(names, ["main.inl", "main.hot", "0x4bf715"]);
        assert!(diagnostics[0].message.contains("is not applied here"));
    }

    #[test]
    fn dangling_references_are_diagnostics() {
        let mut p = cpu_profile();
        p.sample[0].location_id.push(99);
        p.function.clear();
        p.sample[0].label[0].str = 500;
        let d = decode(&p.encode_to_vec()).unwrap();
        let text: Vec<&str> = d.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("1 location ids"));
    }
}
