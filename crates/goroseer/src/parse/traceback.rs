//! debug=2 dumps and crash tracebacks: `goroutine N […]:` blocks of call/location line
//! pairs, plus the crash output around them.
//!
//! One pass over the lines, no allocation per line or per goroutine: frames are interned
//! in the document's [`FrameTable`], stacks in the profile's stack table, argument text is
//! appended to one arena. A line that belongs to no goroutine is held back until the next
//! goroutine shows that the dump goes on (then it is this profile's diagnostic) or the dump
//! ends (then it goes back to the caller as text between dumps).

use rustc_hash::{FxHashMap, FxHashSet};

use super::crash::{classify, split_recovered, CrashLine};
use super::frame::{
    parse_call, parse_created_by, parse_elision, parse_location, parse_location_text,
};
use super::header::{parse_header, Header};
use super::labels::parse_labels;
use super::{Cursor, Line};
use crate::input::dump_start::{dump_start, glued_start, DumpStart};
use crate::model::goroutine::{
    Ancestor, Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, LabelSet, LabelSetId,
    PanicValue, RareFacts, StackEntry, StateId, ThreadStack,
};
use crate::model::{CreatedBy, Diagnostic, FrameTable, TextKey};

/// The function of a gccgo frame printed without a name (an empty line, then `\t:0`).
pub const UNNAMED_FRAME: &str = "?";

/// The runtime's cap on debug=2 output (`runtime/pprof.writeGoroutineStacks`).
pub const RUNTIME_DEBUG2_CAP: usize = 64 << 20;

/// A parsed dump plus the lines after it that belong to no dump.
#[derive(Debug)]
pub struct Parsed {
    /// The dump.
    pub profile: GoroutineProfile,
    /// Lines held back at the end that were not part of the dump.
    pub trailing: Vec<Diagnostic>,
}

/// Whether a traceback dump starts at `text` (trimmed at the right): a goroutine header
/// or a crash's first line ([`dump_start`]), the header confirmed by its grammar.
pub fn starts_traceback(text: &str) -> bool {
    match dump_start(text) {
        Some(DumpStart::Goroutine) => parse_header(text).is_some() || is_collapsed_header(text),
        Some(DumpStart::Crash(_)) => true,
        Some(DumpStart::Profile(_)) | None => false,
    }
}

/// What the lines being read belong to.
enum Target<'a> {
    /// Nothing open: between goroutines.
    None,
    /// A goroutine being read.
    Goroutine(Goroutine),
    /// An `[originating from goroutine N]:` section of the goroutine at this index.
    Ancestor { goroutine: u32, origin: u64 },
    /// A thread (g0) stack or `runtime stack:`.
    Thread {
        header: &'a str,
        m: Option<u32>,
        line: u32,
    },
}

/// A call line whose location line has not come yet.
struct PendingCall<'a> {
    function: &'a str,
    inlined: bool,
    created_by: Option<Option<u64>>,
    /// A function name alone on its line, as gccgo prints calls (no arguments): a frame
    /// only when a location line follows, else a line that belongs to no goroutine.
    bare: Option<usize>,
    /// A logger's stack line (`bare` too): not gccgo's, its name is not mangled.
    logged: bool,
}

struct Reader<'a, 'f> {
    profile: GoroutineProfile,
    frames: &'f mut FrameTable,
    states: FxHashMap<TextKey<'a>, StateId>,
    labels: FxHashMap<TextKey<'a>, Option<LabelSetId>>,
    seen: FxHashSet<u64>,
    target: Target<'a>,
    stack: Vec<StackEntry>,
    /// Address of the input's first byte: line offsets are computed from it.
    base: usize,
    /// Byte range of the open goroutine's stack lines.
    span: (usize, usize),
    pending: Option<PendingCall<'a>>,
    created_by: Option<CreatedBy>,
    held: Vec<Diagnostic>,
    /// The previous meaningful line was a panic or fatal error (continuations follow).
    message_open: bool,
    after_separator: bool,
    /// A Windows exception was read: the crashing goroutine's frames follow without a
    /// `goroutine N [...]:` header (`winthrow` in Go's `runtime/signal_windows.go`).
    headerless_frames: bool,
    start_offset: usize,
    /// Set at the end of the input: the open goroutine was cut off.
    force_partial: bool,
    /// A location line printed a `+0x…` offset: the dump prints them, so a caller's
    /// location without one at the end of the input was cut.
    saw_offset: bool,
    /// The last line that began like a header but was cut before its end (`goroutine 54
    /// [`): `(line, id)`. At the end of the input it opens a cut goroutine.
    cut_header: Option<(usize, u64)>,
    /// The open goroutine's `created by` location had no `+0x…` offset.
    created_by_unoffset: bool,
    /// Whitespace before a goroutine header that a log record indented as a block (klog's
    /// `stacktrace=<` value, a stack quoted in a note): removed from the lines after it
    /// while they start with it.
    block_indent: &'a str,
    /// The line that ended the block indent: the record's own text (klog's ` >`), not a
    /// stack line cut off.
    block_end: usize,
    /// A gccgo traceback (bare call lines were read): its names are mangled.
    gccgo: bool,
    /// A blank line came while a call waited for its location (its number): a paste that
    /// double-spaced some lines (`sync.throw(…)`, a blank, its indented location). The
    /// block ends there only if the next line is not that location.
    blank_after_call: Option<usize>,
    /// The last line of raw memory the runtime printed (a hexdump's or a bad-pointer
    /// report's words): a ` ...` right after it is the runtime's own skip mark.
    memory_line: usize,
}

/// What a reader still holds at the end of its text that a reader starting afresh would
/// not: a dump read in pieces (`parse::parallel`) reads as the whole only when the state
/// carried over each cut is the fresh one.
#[derive(Debug, Default)]
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) struct Carry {
    /// gccgo's mangled names were read: the frames after them are demangled.
    pub gccgo: bool,
    /// A Windows exception waits for the crashing goroutine's headerless frames.
    pub headerless_frames: bool,
    /// A log record's block indent is being removed from the lines.
    pub block_indent: bool,
    /// A location line printed a `+0x…` offset.
    pub saw_offset: bool,
    /// The text of each label set, indexed by its id.
    pub label_texts: Vec<Box<str>>,
    /// A label set was not understood (reported once per distinct text).
    pub labels_failed: bool,
    /// The ids of the goroutines read (a piece's are checked against the pieces' before it).
    pub seen: FxHashSet<u64>,
}

/// Parses one debug=2 dump or traceback starting at the cursor; `None` (nothing consumed)
/// when no such dump starts there.
pub fn parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
    parse_carrying(cursor, frames, 0).map(|(parsed, _)| parsed)
}

/// Whether the cursor's next line starts the frames of a goroutine whose header was cut
/// off above them: a call line followed by its indented location line.
pub fn starts_cut_stack(cursor: &Cursor<'_>) -> bool {
    let mut ahead = cursor.clone();
    let Some(mut first) = ahead.next() else {
        return false;
    };
    // A mark where the paste's author left the lines above out (`...`, `< ... >`).
    if is_user_elision(first.text.trim()) {
        let Some(next) = ahead.next() else {
            return false;
        };
        first = next;
    }
    let call = first.text.trim();
    if parse_call(call).is_none() && parse_created_by(call).is_none() && logged_call(call).is_none()
    {
        return false;
    }
    ahead.next().is_some_and(|next| {
        let loc = super::trim_end(next.text);
        loc.starts_with(['\t', ' ']) && parse_location(loc).is_some()
    })
}

/// Reads the frames of a goroutine cut off above the paste ([`starts_cut_stack`]) as a
/// stack of their own ([`ThreadStack::CUT_ABOVE`]), and the dump after them.
///
/// Also reads a paste whose top was cut inside a crash's runtime output rather than
/// inside a goroutine ([`starts_runtime_section`]): its `runtime stack:` (the `fatal
/// error:` line above it not copied), or the end of a register dump or stack hexdump.
pub fn parse_cut_stack(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
    let start = if starts_cut_stack(cursor) {
        Start::CutAbove
    } else if starts_runtime_section(cursor) {
        Start::RuntimeOutput
    } else {
        return None;
    };
    parse_from(cursor, frames, 0, start).map(|(parsed, _)| parsed)
}

/// Whether the cursor's next lines are the runtime's crash output cut above: `runtime
/// stack:` and a call line, or two lines of a register dump or of raw stack memory.
pub fn starts_runtime_section(cursor: &Cursor<'_>) -> bool {
    let mut ahead = cursor.clone();
    let Some(first) = ahead.next() else {
        return false;
    };
    let Some(second) = ahead.next() else {
        return false;
    };
    let first = first.text.trim();
    if first == "runtime stack:" {
        return parse_call(second.text.trim()).is_some();
    }
    let dump = |text: &str| {
        matches!(
            classify(text),
            Some(CrashLine::Register | CrashLine::Memory)
        ) || runtime_dump(text).is_some()
    };
    dump(first) && dump(second.text.trim())
}

/// Where a traceback's reader starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// At a goroutine header or a crash's first line.
    Dump,
    /// At the frames of a goroutine cut off above ([`starts_cut_stack`]).
    CutAbove,
    /// At crash output cut off above ([`starts_runtime_section`]).
    RuntimeOutput,
}

/// [`parse`] of a piece of a dump whose first `bytes_before` bytes came before the
/// cursor's input, with the state the reader ended in.
pub(crate) fn parse_carrying<'a>(
    cursor: &mut Cursor<'a>,
    frames: &mut FrameTable,
    bytes_before: usize,
) -> Option<(Parsed, Carry)> {
    parse_from(cursor, frames, bytes_before, Start::Dump)
}

/// [`parse_carrying`], or from a start cut off above ([`Start`]).
fn parse_from<'a>(
    cursor: &mut Cursor<'a>,
    frames: &mut FrameTable,
    bytes_before: usize,
    start: Start,
) -> Option<(Parsed, Carry)> {
    let first = cursor.peek()?;
    let cut_above = start == Start::CutAbove;
    if start == Start::Dump && !starts_traceback(first.text.trim_end()) {
        return None;
    }
    let mut reader = Reader {
        profile: GoroutineProfile::new(GoroutineFormat::Debug2, first.number as u32),
        frames,
        states: FxHashMap::default(),
        labels: FxHashMap::default(),
        seen: FxHashSet::default(),
        target: if cut_above {
            Target::Thread {
                header: ThreadStack::CUT_ABOVE,
                m: None,
                line: first.number as u32,
            }
        } else {
            Target::None
        },
        stack: Vec::with_capacity(64),
        base: cursor.input_start(),
        span: (0, 0),
        pending: None,
        created_by: None,
        held: Vec::new(),
        message_open: false,
        after_separator: false,
        headerless_frames: false,
        start_offset: cursor.offset(),
        force_partial: false,
        saw_offset: false,
        cut_header: None,
        created_by_unoffset: false,
        block_indent: "",
        block_end: 0,
        gccgo: false,
        blank_after_call: None,
        memory_line: 0,
    };
    // A first header indented inside a log record: the lines after it are indented so.
    let mut indent = Some(cursor.skipped_in_line()).filter(|glue| glue.trim().is_empty());
    while let Some(line) = cursor.peek() {
        let panics = reader.profile.crash.panics.len();
        if !reader.line(line) {
            break;
        }
        if let Some(indent) = indent.take() {
            reader.block_indent = indent;
        }
        cursor.next();
        let mut line = line;
        // A panic value's later lines (crash::read_panic_value).
        if reader.profile.crash.panics.len() > panics && reader.block_indent.is_empty() {
            if let Some(last) = super::crash::read_panic_value(cursor, &mut reader.profile.crash) {
                (line, reader.message_open) = (last, false);
            }
        }
        reader.profile.lines.1 = line.number as u32;
        reader.span.1 = line.text.as_ptr() as usize + line.text.len() - reader.base;
    }
    let at_end = cursor.peek().is_none();
    let dump_bytes = bytes_before + cursor.offset() - reader.start_offset;
    Some(reader.finish(at_end, cursor.ended_unterminated(), dump_bytes))
}

impl<'a> Reader<'a, '_> {
    /// Handles one line; `false` when the line starts another dump (not consumed).
    #[inline]
    fn line(&mut self, line: Line<'a>) -> bool {
        let mut raw = super::trim_end(line.text);
        let number = line.number;
        if !self.block_indent.is_empty() {
            match raw.strip_prefix(self.block_indent) {
                Some(rest) => raw = rest,
                None if !raw.is_empty() => {
                    self.block_indent = "";
                    self.block_end = number;
                }
                None => {}
            }
        }
        if raw.is_empty() {
            self.message_open = false;
            // gccgo prints a frame it cannot name as an empty name line and `\t:0`.
            let unnamed = self.gccgo && self.pending.is_none();
            if (self.pending.is_some() || unnamed)
                && self.blank_after_call.is_none()
                && self.in_stack()
            {
                self.blank_after_call = Some(number);
            } else {
                self.close_blank();
                self.close_target(false, number);
            }
            return true;
        }
        if self.blank_after_call.is_some() {
            self.after_blank(raw);
        }
        if self.created_by.is_some() && self.pending.is_none() {
            self.after_created_by(raw, number);
        }
        let first = raw.as_bytes()[0];
        let indented = first == b'\t' || first == b' ';
        if indented {
            if let Some(loc) = parse_location(raw) {
                if let Some(call) = self.pending.take() {
                    self.push_frame(call, loc.file, loc.line, loc.offset);
                    self.accept_held();
                    return true;
                }
            }
        } else if first == b'g' && raw.starts_with("goroutine ") {
            if let Some(header) = parse_header(raw) {
                return self.header(header, raw, number);
            }
            if let Some(read) = self.collapsed_header(raw, number) {
                return read;
            }
            self.cut_header = cut_header(raw).map(|id| (number, id));
        } else if self.in_stack() {
            if let Some(call) = parse_call(raw) {
                self.start_call(call.function, call.args == "...", None, number);
                return true;
            }
            if let Some((function, parent)) = parse_created_by(raw) {
                self.start_call(function, false, Some(parent), number);
                return true;
            }
            if let Some(elided) = parse_elision(raw) {
                self.flush_pending(number);
                self.push_entry(StackEntry::Elided { frames: elided });
                if let Target::Goroutine(g) = &mut self.target {
                    g.flags.set(GoroutineFlags::ELIDED);
                }
                return true;
            }
            if self.pending.is_some() && self.unindented_location(raw) {
                return true;
            }
            // A name alone: a logger's stack line, else a gccgo call line.
            let named = logged_call(raw)
                .map(|f| (f, true))
                .or_else(|| bare_call(raw).map(|f| (f, false)));
            if let Some((function, logged)) = named {
                self.flush_pending(number);
                self.pending = Some(PendingCall {
                    function,
                    inlined: false,
                    created_by: None,
                    bare: Some(number),
                    logged,
                });
                return true;
            }
        }
        if self.headerless_frames
            && !indented
            && !self.in_stack()
            && self.headerless_stack(raw, number)
        {
            return true;
        }
        if let Some(origin) = raw
            .strip_prefix("[originating from goroutine ")
            .and_then(|r| r.strip_suffix("]:"))
            .and_then(|n| n.parse::<u64>().ok())
        {
            return self.ancestor(origin, number);
        }
        if raw.trim_start() == "goroutine running on other thread; stack unavailable" {
            if let Target::Goroutine(g) = &mut self.target {
                g.flags.set(GoroutineFlags::STACK_UNAVAILABLE);
                return true;
            }
        }
        if indented
            && self.message_open
            && !raw.starts_with("\tpanic: ")
            && !matches!(classify(raw), Some(CrashLine::Signal(_)))
        {
            self.continue_message(&raw[1..]);
            return true;
        }
        // `go test`'s timeout panics with the tests still running on the lines after its
        // message; before Go's runtime indented a message's later lines, this one was not.
        if self.message_open && raw == "running tests:" {
            self.continue_message(raw);
            return true;
        }
        if let Some(crash) = classify(raw) {
            return self.crash(crash, number);
        }
        if self.runtime_dump_line(raw, number) {
            return true;
        }
        if self.user_elision(raw, number) {
            return true;
        }
        if let Some(DumpStart::Profile(_)) = dump_start(raw) {
            return false;
        }
        if let Some(handled) = self.glued(raw, number) {
            return handled;
        }
        if self.in_stack() && self.collapsed_frames(raw.trim_start(), number) {
            return true;
        }
        // A line someone wrote into the dump (`## waits for the server`, `// here`).
        let note = {
            let text = raw.trim_start();
            text.starts_with('#') || text.starts_with("//")
        };
        self.held.push(Diagnostic {
            line: number,
            message: if note {
                format!("a note written into the dump: {}", clip(raw.trim_start()))
            } else {
                format!("not part of a goroutine: {}", clip(raw))
            },
        });
        true
    }

    /// A dump line with text glued before it ([`glued_start`]): spaces a paste added
    /// (`  goroutine 7 [select]:`, ` main.main()`), the end of another log line, a
    /// backtick. The line is read from where the dump's text starts; glue that is not
    /// blank is reported. `None` when the line holds no such start.
    #[cold]
    #[inline(never)]
    fn glued(&mut self, raw: &'a str, number: usize) -> Option<bool> {
        let spaces = raw.len() - raw.trim_start_matches(' ').len();
        let text = &raw[spaces..];
        if spaces > 0 && self.in_stack() && !text.starts_with(['\t', ' ']) {
            // A call line (or `created by`) a paste indented by spaces.
            if let Some(call) = parse_call(text) {
                self.start_call(call.function, call.args == "...", None, number);
                return Some(true);
            }
            if let Some((function, parent)) = parse_created_by(text) {
                self.start_call(function, false, Some(parent), number);
                return Some(true);
            }
        }
        // A crash line the header ran into (`[signal SIGSEGV: …]goroutine 1 [running]:`).
        if let Some(at) = glued_header(raw) {
            let (before, header) = raw.split_at(at);
            if let Some(crash) = classify(before.trim()) {
                if !self.crash(crash, number) {
                    return Some(false);
                }
                self.message_open = false;
                return Some(self.header_text(header, number));
            }
        }
        let at = glued_start(raw)?;
        let (glue, text) = raw.split_at(at);
        if !glue.trim().is_empty() {
            self.held.push(Diagnostic {
                line: number,
                message: format!("text before a dump line: {}", clip(glue.trim())),
            });
        }
        if let Some(header) = parse_header(text) {
            if glue.trim().is_empty() {
                self.block_indent = glue;
            }
            return Some(self.header(header, text, number));
        }
        classify(text).map(|crash| self.crash(crash, number))
    }

    /// A line of the runtime's own crash output that [`classify`] does not know
    /// ([`runtime_dump`]): counted with the register or memory lines, not reported.
    #[cold]
    #[inline(never)]
    fn runtime_dump_line(&mut self, raw: &str, number: usize) -> bool {
        let text = raw.trim();
        let kind = match runtime_dump(text) {
            Some(kind) => kind,
            // `gcDumpObject` skips the middle of a large object with ` ...`.
            None if text == "..." && self.memory_line + 1 == number && number > 1 => {
                RuntimeDump::Memory
            }
            None => return false,
        };
        let facts = &mut self.profile.crash;
        match kind {
            RuntimeDump::Register => facts.register_lines += 1,
            RuntimeDump::Memory => {
                facts.memory_lines += 1;
                self.memory_line = number;
            }
        }
        self.accept_held();
        true
    }

    /// A panic or fatal error whose message has the goroutine header glued to its end (a
    /// web page's copy that lost the newlines between them): the message, then the
    /// header, each read as its own line.
    #[cold]
    #[inline(never)]
    fn message_and_header(&mut self, crash: CrashLine<'a>, at: usize, number: usize) -> bool {
        let (message, header) = match crash {
            CrashLine::Panic { message, nested } => {
                let (text, header) = message.split_at(at);
                (
                    CrashLine::Panic {
                        message: text,
                        nested,
                    },
                    header,
                )
            }
            CrashLine::FatalError(message) => {
                let (text, header) = message.split_at(at);
                (CrashLine::FatalError(text), header)
            }
            other => return self.crash(other, number),
        };
        if !self.crash(message, number) {
            return false;
        }
        self.message_open = false;
        self.header_text(header, number)
    }

    /// A goroutine header found glued to other text: whole, or with its frames joined.
    fn header_text(&mut self, header: &'a str, number: usize) -> bool {
        match parse_header(header) {
            Some(parsed) => self.header(parsed, header, number),
            None => self.collapsed_header(header, number).unwrap_or(true),
        }
    }

    /// A goroutine header with its frames on the same line (`goroutine 1 [chan send]:
    /// main.main() /app/main.go:15 +0x5a`): a web page's copy whose newlines became
    /// spaces. `None` when the line is not one.
    #[cold]
    #[inline(never)]
    fn collapsed_header(&mut self, raw: &'a str, number: usize) -> Option<bool> {
        let end = raw.find("]: ")? + 2;
        let (head, rest) = raw.split_at(end);
        let header = parse_header(head)?;
        let frames = collapsed(rest.trim_start())?;
        if !self.header(header, head, number) {
            return Some(false);
        }
        self.push_collapsed(&frames, number);
        Some(true)
    }

    /// Frames whose call and location lines were joined by spaces (`main.main()
    /// /app/main.go:15 +0x5a main.run(...) /app/run.go:9`), inside a goroutine.
    #[cold]
    #[inline(never)]
    fn collapsed_frames(&mut self, text: &'a str, number: usize) -> bool {
        match collapsed(text) {
            Some(frames) => {
                self.accept_held();
                self.push_collapsed(&frames, number);
                true
            }
            None => false,
        }
    }

    fn push_collapsed(&mut self, frames: &[(&'a str, &'a str)], number: usize) {
        for &(call, location) in frames {
            if let Some((function, parent)) = parse_created_by(call) {
                self.start_call(function, false, Some(parent), number);
            } else if let Some(c) = parse_call(call) {
                self.start_call(c.function, c.args == "...", None, number);
            }
            if let (Some(loc), Some(pending)) = (parse_location_text(location), self.pending.take())
            {
                self.push_frame(pending, loc.file, loc.line, loc.offset);
            }
        }
    }

    /// A mark the paste's author wrote where they left lines out (`...`, `< ... >`,
    /// `[snip]`, a location line replaced by `...`): inside a stack, an elision there and
    /// the frames before and after it kept; between goroutines, the frames after it are
    /// the end of a goroutine whose header was left out.
    #[cold]
    #[inline(never)]
    fn user_elision(&mut self, raw: &str, number: usize) -> bool {
        if !is_user_elision(raw.trim()) {
            return false;
        }
        if let Some(call) = self.pending.take() {
            // In place of the call's location line.
            self.push_frame(call, "", 0, None);
        }
        match &mut self.target {
            Target::Goroutine(g) => g.flags.set(GoroutineFlags::USER_ELIDED),
            Target::None => {
                self.target = Target::Thread {
                    header: ThreadStack::CUT_ABOVE,
                    m: None,
                    line: number as u32,
                };
            }
            _ => {}
        }
        // One elision for a run of marks.
        if !matches!(self.stack.last(), Some(StackEntry::Elided { frames: None })) {
            self.push_entry(StackEntry::Elided { frames: None });
        }
        self.accept_held();
        true
    }

    /// The first call line after a Windows exception: the crashing goroutine's stack,
    /// printed without a header, is read as a thread stack named after the exception.
    #[cold]
    #[inline(never)]
    fn headerless_stack(&mut self, raw: &'a str, number: usize) -> bool {
        let Some(call) = parse_call(raw) else {
            return false;
        };
        self.headerless_frames = false;
        self.target = Target::Thread {
            header: ThreadStack::HEADERLESS_CRASH,
            m: None,
            line: number as u32,
        };
        self.accept_held();
        self.start_call(call.function, call.args == "...", None, number);
        true
    }

    /// A location line whose indentation a rendered page or chat message dropped, after a
    /// call line. Out of line: the per-line path stays as small as it was.
    #[cold]
    #[inline(never)]
    fn unindented_location(&mut self, raw: &str) -> bool {
        let Some(loc) = parse_location_text(raw).filter(|loc| is_whole_location(raw, loc)) else {
            return false;
        };
        let Some(call) = self.pending.take() else {
            return false;
        };
        self.push_frame(call, loc.file, loc.line, loc.offset);
        self.accept_held();
        true
    }

    #[inline]
    fn in_stack(&self) -> bool {
        !matches!(self.target, Target::None)
    }

    fn header(&mut self, header: Header<'a>, raw: &'a str, number: usize) -> bool {
        if header.id == 0 {
            self.close_target(true, number);
            self.target = Target::Thread {
                header: raw,
                m: header.m,
                line: number as u32,
            };
            self.after_separator = false;
            self.accept_held();
            return true;
        }
        if self.seen.contains(&header.id) {
            // The same goroutine twice: a second dump begins here.
            return false;
        }
        self.close_target(true, number);
        self.seen.insert(header.id);
        self.accept_held();
        self.after_separator = false;
        self.message_open = false;
        let state = self.intern_state(header.state);
        let mut flags = GoroutineFlags::default();
        for (on, flag) in [
            (header.locked_to_thread, GoroutineFlags::LOCKED_TO_THREAD),
            (header.leaked, GoroutineFlags::LEAKED),
            (header.durable, GoroutineFlags::DURABLE),
            (header.scan, GoroutineFlags::SCAN),
        ] {
            if on {
                flags.set(flag);
            }
        }
        let labels = header.labels.and_then(|l| self.intern_labels(l, number));
        if let Some(unknown) = header.unknown_items {
            self.profile.diagnostics.push(Diagnostic {
                line: number,
                message: format!("unknown goroutine header item: {}", clip(unknown)),
            });
        }
        let end = raw.as_ptr() as usize + raw.len() - self.base;
        self.span = (end, end);
        self.target = Target::Goroutine(Goroutine {
            id: header.id,
            count: 1,
            state,
            wait_minutes: header.wait_minutes,
            flags,
            labels,
            stack: 0,
            span: (0, 0),
            created_by: None,
            rare: RareFacts::boxed(header.m, header.bubble),
            line: number as u32,
        });
        true
    }

    fn ancestor(&mut self, origin: u64, number: usize) -> bool {
        let goroutine = match &self.target {
            Target::Goroutine(_) => self.profile.goroutines.len() as u32,
            Target::Ancestor { goroutine, .. } => *goroutine,
            _ => {
                self.held.push(Diagnostic {
                    line: number,
                    message: "ancestor section without a goroutine".to_owned(),
                });
                return true;
            }
        };
        self.close_target(false, number);
        self.target = Target::Ancestor { goroutine, origin };
        true
    }

    fn crash(&mut self, crash: CrashLine<'a>, number: usize) -> bool {
        if let CrashLine::Panic { message, .. } | CrashLine::FatalError(message) = crash {
            if let Some(at) = glued_header(message) {
                return self.message_and_header(crash, at, number);
            }
        }
        let seen_goroutines = !self.profile.goroutines.is_empty();
        let facts = &mut self.profile.crash;
        match crash {
            CrashLine::Panic {
                nested: false,
                message,
            } => {
                if seen_goroutines && !self.after_separator {
                    return false;
                }
                self.close_target(false, number);
                let (message, recovered, repanicked) = split_recovered(message);
                self.profile.crash.panics.push(PanicValue {
                    message: message.to_owned(),
                    recovered,
                    repanicked,
                });
                self.message_open = true;
            }
            CrashLine::Panic { message, .. } => {
                let (message, recovered, repanicked) = split_recovered(message);
                facts.panics.push(PanicValue {
                    message: message.to_owned(),
                    recovered,
                    repanicked,
                });
                self.message_open = true;
            }
            CrashLine::FatalError(message) => {
                if seen_goroutines && !self.after_separator {
                    return false;
                }
                self.close_target(false, number);
                self.profile.crash.fatal_errors.push(message.to_owned());
                self.message_open = true;
            }
            CrashLine::Signal(text) if text.starts_with("Exception 0x") => {
                self.close_target(false, number);
                self.profile.crash.signals.push(text.to_owned());
                self.headerless_frames = true;
            }
            CrashLine::Signal(text) => {
                if seen_goroutines && !self.after_separator && text.starts_with("SIG") {
                    return false;
                }
                self.close_target(false, number);
                self.profile.crash.signals.push(text.to_owned());
            }
            CrashLine::SignalContext(text) => facts.signal_contexts.push(text.to_owned()),
            CrashLine::Register => facts.register_lines += 1,
            CrashLine::Memory => facts.memory_lines += 1,
            CrashLine::RuntimeMessage(text) => facts.runtime_messages.push(text.to_owned()),
            CrashLine::Separator => {
                facts.separators += 1;
                self.close_target(false, number);
                self.after_separator = true;
            }
            CrashLine::ExitStatus(code) => facts.exit_status = Some(code),
            CrashLine::Recovered => {
                if let Some(last) = facts.panics.last_mut() {
                    last.recovered = true;
                }
            }
            CrashLine::RuntimeStack => {
                self.close_target(false, number);
                self.target = Target::Thread {
                    header: "runtime stack:",
                    m: None,
                    line: number as u32,
                };
            }
        }
        self.accept_held();
        true
    }

    fn continue_message(&mut self, text: &str) {
        let crash = &mut self.profile.crash;
        let (text, recovered, repanicked) = split_recovered(text);
        let target = if let Some(p) = crash.panics.last_mut() {
            p.recovered |= recovered;
            p.repanicked |= repanicked;
            &mut p.message
        } else if let Some(f) = crash.fatal_errors.last_mut() {
            f
        } else {
            return;
        };
        target.push('\n');
        target.push_str(text);
    }

    #[inline]
    fn start_call(
        &mut self,
        function: &'a str,
        inlined: bool,
        created_by: Option<Option<u64>>,
        number: usize,
    ) {
        self.flush_pending(number);
        self.pending = Some(PendingCall {
            function,
            inlined,
            created_by,
            bare: None,
            logged: false,
        });
    }

    /// The line after a blank that came while a call waited for its location: unless it is
    /// that location, the block ended at the blank.
    #[cold]
    #[inline(never)]
    fn after_blank(&mut self, raw: &str) {
        if raw.starts_with(['\t', ' ']) && parse_location(raw).is_some() {
            self.blank_after_call = None;
            if self.pending.is_none() {
                // gccgo's frame without a name (`runtime.Callers` found no symbol).
                self.pending = Some(PendingCall {
                    function: UNNAMED_FRAME,
                    inlined: false,
                    created_by: None,
                    bare: None,
                    logged: false,
                });
            }
        } else {
            self.close_blank();
        }
    }

    /// A line after a goroutine's `created by` and its location: nothing of the goroutine
    /// comes after them but its ancestors (`[originating from goroutine N]:`), so the
    /// goroutine is complete and the line is not one of its frames (another language's
    /// traceback printed below it, `self.run()`).
    #[cold]
    #[inline(never)]
    fn after_created_by(&mut self, raw: &str, number: usize) {
        if !raw.starts_with("[originating from goroutine ") {
            self.close_target(false, number);
        }
    }

    /// Ends the block at a blank line that came while a call waited for its location and
    /// was not followed by it (`blank_after_call`).
    #[cold]
    fn close_blank(&mut self) {
        if let Some(blank) = self.blank_after_call.take() {
            self.close_target(false, blank);
        }
    }

    /// A call line whose location never came: keep the frame with an unknown location.
    #[inline]
    fn flush_pending(&mut self, number: usize) {
        self.drop_bare();
        if let Some(call) = self.pending.take() {
            self.profile.diagnostics.push(Diagnostic {
                line: number.saturating_sub(1).max(1),
                message: format!("no file:line after {}", clip(call.function)),
            });
            self.push_frame(call, "", 0, None);
        }
    }

    #[inline]
    fn push_frame(&mut self, call: PendingCall<'a>, file: &str, line: u32, offset: Option<u32>) {
        self.saw_offset |= offset.is_some();
        self.gccgo |= call.bare.is_some() && !call.logged;
        let frame = if self.gccgo {
            self.frames.intern(&gccgo_name(call.function), file, line)
        } else {
            self.frames.intern(call.function, file, line)
        };
        match call.created_by {
            Some(parent) => {
                self.created_by = Some(CreatedBy { frame, parent });
                self.created_by_unoffset = offset.is_none();
            }
            None => self.push_entry(StackEntry::Call {
                frame,
                offset,
                inlined: call.inlined,
            }),
        }
    }

    #[inline]
    fn push_entry(&mut self, entry: StackEntry) {
        self.stack.push(entry);
    }

    /// Ends what is being read. `cut` says the goroutine ended without its closing blank
    /// line (the next header came directly, or the input ended).
    fn close_target(&mut self, cut: bool, number: usize) {
        let target = std::mem::replace(&mut self.target, Target::None);
        self.drop_bare();
        let incomplete = self.pending.is_some() || self.force_partial;
        if !cut {
            self.flush_pending(number);
        } else if let Some(call) = self.pending.take() {
            self.push_frame(call, "", 0, None);
        }
        let created_by = self.created_by.take();
        // A mark of left-out lines that no frame followed (a whole goroutine left out):
        // no fragment.
        // (Asked only of a fragment cut above: a scan of the stack per goroutine would cost
        // every dump.)
        let target = match target {
            Target::Thread { header, .. }
                if header == ThreadStack::CUT_ABOVE
                    && created_by.is_none()
                    && !self
                        .stack
                        .iter()
                        .any(|e| matches!(e, StackEntry::Call { .. })) =>
            {
                Target::None
            }
            other => other,
        };
        let stack = self.profile.stacks.intern(&self.stack);
        self.stack.clear();
        match target {
            Target::None => {}
            Target::Goroutine(mut g) => {
                g.stack = stack;
                let (start, end) = self.span;
                g.span = (start as u32, end.saturating_sub(start) as u32);
                g.created_by = created_by;
                if cut && incomplete {
                    g.flags.set(GoroutineFlags::PARTIAL);
                    self.profile.partial.push(g);
                } else {
                    // The runtime prints at least one frame, or says the stack is unavailable.
                    if self.profile.stacks.get(stack).is_empty()
                        && !g.flags.has(GoroutineFlags::STACK_UNAVAILABLE)
                    {
                        self.profile.diagnostics.push(Diagnostic {
                            line: g.line as usize,
                            message: format!("goroutine {} has no frames", g.id),
                        });
                    }
                    self.profile.goroutines.push(g);
                }
            }
            Target::Ancestor { goroutine, origin } => self.profile.ancestors.push(Ancestor {
                goroutine,
                origin,
                stack,
                created_by,
            }),
            Target::Thread { header, m, line } => self.profile.thread_stacks.push(ThreadStack {
                header: header.to_owned(),
                m,
                stack,
                line,
                created_by,
            }),
        }
    }

    #[inline]
    fn accept_held(&mut self) {
        self.profile.diagnostics.append(&mut self.held);
    }

    fn intern_state(&mut self, state: &'a str) -> StateId {
        if let Some(&id) = self.states.get(&TextKey(state)) {
            return id;
        }
        let id = self.profile.states.len() as StateId;
        self.profile.states.push(state.to_owned());
        self.states.insert(TextKey(state), id);
        id
    }

    fn intern_labels(&mut self, text: &'a str, number: usize) -> Option<LabelSetId> {
        if let Some(&id) = self.labels.get(&TextKey(text)) {
            return id;
        }
        let id = match parse_labels(text) {
            Some(pairs) => {
                self.profile.label_sets.push(LabelSet { pairs });
                Some(self.profile.label_sets.len() as LabelSetId - 1)
            }
            None => {
                self.profile.diagnostics.push(Diagnostic {
                    line: number,
                    message: format!("labels not understood: {}", clip(text)),
                });
                None
            }
        };
        self.labels.insert(TextKey(text), id);
        id
    }

    fn finish(mut self, at_end: bool, unterminated: bool, dump_bytes: usize) -> (Parsed, Carry) {
        let last = self.profile.lines.1 as usize;
        self.close_blank();
        self.drop_bare();
        if at_end {
            self.open_cut_header(last);
        }
        let open_goroutine = matches!(self.target, Target::Goroutine(_));
        if at_end && open_goroutine {
            // The input ended inside a goroutine: it is cut when a call still waits for its
            // location, its last line was not understood (cut mid-line), it has no frame at
            // all, or the dump is exactly the runtime's cap and ends mid-line.
            // A goroutine whose `created by` location was read is complete: what follows
            // it is junk (a Markdown fence closing a pasted dump), not a cut frame line.
            let complete = self.pending.is_none() && self.created_by.is_some();
            let cut_line = !complete
                && self.held.last().is_some_and(|d| {
                    d.line == last && d.line != self.block_end && !d.message.contains("```")
                });
            if cut_line {
                self.held.pop();
            }
            let empty = self.stack.is_empty()
                && matches!(&self.target, Target::Goroutine(g)
                    if !g.flags.has(GoroutineFlags::STACK_UNAVAILABLE));
            self.force_partial = cut_line
                || empty
                || self.cut_location()
                || (unterminated && dump_bytes == RUNTIME_DEBUG2_CAP);
        }
        let partial_before = self.profile.partial.len();
        self.close_target(at_end, last);
        // The goroutine open at the end was cut (not one cut earlier by a header that came
        // directly after it: that one does not make the dump end cut).
        if let Some(g) = self.profile.partial.get(partial_before) {
            if open_goroutine && at_end {
                self.profile.truncated = true;
                let message = cut_off_message(
                    g,
                    self.profile.goroutines.len(),
                    dump_bytes == RUNTIME_DEBUG2_CAP,
                );
                self.profile.diagnostics.push(Diagnostic {
                    line: last,
                    message,
                });
            }
        }
        let crash = &self.profile.crash;
        if !crash.panics.is_empty()
            || !crash.fatal_errors.is_empty()
            || !crash.signals.is_empty()
            || self.profile.thread_stacks.iter().any(|t| !t.is_cut_above())
            || crash.register_lines > 0
            || crash.memory_lines > 0
        {
            self.profile.format = GoroutineFormat::Traceback;
        }
        let mut label_texts: Vec<Box<str>> = vec![Box::from(""); self.profile.label_sets.len()];
        for (&TextKey(text), id) in &self.labels {
            if let Some(slot) = id.and_then(|id| label_texts.get_mut(id as usize)) {
                *slot = Box::from(text);
            }
        }
        let carry = Carry {
            gccgo: self.gccgo,
            headerless_frames: self.headerless_frames,
            block_indent: !self.block_indent.is_empty(),
            saw_offset: self.saw_offset,
            label_texts,
            labels_failed: self.labels.values().any(Option::is_none),
            seen: self.seen,
        };
        let parsed = Parsed {
            profile: self.profile,
            trailing: self.held,
        };
        (parsed, carry)
    }
}

impl Reader<'_, '_> {
    /// A bare word that no location line followed: not a gccgo call, a line of its own.
    #[inline]
    fn drop_bare(&mut self) {
        if let Some(line) = self.pending.as_ref().and_then(|p| p.bare) {
            let call = self.pending.take().expect("pending");
            self.held.push(Diagnostic {
                line,
                message: format!("not part of a goroutine: {}", clip(call.function)),
            });
        }
    }

    /// The input's last line began a header and was cut (`goroutine 54 [`): the goroutine
    /// before it ended there, and a goroutine with no frames read opens (it is partial).
    #[cold]
    fn open_cut_header(&mut self, last: usize) {
        let Some((line, id)) = self.cut_header.filter(|&(line, _)| line == last) else {
            return;
        };
        if self.held.last().is_none_or(|d| d.line != line) || self.seen.contains(&id) {
            return;
        }
        self.held.pop();
        self.close_target(true, line);
        self.accept_held();
        self.seen.insert(id);
        let state = self.intern_state("");
        self.target = Target::Goroutine(Goroutine::new(id, 1, state, line));
    }

    /// The open goroutine's last line, at the end of the input, is a caller's (or the
    /// creator's) location without the `+0x…` offset the dump prints elsewhere: the line
    /// was cut before it (only the innermost frame, or an inlined call, has none; nor has
    /// [`Self::old_goexit`]).
    fn cut_location(&self) -> bool {
        if !self.saw_offset || self.pending.is_some() {
            return false;
        }
        if self.created_by.is_some() {
            return self.created_by_unoffset;
        }
        self.stack.len() > 1
            && matches!(
                self.stack.last(),
                Some(StackEntry::Call {
                    offset: None,
                    inlined: false,
                    frame,
                }) if !self.old_goexit(*frame)
            )
    }

    /// `runtime.goexit` of Go 1.4 and before, in the C runtime (`proc.c`), printed no
    /// offset; since then it is in assembly and always has one.
    fn old_goexit(&self, frame: crate::model::FrameId) -> bool {
        let f = self.frames.get(frame);
        f.function == "runtime.goexit" && f.file.ends_with(".c")
    }
}

/// Where a goroutine header glued to the end of a panic or fatal error message starts
/// (`slice bounds out of range [5:3]goroutine 1 [running]:`), if one is.
fn glued_header(message: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = message[from..].find("goroutine ") {
        let at = from + i;
        let header = &message[at..];
        // Glued after any character: the message's last word ran into it (`no itemsgoroutine 1`).
        if at > 0 && (parse_header(header).is_some() || is_collapsed_header(header)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether `text` is a goroutine header with its frames joined to it by spaces.
fn is_collapsed_header(text: &str) -> bool {
    text.find("]: ").is_some_and(|end| {
        parse_header(&text[..end + 2]).is_some()
            && collapsed(text[end + 3..].trim_start()).is_some()
    })
}

/// Frames whose lines were joined by spaces: `(call, location)` pairs, each call a call
/// line (or `created by F [in goroutine N]`) and each location `FILE:LINE[ +0xOFF]`;
/// `None` unless the whole text is such pairs.
fn collapsed(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut frames = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let call_end = if let Some(created) = rest.strip_prefix("created by ") {
            let name = created.find(' ')?;
            let mut end = "created by ".len() + name;
            if let Some(parent) = rest[end..].strip_prefix(" in goroutine ") {
                let digits = parent.bytes().take_while(u8::is_ascii_digit).count();
                end += " in goroutine ".len() + digits;
            }
            end
        } else {
            // The call ends at the `)` after which a location starts.
            rest.match_indices(") ").map(|(i, _)| i + 1).find(|&end| {
                parse_call(&rest[..end]).is_some() && location_end(&rest[end + 1..]).is_some()
            })?
        };
        let (call, after) = rest.split_at(call_end);
        let after = after.strip_prefix(' ')?;
        let end = location_end(after)?;
        frames.push((call, &after[..end]));
        rest = after[end..].trim_start();
    }
    (!frames.is_empty()).then_some(frames)
}

/// The length of the `FILE:LINE[ +0xOFF]` location that `text` starts with, if it does
/// (the file holds no space).
fn location_end(text: &str) -> Option<usize> {
    let word = text.split(' ').next()?;
    let loc = parse_location_text(word)?;
    if loc.file.is_empty() || loc.line == 0 || !is_whole_location(word, &loc) {
        return None;
    }
    let mut end = word.len();
    if let Some(hex) = text[end..].strip_prefix(" +0x") {
        let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        if digits > 0 && (hex[digits..].is_empty() || hex[digits..].starts_with(' ')) {
            end += " +0x".len() + digits;
        }
    }
    Some(end)
}

/// A mark someone wrote where they left lines out: dots alone (`...`, `.........`),
/// maybe in brackets (`< ... >`, `[...]`), or `[snip]`.
fn is_user_elision(text: &str) -> bool {
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .or_else(|| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
        .unwrap_or(text)
        .trim();
    let dots = inner.bytes().filter(|&b| b == b'.').count();
    (dots >= 3 && inner.bytes().all(|b| b == b'.' || b == b' ') || inner == "…")
        || matches!(inner, "snip" | "snipped" | "...snip..." | "… snip …")
}

/// What a line of the runtime's crash output that [`classify`] leaves is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuntimeDump {
    /// A register dump's line: two columns of them on mips (`r0   0x0\tr1   0x…`).
    Register,
    /// Raw memory: a stack hexdump's words (`tracebackHexdump`) in the layout before Go
    /// 1.12 (`00007ffc2f44cc38:  00007ffc2f44cc78  0000000000447290 <runtime.step+288>`,
    /// no `0x`), or a bad-pointer report's object (`gcDumpObject`: `object=0x… s.base()=0x…
    /// …` and ` *(object+8) = 0x5 <==`).
    Memory,
}

/// [`RuntimeDump`] of a line trimmed at both ends; `None` for other text.
fn runtime_dump(text: &str) -> Option<RuntimeDump> {
    let b = text.as_bytes();
    match b.first()? {
        b'*' => {
            // ` *(object+16) = 0xc000deaa20 <==`, maybe followed by what the slot is.
            let rest = text.strip_prefix("*(")?;
            let (slot, value) = rest.split_once(") = 0x")?;
            let (label, offset) = slot.split_once('+')?;
            let word = value.split(' ').next()?;
            let ok = !label.is_empty()
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'.')
                && !offset.is_empty()
                && offset.bytes().all(|c| c.is_ascii_digit())
                && !word.is_empty()
                && word.bytes().all(|c| c.is_ascii_hexdigit());
            ok.then_some(RuntimeDump::Memory)
        }
        c if c.is_ascii_lowercase() && text.contains('\t') => text
            .split('\t')
            .all(|part| super::crash::is_register(part.trim()))
            .then_some(RuntimeDump::Register),
        c if c.is_ascii_lowercase()
            && (text.contains(" s.base()=0x") || text.ends_with(" s=nil")) =>
        {
            // `object=0x14000130050 s.base()=0x14000130000 s.limit=…`
            let (label, value) = text.split_once("=0x")?;
            let ok = label
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'.')
                && value
                    .bytes()
                    .take_while(|c| *c != b' ')
                    .all(|c| c.is_ascii_hexdigit());
            ok.then_some(RuntimeDump::Memory)
        }
        _ => is_hexdump_words(text).then_some(RuntimeDump::Memory),
    }
}

/// A line of a stack hexdump: an address of 8 to 16 hex digits (`0x` optional), `:`, then
/// words, each hex (`0x` optional) after an optional mark (`<` the frame pointer, `>`, `!`)
/// and maybe followed by the function it points into (`<runtime.step+288>`).
fn is_hexdump_words(text: &str) -> bool {
    let Some((address, words)) = text.split_once(':') else {
        return false;
    };
    let hex = |s: &str| {
        let digits = s.strip_prefix("0x").unwrap_or(s);
        !digits.is_empty() && digits.len() <= 16 && digits.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let address_digits = address.strip_prefix("0x").unwrap_or(address);
    if address_digits.len() < 8 || !hex(address) || !words.starts_with(' ') {
        return false;
    }
    let mut seen = 0;
    for token in words.split_ascii_whitespace() {
        if token.len() > 2 && token.starts_with('<') && token.ends_with('>') && token.contains('+')
        {
            continue;
        }
        let word = token.trim_start_matches(['<', '>', '!']);
        if !hex(word) || word.len() < 8 {
            return false;
        }
        seen += 1;
    }
    seen > 0
}

/// What a dump cut off in the middle of goroutine `g` says, after `complete` goroutines
/// read whole; `capped`: it is exactly the runtime's cap for debug=2 output.
pub(crate) fn cut_off_message(g: &Goroutine, complete: usize, capped: bool) -> String {
    let mut message = format!(
        "the dump ends in the middle of goroutine {} (line {}): it was cut off; \
         {complete} complete {} read",
        g.id,
        g.line,
        if complete == 1 {
            "goroutine"
        } else {
            "goroutines"
        },
    );
    if capped {
        message.push_str(
            "; the dump is exactly 64 MiB, the runtime's cap for debug=2 output \
             (runtime/pprof.writeGoroutineStacks), so goroutines after it are missing",
        );
    }
    message
}

/// A call line of a stack a logger printed (zap's and logr's `stacktrace`, Go's
/// `runtime.CallersFrames` rendered as `FUNC\n\tFILE:LINE`): a qualified function name
/// alone, without arguments, with a method's receiver or a closure's suffix
/// (`sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).worker`,
/// `wait.JitterUntil.func1`); `None` for other text and for gccgo's bare names, which
/// [`bare_call`] reads (a logged name has a `/` path or a `(*T)` receiver).
fn logged_call(raw: &str) -> Option<&str> {
    let b = raw.as_bytes();
    if !b.first()?.is_ascii_alphabetic() || b.iter().any(|&c| c == b' ' || c == b'\t') {
        return None;
    }
    let last_slash = raw.rfind('/').map_or(0, |i| i + 1);
    let name = &raw[last_slash..];
    let qualified =
        name.contains('.') && (last_slash > 0 || name.contains(".(*") || name.starts_with("main."));
    // A receiver's parentheses come in pairs, each opened after a dot (`.(*T)`): a
    // mangled call line such as `main.main)(` is none.
    let mut depth = 0i32;
    let balanced = name.bytes().enumerate().all(|(i, c)| {
        match c {
            b'(' if i > 0 && name.as_bytes()[i - 1] == b'.' => depth += 1,
            b'(' => return false,
            b')' => depth -= 1,
            _ => {}
        }
        (0..=1).contains(&depth)
    }) && depth == 0;
    let ok = qualified
        && balanced
        && !name.ends_with(')')
        && !name.ends_with(':')
        && !name.contains(".go:")
        && name.bytes().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'_' | b'.' | b'(' | b')' | b'*' | b'[' | b']' | b',' | b'-'
                )
        });
    ok.then_some(raw)
}

/// A gccgo call line: a function name alone, without arguments (`main.store.reserve`,
/// `runtime.dopanic__m`, `net_1http.Server.Serve`, C's `main`); `None` for other text.
fn bare_call(raw: &str) -> Option<&str> {
    let first = raw.chars().next()?;
    let name = (first.is_alphabetic() || first == '_')
        && raw
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '/' | '-'));
    name.then_some(raw)
}

/// A gccgo symbol's Go name: gccgo (GCC ≥ 10, `gofrontend/names.cc`) encodes `_` as `__`
/// and `/` as `_1` in the names its tracebacks print (`net_1http.Server.Serve` is
/// `net/http.Server.Serve`). Names without a package (C functions) are kept.
fn gccgo_name(mangled: &str) -> std::borrow::Cow<'_, str> {
    if !mangled.contains('_') || !mangled.contains('.') {
        return std::borrow::Cow::Borrowed(mangled);
    }
    let mut out = String::with_capacity(mangled.len());
    let mut chars = mangled.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('_', Some('_')) => {
                chars.next();
                out.push('_');
            }
            ('_', Some('1')) => {
                chars.next();
                out.push('/');
            }
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether an unindented line is a location line and nothing else: a source file, its
/// line, then only the runtime's ` +0x…` and ` fp=… sp=… pc=…` (not a log line that
/// happens to hold `:NN`, such as a timestamp, between a call line and its location).
fn is_whole_location(raw: &str, loc: &super::frame::Location<'_>) -> bool {
    let rest = &raw[loc.file.len()..];
    let rest = rest
        .trim_start_matches(':')
        .trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = match rest.strip_prefix(" +0x") {
        Some(hex) => hex.trim_start_matches(|c: char| c.is_ascii_hexdigit()),
        None => rest,
    };
    let source = [".go", ".s", ".c", ".h", ">"]
        .iter()
        .any(|ext| loc.file.ends_with(ext));
    (loc.file.is_empty() || loc.file == "?" || source)
        && (rest.is_empty() || rest.starts_with(" fp=0x"))
}

/// The id of a goroutine header cut before its end: `goroutine 54`, `goroutine 54 [`,
/// `goroutine 54 [chan rec`, `goroutine 54 gp=0x… m=`; `None` for other text.
fn cut_header(raw: &str) -> Option<u64> {
    let rest = raw.strip_prefix("goroutine ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id = rest[..digits].parse().ok()?;
    let rest = &rest[digits..];
    let cut = match rest.strip_prefix(' ') {
        None => rest.is_empty(),
        Some(item) => {
            ["[", "gp=", "m="]
                .iter()
                .any(|p| item.starts_with(p) || p.starts_with(item))
                && !item.contains("]:")
        }
    };
    cut.then_some(id)
}

/// A line shortened for a diagnostic message.
pub fn clip(text: &str) -> String {
    const MAX: usize = 120;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_end_is_str_trim_end() {
        // Every ASCII whitespace (vertical tab and form feed too), Unicode's (no-break
        // space, NEL, ideographic space, line separator), DEL and multi-byte text.
        for end in [
            "",
            " ",
            "\t",
            "\r",
            "\n",
            "\x0B",
            "\x0C",
            "\x7F",
            "!",
            "~",
            "\u{A0}",
            "\u{85}",
            "\u{3000}",
            "\u{2028}",
            "é",
            "\t \u{A0}",
        ] {
            for start in ["", "main.main()", "\t/app/main.go:12 +0x1d", " x "] {
                let text = format!("{start}{end}");
                assert_eq!(super::super::trim_end(&text), text.trim_end(), "{text:?}");
            }
        }
    }

    #[test]
    fn cut_headers() {
        assert_eq!(cut_header("goroutine 54"), Some(54));
        assert_eq!(cut_header("goroutine 54 "), Some(54));
        assert_eq!(cut_header("goroutine 54 ["), Some(54));
        assert_eq!(cut_header("goroutine 54 [chan rec"), Some(54));
        assert_eq!(cut_header("goroutine 54 [select]"), Some(54));
        assert_eq!(cut_header("goroutine 54 g"), Some(54));
        assert_eq!(cut_header("goroutine 54 gp=0xc000 m="), Some(54));
        assert_eq!(cut_header("goroutine 54 is stuck"), None);
        assert_eq!(cut_header("goroutine 54 [select]: more"), None);
        assert_eq!(cut_header("goroutine x ["), None);
    }

    #[test]
    fn gccgo_calls_and_names() {
        assert_eq!(bare_call("runtime.dopanic__m"), Some("runtime.dopanic__m"));
        assert_eq!(bare_call("main.main..func1"), Some("main.main..func1"));
        assert_eq!(bare_call("main"), Some("main"));
        assert_eq!(bare_call("main.main()"), None);
        assert_eq!(logged_call("main.main)("), None);
        assert_eq!(
            logged_call("main.(*T).run.func1"),
            Some("main.(*T).run.func1")
        );
        assert_eq!(
            logged_call("sigs.k8s.io/x/pkg/internal/controller.(*Controller).worker"),
            Some("sigs.k8s.io/x/pkg/internal/controller.(*Controller).worker")
        );
        assert_eq!(bare_call("exit status 2"), None);
        assert_eq!(bare_call("-----"), None);
        assert_eq!(bare_call("runtime stack:"), None);
        assert_eq!(
            gccgo_name("net_1http.Server.Serve"),
            "net/http.Server.Serve"
        );
        assert_eq!(
            gccgo_name("sync.runtime__SemacquireMutex"),
            "sync.runtime_SemacquireMutex"
        );
        assert_eq!(gccgo_name("a.b__1"), "a.b_1");
        assert_eq!(gccgo_name("__libc_start_main"), "__libc_start_main");
    }

    #[test]
    fn runtime_dump_lines() {
        use RuntimeDump::*;
        for (line, want) in [
            ("r0   0x0\tr1   0xc0007b9230", Some(Register)),
            ("pc   0x9680c\tlink 0x4fd40", Some(Register)),
            ("*(object+8) = 0x5 <==", Some(Memory)),
            ("*(object+0) = 0x140006d4257", Some(Memory)),
            (
                "object=0x14000130050 s.base()=0x14000130000 s.limit=0x14000131fe0",
                Some(Memory),
            ),
            ("base=0xc000010000 s=nil", Some(Memory)),
            (
                "00007ffc2f44cc38:  00007ffc2f44cc78  0000000000447290 <runtime.step+288>",
                Some(Memory),
            ),
            (
                "0x000000c0000a56a8: <0x000000000040420d <syscall.RawSyscall6+0x000000000000000d>  0x0000000000000000",
                Some(Memory),
            ),
            ("12:34:56 something", None),
            ("2026-11-25T02:33:10Z boot", None),
            ("deadbeef00: hello", None),
            ("*(x) = 0x1", None),
            ("a=0x1\tb=2", None),
            ("main.main()", None),
        ] {
            assert_eq!(runtime_dump(line), want, "{line}");
        }
    }

    #[test]
    fn whole_locations_only() {
        let whole = |text: &str| {
            super::super::frame::parse_location_text(text)
                .is_some_and(|loc| is_whole_location(text, &loc))
        };
        assert!(whole("/app/main.go:12 +0x1d"));
        assert!(whole("/app/main.go:12"));
        assert!(whole(
            "C:/Go/src/runtime/proc.go:250 +0x1d fp=0xc0 sp=0xc0 pc=0x43"
        ));
        assert!(whole("<autogenerated>:1 +0x2d"));
        assert!(!whole("2026/11/25 02:33:10 GET /api/orders 200 (1.2ms)"));
        assert!(!whole("main.go:12: flushing (3 items)"));
        assert!(!whole("2026/11/25 02:33:10"));
    }
}
