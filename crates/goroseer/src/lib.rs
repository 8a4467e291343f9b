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
//!
//! Several named inputs (files of one program, the page's multi-file drop) live in a
//! [`Workspace`]: each parsed once, compared and queried by (input, profile, group).

// The stages, in the order data flows through them (`tests/layering.rs` keeps imports
// pointing downward). Only what a caller needs is public: the model it reads, the report
// types it shows, the options and requests it sends, and the entry points below.
mod analysis;
mod input;
mod log_stream;
pub mod model;
mod order;
mod parse;
pub mod query;
pub mod report;
mod workspace;

pub use analysis::aggregate::{AggregateBy, AggregateRow, Aggregation};
pub use analysis::compare::times::parse_duration;
pub use analysis::compare::{
    CompareError, CompareOptions, DumpTimes, Input as CompareInput, TimeSource,
};
pub use analysis::fleet::{FleetOptions, Layout};
pub use analysis::group::GroupBy;
pub use analysis::tree::CallTree;
pub use analysis::{Analysis, Options};
pub use input::archive::ArchiveError;
/// Archives read on their own (the page's archive module hands the files to the
/// workspace): every file of a `.zip`, `.tar` or gzip, named by its path, gunzipped.
#[cfg(feature = "archives")]
pub use input::archive::{expand as expand_archive, Entry as ArchiveEntry};
pub use input::encoding::decode;
pub use log_stream::{LogProgress, LogStream};
pub use model::Document;
pub use parse::ahead::ArrivingFile;
/// How many threads a large goroutine dump is parsed on (0: one per core, the default).
#[cfg(feature = "parallel")]
pub use parse::parallel::set_threads as set_parse_threads;
pub use query::{
    is_sample_name, GroupQuery, GroupQueryError, ProfileQuery, QueryError, SampleType,
};
pub use report::Report;
pub use workspace::{Workspace, WorkspaceInput};

/// The symptom rules as a caller sees them: their catalogue (ids, documentation,
/// thresholds), their options, and the findings they make.
pub mod rules {
    pub use crate::analysis::rules::{
        catalogue, evidence::number_text, find, human_bytes, Annotation, Evidence, EvidenceItem,
        Key, Location, Rule, RuleDoc, RuleOptions, Severity, Target, ThresholdDoc, ThresholdError,
        Unit, Value, RULES, THRESHOLDS,
    };
}

/// Whether a file starting with `head` (its first 262 bytes suffice) is an archive or
/// gzip: what [`Workspace::add_file`] expands.
pub fn is_archive(head: &[u8]) -> bool {
    input::archive::is_container(head)
}

/// Whether a file whose first bytes (gzip already undone; 512 suffice) are `head` is read
/// as a log, chunk by chunk, when it is too big to read whole ([`Workspace::log_stream`]):
/// UTF-8 text. An archive, UTF-16 (by its byte-order mark) or binary data is read whole
/// ([`Workspace::add_file`]).
pub fn is_log_text(head: &[u8]) -> bool {
    !input::archive::is_container(head)
        && !head.starts_with(&[0xFF, 0xFE])
        && !head.starts_with(&[0xFE, 0xFF])
        && input::binary::sniff(head) == input::binary::Content::Text
}

/// The text of a file's bytes (gzip already undone) as the analysis reads it — UTF-8, or
/// UTF-16 by its byte-order mark — or `None` when the file is not text: an archive, a
/// pprof protobuf profile, other binary data. What a share link can carry.
pub fn text_of(bytes: Vec<u8>) -> Option<String> {
    if input::archive::is_container(&bytes)
        || input::binary::sniff(&bytes) != input::binary::Content::Text
    {
        return None;
    }
    Some(input::encoding::decode(bytes))
}

/// `input` redacted for sharing: label values, argument values, panic and error messages
/// and source path prefixes replaced by stable placeholders, the structure kept (see
/// `report::redact`). Log prefixes and web-copy escapes are undone first when the input
/// holds a goroutine dump (the text the dump was read from is redacted).
pub fn redact(input: &str) -> String {
    let document = parse::parse_document(input);
    let text = if document.text.is_empty() {
        input
    } else {
        &document.text
    };
    report::redact::redact_dump(text)
}

/// Parses `input` into the model without analysing it (see [`analyze`] for the rest).
pub fn parse(input: &str) -> Document {
    parse::parse_document(input)
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

/// Compares `inputs` (see `analysis::compare`), runs the growth rules on the comparison
/// and returns its view, the `goroseer diff --json` shape.
pub fn compare(
    inputs: &[CompareInput<'_>],
    options: &CompareOptions,
    rules: &rules::RuleOptions,
) -> Result<report::compare::CompareReport, analysis::compare::CompareError> {
    let comparison = analysis::compare::compare(inputs, options)?;
    let annotations = analysis::rules::annotate_comparison(
        comparison.goroutines.as_ref(),
        comparison.heap.as_ref(),
        rules,
    );
    Ok(report::compare::CompareReport::new(comparison, annotations))
}

fn analysis(document: Document, options: &Options) -> Analysis {
    Analysis::new(document, options)
}
