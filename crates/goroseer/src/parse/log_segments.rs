//! A log of any size read as it arrives: bytes in chunks (cut anywhere, mid-line and
//! mid-character), cut into lines, and each line asked one question — does a dump start
//! here? — with the log's prefix removed (`kubectl`/CRI, journald, …: the kind decided
//! from the first lines by [`prefix::detect`], as for a whole file; a prefix nobody listed
//! learned from the dump's own first line). Lines outside any dump cost a few `memmem`
//! scans and are only counted (the first [`KEPT_DIAGNOSTICS`] kept as diagnostics).
//!
//! A dump's stretch of the log (its [`Piece`]) runs from its first line until
//! [`GAP_LINES`] lines in a row hold nothing a dump prints (frames, headers, records,
//! blank lines between goroutines…); those lines stay in the piece, so the parser decides
//! where the dump ends exactly as it would in the whole file. A profile header closes the
//! piece before it: each piece holds what one dump (or a crash's several) printed, and
//! memory is bounded by the largest dump, not by the log.

use std::borrow::Cow;

use memchr::memmem::Finder;

use crate::input::dump_start::{dump_start, find_dump_start, glued_start, DumpStart};
use crate::input::learned_prefix::Shape;
use crate::input::prefix::{self, PrefixKind};
use crate::model::Diagnostic;

/// Non-blank lines looked at before the prefix kind is decided (as [`prefix::detect`]).
const SAMPLE_LINES: usize = 200;
/// At most this many bytes of sample (a log of very long lines decides sooner).
const SAMPLE_BYTES: usize = 1 << 20;
/// A dump's piece ends after this many lines in a row that no dump prints.
pub const GAP_LINES: usize = 32;
/// A longer line is cut there (with a diagnostic): a stream without newlines must not fill
/// memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Diagnostics of lines outside any dump kept; the others are counted.
pub const KEPT_DIAGNOSTICS: usize = 1000;

/// The stretch of a log that holds one dump (or several printed together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Input line of its first line (1-based).
    pub first_line: usize,
    /// Input line of the last line a dump printed (before the gap that ended it).
    pub last_line: usize,
    /// Its lines as they were in the log (prefixes and all, `\n`-terminated but the
    /// log's last line when that had no terminator).
    pub text: String,
}

/// Words one of which every line that starts a dump holds ([`dump_start`]'s table): asked
/// before looking for a dump's start at every word of a line whose prefix is unknown.
const NEEDLES: [&str; 12] = [
    "goroutine",
    "panic: ",
    "fatal error: ",
    "SIG",
    " profile:",
    "--- ",
    "DATA RACE",
    "runtime: ",
    "unexpected ",
    "signal arrived",
    "Exception 0x",
    "[signal ",
];

/// Words a dump's start glued after other text begins with ([`glued_start`]).
const GLUED: [&str; 4] = ["goroutine", "SIG", "panic: ", "fatal error: "];

/// Of a log whose prefix is known, where a dump may start in a line: those of [`GLUED`]
/// anywhere, a profile's `NAME profile:` header, or [`STARTS`] at its text's start (past
/// the prefix and spaces), as [`dump_start`] reads it.
const ANYWHERE: [&str; 5] = ["goroutine", "SIG", "panic: ", "fatal error: ", " profile:"];

/// The other words of [`NEEDLES`], as [`dump_start`] finds them: at the start of a line's
/// text (`WARNING: DATA RACE`, `--- contention:`, `runtime: …`, `[signal SIGSEGV…`, …).
const STARTS: [&str; 7] = [
    "WARNING: DATA RACE",
    "--- ",
    "Exception 0x",
    "[signal ",
    "runtime: ",
    "unexpected ",
    "signal arrived",
];

/// Where the words of [`NEEDLES`] next occur in a chunk: each is looked for once per
/// chunk and again only once a line past it is asked, so the lines outside dumps cost a
/// few `memmem` passes over the chunk and one comparison each.
#[derive(Default)]
struct NeedleScan {
    /// Per needle: `None` before the first search, then where it occurs next from where
    /// it was last looked for (`usize::MAX`: nowhere).
    next: [Option<usize>; NEEDLES.len()],
    /// The least of `next` once all were searched (`None` before).
    first: Option<usize>,
}

impl NeedleScan {
    /// Whether `chunk[start..end]` (one line, its `\n` at `end`) holds any of the needles
    /// (none holds a `\n`, so one that starts in the line ends in it).
    fn any_in(
        &mut self,
        finders: &[Finder<'static>],
        chunk: &[u8],
        start: usize,
        end: usize,
    ) -> bool {
        let first = match self.first {
            Some(first) if first >= start => first,
            _ => {
                let mut first = usize::MAX;
                for (next, finder) in self.next.iter_mut().zip(finders) {
                    let at = match *next {
                        Some(at) if at >= start => at,
                        _ => {
                            let at = finder
                                .find(&chunk[start..])
                                .map_or(usize::MAX, |i| start + i);
                            *next = Some(at);
                            at
                        }
                    };
                    first = first.min(at);
                }
                self.first = Some(first);
                first
            }
        };
        first < end
    }
}

/// How much of a chunk is valid UTF-8, found once per stretch rather than line by line.
#[derive(Default)]
struct Utf8Scan {
    /// `chunk[..valid_to]` from the last look is valid (a line ending there is).
    valid_to: usize,
}

impl Utf8Scan {
    /// Whether `chunk[start..end]` (one line) is valid UTF-8.
    fn valid(&mut self, chunk: &[u8], start: usize, end: usize) -> bool {
        if end <= self.valid_to {
            return true;
        }
        self.valid_to = match std::str::from_utf8(&chunk[start..]) {
            Ok(_) => chunk.len(),
            Err(e) => start + e.valid_up_to(),
        };
        end <= self.valid_to
    }
}

/// What the segmenter knows of the log's prefix.
#[derive(Debug)]
enum Prefix {
    /// Still reading the first lines (kept to be classified once decided).
    Sampling {
        lines: Vec<(usize, String)>,
        bytes: usize,
        non_blank: usize,
    },
    /// Decided: this kind, or none.
    Decided(Option<PrefixKind>),
}

/// The dump being read.
#[derive(Debug)]
struct Open {
    first_line: usize,
    last_strong: usize,
    /// Lines since the last one a dump prints.
    gap: usize,
    text: String,
    /// The prefix learned from its first line when the log's kind is unknown.
    shape: Option<Shape>,
}

/// Cuts a streamed log into the pieces that hold dumps (see the module doc).
#[derive(Debug)]
pub struct Segmenter {
    pending: Vec<u8>,
    /// The pending line grew past [`MAX_LINE_BYTES`]: the rest of it is dropped.
    overlong: bool,
    at_start: bool,
    lines: usize,
    bytes: u64,
    prefix: Prefix,
    open: Option<Open>,
    /// The line before, when it is a race report's `=====` separator (the report's own).
    separator: Option<(usize, String)>,
    done: Vec<Piece>,
    diagnostics: Vec<Diagnostic>,
    diagnostics_total: usize,
    needles: Vec<Finder<'static>>,
    glued: Vec<Finder<'static>>,
    anywhere: Vec<Finder<'static>>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            pending: Vec::new(),
            overlong: false,
            at_start: true,
            lines: 0,
            bytes: 0,
            prefix: Prefix::Sampling {
                lines: Vec::new(),
                bytes: 0,
                non_blank: 0,
            },
            open: None,
            separator: None,
            done: Vec::new(),
            diagnostics: Vec::new(),
            diagnostics_total: 0,
            needles: NEEDLES.iter().map(|n| Finder::new(n.as_bytes())).collect(),
            glued: GLUED.iter().map(|n| Finder::new(n.as_bytes())).collect(),
            anywhere: ANYWHERE.iter().map(|n| Finder::new(n.as_bytes())).collect(),
        }
    }
}

impl Segmenter {
    /// Reads the next bytes of the log.
    pub fn feed(&mut self, mut chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        if self.at_start && !chunk.is_empty() {
            self.at_start = false;
            // A byte-order mark would hide the first line's header.
            chunk = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
        }
        let mut scan = NeedleScan::default();
        let mut utf8 = Utf8Scan::default();
        let mut at = 0;
        while let Some(length) = memchr::memchr(b'\n', &chunk[at..]) {
            let end = at + length;
            let line = &chunk[at..end];
            if self.pending.is_empty() && !self.overlong {
                // Outside a dump, a line holding none of the words a dump's start holds is
                // only counted: the words are looked for in the whole chunk at once.
                let plain = self.skips_plain_lines()
                    && !scan.any_in(self.anywhere(), chunk, at, end)
                    && utf8.valid(chunk, at, end)
                    && self.count_plain(line);
                if !plain {
                    self.complete(line, true);
                }
            } else {
                self.append_pending(line);
                let pending = std::mem::take(&mut self.pending);
                self.complete(&pending, true);
                self.pending = pending;
                self.pending.clear();
            }
            at = end + 1;
        }
        self.append_pending(&chunk[at..]);
    }

    /// The words looked for anywhere in a line outside a dump: [`ANYWHERE`] when the log's
    /// prefix is known (the others of [`NEEDLES`] only start a dump at the start of a
    /// line's text, which [`Self::count_plain`] looks at), all of [`NEEDLES`] when not (a
    /// prefix nobody listed is learned from where the dump's start stands in its line).
    fn anywhere(&self) -> &[Finder<'static>] {
        match self.prefix {
            Prefix::Decided(Some(_)) => &self.anywhere,
            _ => &self.needles,
        }
    }

    /// Whether a line outside a dump whose raw bytes hold none of [`Self::anywhere`] may
    /// be read by [`Self::count_plain`]: no dump is open and the log's prefix is one
    /// whose removal leaves a part of the line (a structured record's unescaping could
    /// make a word that the raw line does not hold).
    fn skips_plain_lines(&self) -> bool {
        self.open.is_none()
            && matches!(
                self.prefix,
                Prefix::Decided(
                    None | Some(
                        PrefixKind::Kubernetes
                            | PrefixKind::Journald
                            | PrefixKind::Timestamp
                            | PrefixKind::Learned
                    )
                )
            )
    }

    /// Reads a line (valid UTF-8) outside a dump that holds none of [`Self::anywhere`] as
    /// [`Self::complete`] would, when that is cheap to tell from its bytes: nothing when
    /// its text past the log's prefix is blank, counted when that text starts with none of
    /// [`STARTS`]. `false` (nothing done) for a line that may start a dump, may be a race
    /// report's separator or follows one, or whose text starts with a character that is
    /// not ASCII (a Unicode space) or with rsyslog's `#011` (a tab once the prefix is
    /// removed).
    fn count_plain(&mut self, line: &[u8]) -> bool {
        let Prefix::Decided(kind) = self.prefix else {
            return false;
        };
        if self.separator.is_some() {
            return false;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let prefix = kind.and_then(|k| k.len(line)).unwrap_or(0);
        // `char::is_whitespace` of an ASCII byte.
        let text = line[prefix..]
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
            .map(|at| &line[prefix + at..]);
        if let Some(text) = text {
            let may_start = match text[0] {
                b'=' => true,
                b'#' => kind == Some(PrefixKind::Journald),
                b if !b.is_ascii() => true,
                _ => STARTS.iter().any(|w| text.starts_with(w.as_bytes())),
            };
            if may_start {
                return false;
            }
        }
        self.lines += 1;
        if text.is_some() {
            self.outside_counted(self.lines);
        }
        true
    }

    /// The log ended: its last line (without a terminator) read, the open dump closed.
    pub fn finish(&mut self) {
        if !self.pending.is_empty() || self.overlong {
            let pending = std::mem::take(&mut self.pending);
            self.complete(&pending, false);
        }
        if let Prefix::Sampling { .. } = self.prefix {
            self.decide();
        }
        self.close();
        if let Some((line, _)) = self.separator.take() {
            self.outside_counted(line);
        }
    }

    /// The pieces finished since the last call, in log order.
    pub fn take_pieces(&mut self) -> Vec<Piece> {
        std::mem::take(&mut self.done)
    }

    /// Lines read so far.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The log's prefix kind, once decided.
    pub fn prefix_kind(&self) -> Option<PrefixKind> {
        match self.prefix {
            Prefix::Decided(kind) => kind,
            Prefix::Sampling { .. } => None,
        }
    }

    /// Diagnostics of lines outside any dump (the first [`KEPT_DIAGNOSTICS`]) and how
    /// many there were in all.
    pub fn diagnostics(&self) -> (&[Diagnostic], usize) {
        (&self.diagnostics, self.diagnostics_total)
    }

    /// Counts a diagnostic outside any dump, keeping the first ones.
    pub fn note(&mut self, diagnostic: Diagnostic) {
        self.diagnostics_total += 1;
        if self.diagnostics.len() < KEPT_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        }
    }

    fn append_pending(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.pending.len());
        if bytes.len() > room {
            self.overlong = true;
        }
        self.pending
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// One whole line (without its `\n`).
    fn complete(&mut self, bytes: &[u8], terminated: bool) {
        self.lines += 1;
        let number = self.lines;
        if std::mem::take(&mut self.overlong) {
            self.note(Diagnostic {
                line: number,
                message: format!("line longer than {MAX_LINE_BYTES} bytes: cut there"),
            });
        }
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        // `from_utf8` checks ASCII many bytes at a time; `from_utf8_lossy` walks the line
        // character by character even when it is valid.
        let text = std::str::from_utf8(bytes)
            .map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
        match &mut self.prefix {
            Prefix::Sampling {
                lines,
                bytes: size,
                non_blank,
            } => {
                *size += text.len();
                *non_blank += usize::from(!text.trim().is_empty());
                lines.push((number, text.into_owned()));
                if *non_blank >= SAMPLE_LINES || *size >= SAMPLE_BYTES {
                    self.decide();
                }
            }
            Prefix::Decided(kind) => {
                let kind = *kind;
                self.classify(&text, number, kind, terminated);
            }
        }
    }

    /// Decides the prefix kind from the sampled lines, then reads them.
    fn decide(&mut self) {
        let Prefix::Sampling { lines, .. } =
            std::mem::replace(&mut self.prefix, Prefix::Decided(None))
        else {
            return;
        };
        let sample: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
        let kind = prefix::detect(&sample);
        self.prefix = Prefix::Decided(kind);
        for (number, line) in lines {
            self.classify(&line, number, kind, true);
        }
    }

    /// Whether a dump may start in `text` (without the log's prefix), at its start or after
    /// other text: a cheap test that spares most log lines the full one.
    fn may_start_dump(&self, text: &str, kind: Option<PrefixKind>) -> bool {
        let any =
            |finders: &[Finder<'static>]| finders.iter().any(|n| n.find(text.as_bytes()).is_some());
        dump_start(text.trim_end()).is_some()
            || match kind {
                Some(_) => any(&self.glued),
                None => any(&self.needles),
            }
    }

    fn classify(&mut self, raw: &str, number: usize, kind: Option<PrefixKind>, terminated: bool) {
        let Some(open) = &mut self.open else {
            let text = strip(raw, kind, None);
            if self.may_start_dump(&text, kind)
                && self.open_at(raw, &text, number, kind, terminated)
            {
                return;
            }
            self.outside(raw, &text, number);
            return;
        };
        let text = strip(raw, kind, open.shape.as_ref());
        let header = matches!(dump_start(text.trim_end()), Some(DumpStart::Profile(_)));
        if header {
            // A profile header ends the dump before it: a piece of its own.
            self.close();
            let text = strip(raw, kind, None);
            if !self.open_at(raw, &text, number, kind, terminated) {
                self.outside(raw, &text, number);
            }
            return;
        }
        push_line(&mut open.text, raw, terminated);
        if prints_dump_line(&text) {
            open.last_strong = number;
            open.gap = 0;
        } else {
            open.gap += 1;
            if open.gap >= GAP_LINES {
                self.close();
            }
        }
    }

    /// Opens a dump at `raw` when one starts there; `false` otherwise.
    fn open_at(
        &mut self,
        raw: &str,
        text: &str,
        number: usize,
        kind: Option<PrefixKind>,
        terminated: bool,
    ) -> bool {
        let starts = dump_start(text.trim_end()).is_some() || glued_start(text).is_some();
        let shape = match (starts, kind) {
            (true, _) => None,
            // A prefix nobody listed: its shape, learned from this line, is removed from
            // the dump's other lines.
            (false, None) => match find_dump_start(raw) {
                Some(at) => Shape::of(raw[..at].trim_end_matches('\t')),
                None => return false,
            },
            (false, Some(_)) => return false,
        };
        let mut open = Open {
            first_line: number,
            last_strong: number,
            gap: 0,
            text: String::new(),
            shape,
        };
        if let Some((line, separator)) = self.separator.take() {
            if line + 1 == number {
                open.first_line = line;
                push_line(&mut open.text, &separator, true);
            } else {
                self.outside_counted(line);
            }
        }
        push_line(&mut open.text, raw, terminated);
        self.open = Some(open);
        true
    }

    /// A line outside any dump (`text`: without the log's prefix).
    fn outside(&mut self, raw: &str, text: &str, number: usize) {
        if let Some((line, _)) = self.separator.take() {
            self.outside_counted(line);
        }
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if text.len() >= 10 && text.bytes().all(|b| b == b'=') {
            // Perhaps a race report's separator: its diagnostic waits for the next line.
            self.separator = Some((number, raw.to_owned()));
            return;
        }
        self.outside_counted(number);
    }

    fn outside_counted(&mut self, number: usize) {
        self.diagnostics_total += 1;
        if self.diagnostics.len() < KEPT_DIAGNOSTICS {
            self.diagnostics.push(Diagnostic {
                line: number,
                message: "not part of any Go dump".to_owned(),
            });
        }
    }

    fn close(&mut self) {
        if let Some(open) = self.open.take() {
            self.done.push(Piece {
                first_line: open.first_line,
                last_line: open.last_strong,
                text: open.text,
            });
        }
    }
}

fn push_line(text: &mut String, line: &str, terminated: bool) {
    text.push_str(line);
    if terminated {
        text.push('\n');
    }
}

/// `raw` without the log's prefix (`kind`) or the one learned for the dump (`shape`).
fn strip<'l>(raw: &'l str, kind: Option<PrefixKind>, shape: Option<&Shape>) -> Cow<'l, str> {
    if let Some(kind) = kind {
        if let Some(text) = kind.strip(raw) {
            return text;
        }
    }
    match shape.and_then(|s| s.match_len(raw)) {
        Some(n) => Cow::Borrowed(&raw[n..]),
        None => Cow::Borrowed(raw),
    }
}

/// Whether a dump prints a line like `text` (its prefix removed): a frame's call or file
/// line, a goroutine header, `created by`, a debug=1 or heap record, a `#` line, a
/// register, a race report's access lines… A log line that is none of these is no dump's.
fn prints_dump_line(text: &str) -> bool {
    const STARTS: [&str; 17] = [
        "goroutine ",
        "created by ",
        "runtime stack:",
        "PC=",
        "exit status ",
        "Goroutine ",
        "Previous ",
        "Read at ",
        "Write at ",
        "Atomic ",
        "Found ",
        "SIG",
        "panic",
        "fatal error",
        "signal ",
        "runtime",
        "cycles/second=",
    ];
    let text = text.trim_end();
    let b = text.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if matches!(first, b'\t' | b' ' | b'#' | b'[' | b'.' | b'=' | b'-') {
        return true;
    }
    if STARTS.iter().any(|p| text.starts_with(p)) || dump_start(text).is_some() {
        return true;
    }
    // A call: `pkg.(*T).method(args)`, `panic({…})`; the name before `(` has no space.
    if let Some(open) = text.find('(') {
        if open > 0 && text.ends_with(')') && !text[..open].contains(' ') {
            return true;
        }
    }
    // Records: `1 @ 0x…` (debug=1), `0: 0 [1: 4096] @ 0x…` (heap), `2 1 @ 0x…`.
    if first.is_ascii_digit() && text.contains(" @ ") {
        return true;
    }
    // `rax    0xc000012345` (registers), `sampling period=1`.
    let mut words = text.split_ascii_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(name), Some(value), None) => {
            (value.starts_with("0x") && name.len() <= 6) || value.contains('=')
        }
        (Some(word), None, None) => word.contains('='),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(log: &str, chunk: usize) -> (Vec<Piece>, usize) {
        let mut s = Segmenter::default();
        for part in log.as_bytes().chunks(chunk.max(1)) {
            s.feed(part);
        }
        s.finish();
        let total = s.diagnostics().1;
        (s.take_pieces(), total)
    }

    const DUMP: &str = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n\n\
                        goroutine 2 [select]:\nmain.loop()\n\t/app/main.go:9 +0x2\n";

    #[test]
    fn a_dump_between_log_lines_is_one_piece_at_any_chunk_size() {
        let mut log = String::new();
        for i in 0..40 {
            log.push_str(&format!("level=info msg=\"request {i} served\" héllo\n"));
        }
        log.push_str(DUMP);
        for i in 0..40 {
            log.push_str(&format!("level=info msg=\"request {i} served\"\n"));
        }
        let expected = pieces(&log, log.len());
        assert_eq!(expected.0.len(), 1);
        assert_eq!(expected.0[0].first_line, 41);
        assert_eq!(expected.0[0].last_line, 47);
        assert!(expected.0[0].text.starts_with(DUMP));
        // 40 lines before, and those after the gap that closed the dump.
        assert_eq!(expected.1, 40 + 40 - GAP_LINES);
        for chunk in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(pieces(&log, chunk), expected, "chunk {chunk}");
        }
    }

    /// Real dumps in a journald log whose other lines hold the words a dump's start holds
    /// (`goroutine`, `SIG`, `--- `…), blank messages, a `=====` line and invalid UTF-8.
    /// Returns the log and the line each dump starts at.
    fn journald_log() -> (Vec<u8>, Vec<usize>) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        let dumps = ["race/racy.stderr.txt", "corpus/panics/deadlock.stderr.txt"]
            .map(|f| std::fs::read_to_string(format!("{root}/{f}")).expect(f));
        let filler = [
            "level=info msg=\"GET /api/orders/7 200\" dur=3.1ms",
            "worker pool: 12 goroutine slots free",
            "",
            "   ",
            "config reloaded on SIGHUP",
            "caf\u{e9} \u{fffd} r\u{e9}sum\u{e9}",
            "gc pause, runtime: 3ms",
        ];
        let (mut log, mut lines, mut starts) = (Vec::new(), 0, Vec::new());
        let mut line = |log: &mut Vec<u8>, text: &[u8]| {
            log.extend_from_slice(b"Dec  2 07:00:01 web-1 shop[4242]: ");
            log.extend_from_slice(text);
            log.push(b'\n');
            lines += 1;
            lines
        };
        for round in 0..300 {
            for f in filler {
                line(&mut log, f.as_bytes());
            }
            line(&mut log, b"bad \xff\xfe bytes");
            if round % 10 == 0 {
                // Lines a dump prints too (a separator, a profile's `---`): rare, or the
                // dump before would never end.
                line(&mut log, b"==========");
                line(&mut log, b"--- cut here");
            }
            if round % 100 == 50 {
                let mut dump = dumps[round / 100 % 2].lines();
                starts.push(line(&mut log, dump.next().unwrap_or("").as_bytes()));
                dump.for_each(|l| _ = line(&mut log, l.as_bytes()));
            }
        }
        (log, starts)
    }

    /// What a segmenter fed `log` in chunks of `chunk` bytes found: its pieces, its kept
    /// diagnostics, how many lines it said were outside dumps, its line count, the prefix.
    fn read_in_chunks(
        log: &[u8],
        chunk: usize,
    ) -> (
        Vec<Piece>,
        Vec<Diagnostic>,
        usize,
        usize,
        Option<PrefixKind>,
    ) {
        let mut s = Segmenter::default();
        log.chunks(chunk).for_each(|part| s.feed(part));
        s.finish();
        let (diagnostics, total) = s.diagnostics();
        let (diagnostics, total) = (diagnostics.to_vec(), total);
        (
            s.take_pieces(),
            diagnostics,
            total,
            s.lines(),
            s.prefix_kind(),
        )
    }

    /// A line skipped as plain holds none of [`ANYWHERE`] and starts with none of
    /// [`STARTS`]: together they must stand for every word of [`NEEDLES`], or a dump
    /// starting with a word added to `NEEDLES` alone would be counted as a plain line.
    #[test]
    fn anywhere_and_starts_cover_every_needle() {
        for needle in NEEDLES {
            assert!(
                ANYWHERE.contains(&needle) || STARTS.iter().any(|w| w.contains(needle)),
                "{needle:?} is in neither ANYWHERE nor STARTS"
            );
        }
    }

    #[test]
    fn plain_lines_skipped_by_chunk_give_what_line_by_line_reading_gives() {
        let (log, starts) = journald_log();
        // Fed a byte at a time every line goes through the pending buffer and is asked on
        // its own; bigger chunks find the lines that hold no start word in one pass.
        let read = |chunk: usize| {
            let (pieces, diagnostics, total, lines, _) = read_in_chunks(&log, chunk);
            (pieces, diagnostics, total, lines)
        };
        let one_by_one = read(1);
        let firsts: Vec<usize> = one_by_one.0.iter().map(|p| p.first_line).collect();
        assert!(
            starts.iter().all(|s| firsts.contains(s)),
            "{starts:?} in {firsts:?}"
        );
        assert!(
            one_by_one.2 > KEPT_DIAGNOSTICS,
            "lines outside counted past those kept"
        );
        for chunk in [4096, 1 << 20, log.len()] {
            assert_eq!(read(chunk), one_by_one, "chunk {chunk}");
        }
    }

    /// Lines outside dumps counted from their bytes (blank or not past the log's prefix)
    /// are counted as when each is read on its own, whatever the prefix: blank messages,
    /// Unicode spaces, rsyslog's `#011` tab, `=` endings, `\r`, invalid UTF-8, lines
    /// without the prefix.
    #[test]
    fn plain_lines_counted_from_their_bytes_as_when_read_one_by_one() {
        // Lines a dump may start at (its text's start past the prefix), in turn.
        let starts: [&[u8]; 7] = [
            b"runtime: program exceeds 10000-thread limit",
            b"  signal arrived during cgo execution",
            b"#011runtime: gc",
            "\u{3000}[signal SIGSEGV: segmentation violation]".as_bytes(),
            b"rerun unexpectedly",
            b"WARNING: low disk",
            b"---",
        ];
        let messages: [&[u8]; 18] = [
            b"level=info msg=\"served\"",
            b"",
            b"   ",
            "\u{3000}".as_bytes(),
            "x \u{3000}".as_bytes(),
            "caf\u{e9}".as_bytes(),
            b"#011",
            b"#011#011 ",
            b"a #011",
            b"x=",
            b"====",
            b"==========",
            b"after the separator",
            b"tab\t\x0b\x0c",
            b"cr \r",
            b" \r",
            b"bad \xff",
            b"\xff",
        ];
        let prefixes: [&[u8]; 3] = [
            b"Dec  2 07:00:01 web-1 shop[4242]: ",
            b"2026-12-02T07:00:01.123456789Z stderr F ",
            b"2026/12/02 07:00:01 ",
        ];
        for prefix in prefixes {
            let mut log = Vec::new();
            for round in 0..40 {
                // A start, then enough lines to end the dump it may open.
                let served = [&b"served GET /api/orders 200 in 3ms"[..]; GAP_LINES + 1];
                let round_lines = std::iter::once(starts[round % starts.len()])
                    .chain(served)
                    .chain(messages);
                for (i, message) in round_lines.enumerate() {
                    // Now and then a line without the prefix, or only part of it.
                    match (round + i) % 13 {
                        0 => {}
                        1 => log.extend_from_slice(&prefix[..prefix.len() - 1]),
                        _ => log.extend_from_slice(prefix),
                    }
                    log.extend_from_slice(message);
                    log.push(b'\n');
                }
            }
            let read = |chunk: usize| read_in_chunks(&log, chunk);
            let one_by_one = read(1);
            assert!(one_by_one.4.is_some(), "{:?}", one_by_one.4);
            assert!(!one_by_one.0.is_empty());
            for chunk in [4096, log.len()] {
                assert_eq!(read(chunk), one_by_one, "chunk {chunk}");
            }
        }
    }

    #[test]
    fn prefixes_are_removed_before_asking() {
        let log: String = DUMP
            .lines()
            .map(|l| format!("2026-12-02T07:00:00.5Z stderr F {l}\n"))
            .collect();
        let (found, _) = pieces(&log, 5);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].last_line, 7);
    }

    #[test]
    fn an_overlong_line_is_cut_and_said() {
        let mut log = vec![b'x'; MAX_LINE_BYTES + 10];
        log.push(b'\n');
        log.extend_from_slice(DUMP.as_bytes());
        let mut s = Segmenter::default();
        for part in log.chunks(100_000) {
            s.feed(part);
        }
        s.finish();
        let (diagnostics, total) = s.diagnostics();
        assert_eq!(total, 2);
        assert!(diagnostics[0].message.contains("longer than"));
        assert_eq!(s.take_pieces()[0].first_line, 2);
    }
}
