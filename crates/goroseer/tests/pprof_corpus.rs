//! Every protobuf profile of the corpus (`tests/fixtures/corpus/*/*.pb.gz`, written by the
//! Go 1.27 runtime) read through the workspace, against `go tool pprof` on the same file
//! (`groundtruth/pprof/<file>.raw.txt` and `.top*.txt`, made by the corpus generator with
//! the toolchain): the same sample types, the same total per type, the same functions
//! with the same flat% and cum%; and the goroutine debug=0 profile against the debug=1
//! text taken at the same moment, stack by stack.

mod pprof_samples;
mod pprof_top;

use pprof_top::{same_function, same_percent};

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use goroseer::model::goroutine::{GoroutineProfile, StackEntry};
use goroseer::model::{Document, Profile};
use goroseer::ProfileQuery;
use goroseer::{Options, Workspace};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

/// `(scenario/file, path)` of every `.pb.gz` of the corpus, sorted.
fn protobuf_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(corpus()).unwrap().flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".pb.gz") {
                let scenario = dir.file_name().to_string_lossy().into_owned();
                out.push((format!("{scenario}/{name}"), file.path()));
            }
        }
    }
    out.sort();
    out
}

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&std::fs::read(path).unwrap()[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn workspace_of(path: &Path) -> Workspace {
    let mut ws = Workspace::new(Options::default());
    ws.add_bytes(path.display().to_string(), gunzip(path));
    ws
}

fn ground_truth(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy();
    path.parent()
        .unwrap()
        .join("groundtruth/pprof")
        .join(format!("{name}{suffix}"))
}

fn query(sample: &str) -> ProfileQuery {
    ProfileQuery {
        sample: Some(sample.to_owned()),
        ..ProfileQuery::default()
    }
}

#[test]
fn every_protobuf_profile_reads_as_pprof_with_its_totals() {
    let files = protobuf_files();
    assert!(files.len() >= 16, "only {} .pb.gz files", files.len());
    for (name, path) in &files {
        let ws = workspace_of(path);
        let report = ws.report(&Default::default());
        assert_eq!(report.profiles.len(), 1, "{name}");
        let profile = &report.profiles[0];
        assert_eq!(profile.format, "pprof", "{name}");
        assert!(
            report.diagnostics.is_empty(),
            "{name}: {:?}",
            report.diagnostics
        );
        assert!(
            profile.diagnostics.is_empty(),
            "{name}: {:?}",
            profile.diagnostics
        );
        let raw = std::fs::read_to_string(ground_truth(path, ".raw.txt")).unwrap();
        let (mut types, rows) = pprof_samples::golden_samples(&raw);
        // `-raw` marks the default sample type.
        let default = types.iter().position(|t| t.ends_with("[dflt]"));
        types
            .iter_mut()
            .for_each(|t| *t = t.trim_end_matches("[dflt]").to_owned());
        let pprof = profile.pprof.as_ref().unwrap();
        let ours: Vec<String> = pprof
            .sample_types
            .iter()
            .map(|t| format!("{}/{}", t.kind, t.unit))
            .collect();
        assert_eq!(ours, types, "{name}");
        assert_eq!(
            pprof.default_sample_type.as_deref(),
            default.map(|i| pprof.sample_types[i].kind.as_str()),
            "{name}"
        );
        assert_eq!(pprof.samples, rows.len(), "{name}");
        for (i, t) in pprof.sample_types.iter().enumerate() {
            let expected: i64 = rows.iter().map(|r| r[i]).sum();
            let sample = match t.kind.as_str() {
                // Block and mutex: the contention model names its samples so.
                "contentions" | "delay" => t.kind.clone(),
                other => other.to_owned(),
            };
            let top = ws.top(&query(&sample)).unwrap();
            assert_eq!(top.total, expected, "{name} {}", t.kind);
        }
        // The profile the runtime was asked for, by the file's name.
        let file = name.rsplit('/').next().unwrap();
        let expected = match file.split('.').next().unwrap() {
            "goroutine" | "goroutineleak" => "goroutine",
            "heap" | "allocs" => "heap",
            other => other,
        };
        assert_eq!(profile.kind, expected, "{name}");
    }
}

#[test]
fn every_function_has_pprofs_flat_and_cum() {
    let mut compared = 0;
    for (name, path) in protobuf_files() {
        let ws = workspace_of(&path);
        let report = ws.report(&Default::default());
        let types = &report.profiles[0].pprof.as_ref().unwrap().sample_types;
        for t in types {
            let top_path = match types.len() {
                1 => ground_truth(&path, ".top.txt"),
                _ => ground_truth(&path, &format!(".top-{}.txt", t.kind)),
            };
            let top_text = std::fs::read_to_string(&top_path).unwrap();
            let agg = ws.top(&query(&t.kind)).unwrap();
            let pct = |v: i64| v as f64 * 100.0 / agg.total as f64;
            let rows = pprof_top::rows(&top_text);
            assert_eq!(rows.len(), agg.rows.len(), "{name} {}: row count", t.kind);
            for row_of_pprof in &rows {
                let function = &row_of_pprof.function;
                let row = agg
                    .rows
                    .iter()
                    .find(|r| same_function(&r.name, function))
                    .unwrap_or_else(|| panic!("{name} {}: {function} missing", t.kind));
                let (flat, cum) = (row_of_pprof.flat_pct, row_of_pprof.cum_pct);
                assert!(same_percent(pct(row.flat), flat), "{name} {function} flat");
                assert!(same_percent(pct(row.cum), cum), "{name} {function} cum");
                // Count profiles print plain integers: compared exactly.
                if let Ok(v) = row_of_pprof.flat.parse::<i64>() {
                    assert_eq!(row.flat, v, "{name} {function} flat value");
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 150, "only {compared} rows compared");
}

/// A stack's `FUNC FILE:LINE` frames and its labels.
type StackKey = (Vec<String>, Vec<(String, String)>);

/// `(frames, labels) → goroutines` of a goroutine profile, without the goroutine that
/// wrote it (its stack differs between the forms: `writeGoroutine` vs
/// `writeRuntimeProfile` call sites).
fn stacks(doc: &Document) -> BTreeMap<StackKey, u64> {
    let [Profile::Goroutine(p)] = doc.profiles.as_slice() else {
        panic!("not one goroutine profile")
    };
    let p: &GoroutineProfile = p;
    let mut out = BTreeMap::new();
    for g in &p.goroutines {
        let frames: Vec<String> = p
            .stacks
            .get(g.stack)
            .iter()
            .filter_map(|e| match e {
                StackEntry::Call { frame, .. } => Some(doc.frames.get(*frame).location()),
                StackEntry::Elided { .. } => None,
            })
            .collect();
        if frames.iter().any(|f| f.starts_with("runtime/pprof.")) {
            continue;
        }
        // debug=1 hides the runtime frames a stack starts with (`printStackRecord` in
        // runtime/pprof/pprof.go shows them only when nothing else is left).
        let shown = frames
            .iter()
            .position(|f| !f.starts_with("runtime."))
            .unwrap_or(0);
        let frames = frames[shown..].to_vec();
        let labels = g
            .labels
            .map(|id| p.label_sets[id as usize].pairs.clone())
            .unwrap_or_default();
        *out.entry((frames, labels)).or_default() += g.count;
    }
    out
}

#[test]
fn goroutine_debug0_agrees_with_debug1_of_the_same_moment_per_stack() {
    let mut compared = 0;
    for (name, path) in protobuf_files() {
        let Some(stem) = name.strip_suffix(".debug0.pb.gz") else {
            continue;
        };
        if !stem.ends_with("/goroutine") && !stem.ends_with("/goroutineleak") {
            continue;
        }
        let text_path = corpus().join(format!("{stem}.debug1.txt"));
        let Ok(text) = std::fs::read_to_string(&text_path) else {
            continue;
        };
        let mut ws = workspace_of(&path);
        ws.add_text("debug1", text);
        let inputs = ws.inputs();
        let (binary, text) = (
            stacks(&inputs[0].analysis.document),
            stacks(&inputs[1].analysis.document),
        );
        // Stacks whose counts differ: the goroutines serving the HTTP requests that fetched
        // the dumps (one request per form) differ, nothing else (MANIFEST.md).
        let differing: u64 = binary
            .keys()
            .chain(text.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|k| {
                binary
                    .get(k)
                    .copied()
                    .unwrap_or(0)
                    .abs_diff(text.get(k).copied().unwrap_or(0))
            })
            .sum();
        assert!(
            differing <= 2,
            "{name}: {differing} goroutines differ\n{binary:#?}\n{text:#?}"
        );
        compared += binary.len();
    }
    assert!(compared >= 30, "only {compared} stacks compared");
}

/// Every corpus profile cut at many lengths and with bytes flipped: read without a panic;
/// what cannot be read is one diagnostic saying why, never lines "not understood".
#[test]
fn cut_and_corrupted_profiles_say_what_is_wrong() {
    let mut failures = 0;
    for (name, path) in protobuf_files() {
        let bytes = gunzip(&path);
        let step = (bytes.len() / 97).max(1);
        // From 2 bytes on: a lone `\n` (the first byte of every profile) is an empty text.
        let mut variants: Vec<Vec<u8>> = (2..bytes.len())
            .step_by(step)
            .map(|end| bytes[..end].to_vec())
            .collect();
        for at in (0..bytes.len()).step_by(step) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xA5;
            variants.push(flipped);
        }
        for variant in variants {
            let mut ws = Workspace::new(Options::default());
            ws.add_bytes(name.clone(), variant);
            let report = ws.report(&Default::default());
            if report.profiles.is_empty() {
                failures += 1;
                assert_eq!(report.diagnostics.len(), 1, "{name}");
                let message = &report.diagnostics[0].message;
                assert!(
                    message.starts_with("not a Go dump or pprof profile: "),
                    "{name}: {message}"
                );
            }
        }
    }
    assert!(failures > 100, "only {failures} variants failed to decode");
}
