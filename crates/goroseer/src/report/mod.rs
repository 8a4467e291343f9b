//! The JSON view of an analysis: the `goroseer --json` shape, documented in
//! `docs/json.md`. Field names here are a public interface: extend, never rename.

pub mod compare;
pub mod fleet;
pub mod goroutine;
pub mod groups;
pub mod heap;
pub mod layout;
pub mod names;
mod ordered_map;
pub mod pprof_export;
pub mod race;
pub mod redact;
pub mod samples;
pub mod summary;
pub mod timeline;

pub use ordered_map::OrderedMap;

use serde::{Deserialize, Serialize};

use crate::analysis::rules::Annotation;
use crate::analysis::Analysis;
use crate::model::known_text::KnownText;
use crate::model::samples::SampleKind;
use crate::model::{Diagnostic, Profile};
use crate::report::heap::{ContentionView, HeapView, ThreadCreateView};
use goroutine::{FrameView, GoroutineReport};
use samples::{PprofView, SampleProfileView};

/// Version of the JSON shape; bumped only on an incompatible change.
pub const REPORT_VERSION: u32 = 2;

/// How much of the analysis a report carries. The default is everything (`goroseer --json`).
///
/// The page asks for a report with few groups: with `--group-by exact` a dump of 100k
/// goroutines has 100k groups, about 100 MB of JSON, and the page pages through them with
/// [`crate::query::GroupQuery`] instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReportOptions {
    /// At most this many groups per goroutine profile (the largest); `None`: all of them.
    /// When set, each goroutine section also says `groupsTotal` and `groupsOmitted`, and
    /// the group ids of its `createdBy` sites and annotations are cut to this many (the
    /// largest groups) beside their `groupsTotal`: [`crate::query::groups::GroupQuery`]
    /// pages through all of them.
    pub max_groups: Option<usize>,
}

/// Top level of `goroseer --json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Shape version ([`REPORT_VERSION`]).
    pub version: u32,
    /// One entry per dump found in the input, in input order.
    pub profiles: Vec<ProfileReport>,
    /// The document's frame table: stacks elsewhere in the report are indices into it.
    pub frames: Vec<FrameView>,
    /// Lines outside any dump that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// The log prefix removed from every line (`kubernetes`, `journald`, `docker-json`,
    /// `timestamp`), or null.
    pub log_prefix: Option<String>,
    /// The module taken as the program's own code (frames of it have origin `own`).
    pub main_module: Option<String>,
    /// The inputs read as a fleet: present in the report of several inputs (an archive,
    /// a directory, a multi-file drop) when they are dumps of different processes of one
    /// program at about the same time (`docs/json.md`, *Fleet*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fleet: Option<fleet::FleetReport>,
    /// The dumps of one log in log order, with their lines, times and goroutines per
    /// state: present when one input (a log, read whole or streamed) holds two dumps or
    /// more (`docs/json.md`, *Timeline*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<timeline::TimelineEntry>>,
    /// Diagnostics of lines outside any dump that `diagnostics` leaves out: a streamed log
    /// keeps the first 1,000 and counts the rest here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics_omitted: Option<usize>,
    /// How the inputs of a workspace read together and which views across them apply:
    /// present in the report of a workspace (the page's, `goroseer --json` of an archive
    /// or a directory), absent from the report of one file (`docs/json.md`, *Layout*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<layout::LayoutView>,
    /// The incident summary: the bottlenecks ranked by goroutines affected (or the
    /// findings that need attention), and the findings it ranks.
    pub summary: summary::Summary,
    /// Present when no dump was read from the input: what it is instead (a known Go
    /// tool's output, a binary file), or kind `unknown`/`empty` (`docs/json.md`, *Not a
    /// dump*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_a_dump: Option<KnownText>,
    /// Present when dumps were read and the lines beside them are a known Go tool's
    /// output: the compiler's internal compiler error above its own stack, `go env` above
    /// a crash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recognized: Option<KnownText>,
}

/// One dump.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileReport {
    /// `goroutine`, `heap`, `block`, `mutex`, `threadcreate`, `race`, `cpu` or `samples` (another
    /// protobuf sample-type profile).
    pub kind: &'static str,
    /// Form: `debug=1`, `debug=2` or `traceback` or `race` (text), `pprof` (protobuf).
    pub format: &'static str,
    /// What a protobuf profile says about itself (format `pprof` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pprof: Option<PprofView>,
    /// CPU profile contents (kind `cpu`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<SampleProfileView>,
    /// Contents of another sample-type profile (kind `samples`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<SampleProfileView>,
    /// Goroutine summary and groups (goroutine profiles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goroutines: Option<GoroutineReport>,
    /// The dump's header line was not in the input: a debug=1 profile read from its first
    /// record (or a heap profile's MemStats trailer), "cut above". Omitted when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub header_cut: bool,
    /// With `header_cut`, what the missing header leaves unknown, as a sentence for a
    /// person ("Header line not in the input (cut above): …"). Omitted otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_cut_note: Option<String>,
    /// Lines of this dump that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// What the dump means: findings of the symptom rules, critical first
    /// (`docs/rules/README.md`).
    pub annotations: Vec<Annotation>,
    /// Heap/allocs profile contents (kind `heap`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heap: Option<HeapView>,
    /// Block/mutex profile contents (kinds `block`, `mutex`, `contentionz`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contention: Option<ContentionView>,
    /// Threadcreate profile contents (kind `threadcreate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threadcreate: Option<ThreadCreateView>,
    /// Race detector reports (kind `race`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub race: Option<race::RaceView>,
}

impl Report {
    /// Builds the complete view of `analysis`.
    pub fn new(analysis: &Analysis) -> Report {
        Report::with_options(analysis, &ReportOptions::default())
    }

    /// Builds the view of `analysis`, cut as `options` say.
    pub fn with_options(analysis: &Analysis, options: &ReportOptions) -> Report {
        let doc = &analysis.document;
        let totals: Vec<u64> = doc
            .profiles
            .iter()
            .map(|p| match p {
                Profile::Goroutine(g) => g.total(),
                _ => 0,
            })
            .collect();
        let not_a_dump = doc.profiles.is_empty().then(|| summary::not_a_dump(doc));
        let recognized = (!doc.profiles.is_empty())
            .then(|| doc.known_text.clone())
            .flatten();
        let summary = match &not_a_dump {
            Some(known) => summary::nothing_read(known, doc.diagnostics.len()),
            None => summary::beside(
                summary::summarize(analysis.annotations(), &totals),
                recognized.as_ref(),
            ),
        };
        let annotations =
            analysis
                .annotations()
                .iter()
                .zip(&doc.profiles)
                .map(|(list, profile)| {
                    let mut list = list.clone();
                    // The page's report: an annotation about 100k groups would carry 100k ids.
                    if let (Some(max), Profile::Goroutine(_)) = (options.max_groups, profile) {
                        list.iter_mut().for_each(|a| a.cut_groups(max));
                    }
                    list
                });
        let mut report = Report {
            version: REPORT_VERSION,
            profiles: doc
                .profiles
                .iter()
                .enumerate()
                .zip(annotations)
                .map(|((i, p), annotations)| ProfileReport {
                    annotations,
                    ..ProfileReport::new(analysis, options, i, p)
                })
                .collect(),
            frames: (0..doc.frames.frames().len() as u32)
                .map(|id| FrameView::of(&doc.frames, id, false))
                .collect(),
            diagnostics: doc.diagnostics.clone(),
            log_prefix: doc.log_prefix.clone(),
            main_module: doc.main_module.clone(),
            fleet: None,
            timeline: None,
            diagnostics_omitted: None,
            layout: None,
            summary,
            not_a_dump,
            recognized,
        };
        if doc.profiles.len() >= 2 && doc.pprof.is_none() {
            let spans = timeline::spans(doc, None);
            report.timeline = Some(timeline::timeline(&report.profiles, &spans));
        }
        report
    }
}

/// What a profile read without its header line (cut above) could not say, as a sentence;
/// `None` when its header was read.
fn header_cut_note(profile: &Profile) -> Option<String> {
    let unknown = match profile {
        Profile::Heap(p) if p.header_cut && p.records.is_empty() => {
            "only its MemStats trailer was pasted"
        }
        Profile::Heap(p) if p.header_cut => {
            "its sampling rate is unknown, so values are shown as written"
        }
        Profile::Contention(p) if p.header_cut => "block or mutex was read from the stacks",
        Profile::Goroutine(p) if p.header_cut => "its total is unknown",
        Profile::ThreadCreate(p) if p.header_cut => "its total is the records\u{2019} sum",
        _ => return None,
    };
    Some(format!(
        "Header line not in the input (cut above): read from the first record; {unknown}."
    ))
}

impl ProfileReport {
    fn new(
        analysis: &Analysis,
        options: &ReportOptions,
        index: usize,
        profile: &Profile,
    ) -> ProfileReport {
        let pprof = analysis.document.pprof.as_ref();
        let empty = |kind, diagnostics: &Vec<Diagnostic>| ProfileReport {
            kind,
            format: if pprof.is_some() { "pprof" } else { "debug=1" },
            pprof: pprof.map(|info| PprofView::new(info, profile)),
            cpu: None,
            samples: None,
            goroutines: None,
            header_cut: match profile {
                Profile::Goroutine(p) => p.header_cut,
                Profile::Heap(p) => p.header_cut,
                Profile::Contention(p) => p.header_cut,
                Profile::ThreadCreate(p) => p.header_cut,
                Profile::Samples(_) | Profile::Race(_) => false,
            },
            header_cut_note: header_cut_note(profile),
            diagnostics: diagnostics.clone(),
            annotations: Vec::new(),
            heap: None,
            contention: None,
            threadcreate: None,
            race: None,
        };
        match profile {
            Profile::Goroutine(p) => ProfileReport {
                format: if pprof.is_some() {
                    "pprof"
                } else {
                    p.format.name()
                },
                goroutines: analysis
                    .groupings
                    .get(index)
                    .and_then(Option::as_ref)
                    .map(|g| {
                        GoroutineReport::new(p, &analysis.document.frames, g, options.max_groups)
                    }),
                ..empty("goroutine", &p.diagnostics)
            },
            Profile::Heap(p) => ProfileReport {
                heap: Some(HeapView::new(p)),
                ..empty("heap", &p.diagnostics)
            },
            Profile::Contention(p) => ProfileReport {
                contention: Some(ContentionView::new(p)),
                ..empty(p.kind.name(), &p.diagnostics)
            },
            Profile::ThreadCreate(p) => ProfileReport {
                threadcreate: Some(ThreadCreateView::new(p)),
                ..empty("threadcreate", &p.diagnostics)
            },
            Profile::Samples(p) => {
                let view = SampleProfileView::new(p, pprof, &analysis.document.frames);
                match p.kind {
                    SampleKind::Cpu => ProfileReport {
                        cpu: Some(view),
                        ..empty("cpu", &p.diagnostics)
                    },
                    SampleKind::Other => ProfileReport {
                        samples: Some(view),
                        ..empty("samples", &p.diagnostics)
                    },
                }
            }
            Profile::Race(p) => ProfileReport {
                format: "race",
                race: Some(race::RaceView::new(p, &analysis.document.frames)),
                ..empty("race", &p.diagnostics)
            },
        }
    }
}

impl Analysis {
    /// The JSON view of the analysis (the `goroseer --json` shape).
    pub fn report(&self) -> Report {
        Report::new(self)
    }

    /// The JSON view cut as `options` say (the page asks for few groups and pages through
    /// the rest with [`Analysis::groups`]).
    pub fn report_with(&self, options: &ReportOptions) -> Report {
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
    ) -> Vec<goroutine::GoroutineView> {
        let (Some(Profile::Goroutine(p)), Some(Some(grouping))) = (
            self.document.profiles.get(profile),
            self.groupings.get(profile),
        ) else {
            return Vec::new();
        };
        grouping.groups.get(group).map_or_else(Vec::new, |group| {
            goroutine::member_views(
                p,
                &self.document.frames,
                &self.document.text,
                group,
                offset,
                limit,
            )
        })
    }
}
