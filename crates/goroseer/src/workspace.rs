//! The orchestrator: named inputs, each decoded and parsed once, each analysed with the
//! same options; everything asked of them afterwards is addressed by (input, profile,
//! group) and answered from what is held.
//!
//! ```text
//! add_file(name, bytes) ─► input::archive (zip / tar / gzip: one input per file inside)
//! add_bytes(name, bytes) ─► parse::parse_bytes (text: UTF-8 / UTF-16; pprof protobuf) ─► Analysis
//!                                     (gzip is undone at the edge: the browser, the CLI)
//! report()    the dumps of every input in one report (the page's list of dumps)
//! compare()   analysis::compare ─► rules::annotate_comparison ─► report::compare
//! fleet()     analysis::fleet (groups matched per process, outliers) ─► report::fleet
//! groups() / group_members() / top() / call_tree()   by profile of report()
//! input_group_members(input, profile, level, group)    by a comparison's snapshot
//! ```
//!
//! Inputs are taken as dumps of one program (the page's multi-file drop): the growth rules
//! run across all of them, in order, as they would within one log holding several dumps,
//! and their findings go to the last dump of each kind. The CLI's `goroseer FILE…` reads
//! its files as unrelated ([`Workspace::with_growth_across_inputs`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::analysis::compare::{self, CompareError, CompareOptions};
use crate::analysis::fleet::{FleetOptions, Layout};
use crate::analysis::group::{self, GroupBy, Grouping};
use crate::analysis::rules::{self, Annotation, Check, CHECKS};
use crate::model::{FrameId, FrameTable, Profile};
use crate::query::groups::{GroupQuery, GroupQueryError};
use crate::query::profile::{ProfileQuery, QueryError};
use crate::report::compare::CompareReport;
use crate::report::fleet::FleetReport;
use crate::report::goroutine::{member_views, FrameView, GoroutineView};
use crate::report::groups::GroupPage;
use crate::report::layout::{layout, LayoutFacts, LayoutView};
use crate::report::redact::Redaction;
use crate::report::{Report, ReportOptions};
use crate::{Analysis, LogStream, Options};

/// One input of a [`Workspace`]: its name and its analysis.
#[derive(Debug)]
pub struct WorkspaceInput {
    /// The name it was added with (a file name, `paste 2`).
    pub name: String,
    /// Its parsed and analysed dumps.
    pub analysis: Analysis,
}

/// Named inputs, each parsed once, analysed with the same options.
#[derive(Debug)]
pub struct Workspace {
    options: Options,
    inputs: Vec<WorkspaceInput>,
    /// Inputs parsed so far: one per input, never more (a test counts them).
    parses: usize,
    growth_across_inputs: bool,
    /// Fleet or snapshots, when the caller said (else decided from the inputs).
    fleet_layout: Option<Layout>,
    /// Set once the growth rules have run across the inputs and every analysis holds its
    /// findings.
    linked: OnceLock<()>,
    /// The frames and profiles of every input in one numbering (for [`Workspace::report`]).
    combined: OnceLock<Combined>,
    /// The streamed log whose dumps are the inputs, when one was added ([`Workspace::add_log`]).
    log: Option<StreamedLog>,
    /// The inputs read as a fleet with [`Workspace::fleet_options`], made once for every
    /// report (`None` inside: no goroutine dump).
    fleet_made: OnceLock<Option<FleetReport>>,
    /// Fleet analyses made so far (a test counts them).
    fleets: AtomicUsize,
    /// With redaction on: placeholders numbered on from input to input, so one value has
    /// one placeholder in the whole workspace.
    redaction: Redaction,
}

/// What a workspace keeps of a streamed log besides its dumps (one input each).
#[derive(Debug)]
struct StreamedLog {
    /// For each input, the last line a dump of its stretch of the log printed.
    ends: Vec<usize>,
    /// Diagnostics of lines outside any dump (the first ones), and how many in all.
    diagnostics: Vec<crate::model::Diagnostic>,
    diagnostics_total: usize,
    log_prefix: Option<String>,
}

/// Every input's frames in one table and its profiles in one list.
#[derive(Debug)]
struct Combined {
    frames: FrameTable,
    /// Per input, its frame ids → ids in `frames`.
    frame_ids: Vec<Vec<FrameId>>,
    /// Profile of [`Workspace::report`] → (input, profile of that input).
    profiles: Vec<(usize, usize)>,
}

impl Workspace {
    /// An empty workspace whose inputs are analysed with `options`.
    pub fn new(options: Options) -> Workspace {
        Workspace {
            options,
            inputs: Vec::new(),
            parses: 0,
            growth_across_inputs: true,
            fleet_layout: None,
            linked: OnceLock::new(),
            combined: OnceLock::new(),
            log: None,
            fleet_made: OnceLock::new(),
            fleets: AtomicUsize::new(0),
            redaction: Redaction::default(),
        }
    }

    /// A log to read chunk by chunk ([`LogStream::feed`]) with this workspace's options,
    /// then to add with [`Workspace::add_log`]. Redacted, its placeholders number on from
    /// the workspace's inputs (one stream at a time).
    pub fn log_stream(&self, name: impl Into<String>) -> LogStream {
        let mut stream = LogStream::new(name.into(), self.options.clone());
        stream.redaction = self.redaction.clone();
        stream
    }

    /// Adds the dumps of a streamed log, one input each (named `NAME:FIRST-LAST`, its
    /// input lines), read as snapshots of one process; [`Workspace::report`] then carries
    /// the log's timeline and its diagnostics. A log kept whole
    /// ([`LogStream::read_whole_up_to`]) is added as [`Workspace::add_bytes`] would. The
    /// workspace should hold nothing else. Returns the indices of the inputs added.
    pub fn add_log(&mut self, mut stream: LogStream) -> std::ops::Range<usize> {
        stream.finish();
        self.redaction = std::mem::take(&mut stream.redaction);
        let first = self.inputs.len();
        if let Some(bytes) = stream.take_whole() {
            self.add_bytes(stream.name.clone(), bytes);
            return first..self.inputs.len();
        }
        let (diagnostics, diagnostics_total) = stream.diagnostics();
        let mut log = StreamedLog {
            ends: Vec::new(),
            diagnostics: diagnostics.to_vec(),
            diagnostics_total,
            log_prefix: stream.log_prefix(),
        };
        for dump in std::mem::take(&mut stream.dumps) {
            log.ends.push(dump.last_line);
            self.parses += 1;
            self.inputs.push(WorkspaceInput {
                name: format!("{}:{}-{}", stream.name, dump.first_line, dump.last_line),
                analysis: dump.analysis,
            });
        }
        self.log = Some(log);
        self.fleet_layout = Some(Layout::Snapshots);
        self.changed();
        first..self.inputs.len()
    }

    /// Whether the growth rules compare the dumps of different inputs (default true: the
    /// inputs are dumps of one program); false reads every input on its own.
    pub fn with_growth_across_inputs(mut self, across: bool) -> Workspace {
        self.growth_across_inputs = across;
        self
    }

    /// Takes the inputs as a fleet or as snapshots of one process whatever they look like
    /// (`None`: decided from their names and times, [`crate::analysis::fleet::layout_of`]).
    /// [`Workspace::report`] carries `fleet` when they are a fleet.
    pub fn set_fleet_layout(&mut self, layout: Option<Layout>) {
        self.fleet_layout = layout;
        self.fleet_made = OnceLock::new();
        // Growth across the inputs holds for snapshots, not for a fleet: link again.
        self.linked = OnceLock::new();
        for input in &mut self.inputs {
            input.analysis.forget_annotations();
        }
    }

    /// Forgets what was made of the inputs as they were: they changed.
    fn changed(&mut self) {
        self.linked = OnceLock::new();
        self.combined = OnceLock::new();
        self.fleet_made = OnceLock::new();
    }

    /// How many times the inputs were read as a fleet: once for every report of the same
    /// inputs, plus once per [`Workspace::fleet`] asked with other options.
    pub fn fleet_count(&self) -> usize {
        self.fleets.load(Ordering::Relaxed)
    }

    /// The fleet every report reads ([`Workspace::fleet_options`]), made once.
    fn fleet_read(&self) -> Option<&FleetReport> {
        self.fleet_made
            .get_or_init(|| self.read_fleet(&self.fleet_options()).ok().flatten())
            .as_ref()
    }

    /// The options [`Workspace::report`] reads the fleet with: the workspace's grouping
    /// level (`lines` when it groups `exact`, which cannot be matched across processes)
    /// and layout.
    pub fn fleet_options(&self) -> FleetOptions {
        FleetOptions {
            group_by: match self.options.group_by {
                GroupBy::Exact => GroupBy::default(),
                by => by,
            },
            layout: self.fleet_layout,
            ..FleetOptions::default()
        }
    }

    /// The goroutine dumps of the inputs read as a fleet: one process per dump, groups
    /// matched across them, the processes unlike the others and their outliers (`None`
    /// when the inputs hold no goroutine dump).
    pub fn fleet(&self, options: &FleetOptions) -> Result<Option<FleetReport>, CompareError> {
        if *options == self.fleet_options() {
            return Ok(self.fleet_read().cloned());
        }
        self.read_fleet(options)
    }

    fn read_fleet(&self, options: &FleetOptions) -> Result<Option<FleetReport>, CompareError> {
        self.fleets.fetch_add(1, Ordering::Relaxed);
        let inputs: Vec<compare::Input<'_>> = self
            .inputs
            .iter()
            .map(|i| compare::Input::of(&i.name, &i.analysis))
            .collect();
        let Some(fleet) = crate::analysis::fleet::fleet(&inputs, options)? else {
            return Ok(None);
        };
        let mut report = FleetReport::new(&fleet);
        if self.inputs.len() > 1 {
            let profiles = &self.combined().profiles;
            for process in &mut report.processes {
                let at = (process.input, process.profile);
                process.report_profile = profiles.iter().position(|&p| p == at).unwrap_or(0);
            }
        }
        Ok(Some(report))
    }

    /// Adds an input from the bytes of a file (already gunzipped), read by its content
    /// ([`crate::parse::parse_bytes`]): text (UTF-8, or UTF-16 by its byte-order mark) or
    /// a pprof protobuf profile, then analysed. Returns its index.
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> usize {
        if self.options.redact {
            return self.add_redacted(name, bytes);
        }
        self.add_document(name, crate::parse::parse_bytes(bytes))
    }

    /// [`Workspace::add_bytes`] of bytes that live as long as the process (the CLI maps its
    /// file and never unmaps it): UTF-8 text is parsed and kept without a copy. Archives
    /// and gzip are not opened here ([`Workspace::add_file`] does).
    pub fn add_static_bytes(&mut self, name: impl Into<String>, bytes: &'static [u8]) -> usize {
        if self.options.redact {
            return self.add_redacted(name, bytes.to_vec());
        }
        self.add_document(name, crate::parse::parse_static_bytes(bytes))
    }

    /// Adds the inputs of a file's bytes as they came (see [`crate::input::archive`]): a
    /// `.zip`, `.tar` or `.tar.gz` becomes one input per file inside, named by its path
    /// (`fleet.zip/pods/relay-3/goroutines.txt`); gzip is undone; anything else is one
    /// input, as [`Workspace::add_bytes`]. Returns the indices of the inputs added; a
    /// damaged archive adds none.
    pub fn add_file(
        &mut self,
        name: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Result<std::ops::Range<usize>, crate::input::archive::ArchiveError> {
        let name = name.into();
        let first = self.inputs.len();
        if !crate::input::archive::is_container(&bytes) {
            self.add_bytes(name, bytes);
            return Ok(first..self.inputs.len());
        }
        for entry in crate::input::archive::expand(&name, bytes)? {
            self.add_bytes(entry.name, entry.bytes);
        }
        Ok(first..self.inputs.len())
    }

    /// [`Workspace::add_file`] of a file read as it arrived, its first goroutines already
    /// read ([`ArrivingFile::read_ahead`]): the same inputs, sooner.
    ///
    /// [`ArrivingFile::read_ahead`]: crate::ArrivingFile::read_ahead
    pub fn add_arriving_file(
        &mut self,
        name: impl Into<String>,
        file: crate::ArrivingFile,
    ) -> Result<std::ops::Range<usize>, crate::input::archive::ArchiveError> {
        if self.options.redact || crate::input::archive::is_container(file.bytes()) {
            return self.add_file(name, file.into_parts().0);
        }
        let first = self.inputs.len();
        self.add_document(name, crate::parse::parse_arriving(file));
        Ok(first..self.inputs.len())
    }

    /// Adds an input from its text, which becomes the document's text without a copy.
    /// Returns its index.
    pub fn add_text(&mut self, name: impl Into<String>, text: String) -> usize {
        if self.options.redact {
            let redacted = self.redaction.redact(&text);
            return self.add_document(name, crate::parse::parse_document_owned(redacted));
        }
        self.add_document(name, crate::parse::parse_document_owned(text))
    }

    /// [`Workspace::add_bytes`] with redaction: text is redacted before parsing; a binary
    /// profile (pprof protobuf) cannot be, so it is not read: a diagnostic says why.
    fn add_redacted(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> usize {
        use crate::input::binary::{sniff, Content};
        match sniff(&bytes) {
            Content::Text => self.add_text(name, crate::input::encoding::decode(bytes)),
            _ => {
                let document = crate::Document {
                    diagnostics: vec![crate::model::Diagnostic {
                        line: 1,
                        message: "not read: redaction covers text dumps only, and this \
                                  input is binary (a pprof profile keeps its labels and \
                                  file names)"
                            .to_owned(),
                    }],
                    known_text: Some(crate::model::known_text::KnownText {
                        kind: crate::model::known_text::TextKind::Binary,
                        what: "binary data, not read: redaction covers text dumps only".to_owned(),
                        hint: String::new(),
                        line: 1,
                        lines: 0,
                    }),
                    ..crate::Document::default()
                };
                self.add_document(name, document)
            }
        }
    }

    fn add_document(&mut self, name: impl Into<String>, document: crate::Document) -> usize {
        self.parses += 1;
        let analysis = Analysis::new(document, &self.options);
        self.inputs.push(WorkspaceInput {
            name: name.into(),
            analysis,
        });
        self.changed();
        self.inputs.len() - 1
    }

    /// Whether the inputs are the dumps of a streamed log ([`Workspace::add_log`]).
    pub fn holds_log(&self) -> bool {
        self.log.is_some()
    }

    /// How many times an input was parsed: the number of inputs, whatever was asked since.
    pub fn parse_count(&self) -> usize {
        self.parses
    }

    /// The options every input is analysed with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The inputs, in the order added, with their findings made.
    pub fn inputs(&self) -> &[WorkspaceInput] {
        self.link();
        &self.inputs
    }

    /// Groups every goroutine dump again at another level, without parsing again.
    pub fn regroup(&mut self, by: GroupBy) {
        self.options.group_by = by;
        for input in &mut self.inputs {
            input.analysis.regroup(by);
        }
        self.linked = OnceLock::new();
        // The fleet is matched at the grouping level too.
        self.fleet_made = OnceLock::new();
    }

    /// The report of input `input` alone (`goroseer --json` of that file).
    pub fn input_report(&self, input: usize, options: &ReportOptions) -> Option<Report> {
        self.link();
        Some(self.inputs.get(input)?.analysis.report_with(options))
    }

    /// The dumps of every input in one report, in input order: the page shows a drop of
    /// several files as one list of dumps. Frame ids index one table gathered from every
    /// input's; diagnostics and line numbers are those of each input's own text. With one
    /// input, exactly that input's report.
    pub fn report(&self, options: &ReportOptions) -> Report {
        self.link();
        let mut report = match self.inputs.as_slice() {
            [only] => only.analysis.report_with(options),
            _ => self.combined_report(options),
        };
        if let Some(log) = &self.log {
            self.log_report(log, &mut report);
        }
        report.layout = Some(self.layout(&report));
        report
    }

    /// How the inputs read together, for `report`'s `layout`.
    fn layout(&self, report: &Report) -> LayoutView {
        let names: Vec<&str> = self.inputs.iter().map(|i| i.name.as_str()).collect();
        let profiles: Vec<(usize, &'static str)> = (0..report.profiles.len())
            .map(|p| self.locate(p).map_or(0, |(input, _)| input))
            .zip(report.profiles.iter().map(|p| p.kind))
            .collect();
        let fleet = match self.inputs.len() {
            0 | 1 => None,
            _ => self.fleet_read().map(|f| (f.layout, f.layout_reason)),
        };
        layout(&LayoutFacts {
            inputs: &names,
            profiles: &profiles,
            fleet,
            log: self.log.is_some(),
            timeline: report.timeline.as_ref().is_some_and(|t| !t.is_empty()),
        })
    }

    /// The streamed log's parts of its report: the diagnostics outside its dumps, its
    /// prefix and its timeline.
    fn log_report(&self, log: &StreamedLog, report: &mut Report) {
        report.diagnostics.extend(log.diagnostics.iter().cloned());
        crate::order::sort_by_key(&mut report.diagnostics, |d| d.line);
        let omitted = log.diagnostics_total.saturating_sub(log.diagnostics.len());
        report.diagnostics_omitted = (omitted > 0).then_some(omitted);
        report.log_prefix = report.log_prefix.take().or_else(|| log.log_prefix.clone());
        let spans: Vec<_> = self
            .inputs
            .iter()
            .zip(&log.ends)
            .flat_map(|(input, &end)| {
                crate::report::timeline::spans(&input.analysis.document, Some(end))
            })
            .collect();
        report.timeline = Some(crate::report::timeline::timeline(&report.profiles, &spans));
    }

    /// The report of several inputs: their profiles, frames and diagnostics in one.
    fn combined_report(&self, options: &ReportOptions) -> Report {
        let combined = self.combined();
        let mut report = Report {
            version: crate::report::REPORT_VERSION,
            profiles: Vec::new(),
            frames: (0..combined.frames.frames().len() as FrameId)
                .map(|id| FrameView::of(&combined.frames, id, false))
                .collect(),
            diagnostics: Vec::new(),
            log_prefix: None,
            main_module: None,
            fleet: self
                .fleet_read()
                .filter(|f| f.layout == Layout::Fleet)
                .cloned(),
            timeline: None,
            diagnostics_omitted: None,
            layout: None,
            summary: crate::report::summary::summarize(&[], &[]),
            not_a_dump: None,
            recognized: None,
        };
        for (input, ids) in self.inputs.iter().zip(&combined.frame_ids) {
            let mut part = input.analysis.report_with(options);
            for profile in &mut part.profiles {
                remap_profile(profile, ids);
            }
            report.profiles.append(&mut part.profiles);
            report.diagnostics.append(&mut part.diagnostics);
            report.log_prefix = report.log_prefix.or(part.log_prefix);
            report.main_module = report.main_module.or(part.main_module);
        }
        let names: Vec<&str> = self.inputs.iter().map(|i| i.name.as_str()).collect();
        let profiles: Vec<(usize, &'static str)> = combined
            .profiles
            .iter()
            .map(|&(input, _)| input)
            .zip(report.profiles.iter().map(|p| p.kind))
            .collect();
        // A streamed log is one input to its reader: its summary reads as the whole log's.
        report.summary = if self.log.is_some() {
            crate::report::summary::summarize_report(&report.profiles)
        } else {
            let dumps = crate::report::layout::dump_names(&names, &profiles);
            crate::report::summary::summarize_dumps(&report.profiles, &dumps)
        };
        report
    }

    /// The input and that input's profile number of profile `profile` of
    /// [`Workspace::report`].
    pub fn locate(&self, profile: usize) -> Option<(usize, usize)> {
        if let [_] = self.inputs.as_slice() {
            return Some((0, profile));
        }
        self.combined().profiles.get(profile).copied()
    }

    /// Profile `profile` of [`Workspace::report`] as a pprof protobuf profile (not gzipped),
    /// which `go tool pprof` reads with the same totals ([`crate::report::pprof_export`]).
    pub fn export_pprof(&self, profile: usize) -> Option<Vec<u8>> {
        let (input, local) = self.locate(profile)?;
        crate::report::pprof_export::to_pprof(&self.inputs.get(input)?.analysis.document, local)
    }

    /// One page of the goroutine groups of a profile of [`Workspace::report`] that pass
    /// `query`'s filters.
    pub fn groups(&self, query: &GroupQuery) -> Result<GroupPage, GroupQueryError> {
        let (input, profile) = self
            .locate(query.profile)
            .ok_or(GroupQueryError::NoSuchProfile(query.profile))?;
        let local = GroupQuery {
            profile,
            ..query.clone()
        };
        self.analysis(input).groups(&local).map_err(|e| match e {
            GroupQueryError::NoSuchProfile(_) => GroupQueryError::NoSuchProfile(query.profile),
            GroupQueryError::NotGoroutines(_) => GroupQueryError::NotGoroutines(query.profile),
            other => other,
        })
    }

    /// Goroutines `offset..offset + limit` of group `group` of a profile of
    /// [`Workspace::report`]; empty past the end.
    pub fn group_members(
        &self,
        profile: usize,
        group: usize,
        offset: usize,
        limit: usize,
    ) -> Vec<GoroutineView> {
        match self.locate(profile) {
            Some((input, profile)) => self
                .analysis(input)
                .group_members(profile, group, offset, limit),
            None => Vec::new(),
        }
    }

    /// The group of the goroutine with id `goroutine` in a profile of
    /// [`Workspace::report`].
    pub fn group_of_goroutine(&self, profile: usize, goroutine: u64) -> Option<usize> {
        let (input, profile) = self.locate(profile)?;
        self.analysis(input).group_of_goroutine(profile, goroutine)
    }

    /// A `pprof -top` aggregation of a profile of [`Workspace::report`] (frame ids index
    /// its `frames`).
    pub fn top(
        &self,
        query: &ProfileQuery,
    ) -> Result<crate::analysis::aggregate::Aggregation, QueryError> {
        let (input, local) = self.local_query(query)?;
        let mut top = crate::query::profile::top(&self.inputs[input].analysis.document, &local)?;
        if let Some(ids) = self.frame_ids(input) {
            top.rows
                .iter_mut()
                .for_each(|r| r.frame = ids[r.frame as usize]);
        }
        Ok(top)
    }

    /// The call tree of a profile of [`Workspace::report`] (frame ids index its `frames`).
    pub fn call_tree(
        &self,
        query: &ProfileQuery,
    ) -> Result<crate::analysis::tree::CallTree, QueryError> {
        let (input, local) = self.local_query(query)?;
        let mut tree =
            crate::query::profile::call_tree(&self.inputs[input].analysis.document, &local)?;
        if let Some(ids) = self.frame_ids(input) {
            tree.frames.iter_mut().for_each(|f| *f = ids[*f as usize]);
        }
        Ok(tree)
    }

    /// Compares every goroutine and heap dump of the inputs, in order, runs the growth
    /// rules (the workspace's thresholds) on the comparison and returns its view
    /// (`goroseer diff --json`). Goroutines are matched at `options.group_by`; the groups
    /// held are used when they are at that level.
    pub fn compare(&self, options: &CompareOptions) -> Result<CompareReport, CompareError> {
        let inputs: Vec<compare::Input<'_>> = self
            .inputs
            .iter()
            .map(|i| compare::Input::of(&i.name, &i.analysis))
            .collect();
        crate::compare(&inputs, options, &self.options.rules)
    }

    /// Goroutines `offset..offset + limit` of group `group` of profile `profile` of input
    /// `input` grouped at `level`: what a comparison's `members` name (its snapshots say
    /// `input` and `profile`, its `groupBy` the level). Groups again when the inputs are
    /// held at another level.
    pub fn input_group_members(
        &self,
        input: usize,
        profile: usize,
        level: GroupBy,
        group: usize,
        offset: usize,
        limit: usize,
    ) -> Vec<GoroutineView> {
        let Some(input) = self.inputs.get(input) else {
            return Vec::new();
        };
        let analysis = &input.analysis;
        if analysis.options.group_by == level {
            return analysis.group_members(profile, group, offset, limit);
        }
        let document = &analysis.document;
        let Some(Profile::Goroutine(p)) = document.profiles.get(profile) else {
            return Vec::new();
        };
        let grouping: Grouping = group::group(p, &document.frames, &document.text, level);
        grouping.groups.get(group).map_or_else(Vec::new, |group| {
            member_views(p, &document.frames, &document.text, group, offset, limit)
        })
    }

    fn analysis(&self, input: usize) -> &Analysis {
        self.link();
        &self.inputs[input].analysis
    }

    fn local_query(&self, query: &ProfileQuery) -> Result<(usize, ProfileQuery), QueryError> {
        let (input, profile) = self
            .locate(query.profile)
            .ok_or(QueryError::NoSuchProfile(query.profile))?;
        Ok((
            input,
            ProfileQuery {
                profile,
                ..query.clone()
            },
        ))
    }

    /// Input `input`'s frame ids in [`Workspace::report`]'s table; `None` when they are
    /// the same (one input).
    fn frame_ids(&self, input: usize) -> Option<&[FrameId]> {
        if self.inputs.len() == 1 {
            return None;
        }
        self.combined().frame_ids.get(input).map(Vec::as_slice)
    }

    fn combined(&self) -> &Combined {
        self.combined.get_or_init(|| {
            let mut frames = FrameTable::default();
            let mut frame_ids = Vec::with_capacity(self.inputs.len());
            let mut profiles = Vec::new();
            for (i, input) in self.inputs.iter().enumerate() {
                let document = &input.analysis.document;
                frame_ids.push(
                    document
                        .frames
                        .frames()
                        .iter()
                        .map(|f| frames.intern_frame(f))
                        .collect(),
                );
                profiles.extend((0..document.profiles.len()).map(|p| (i, p)));
            }
            Combined {
                frames,
                frame_ids,
                profiles,
            }
        })
    }

    /// Runs the growth rules across the inputs, once, before any finding is read: each
    /// analysis then holds its own rules' findings, without the growth it saw within
    /// itself, plus the growth across inputs placed on its dumps.
    fn link(&self) {
        // A log's dumps are one process's, whatever the caller said of its files; the
        // processes of a fleet are not one process over time (each keeps its own findings).
        let fleet = || self.fleet_read().is_some_and(|f| f.layout == Layout::Fleet);
        let across = self.log.is_some() || (self.growth_across_inputs && !fleet());
        if !across || self.inputs.len() < 2 {
            return;
        }
        self.linked.get_or_init(|| {
            let inputs: Vec<compare::Input<'_>> = self
                .inputs
                .iter()
                .map(|i| compare::Input::of(&i.name, &i.analysis))
                .collect();
            let mut placed = rules::growth_across(&inputs, &self.options.rules);
            for (index, input) in self.inputs.iter().enumerate() {
                let analysis = &input.analysis;
                let mut lists =
                    rules::annotate(&analysis.document, &analysis.groupings, &self.options.rules);
                for list in &mut lists {
                    list.retain(|a| !is_growth(a));
                }
                for (_, profile, annotation) in placed.extract_if(.., |(i, _, _)| *i == index) {
                    if let Some(list) = lists.get_mut(profile) {
                        list.push(annotation);
                    }
                }
                for list in &mut lists {
                    crate::order::sort_by_key(list, |a| std::cmp::Reverse(a.severity));
                }
                // Only fails when the findings were read before linking, which every
                // reader of this workspace prevents by linking first.
                let _ = analysis.preset_annotations(lists);
            }
        });
    }
}

/// Whether an annotation comes from a rule that compares dumps (growth).
fn is_growth(annotation: &Annotation) -> bool {
    CHECKS.iter().any(|&(id, check)| {
        id == annotation.rule
            && matches!(
                check,
                Check::GoroutineComparison(_) | Check::HeapComparison(_)
            )
    })
}

/// Frame ids of one input's profile view → ids of the combined table.
fn remap_profile(profile: &mut crate::report::ProfileReport, ids: &[FrameId]) {
    let remap = |stack: &mut Vec<FrameId>| stack.iter_mut().for_each(|f| *f = ids[*f as usize]);
    if let Some(heap) = &mut profile.heap {
        heap.records.iter_mut().for_each(|r| remap(&mut r.stack));
    }
    if let Some(contention) = &mut profile.contention {
        contention
            .records
            .iter_mut()
            .for_each(|r| remap(&mut r.stack));
    }
    if let Some(threads) = &mut profile.threadcreate {
        threads.records.iter_mut().for_each(|r| remap(&mut r.stack));
    }
}
