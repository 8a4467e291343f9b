//! Symptom annotations: what a dump means, said in plain words with the numbers behind it.
//!
//! Each rule lives in its own file and exports one [`Rule`]: its documentation
//! ([`RuleDoc`], from which `docs/rules/` is generated) and its check. A check reads one
//! profile (goroutine, heap or contention) — or, for rules that compare dumps, the
//! comparison of several dumps ([`crate::analysis::compare`]) — and pushes [`Annotation`]s.
//! Thresholds all come from one [`RuleOptions`].
//!
//! Rule ids are part of the JSON interface (`"annotations": [{"rule": …}]`): never rename one.
//!
//! Adding a rule: a new file here exporting `pub const RULE: Rule` (its [`RuleDoc`] with an
//! example taken from a real dump under `tests/fixtures/`, and its [`Check`]); an entry in
//! [`RULES`]; its thresholds, if any, in `options.rs`; a firing and a silent test in
//! `tests/rules.rs`; then `UPDATE_RULE_DOCS=1 cargo test -p goroseer --test rule_docs`
//! writes its page. Rules that compare several dumps (growth across snapshots) use
//! [`Check::GoroutineComparison`] or [`Check::HeapComparison`]: they read the comparison
//! of the dumps ([`crate::analysis::compare`]) instead of one profile.

pub mod catalogue;
pub mod comparison;
pub mod evidence;
pub mod facts;
pub mod growth_text;
pub mod heap_sites;
pub mod lock_holder;
pub mod memstats_reading;
pub mod merge;
pub mod options;
pub mod wait;

pub mod alloc_churn;
pub mod bottleneck;
pub mod channel_blocked;
pub mod contention_hotspot;
pub mod cpu_share;
pub mod data_race;
pub mod deadlock;
pub mod dominant_group;
pub mod gc_cpu_high;
pub mod goroutine_count_high;
pub mod goroutine_growth;
pub mod heap_fragmentation;
pub mod heap_growth;
pub mod heap_idle_unreleased;
pub mod heap_top_retainer;
pub mod leaked;
pub mod locked_threads;
pub mod long_wait;
pub mod mutex_contention;
pub mod netpoll_wait;
pub mod panic;
pub mod panic_test_timeout;
pub mod race_goroutine_limit;
pub mod race_reports_missing;
pub mod recovered_panic;
pub mod runnable_backlog;
pub mod runtime_internal;
pub mod runtime_overhead;
pub mod rwmutex_contention;
pub mod stack_memory_high;
pub mod stuck_forever;
pub mod sync_wait;
pub mod syscall_pileup;
pub mod truncated_dump;

use serde::Serialize;

use crate::analysis::compare::{GoroutineComparison, HeapComparison};
use crate::analysis::group::{Group, Grouping};

use crate::model::samples::{SampleKind, SampleProfile};
use crate::model::{
    ContentionProfile, Document, FrameTable, GoroutineProfile, HeapProfile, Profile, RaceProfile,
};
pub use comparison::{annotate_comparison, growth_across};
pub use evidence::{Evidence, EvidenceItem, Key, Location, Unit, Value};
pub use facts::GroupFacts;
pub use options::{RuleOptions, ThresholdDoc, ThresholdError, THRESHOLDS};

/// How much an annotation asks for attention. Ordered: `Info < Warning < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Normal or expected; explains what the dump shows.
    Info,
    /// Worth a look: often a problem, sometimes by design.
    Warning,
    /// Something is broken (a crash, a deadlock, leaked goroutines, heavy contention).
    Critical,
}

impl Severity {
    /// The name used in JSON and the docs.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// One finding about one profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// The rule's id, e.g. `mutex-contention`.
    pub rule: &'static str,
    /// How much attention it asks for.
    pub severity: Severity,
    /// One line saying what was found.
    pub title: String,
    /// Why it matters and what to look at next, for this dump.
    pub detail: String,
    /// The facts behind it, typed (`evidence`), in reading order.
    pub evidence: Evidence,
    /// Indices of the groups (goroutine profiles: `goroutines.groups`) or records (heap
    /// and contention profiles: `records`) it points at.
    pub groups: Vec<usize>,
    /// How many groups it points at when `groups` was cut to the largest ones (a report
    /// asked with `maxGroups`); `None` in the complete report.
    #[serde(rename = "groupsTotal", skip_serializing_if = "Option::is_none")]
    pub groups_total: Option<usize>,
    /// The pile-up it is about (rule `bottleneck`, and findings merged into one): the
    /// resource, its waiters and its holders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottleneck: Option<Box<crate::analysis::bottleneck::Bottleneck>>,
    /// Findings of other rules about the same goroutines, merged into this one
    /// ([`merge`]), each whole as its rule made it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<merge::Merged>,
}

impl Annotation {
    /// An annotation of the rule with id `rule` (`RULE.doc.id`) with no evidence and no
    /// groups yet.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Annotation {
        Annotation {
            rule,
            severity,
            title: title.into(),
            detail: detail.into(),
            evidence: Evidence::default(),
            groups: Vec::new(),
            groups_total: None,
            bottleneck: None,
            merged: Vec::new(),
        }
    }

    /// Adds one fact to its evidence; a value the dump does not show (`None`, empty
    /// text) is left out.
    pub fn with(mut self, key: Key, value: impl Into<Value>) -> Annotation {
        self.evidence.push(key, value);
        self
    }

    /// Sets the groups or records it points at.
    pub fn groups(mut self, groups: Vec<usize>) -> Annotation {
        self.groups = groups;
        self
    }

    /// Keeps at most `max` of its groups, the largest (goroutine groups are numbered
    /// largest first), and says how many there were in `groups_total`.
    pub fn cut_groups(&mut self, max: usize) {
        self.groups_total = Some(self.groups.len());
        cut(&mut self.groups, max);
        // The pile-up's and the merged findings' lists too: 100k ids each otherwise.
        if let Some(b) = &mut self.bottleneck {
            cut(&mut b.waiters.groups, max);
            cut(&mut b.holders.groups, max);
        }
        for m in &mut self.merged {
            cut(&mut m.groups, max);
        }
    }
}

/// Keeps the `max` largest groups (the lowest ids) of `groups`, ascending.
fn cut(groups: &mut Vec<usize>, max: usize) {
    if groups.len() > max {
        crate::order::sort_by_key(groups, |&id| id);
        groups.truncate(max);
    }
}

/// What a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One goroutine profile (debug=1, debug=2 or crash traceback) and its groups.
    Goroutine,
    /// One heap or allocs profile (records and MemStats).
    Heap,
    /// One block or mutex profile.
    Contention,
    /// One CPU profile (protobuf).
    Cpu,
    /// The race detector's reports of one run.
    Race,
    /// Several dumps of one program compared (`analysis::compare`): several inputs, or
    /// one input holding several dumps.
    Comparison,
}

impl Target {
    /// For the docs: what the rule looks at.
    pub fn describe(self) -> &'static str {
        match self {
            Target::Goroutine => "goroutine dumps (debug=1, debug=2, crash output)",
            Target::Heap => "heap and allocs profiles (debug=1, with the MemStats trailer)",
            Target::Contention => "block and mutex profiles (debug=1)",
            Target::Cpu => "CPU profiles (pprof protobuf)",
            Target::Race => "race detector reports (`go run -race`, `go test -race`)",
            Target::Comparison => "several dumps of the same program, compared",
        }
    }
}

/// A real dump the rule fires on, quoted in its docs with the annotation goroseer gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Path under `tests/fixtures/` of the dump (`.gz` allowed).
    pub fixture: &'static str,
    /// Lines quoted from the dump (checked to be a verbatim part of it).
    pub excerpt: &'static str,
    /// Thresholds to set (`NAME`, `VALUE`) for the rule to fire on this dump, when the
    /// defaults are too high for a small example.
    pub thresholds: &'static [(&'static str, &'static str)],
}

/// A rule's documentation, rendered into `docs/rules/<id>.md` (What it does / Why it
/// matters / What to look at next / Example) and the table in `docs/rules/README.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    /// Kebab-case id; part of the JSON interface.
    pub id: &'static str,
    /// Short name of the symptom.
    pub title: &'static str,
    /// Severities the rule can give.
    pub severities: &'static [Severity],
    /// What it reads.
    pub target: Target,
    /// What it detects and how.
    pub what_it_does: &'static str,
    /// Why a Go engineer should care.
    pub why_it_matters: &'static str,
    /// Where to look next.
    pub what_next: &'static str,
    /// Names of the [`RuleOptions`] thresholds it uses.
    pub thresholds: &'static [&'static str],
    /// A real dump it fires on.
    pub example: Example,
}

/// The check of a rule, by what it reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads one goroutine profile.
    Goroutine(fn(&GoroutineInput<'_>, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads one heap profile.
    Heap(fn(&HeapInput<'_>, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads one contention profile.
    Contention(fn(&ContentionInput<'_>, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads one CPU profile.
    Cpu(fn(&CpuInput<'_>, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads one run's race reports; annotations point at `race.reports`.
    Race(fn(&RaceInput<'_>, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads goroutine groups matched across dumps; annotations point at
    /// `goroutines.groups` of the comparison.
    GoroutineComparison(fn(&GoroutineComparison, &RuleOptions, &mut Vec<Annotation>)),
    /// Reads heap allocation sites matched across dumps; annotations point at
    /// `heap.sites` of the comparison.
    HeapComparison(fn(&HeapComparison, &RuleOptions, &mut Vec<Annotation>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Goroutine(_) => "Check::Goroutine",
            Check::Heap(_) => "Check::Heap",
            Check::Contention(_) => "Check::Contention",
            Check::Cpu(_) => "Check::Cpu",
            Check::Race(_) => "Check::Race",
            Check::GoroutineComparison(_) => "Check::GoroutineComparison",
            Check::HeapComparison(_) => "Check::HeapComparison",
        })
    }
}

/// A rule: its documentation and its check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Documentation (and id).
    pub doc: RuleDoc,
    /// What it runs.
    pub check: Check,
}

/// A goroutine profile with its groups, as rules see it.
#[derive(Debug, Clone)]
pub struct GoroutineInput<'a> {
    /// Frames of the document.
    pub frames: &'a FrameTable,
    /// The profile.
    pub profile: &'a GoroutineProfile,
    /// The document's text, from which call arguments are read again (`""`: none).
    pub text: &'a str,
    /// Its groups, in report order (annotations point at these indices).
    pub groups: Vec<GroupFacts<'a>>,
    /// Its pile-ups, found once on first use ([`GoroutineInput::bottlenecks`]): the
    /// `bottleneck` rule reports them, others leave their goroutines to it.
    bottlenecks: std::cell::OnceCell<Vec<crate::analysis::bottleneck::Bottleneck>>,
}

impl<'a> GoroutineInput<'a> {
    /// The input of `profile` with its groups in report order.
    pub fn new(
        frames: &'a FrameTable,
        profile: &'a GoroutineProfile,
        text: &'a str,
        groups: &'a [Group],
    ) -> GoroutineInput<'a> {
        let groups = groups
            .iter()
            .enumerate()
            .filter_map(|(index, g)| GroupFacts::new(index, frames, profile, g))
            .collect();
        GoroutineInput {
            frames,
            profile,
            text,
            groups,
            bottlenecks: std::cell::OnceCell::new(),
        }
    }

    /// The pile-ups of the profile ([`crate::analysis::bottleneck::find`] with the
    /// options' `bottleneckMin`), found on the first call.
    pub fn bottlenecks(&self, options: &RuleOptions) -> &[crate::analysis::bottleneck::Bottleneck] {
        self.bottlenecks.get_or_init(|| {
            crate::analysis::bottleneck::find(
                self.profile,
                self.text,
                &self.groups,
                options.bottleneck_min,
            )
        })
    }

    /// Goroutines in the profile (what was read; see `truncated-dump` for what was not).
    pub fn total(&self) -> u64 {
        facts::total(&self.groups)
    }
}

/// A heap profile as rules see it.
#[derive(Debug, Clone, Copy)]
pub struct HeapInput<'a> {
    /// Frames of the document.
    pub frames: &'a FrameTable,
    /// The profile.
    pub profile: &'a HeapProfile,
}

/// A contention profile as rules see it.
#[derive(Debug, Clone, Copy)]
pub struct ContentionInput<'a> {
    /// Frames of the document.
    pub frames: &'a FrameTable,
    /// The profile.
    pub profile: &'a ContentionProfile,
}

/// A CPU profile as rules see it.
#[derive(Debug, Clone, Copy)]
pub struct CpuInput<'a> {
    /// Frames of the document.
    pub frames: &'a FrameTable,
    /// The profile.
    pub profile: &'a SampleProfile,
}

/// A run's race reports as rules see them.
#[derive(Debug, Clone, Copy)]
pub struct RaceInput<'a> {
    /// Frames of the document.
    pub frames: &'a FrameTable,
    /// The reports.
    pub profile: &'a RaceProfile,
}

/// Any profile, for document-wide rules.
#[derive(Debug, Clone)]
pub enum ProfileInput<'a> {
    /// A goroutine profile.
    Goroutine(GoroutineInput<'a>),
    /// A heap profile.
    Heap(HeapInput<'a>),
    /// A contention profile.
    Contention(ContentionInput<'a>),
    /// A CPU profile.
    Cpu(CpuInput<'a>),
    /// Race reports.
    Race(RaceInput<'a>),
    /// A profile no rule reads (threadcreate).
    Other,
}

/// Declares [`RULES`] (each rule with its documentation) and [`CHECKS`] (each rule's id
/// and check only) from one list, in the order the docs list the rules.
macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        /// Every rule with its documentation, in the order the docs list them: for the
        /// generated docs and the CLI's `--explain`.
        pub const RULES: &[&Rule] = &[$(&$module::RULE),*];

        /// Every rule's id and check, in [`RULES`] order: what running the rules needs.
        /// Kept apart from [`RULES`] so that a program that only runs them (the page's
        /// wasm) does not carry the rules' prose — about 13 KB of the gzipped module.
        pub const CHECKS: &[(&str, Check)] = &[$(($module::RULE.doc.id, $module::RULE.check)),*];
    };
}

rules! {
    panic,
    deadlock,
    recovered_panic,
    truncated_dump,
    leaked,
    bottleneck,
    goroutine_growth,
    mutex_contention,
    rwmutex_contention,
    sync_wait,
    channel_blocked,
    stuck_forever,
    long_wait,
    dominant_group,
    goroutine_count_high,
    runnable_backlog,
    syscall_pileup,
    locked_threads,
    netpoll_wait,
    runtime_internal,
    heap_top_retainer,
    heap_growth,
    alloc_churn,
    heap_fragmentation,
    heap_idle_unreleased,
    gc_cpu_high,
    stack_memory_high,
    runtime_overhead,
    contention_hotspot,
    cpu_share,
    data_race,
    race_reports_missing,
    race_goroutine_limit,
}

/// The rule with this id, with its documentation.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.doc.id == id)
}

/// The check of the rule with this id.
pub fn check_of(id: &str) -> Option<Check> {
    CHECKS
        .iter()
        .find(|(rule, _)| *rule == id)
        .map(|&(_, check)| check)
}

/// Runs every rule on every profile of `document`. `groupings[i]` is the grouping of
/// profile `i` (`None` for other kinds; a goroutine profile without one has no groups).
/// Returns one list per profile, sorted critical first; within a severity, in [`RULES`]
/// order.
///
/// An input holding several goroutine (or heap) dumps — a log that dumps periodically —
/// is also compared with itself: the growth rules' annotations go to its last goroutine
/// (heap) dump and point at that dump's groups (records).
pub fn annotate(
    document: &Document,
    groupings: &[Option<Grouping>],
    options: &RuleOptions,
) -> Vec<Vec<Annotation>> {
    let inputs: Vec<ProfileInput<'_>> = document
        .profiles
        .iter()
        .enumerate()
        .map(|(i, profile)| {
            let frames = &document.frames;
            match profile {
                Profile::Goroutine(profile) => ProfileInput::Goroutine(GoroutineInput::new(
                    frames,
                    profile,
                    &document.text,
                    groupings
                        .get(i)
                        .and_then(Option::as_ref)
                        .map_or(&[], |g| g.groups.as_slice()),
                )),
                Profile::Heap(profile) => ProfileInput::Heap(HeapInput { frames, profile }),
                Profile::Contention(profile) => {
                    ProfileInput::Contention(ContentionInput { frames, profile })
                }
                Profile::Samples(profile) if profile.kind == SampleKind::Cpu => {
                    ProfileInput::Cpu(CpuInput { frames, profile })
                }
                Profile::ThreadCreate(_) | Profile::Samples(_) => ProfileInput::Other,
                Profile::Race(profile) => ProfileInput::Race(RaceInput { frames, profile }),
            }
        })
        .collect();
    let mut out: Vec<Vec<Annotation>> = vec![Vec::new(); inputs.len()];
    for &(_, check) in CHECKS {
        for (input, list) in inputs.iter().zip(out.iter_mut()) {
            match (check, input) {
                (Check::Goroutine(f), ProfileInput::Goroutine(p)) => f(p, options, list),
                (Check::Heap(f), ProfileInput::Heap(p)) => f(p, options, list),
                (Check::Contention(f), ProfileInput::Contention(p)) => f(p, options, list),
                (Check::Cpu(f), ProfileInput::Cpu(p)) => f(p, options, list),
                (Check::Race(f), ProfileInput::Race(p)) => f(p, options, list),
                _ => {}
            }
        }
    }
    for (list, profile) in out.iter_mut().zip(&document.profiles) {
        if let Profile::Goroutine(_) = profile {
            merge::merge_same_goroutines(list);
        }
    }
    comparison::annotate_growth_within(document, groupings, options, &mut out);
    for list in &mut out {
        // Stable: equal severities keep rule order.
        crate::order::sort_by_key(list, |a| std::cmp::Reverse(a.severity));
        crate::analysis::bottleneck::resolve_links(list);
    }
    out
}

/// Whether an amount is positive and reaches both its absolute threshold and its share
/// threshold: the test every "too much of X" rule makes.
#[inline(never)]
pub fn significant(amount: f64, share: f64, min_amount: f64, min_share: f64) -> bool {
    amount > 0.0 && amount >= min_amount && share >= min_share
}

/// `part / whole`, rounded to 4 decimals so evidence stays readable and snapshots stable.
#[inline(never)]
pub fn share(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        return 0.0;
    }
    round4(part / whole)
}

/// Rounds to 4 decimals.
#[inline(never)]
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `12.3 MiB`-style size for titles and details: the evidence's own format
/// (`evidence::bytes`), so a title and its evidence agree.
pub fn human_bytes(bytes: f64) -> String {
    evidence::bytes(bytes)
}

/// `1 goroutine`, `3 goroutines`: a count with its noun in the right number.
pub fn count_of(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The verb form that agrees with a count: `agree(n, "is", "are")`.
pub fn agree(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `45%`-style percentage of a share ([`evidence::percent`]).
pub fn percent(share: f64) -> String {
    evidence::percent(share)
}
