//! What the parsed model means: grouping goroutines by stack, aggregating records by
//! function, call trees, crash facts, figures derived from MemStats, comparison of dumps
//! over time, and the symptom rules that turn all of it into findings.

pub mod aggregate;
pub mod bottleneck;
pub mod compare;
pub mod crashed_goroutine;
pub mod fleet;
pub mod group;
pub mod memstats;
pub mod race;
pub mod rules;
pub mod tree;

use crate::model::{Document, Profile};
use group::{GroupBy, Grouping};

/// Options of an analysis. Defaults are what the CLI and the page use unless told otherwise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// How goroutines are grouped (`lines` by default).
    pub group_by: GroupBy,
    /// Thresholds of the symptom rules (`rules` in the wasm options object).
    pub rules: rules::RuleOptions,
    /// Read every text input redacted ([`crate::redact`]): label values, argument values,
    /// panic and error messages and path prefixes replaced by placeholders before parsing,
    /// so nothing shown, exported or shared holds them (`redact` in the wasm options
    /// object, `--redact` on the command line). Applies to [`crate::Workspace`] inputs.
    pub redact: bool,
}

/// A parsed input plus the options it was analysed with.
#[derive(Debug)]
pub struct Analysis {
    /// The parsed model.
    pub document: Document,
    /// Options in force.
    pub options: Options,
    /// The grouping of each goroutine profile, indexed like `document.profiles` (`None`
    /// for other kinds of profile).
    pub groupings: Vec<Option<Grouping>>,
    /// The symptom rules' findings per profile, made on first use: the report and the
    /// group queries that follow one annotation both read them.
    annotations: std::sync::OnceLock<Vec<Vec<rules::Annotation>>>,
}

impl Analysis {
    /// Regroups every goroutine profile at another level without parsing again.
    pub fn regroup(&mut self, by: GroupBy) {
        self.options.group_by = by;
        self.groupings = groupings(&self.document, by);
        // Annotations point at groups of the old grouping.
        self.annotations = std::sync::OnceLock::new();
    }

    /// Sets the findings before anyone has asked for them (the workspace runs the growth
    /// rules across several inputs instead of within each). False when they were made
    /// already.
    pub(crate) fn preset_annotations(&self, annotations: Vec<Vec<rules::Annotation>>) -> bool {
        self.annotations.set(annotations).is_ok()
    }

    /// Forgets the findings made or set, so that they are made again (the workspace's
    /// reading of its inputs changed).
    pub(crate) fn forget_annotations(&mut self) {
        self.annotations = std::sync::OnceLock::new();
    }

    /// The findings of the symptom rules, per profile (indexed like `document.profiles`),
    /// critical first: each profile's `annotations` in the report.
    pub fn annotations(&self) -> &[Vec<rules::Annotation>] {
        self.annotations
            .get_or_init(|| rules::annotate(&self.document, &self.groupings, &self.options.rules))
    }
}

pub(crate) fn groupings(document: &Document, by: GroupBy) -> Vec<Option<Grouping>> {
    document
        .profiles
        .iter()
        .map(|p| match p {
            Profile::Goroutine(g) => Some(group::group(g, &document.frames, &document.text, by)),
            _ => None,
        })
        .collect()
}

impl Analysis {
    /// Groups every goroutine profile of `document` and keeps it with `options`; the
    /// rules run on first use ([`Analysis::annotations`]).
    pub fn new(document: Document, options: &Options) -> Analysis {
        let groupings = groupings(&document, options.group_by);
        Analysis {
            document,
            options: options.clone(),
            groupings,
            annotations: std::sync::OnceLock::new(),
        }
    }
}
