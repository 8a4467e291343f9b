//! goroseer: parse and analyze Go runtime profile dumps.
//!
//! ```text
//! text ──► parse (detect + per-format parsers) ──► model::Document ──► analysis ──► report (JSON view)
//! ```
//!
//! The entry point is [`analyze`]: it never panics on input; what it could not read comes
//! back as diagnostics with line numbers. The parsed model stays in the [`Analysis`]: a
//! caller (the page, through wasm) gets the summary from [`Analysis::report`] and asks for
//! details page by page ([`Analysis::groups`], [`Analysis::group_members`]).

pub mod aggregate;
pub mod compare;
pub mod crashed_goroutine;
pub mod goroutine_lookup;
pub mod group;
pub mod group_query;
pub mod heap_report;
pub mod memstats;
pub mod model;
pub mod order;
pub mod parse;
pub mod profile_query;
pub mod report;
pub mod rules;
pub mod tree;

pub use group::{GroupBy, Grouping};
pub use model::Document;
pub use report::Report;

use model::Profile;
use report::goroutine::GoroutineView;

/// Options of an analysis. Defaults are what the CLI and the page use unless told otherwise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// How goroutines are grouped (`lines` by default).
    pub group_by: GroupBy,
    /// Thresholds of the symptom rules (`rules` in the wasm options object).
    pub rules: rules::RuleOptions,
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
    /// The JSON view of the analysis (the `goroseer --json` shape).
    pub fn report(&self) -> Report {
        Report::new(self)
    }

    /// The JSON view cut as `options` say (the page asks for few groups and pages through
    /// the rest with [`Analysis::groups`]).
    pub fn report_with(&self, options: &report::ReportOptions) -> Report {
        Report::with_options(self, options)
    }

    /// Goroutines `offset..offset + limit` of group `group` of profile `profile`, in input
    /// order; empty when either index is out of range.
    pub fn group_members(
        &self,
        profile: usize,
        group: usize,
        offset: usize,
        limit: usize,
    ) -> Vec<GoroutineView> {
        let (Some(Profile::Goroutine(p)), Some(Some(grouping))) = (
            self.document.profiles.get(profile),
            self.groupings.get(profile),
        ) else {
            return Vec::new();
        };
        let Some(group) = grouping.groups.get(group) else {
            return Vec::new();
        };
        group
            .members
            .iter()
            .skip(offset)
            .take(limit)
            .map(|&i| {
                let g = &p.goroutines[i as usize];
                GoroutineView::new(p, &self.document.frames, &self.document.text, g)
            })
            .collect()
    }

    /// Regroups every goroutine profile at another level without parsing again.
    pub fn regroup(&mut self, by: GroupBy) {
        self.options.group_by = by;
        self.groupings = groupings(&self.document, by);
        // Annotations point at groups of the old grouping.
        self.annotations = std::sync::OnceLock::new();
    }

    /// The findings of the symptom rules, per profile (indexed like `document.profiles`),
    /// critical first: each profile's `annotations` in the report.
    pub fn annotations(&self) -> &[Vec<rules::Annotation>] {
        self.annotations
            .get_or_init(|| rules::annotate(&self.document, &self.groupings, &self.options.rules))
    }
}

fn groupings(document: &Document, by: GroupBy) -> Vec<Option<Grouping>> {
    document
        .profiles
        .iter()
        .map(|p| match p {
            Profile::Goroutine(g) => Some(group::group(g, &document.frames, &document.text, by)),
            _ => None,
        })
        .collect()
}

/// Parses `input` and analyses every dump in it. When the input holds a goroutine dump it
/// is copied once (goroutines point into it for their argument text); [`analyze_owned`]
/// avoids that copy.
pub fn analyze(input: &str, options: &Options) -> Analysis {
    analysis(parse::parse_document(input), options)
}

/// [`analyze`] for an owned input, which becomes the document's text without a copy (peak
/// memory stays near the input size). The CLI and the wasm edge use this.
pub fn analyze_owned(input: String, options: &Options) -> Analysis {
    analysis(parse::parse_document_owned(input), options)
}

fn analysis(document: Document, options: &Options) -> Analysis {
    let groupings = groupings(&document, options.group_by);
    Analysis {
        document,
        options: options.clone(),
        groupings,
        annotations: std::sync::OnceLock::new(),
    }
}
