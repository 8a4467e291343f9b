//! Text → model. One [`Cursor`] walks the input line by line; [`parse_document`] looks at
//! each line, recognises where a dump starts (one classifier for that,
//! [`crate::input::dump_start`]), and hands the cursor to that dump's parser, which
//! consumes lines until its dump ends (or another dump starts).
//!
//! Sub-parsers never panic on input: a line they cannot read becomes a [`Diagnostic`] with
//! its line number, and parsing goes on.

pub mod ahead;
pub mod arguments;
pub mod contention;
pub mod crash;
pub mod debug1;
pub mod delve;
pub mod frame;
pub mod frame_comment;
pub mod header;
pub mod heap;
pub mod known_text;
pub mod labels;
pub mod log_segments;
pub mod memstats;
#[cfg(feature = "parallel")]
pub mod parallel;
pub(crate) mod pieces;
pub mod pprof;
pub mod profile_bounds;
pub mod race;
pub mod records;
pub mod threadcreate;
pub mod traceback;
pub mod wrapped_lines;

use crate::input::dump_start::{dump_start, glued_start, DumpStart, ProfileHeader};
use crate::input::{escaped_lines, layout, log_time, prefix, terminal, web_copy};
use std::borrow::Cow;

use crate::model::{Diagnostic, Document, Profile};

/// One input line, without its line terminator (`\n` or `\r\n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line's text.
    pub text: &'a str,
}

/// Whether another dump starts at `text`, so the dump being read ends before it: the
/// classifier's answer ([`dump_start`]), a goroutine header confirmed by its grammar.
pub fn starts_dump(text: &str) -> bool {
    match dump_start(text) {
        Some(DumpStart::Goroutine) => header::parse_header(text.trim_end()).is_some(),
        Some(DumpStart::Profile(_) | DumpStart::Crash(_)) => true,
        None => false,
    }
}

/// A forward-only reader of lines with one line of look-ahead.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    input: &'a str,
    rest: &'a str,
    next_number: usize,
    /// Input line number of each line, when the text is not the input itself (rejoined
    /// wrapped lines); empty: line N is input line N.
    numbers: &'a [u32],
    /// Added to every line number: the text is a piece of a longer input (a dump cut out
    /// of a streamed log) whose first line is input line `line_base + 1`.
    line_base: usize,
    peeked: Option<Line<'a>>,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `input` whose line N is input line `numbers[N - 1]`.
    pub fn with_numbers(input: &'a str, numbers: &'a [u32]) -> Self {
        Cursor {
            input,
            rest: input,
            next_number: 1,
            numbers,
            line_base: 0,
            peeked: None,
        }
    }

    /// The same cursor numbering the text's lines from input line `first_line` on.
    pub fn numbered_from(mut self, first_line: usize) -> Self {
        self.line_base = first_line.saturating_sub(1);
        self
    }

    /// The next line without consuming it. Always inlined: it is the per-line step of
    /// every parser's loop (out of line, the 100k-goroutine parse ran ~5% more
    /// instructions, measured with cachegrind).
    #[inline(always)]
    pub fn peek(&mut self) -> Option<Line<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.read();
        }
        self.peeked
    }

    /// Consumes and returns the next line.
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn next(&mut self) -> Option<Line<'a>> {
        match self.peeked.take() {
            Some(line) => Some(line),
            None => self.read(),
        }
    }

    /// Drops the first `n` bytes of the peeked line (text glued before a dump's start), so
    /// that the dump's parser reads the line from there. Nothing when no line is peeked or
    /// `n` is not a character boundary inside it.
    pub fn skip_in_line(&mut self, n: usize) {
        if let Some(line) = &mut self.peeked {
            if let Some(rest) = line.text.get(n..) {
                line.text = rest;
            }
        }
    }

    /// The text [`Self::skip_in_line`] dropped from the peeked line (`""`: none).
    pub fn skipped_in_line(&self) -> &'a str {
        let Some(line) = self.peeked else { return "" };
        let at = line.text.as_ptr() as usize - self.input.as_ptr() as usize;
        let before = &self.input[..at];
        &before[before.rfind('\n').map_or(0, |i| i + 1)..]
    }

    /// Byte offset of the next unconsumed line (the peeked one, if any) in the input.
    pub fn offset(&self) -> usize {
        let consumed = self.input.len() - self.rest.len();
        match self.peeked {
            Some(line) => line.text.as_ptr() as usize - self.input.as_ptr() as usize,
            None => consumed,
        }
    }

    /// Address of the input's first byte (line offsets are computed against it).
    pub fn input_start(&self) -> usize {
        self.input.as_ptr() as usize
    }

    /// Whether the input's last line has no line terminator (a cut-off dump often ends so).
    pub fn ended_unterminated(&self) -> bool {
        !self.input.is_empty() && !self.input.ends_with('\n')
    }

    /// The text not yet consumed, from the next line on (the peeked one, if any, from where
    /// [`Self::skip_in_line`] left it).
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn remaining(&self) -> &'a str {
        &self.input[self.offset()..]
    }

    /// The same cursor, its input ending at byte `end` (an offset in the input at or past
    /// the unconsumed text's start): a first piece read on its own.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn ending_at(&self, end: usize) -> Cursor<'a> {
        let consumed = self.input.len() - self.rest.len();
        Cursor {
            input: &self.input[..end],
            rest: &self.input[consumed.min(end)..end],
            ..self.clone()
        }
    }

    /// A cursor over input bytes `start..end`, which begin a line: the text's line
    /// `lines_before + 1` counted from the input's start, when `lines_before` line
    /// terminators precede `start`. Its lines keep their input line numbers.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn piece(&self, start: usize, end: usize, lines_before: usize) -> Cursor<'a> {
        let (numbers, line_base) = if self.numbers.is_empty() {
            (self.numbers, self.line_base + lines_before)
        } else {
            (
                self.numbers.get(lines_before..).unwrap_or(&[]),
                self.line_base,
            )
        };
        Cursor {
            input: &self.input[start..end],
            rest: &self.input[start..end],
            next_number: 1,
            numbers,
            line_base,
            peeked: None,
        }
    }

    /// Line terminators before byte `offset` of the input, counted from the unconsumed
    /// text's start (with the peeked line's index): [`Self::piece`]'s `lines_before`.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn lines_before(&self, offset: usize) -> usize {
        let consumed = self.input.len() - self.rest.len();
        let next = self.next_number - 1;
        next + count_newlines(&self.input.as_bytes()[consumed..offset])
    }

    /// Whether the first `lines` lines of the input have their input line numbers (or
    /// need none): [`Self::piece`] numbers them then as this cursor would.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn numbers_cover(&self, lines: usize) -> bool {
        self.numbers.is_empty() || self.numbers.len() >= lines
    }

    /// Where the reading stopped: the byte offset and line index (1-based, as this
    /// cursor counts) of the next unconsumed line; `None` at the end.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn stop(&mut self) -> Option<(usize, usize)> {
        self.peek()?;
        Some((self.offset(), self.next_number - 1))
    }

    /// Goes on from byte `offset` of the input, which starts the line of index `index`
    /// (1-based): a parse in pieces stopped there.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn resume_at(&mut self, offset: usize, index: usize) {
        self.rest = &self.input[offset..];
        self.next_number = index;
        self.peeked = None;
    }

    /// Lines read so far (a peeked one counted).
    pub(crate) fn lines_read(&self) -> usize {
        self.next_number - 1
    }

    /// Consumes everything: a parse of the rest in pieces read it all. (No line is read
    /// after, so the line count is left as it was.)
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn consume_all(&mut self) {
        self.rest = &self.input[self.input.len()..];
        self.peeked = None;
    }

    /// Input line number of the text's line `index` (1-based) when they differ.
    #[cold]
    #[inline(never)]
    fn input_line(&self, index: usize) -> usize {
        self.numbers.get(index - 1).map_or(index, |&n| n as usize)
    }

    #[inline]
    fn read(&mut self) -> Option<Line<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let (text, rest) = match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        };
        self.rest = rest;
        let index = self.next_number;
        self.next_number += 1;
        let number = if self.numbers.is_empty() {
            index
        } else {
            self.input_line(index)
        };
        Some(Line {
            number: number + self.line_base,
            text: text.strip_suffix('\r').unwrap_or(text),
        })
    }
}

/// `text.trim_end()`, answered at once when the last byte is ASCII and not whitespace
/// (nearly every line of a dump): `trim_end` decodes the last character and looks it up in
/// Unicode's whitespace table, a call per line in wasm (~4% of the parse's wasm time on
/// the 100k-goroutine dump).
#[inline]
pub(crate) fn trim_end(text: &str) -> &str {
    match text.as_bytes().last() {
        // Every ASCII whitespace character is at most ' '.
        Some(&b) if b > b' ' && b.is_ascii() => text,
        _ => text.trim_end(),
    }
}

/// `\n` bytes in `bytes`, 128 at a time into a byte-wide counter: a loop the compiler
/// vectorizes (`iter().filter().count()` ran at ~1.6 GB/s, `memchr_iter` stops at every
/// one of a dump's dense line ends).
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    let (blocks, rest) = bytes.as_chunks::<128>();
    let in_blocks: usize = blocks
        .iter()
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))) as usize
        })
        .sum();
    in_blocks + rest.iter().filter(|&&b| b == b'\n').count()
}

/// Reads the bytes of a file (already gunzipped) by their content ([`binary::sniff`]):
/// text is decoded ([`encoding::decode`]) and parsed as dumps, a pprof protobuf profile is
/// decoded ([`pprof`]), and any other binary file becomes one diagnostic saying what it
/// looks like instead of a line-by-line failure.
///
/// [`binary::sniff`]: crate::input::binary::sniff
/// [`encoding::decode`]: crate::input::encoding::decode
pub fn parse_bytes(bytes: Vec<u8>) -> Document {
    parse_bytes_with(bytes, None)
}

/// [`parse_bytes`] of a file whose first goroutines were read as it arrived
/// ([`ahead::ArrivingFile`]): the same document, the pieces read ahead used when the text
/// is the bytes as they are.
pub fn parse_arriving(file: ahead::ArrivingFile) -> Document {
    let (bytes, ahead) = file.into_parts();
    parse_bytes_with(bytes, Some(ahead))
}

/// [`parse_bytes`], with the pieces of its text read ahead when there are some.
fn parse_bytes_with(bytes: Vec<u8>, ahead: Option<ahead::ReadAhead>) -> Document {
    match parse_binary(&bytes) {
        Some(doc) => doc,
        // Decoding keeps the pieces' text as it is: they were read from valid UTF-8, which
        // stays byte for byte when bytes after them are replaced, and UTF-16 starts with
        // its byte-order mark, never read ahead ([`ahead`]).
        None => parse_cow_with(
            Cow::Owned(crate::input::encoding::decode(bytes)),
            1,
            Split::configured(),
            copied,
            ahead,
        ),
    }
}

/// [`parse_bytes`] of bytes that live as long as the process (the CLI's mapped file):
/// UTF-8 text becomes the document's text without a copy.
pub fn parse_static_bytes(bytes: &'static [u8]) -> Document {
    match parse_binary(bytes) {
        Some(doc) => doc,
        None => match crate::input::encoding::decode_borrowed(bytes) {
            Cow::Borrowed(text) => parse_document_static(text),
            Cow::Owned(text) => parse_document_owned(text),
        },
    }
}

/// The document of bytes that are not text (a pprof profile, or a diagnostic saying what
/// they look like); `None` for text.
fn parse_binary(bytes: &[u8]) -> Option<Document> {
    use crate::input::binary::{sniff, Content};
    use crate::model::known_text::{KnownText, TextKind};
    let not_a_dump = |what: String, looks: String| Document {
        diagnostics: vec![Diagnostic {
            line: 1,
            message: format!("not a Go dump or pprof profile: {what}"),
        }],
        known_text: Some(KnownText {
            kind: TextKind::Binary,
            what: looks,
            hint: String::new(),
            line: 1,
            lines: 0,
        }),
        ..Document::default()
    };
    match sniff(bytes) {
        Content::Text => None,
        Content::Other(name) => Some(not_a_dump(format!("looks like {name}"), name.to_string())),
        Content::Binary => Some(match pprof::parse(bytes) {
            Ok(doc) => doc,
            Err(e) => not_a_dump(
                format!("binary data, and {e}"),
                format!("binary data that is not a pprof profile ({e})"),
            ),
        }),
    }
}

/// Parses every dump found in `input`.
///
/// First, HTML escapes and no-break spaces of a dump copied from a web page are undone
/// ([`web_copy::clean`]), log prefixes on every line (Kubernetes, journald, JSON lines,
/// logfmt, timestamps) are removed ([`prefix::strip`]), and lines a terminal hard-wrapped
/// are rejoined ([`wrapped_lines`]); line numbers stay those of the input. When the input
/// holds a goroutine dump, the document keeps a copy of the text ([`Document::text`]);
/// [`parse_document_owned`] keeps it without a copy.
pub fn parse_document(input: &str) -> Document {
    parse_cow(Cow::Borrowed(input), 1, Split::configured(), copied)
}

/// [`parse_document`] of an input that lives as long as the process (a mapped file): it
/// becomes the document's text without a copy.
pub fn parse_document_static(input: &'static str) -> Document {
    parse_cow(Cow::Borrowed(input), 1, Split::configured(), |text| text)
}

/// [`parse_document`] for an owned input: it becomes the document's text without a copy,
/// which keeps peak memory near the input size.
pub fn parse_document_owned(input: String) -> Document {
    parse_cow(Cow::Owned(input), 1, Split::configured(), copied)
}

/// [`parse_document_owned`] of a piece of a longer input (a stretch of a streamed log)
/// whose first line is input line `first_line`: every line number is the input's.
pub fn parse_piece(piece: String, first_line: usize) -> Document {
    parse_cow(
        Cow::Owned(piece),
        first_line.max(1),
        Split::configured(),
        copied,
    )
}

/// The text a document keeps: an owned input as it is, a borrowed one copied.
fn copied(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// How a large goroutine dump may be read on several threads (`parallel`, the CLI's
/// feature); one thread without it.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) struct Split {
    /// Threads to read on (1: the dump is read as one piece).
    pub threads: usize,
    /// The smallest piece worth a thread, in bytes.
    pub min_piece: usize,
}

impl Split {
    /// One thread.
    #[cfg_attr(not(test), allow(dead_code))]
    pub const ONE: Split = Split {
        threads: 1,
        min_piece: usize::MAX,
    };

    /// What the process asked for: [`parallel::set_threads`], one thread per core by
    /// default; always one thread without the `parallel` feature.
    fn configured() -> Split {
        #[cfg(feature = "parallel")]
        return parallel::configured();
        #[cfg(not(feature = "parallel"))]
        Split::ONE
    }
}

/// Parses `input`, whose first line is input line `first_line`; `keep` makes the text the
/// document keeps out of the input (without a copy when it can).
pub(crate) fn parse_cow<'a>(
    input: Cow<'a, str>,
    first_line: usize,
    split: Split,
    keep: fn(Cow<'a, str>) -> Cow<'static, str>,
) -> Document {
    parse_cow_with(input, first_line, split, keep, None)
}

/// [`parse_cow`], with the pieces of the input read ahead when there are some (used when
/// no input cleanup changed the text).
fn parse_cow_with<'a>(
    input: Cow<'a, str>,
    first_line: usize,
    split: Split,
    keep: fn(Cow<'a, str>) -> Cow<'static, str>,
    ahead: Option<ahead::ReadAhead>,
) -> Document {
    let original = (input.as_ptr(), input.len());
    // Line numbers of the piece's own lines (1-based) are input lines + `base`.
    let base = first_line - 1;
    // A byte-order mark (editors on Windows save one) would hide the first line's header.
    let input = match input.strip_prefix('\u{feff}') {
        Some(rest) => Cow::Owned(rest.to_owned()),
        None => input,
    };
    // Colours and line erasures of a terminal's or a CI runner's captured output.
    let input = match terminal::strip(&input) {
        Some(plain) => Cow::Owned(plain),
        None => input,
    };
    // Entities and no-break spaces of a dump copied from a web page or chat.
    let input = match web_copy::clean(&input) {
        Some(cleaned) => Cow::Owned(cleaned),
        None => input,
    };
    let (normalized, kind, numbers) = match prefix::strip(&input) {
        prefix::Stripped {
            text: Cow::Owned(text),
            kind,
            numbers,
        } => (Some(text), kind, numbers),
        prefix::Stripped { kind, .. } => (None, kind, Vec::new()),
    };
    // A dump escaped into one line (a log field copied from a viewer's JSON view), once
    // the log records a known carrier held are unwrapped.
    let (normalized, numbers) = match escaped_lines::expand(normalized.as_deref().unwrap_or(&input))
    {
        Some(e) => {
            let lines = if numbers.is_empty() {
                e.numbers
            } else {
                e.numbers
                    .iter()
                    .map(|&n| numbers.get(n as usize - 1).copied().unwrap_or(n))
                    .collect()
            };
            (Some(e.text), lines)
        }
        None => (normalized, numbers),
    };
    // Indented as a block, `^M` at line ends, doubled newlines, newest line first.
    let (normalized, numbers) =
        match layout::relay(normalized.as_deref().unwrap_or(&input), &numbers) {
            Some(r) => (Some(r.text), r.numbers),
            None => (normalized, numbers),
        };
    let text = normalized.as_deref().unwrap_or(&input);
    // The pieces read ahead were read from the input's bytes: only this very text has them.
    let as_is = first_line == 1 && numbers.is_empty() && (text.as_ptr(), text.len()) == original;
    let mut doc = parse_text(text, &numbers, first_line, split, ahead.filter(|_| as_is));
    // Lines hard-wrapped by a terminal or mail client: rejoined when that reads better.
    // (Not in logs whose records hold several lines: diagnostics' line numbers are the
    // input's, not the text's, there.)
    let mut rejoined = None;
    let flagged = if numbers.is_empty() {
        let mut lines = wrapped_lines::diagnostic_lines(&doc);
        lines.iter_mut().for_each(|l| *l = l.saturating_sub(base));
        lines
    } else {
        Vec::new()
    };
    if let Some(r) = wrapped_lines::rejoin(text, &input, &flagged) {
        let second = parse_text(&r.text, &r.numbers, first_line, split, None);
        if wrapped_lines::reads_better(&second, &r, base, &doc) {
            doc = second;
            rejoined = Some(r.text);
        }
    }
    let normalized = rejoined.or(normalized);
    doc.log_prefix = kind.map(|k| k.name().to_owned());
    doc.profile_times = match kind {
        Some(kind) => {
            let lines: Vec<usize> = doc
                .profiles
                .iter()
                .map(|p| p.first_line().saturating_sub(base))
                .collect();
            log_time::times_of_lines(&input, kind, &lines)
        }
        None => vec![None; doc.profiles.len()],
    };
    if doc
        .profiles
        .iter()
        .any(|p| matches!(p, Profile::Goroutine(_)))
    {
        doc.text = match normalized {
            Some(text) => Cow::Owned(text),
            None => keep(input),
        };
    }
    doc
}

/// Parses the dump that starts at `line`, the cursor's next one, onto `doc`: the
/// classifier ([`dump_start`]) picks the parser, which reads the header with its grammar.
/// `false` (nothing consumed) when no dump starts there or its header is not understood.
fn parse_dump(cursor: &mut Cursor<'_>, doc: &mut Document, line: Line<'_>, split: Split) -> bool {
    let frames = &mut doc.frames;
    let (profile, trailing) = match dump_start(line.text.trim_end()) {
        Some(DumpStart::Profile(ProfileHeader::Heap)) => {
            (Some(Profile::Heap(heap::parse(cursor, frames))), Vec::new())
        }
        Some(DumpStart::Profile(ProfileHeader::Contention)) => (
            contention::try_parse(cursor, frames).map(Profile::Contention),
            Vec::new(),
        ),
        Some(DumpStart::Profile(ProfileHeader::ThreadCreate)) => (
            threadcreate::try_parse(cursor, frames).map(Profile::ThreadCreate),
            Vec::new(),
        ),
        Some(DumpStart::Profile(ProfileHeader::Goroutine)) => {
            goroutines(debug1::parse(cursor, frames))
        }
        Some(DumpStart::Goroutine | DumpStart::Crash(_)) => {
            goroutines(traceback_dump(cursor, frames, split))
        }
        Some(DumpStart::Profile(ProfileHeader::Race)) => races(race::parse(cursor, frames)),
        Some(DumpStart::Profile(ProfileHeader::Delve)) => (
            delve::parse(cursor, frames).map(|p| Profile::Goroutine(Box::new(p))),
            Vec::new(),
        ),
        // Race text whose `WARNING: DATA RACE` is above the input, or the separator
        // before one: `race::parse` reads it, and consumes nothing otherwise.
        None => races(race::parse(cursor, frames)),
        Some(DumpStart::Profile(ProfileHeader::Other)) => (None, Vec::new()),
    };
    let Some(profile) = profile else {
        return false;
    };
    doc.profiles.push(profile);
    doc.diagnostics.extend(trailing);
    true
}

/// A debug=2 dump or crash traceback: read in pieces on several threads when it is large
/// and can be ([`parallel`]), else by one reader.
fn traceback_dump(
    cursor: &mut Cursor<'_>,
    frames: &mut crate::model::FrameTable,
    split: Split,
) -> Option<traceback::Parsed> {
    #[cfg(feature = "parallel")]
    if let Some(parsed) = parallel::parse_traceback(cursor, frames, split) {
        return Some(parsed);
    }
    #[cfg(not(feature = "parallel"))]
    let _ = split;
    traceback::parse(cursor, frames)
}

/// Race reports and the lines after them that belong to no dump.
fn races(
    parsed: Option<(crate::model::RaceProfile, Vec<Diagnostic>)>,
) -> (Option<Profile>, Vec<Diagnostic>) {
    match parsed {
        Some((profile, trailing)) => (Some(Profile::Race(profile)), trailing),
        None => (None, Vec::new()),
    }
}

/// A goroutine dump and the lines after it that belong to no dump.
fn goroutines(parsed: Option<traceback::Parsed>) -> (Option<Profile>, Vec<Diagnostic>) {
    match parsed {
        Some(p) => (Some(Profile::Goroutine(Box::new(p.profile))), p.trailing),
        None => (None, Vec::new()),
    }
}

/// Parses `text`, whose line N is input line `numbers[N - 1]` (N when `numbers` is empty),
/// counted from input line `first_line`; `ahead`: pieces of its first dump already read
/// from this very text.
fn parse_text(
    text: &str,
    numbers: &[u32],
    first_line: usize,
    split: Split,
    ahead: Option<ahead::ReadAhead>,
) -> Document {
    let mut doc = Document::default();
    let mut known = known_text::Recognizer::default();
    let mut cursor = Cursor::with_numbers(text, numbers).numbered_from(first_line);
    // The first line starts a traceback dump (as `parse_dump` would find) read ahead.
    if let (Some(ahead), Some(line)) = (ahead, cursor.peek()) {
        if matches!(
            dump_start(line.text.trim_end()),
            Some(DumpStart::Goroutine | DumpStart::Crash(_))
        ) {
            if let Some(parsed) = ahead.finish(&mut cursor, &mut doc.frames) {
                let (profile, trailing) = goroutines(Some(parsed));
                doc.profiles.extend(profile);
                doc.diagnostics.extend(trailing);
            }
        }
    }
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            cursor.next();
            continue;
        }
        if parse_dump(&mut cursor, &mut doc, line, split) {
            continue;
        }
        if let Some(at) = glued_start(line.text) {
            // Text glued before a dump's first line: reported, and the dump read from there.
            let glue = line.text[..at].trim();
            cursor.skip_in_line(at);
            let rest = Line {
                number: line.number,
                text: &line.text[at..],
            };
            if parse_dump(&mut cursor, &mut doc, rest, split) {
                if !glue.is_empty() {
                    doc.diagnostics.push(Diagnostic {
                        line: line.number,
                        message: format!(
                            "text before the dump's first line: {}",
                            traceback::clip(glue)
                        ),
                    });
                }
                continue;
            }
        }
        // A debug=1 profile whose header line was left out of the paste.
        if let Some((profile, trailing)) = records::parse_headerless(&mut cursor, &mut doc.frames) {
            doc.profiles.push(profile);
            doc.diagnostics.extend(trailing);
            continue;
        }
        // Frames a paste starts with, cut from a goroutine above the copy.
        if let Some(parsed) = traceback::parse_cut_stack(&mut cursor, &mut doc.frames) {
            let (profile, trailing) = goroutines(Some(parsed));
            doc.profiles.extend(profile);
            doc.diagnostics.extend(trailing);
            continue;
        }
        cursor.next();
        known.line(line.number, line.text);
        doc.diagnostics.push(Diagnostic {
            line: line.number,
            message: "not part of any Go dump".to_owned(),
        });
    }
    // What the lines no dump took are, when a known Go tool wrote them.
    doc.known_text = known.finish(!doc.profiles.is_empty());
    crate::order::sort_by_key(&mut doc.diagnostics, |d| d.line);
    doc.main_module = doc.frames.classify_main_module();
    doc
}
