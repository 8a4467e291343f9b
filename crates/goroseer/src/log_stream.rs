//! A log of any size, read as it arrives ([`LogStream`]): its bytes go through
//! `parse::log_segments` (prefixes removed, each line asked whether a dump starts there,
//! lines outside dumps counted), each dump's stretch of the log is parsed with the
//! whole-file parser (`parse::parse_piece`, line numbers those of the log) and analysed
//! the moment it ends. Only the dumps and their analyses are kept: memory follows the
//! largest dump, not the log. [`crate::Workspace::add_log`] then holds one input per dump
//! and reports them as one log (its timeline, its diagnostics).

use crate::analysis::{Analysis, Options};
use crate::model::Diagnostic;
use crate::parse::log_segments::Segmenter;

/// How far a [`LogStream`] got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogProgress {
    /// Bytes read.
    pub bytes: u64,
    /// Lines read.
    pub lines: usize,
    /// Dumps found so far (those whose stretch of the log has ended).
    pub dumps: usize,
}

/// One dump found in a streamed log, analysed.
#[derive(Debug)]
pub(crate) struct StreamedDump {
    /// Input line of its first line.
    pub first_line: usize,
    /// Input line of the last line a dump printed.
    pub last_line: usize,
    pub analysis: Analysis,
}

/// A log read chunk by chunk (see the module doc). Made by [`crate::Workspace::log_stream`]
/// with the workspace's options; handed back to it with [`crate::Workspace::add_log`].
#[derive(Debug)]
pub struct LogStream {
    pub(crate) name: String,
    options: Options,
    segmenter: Segmenter,
    pub(crate) dumps: Vec<StreamedDump>,
    /// The log's bytes while they are no more than `whole_limit`: a small log is then read
    /// whole, exactly as a file is.
    whole: Option<Vec<u8>>,
    whole_limit: usize,
    /// Placeholders numbered on from dump to dump (and from the workspace's inputs before).
    pub(crate) redaction: crate::report::redact::Redaction,
    /// The program's own module, decided by the first dump that names one: the log's
    /// later dumps are read with it, as a log read whole has one.
    main_module: Option<String>,
}

impl LogStream {
    pub(crate) fn new(name: String, options: Options) -> LogStream {
        LogStream {
            name,
            options,
            segmenter: Segmenter::default(),
            dumps: Vec::new(),
            whole: None,
            whole_limit: 0,
            redaction: Default::default(),
            main_module: None,
        }
    }

    /// Keeps the log's bytes while it is no longer than `bytes`: a log that ends by then
    /// is read whole ([`crate::Workspace::add_bytes`]), its report exactly a file's.
    pub fn read_whole_up_to(mut self, bytes: usize) -> LogStream {
        self.whole_limit = bytes;
        self.whole = (bytes > 0).then(Vec::new);
        self
    }

    /// Reads the next bytes of the log (cut anywhere: mid-line, mid-character).
    pub fn feed(&mut self, chunk: &[u8]) {
        if let Some(whole) = &mut self.whole {
            if whole.len() + chunk.len() <= self.whole_limit {
                whole.extend_from_slice(chunk);
            } else {
                self.whole = None;
            }
        }
        self.segmenter.feed(chunk);
        self.analyse_pieces();
    }

    /// How far it got.
    pub fn progress(&self) -> LogProgress {
        LogProgress {
            bytes: self.segmenter.bytes(),
            lines: self.segmenter.lines(),
            dumps: self
                .dumps
                .iter()
                .map(|d| d.analysis.document.profiles.len())
                .sum(),
        }
    }

    /// The log ended: its last line and last dump read.
    pub(crate) fn finish(&mut self) {
        self.segmenter.finish();
        self.analyse_pieces();
    }

    /// The log's bytes, when it was small enough to be kept whole.
    pub(crate) fn take_whole(&mut self) -> Option<Vec<u8>> {
        self.whole.take()
    }

    /// The log prefix's name, when one was found.
    pub(crate) fn log_prefix(&self) -> Option<String> {
        self.segmenter.prefix_kind().map(|k| k.name().to_owned())
    }

    /// Diagnostics of lines outside any dump (the first ones) and how many in all.
    pub(crate) fn diagnostics(&self) -> (&[Diagnostic], usize) {
        self.segmenter.diagnostics()
    }

    fn analyse_pieces(&mut self) {
        for piece in self.segmenter.take_pieces() {
            // Redacting: each dump's stretch is redacted as a pasted dump would be
            // (`crate::redact`), before anything of it is kept, its placeholders
            // numbered on from the dumps before (one value, one placeholder in the log).
            let text = if self.options.redact {
                self.redaction.redact(&piece.text)
            } else {
                piece.text
            };
            let mut document = crate::parse::parse_piece(text, piece.first_line);
            if document.profiles.is_empty() {
                // Words that looked like a dump's start, in a line no dump printed.
                for d in document.diagnostics {
                    self.segmenter.note(d);
                }
                continue;
            }
            match &self.main_module {
                Some(main) => {
                    let decided = document.main_module.replace(main.clone());
                    document
                        .frames
                        .reclassify_main_module(decided.as_deref(), main);
                }
                None => self.main_module.clone_from(&document.main_module),
            }
            self.dumps.push(StreamedDump {
                first_line: piece.first_line,
                last_line: piece.last_line,
                analysis: Analysis::new(document, &self.options),
            });
        }
    }
}
