//! The JSON view of an analysis: the `goroscope --json` shape, documented in
//! `docs/json.md`. Field names here are a public interface: extend, never rename.

use serde::Serialize;

use crate::model::{Diagnostic, Profile};
use crate::Analysis;

/// Version of the JSON shape; bumped only on an incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// Top level of `goroscope --json`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Shape version ([`REPORT_VERSION`]).
    pub version: u32,
    /// One entry per dump found in the input, in input order.
    pub profiles: Vec<ProfileReport>,
    /// Lines outside any dump that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}

/// One dump.
#[derive(Debug, Serialize)]
pub struct ProfileReport {
    /// `goroutine`, `heap`, `block`, `mutex` or `threadcreate`.
    pub kind: &'static str,
    /// Lines of this dump that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Builds the view of `analysis`.
    pub fn new(analysis: &Analysis) -> Report {
        let doc = &analysis.document;
        Report {
            version: REPORT_VERSION,
            profiles: doc.profiles.iter().map(ProfileReport::new).collect(),
            diagnostics: doc.diagnostics.clone(),
        }
    }
}

impl ProfileReport {
    fn new(profile: &Profile) -> ProfileReport {
        match profile {
            Profile::Goroutine(p) => ProfileReport {
                kind: "goroutine",
                diagnostics: p.diagnostics.clone(),
            },
            Profile::Heap(p) => ProfileReport {
                kind: "heap",
                diagnostics: p.diagnostics.clone(),
            },
            Profile::Contention(p) => ProfileReport {
                kind: "block",
                diagnostics: p.diagnostics.clone(),
            },
            Profile::ThreadCreate(p) => ProfileReport {
                kind: "threadcreate",
                diagnostics: p.diagnostics.clone(),
            },
        }
    }
}
