//! goroscope: parse and analyze Go runtime profile dumps.
//!
//! ```text
//! text ──► parse (detect + per-format parsers) ──► model::Document ──► analysis ──► report (JSON view)
//! ```
//!
//! The entry point is [`analyze`]: it never panics on input; what it could not read comes
//! back as diagnostics with line numbers.

pub mod aggregate;
pub mod heap_report;
pub mod memstats;
pub mod model;
pub mod parse;
pub mod report;
pub mod tree;

pub use model::Document;
pub use report::Report;

/// Options of an analysis. Defaults are what the CLI and the page use unless told otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {}

/// A parsed input plus the options it was analysed with.
#[derive(Debug)]
pub struct Analysis {
    /// The parsed model.
    pub document: Document,
    /// Options in force.
    pub options: Options,
}

impl Analysis {
    /// The JSON view of the analysis (the `goroscope --json` shape).
    pub fn report(&self) -> Report {
        Report::new(self)
    }
}

/// Parses `input` and analyses every dump in it.
pub fn analyze(input: &str, options: &Options) -> Analysis {
    Analysis {
        document: parse::parse_document(input),
        options: options.clone(),
    }
}
