//! Shared by the integration tests: reading corpus dumps and their ground truth.
#![allow(dead_code)]

pub mod paste;
pub mod redaction;
pub mod summary;

use std::io::Read;
use std::path::{Path, PathBuf};

use goroseer::model::goroutine::{GoroutineProfile, StackEntry};
use goroseer::model::{FrameTable, Profile};
use goroseer::{analyze, Analysis, Options};

/// `tests/fixtures/corpus` of the repository.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

/// `../shared/peers` next to the repository, when present.
pub fn peers() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peers");
    dir.is_dir().then_some(dir)
}

/// A file's text, gunzipped when its name ends in `.gz`.
pub fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut out)
            .expect("gzip text");
        out
    } else {
        String::from_utf8(bytes).expect("utf-8 dump")
    }
}

/// Ground-truth JSON.
pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Analysis with default options.
pub fn analyze_text(text: &str) -> Analysis {
    analyze(text, &Options::default())
}

/// The goroutine profiles of an analysis.
pub fn goroutine_profiles(a: &Analysis) -> Vec<&GoroutineProfile> {
    a.document
        .profiles
        .iter()
        .filter_map(|p| match p {
            Profile::Goroutine(g) => Some(g.as_ref()),
            _ => None,
        })
        .collect()
}

/// The only goroutine profile of an analysis.
pub fn only_profile(a: &Analysis) -> &GoroutineProfile {
    let profiles = goroutine_profiles(a);
    assert_eq!(profiles.len(), 1, "expected one goroutine profile");
    profiles[0]
}

/// `FUNC FILE:LINE` strings of a stack, elision markers as the runtime prints them.
pub fn frame_strings(frames: &FrameTable, stack: &[StackEntry]) -> Vec<String> {
    stack
        .iter()
        .map(|e| match *e {
            StackEntry::Call { frame, .. } => {
                let f = frames.get(frame);
                format!("{} {}:{}", f.function, f.file, f.line)
            }
            StackEntry::Elided { frames: Some(n) } => format!("...{n} frames elided..."),
            StackEntry::Elided { frames: None } => "...additional frames elided...".to_owned(),
        })
        .collect()
}

/// Every goroutine dump of the corpus with its ground truth: `(dump, groundtruth)`.
pub fn corpus_dumps(kind: &str) -> Vec<(PathBuf, PathBuf)> {
    let index = json(&corpus().join("index.json"));
    index["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["kind"] == kind)
        .filter_map(|f| {
            let gt = f["groundtruth"].as_str()?;
            Some((corpus().join(f["file"].as_str()?), corpus().join(gt)))
        })
        .collect()
}
