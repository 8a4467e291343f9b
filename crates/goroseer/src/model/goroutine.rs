//! Goroutine dumps: debug=1 records, debug=2 goroutines, crash tracebacks.
//!
//! Memory layout is chosen for 100k-goroutine dumps: a [`Goroutine`] is a small fixed-size
//! record; its frame sequence is interned once per distinct stack in a [`StackTable`], its
//! state and labels are interned ids, and its per-frame argument text is not copied at all:
//! the goroutine keeps the byte range of its lines in the document's text
//! ([`crate::model::Document::text`]) and arguments are read from there on demand. Nothing
//! is allocated per goroutine.

use std::collections::HashMap;

use super::{CreatedBy, Diagnostic, FrameId};

/// Which text form a goroutine profile was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoroutineFormat {
    /// `goroutine profile: total N` with `COUNT @ pcs` records (pprof debug=1).
    Debug1,
    /// `goroutine N [state]:` blocks without crash output (pprof debug=2, `runtime.Stack`).
    Debug2,
    /// A crash (panic, fatal error, signal) printed by the runtime on stderr.
    Traceback,
    /// The Delve debugger's `goroutines` list (`-t`: with stacks).
    Delve,
}

impl GoroutineFormat {
    /// The name used in the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            GoroutineFormat::Debug1 => "debug=1",
            GoroutineFormat::Debug2 => "debug=2",
            GoroutineFormat::Traceback => "traceback",
            GoroutineFormat::Delve => "delve",
        }
    }
}

/// Index of an interned stack in a [`StackTable`].
pub type StackId = u32;
/// Index of an interned wait reason in [`GoroutineProfile::states`].
pub type StateId = u32;
/// Index of an interned label set in [`GoroutineProfile::label_sets`].
pub type LabelSetId = u32;

/// One line of a stack as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StackEntry {
    /// A call: the interned location plus its `+0x…` PC offset.
    Call {
        /// The interned location.
        frame: FrameId,
        /// PC offset within the function (`None` when not printed: inlined frames, the
        /// faulting frame of a signal panic, debug=1 records).
        offset: Option<u32>,
        /// An inlined call: the runtime prints its arguments as `(...)`.
        inlined: bool,
    },
    /// `...N frames elided...` (`Some(N)`) or `...additional frames elided...` (`None`).
    Elided {
        /// How many frames the runtime left out, when it said.
        frames: Option<u32>,
    },
}

impl StackEntry {
    /// The frame of a call; `None` for an elision marker.
    pub fn frame(&self) -> Option<FrameId> {
        match *self {
            StackEntry::Call { frame, .. } => Some(frame),
            StackEntry::Elided { .. } => None,
        }
    }

    /// The marker's text as the runtime prints it (`...3 frames elided...`,
    /// `...additional frames elided...`); `None` for a call.
    pub fn elision_text(&self) -> Option<String> {
        match *self {
            StackEntry::Call { .. } => None,
            StackEntry::Elided { frames: Some(n) } => Some(format!("...{n} frames elided...")),
            StackEntry::Elided { frames: None } => {
                Some("...additional frames elided...".to_owned())
            }
        }
    }
}

/// Distinct stacks (frame sequences, innermost first) of one profile.
#[derive(Debug, Default)]
pub struct StackTable {
    entries: Vec<StackEntry>,
    ranges: Vec<(u32, u32)>,
    index: HashMap<Box<[StackEntry]>, StackId, rustc_hash::FxBuildHasher>,
}

impl StackTable {
    /// Returns the id of this frame sequence, adding it when it is new.
    #[inline]
    pub fn intern(&mut self, stack: &[StackEntry]) -> StackId {
        if let Some(&id) = self.index.get(stack) {
            return id;
        }
        let id = self.ranges.len() as StackId;
        let start = self.entries.len() as u32;
        self.entries.extend_from_slice(stack);
        self.ranges.push((start, stack.len() as u32));
        self.index.insert(stack.into(), id);
        id
    }

    /// The entries of stack `id`, innermost first.
    pub fn get(&self, id: StackId) -> &[StackEntry] {
        let (start, len) = self.ranges[id as usize];
        &self.entries[start as usize..(start + len) as usize]
    }

    /// Number of distinct stacks.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether no stack was interned.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// A set of pprof labels, `{key: value, …}`, in printed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    /// Key/value pairs with Go quoting removed.
    pub pairs: Vec<(String, String)>,
}

/// Per-goroutine yes/no facts, packed in one byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoroutineFlags(pub u16);

impl GoroutineFlags {
    /// `, locked to thread` in the header.
    pub const LOCKED_TO_THREAD: u16 = 1;
    /// `(leaked)` after the wait reason (Go ≥ 1.26 leak detection).
    pub const LEAKED: u16 = 1 << 1;
    /// `(durable)` after the wait reason.
    pub const DURABLE: u16 = 1 << 2;
    /// `, scan` / `(scan)` in the header: the GC was scanning the stack.
    pub const SCAN: u16 = 1 << 3;
    /// `goroutine running on other thread; stack unavailable`.
    pub const STACK_UNAVAILABLE: u16 = 1 << 4;
    /// The stack contains an elision marker.
    pub const ELIDED: u16 = 1 << 5;
    /// The goroutine's stack was printed only in part (input cut in the middle of it).
    pub const PARTIAL: u16 = 1 << 6;
    /// The paste's author left lines out of the stack and marked where (`...`, `< ... >`,
    /// `[snip]`): frames may be missing there.
    pub const USER_ELIDED: u16 = 1 << 7;

    /// Whether `flag` is set.
    pub fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }

    /// Sets `flag`.
    pub fn set(&mut self, flag: u16) {
        self.0 |= flag;
    }
}

/// One goroutine (debug=2 / traceback) or one record of identical goroutines (debug=1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goroutine {
    /// Goroutine id; 0 for debug=1 records, which carry no ids.
    pub id: u64,
    /// How many goroutines this entry stands for: 1, or the record count for debug=1.
    pub count: u64,
    /// Wait reason, index into [`GoroutineProfile::states`]; debug=1 records use the empty
    /// state.
    pub state: StateId,
    /// `, N minutes` (0 when absent).
    pub wait_minutes: u32,
    /// Flags (locked to thread, leaked, …).
    pub flags: GoroutineFlags,
    /// Labels, index into [`GoroutineProfile::label_sets`].
    pub labels: Option<LabelSetId>,
    /// Frames, innermost first.
    pub stack: StackId,
    /// Byte range `(start, len)` of this goroutine's stack lines (after its header) in the
    /// document's text; empty for debug=1 records, which print no arguments.
    pub span: (u32, u32),
    /// `created by …` with the creator's location.
    pub created_by: Option<CreatedBy>,
    /// `m=N` and the synctest bubble, which few goroutines print: boxed, so that the others
    /// do not carry their 24 bytes (see [`Goroutine::m`], [`Goroutine::bubble`]).
    pub rare: Option<Box<RareFacts>>,
    /// 1-based input line of the header (debug=1: of the record's `COUNT @` line).
    pub line: u32,
}

impl Goroutine {
    /// A goroutine known only by its id, count and state, from input line `line`: no
    /// flags, labels, frames or creator yet (the parsers fill them in as they read).
    pub fn new(id: u64, count: u64, state: StateId, line: usize) -> Goroutine {
        Goroutine {
            id,
            count,
            state,
            wait_minutes: 0,
            flags: GoroutineFlags::default(),
            labels: None,
            stack: 0,
            span: (0, 0),
            created_by: None,
            rare: None,
            line: line as u32,
        }
    }

    /// `m=N` from `GOTRACEBACK=system` headers (`None` for `m=nil` or when absent).
    pub fn m(&self) -> Option<u32> {
        self.rare.as_ref().and_then(|r| r.m)
    }

    /// `, synctest bubble N`.
    pub fn bubble(&self) -> Option<u64> {
        self.rare.as_ref().and_then(|r| r.bubble)
    }
}

/// Header facts that few goroutines print, kept out of line in [`Goroutine::rare`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RareFacts {
    /// `m=N` from `GOTRACEBACK=system` headers (`None` for `m=nil` or when absent).
    pub m: Option<u32>,
    /// `, synctest bubble N`.
    pub bubble: Option<u64>,
}

impl RareFacts {
    /// The boxed facts, or `None` when the header printed neither.
    pub fn boxed(m: Option<u32>, bubble: Option<u64>) -> Option<Box<RareFacts>> {
        (m.is_some() || bubble.is_some()).then(|| Box::new(RareFacts { m, bubble }))
    }
}

/// `[originating from goroutine N]:` section (GODEBUG=tracebackancestors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ancestor {
    /// Index in [`GoroutineProfile::goroutines`] of the goroutine this section belongs to.
    pub goroutine: u32,
    /// Id of the ancestor goroutine.
    pub origin: u64,
    /// Frames of the ancestor at the time it created its child.
    pub stack: StackId,
    /// The ancestor's own creator.
    pub created_by: Option<CreatedBy>,
}

/// A thread's system stack: `goroutine 0 …` (g0) in signal dumps, or `runtime stack:`;
/// or the stack a Windows exception prints before the goroutines, with no header
/// ([`ThreadStack::HEADERLESS_CRASH`]); or the frames a paste starts with, cut from a
/// goroutine whose header was above the copy ([`ThreadStack::CUT_ABOVE`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadStack {
    /// The header as printed (`runtime stack:` or `goroutine 0 gp=… m=0 mp=… [idle]:`).
    pub header: String,
    /// `m=N` when printed.
    pub m: Option<u32>,
    /// Frames, innermost first.
    pub stack: StackId,
    /// 1-based input line of the header.
    pub line: u32,
    /// The `created by` of a goroutine cut off above the paste ([`ThreadStack::CUT_ABOVE`])
    /// when its frames reach it; `None` for a thread's stack.
    pub created_by: Option<CreatedBy>,
}

impl ThreadStack {
    /// The header given to the crashing goroutine's stack that an exception (Windows's
    /// `Exception 0xc0000005 …`) prints right after itself, without a goroutine header.
    pub const HEADERLESS_CRASH: &'static str =
        "the crashing goroutine (printed without a header after the exception)";

    /// The header given to frames a paste begins with, before any goroutine header: the
    /// copy was cut inside a goroutine, above the paste.
    pub const CUT_ABOVE: &'static str =
        "a goroutine whose header was cut off above the paste (its first frames read)";

    /// Whether this is the crashing goroutine's headerless stack.
    pub fn is_headerless_crash(&self) -> bool {
        self.header == Self::HEADERLESS_CRASH
    }

    /// Whether these are the frames of a goroutine cut off above the paste.
    pub fn is_cut_above(&self) -> bool {
        self.header == Self::CUT_ABOVE
    }
}

/// What a crash printed around the goroutines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrashFacts {
    /// Panic values in printed order, innermost last (`panic: A` then nested `\tpanic: B`);
    /// continuation lines of multi-line values are joined with `\n`.
    pub panics: Vec<PanicValue>,
    /// `fatal error: …` messages.
    pub fatal_errors: Vec<String>,
    /// `[signal SIGSEGV: …]` lines and `SIGQUIT: quit` style signal lines, as printed.
    pub signals: Vec<String>,
    /// `PC=0x… m=N sigcode=N` lines.
    pub signal_contexts: Vec<String>,
    /// `runtime: …` messages (e.g. `runtime: goroutine stack exceeds …`).
    pub runtime_messages: Vec<String>,
    /// Number of register-dump lines (`rax    0x…`).
    pub register_lines: u32,
    /// Number of raw stack-memory lines: `stack: frame={sp:…, fp:…} stack=[…)` and the
    /// words under it (`0x…:  0x…  0x…`), printed for a frame the runtime cannot unwind
    /// (`runtime: unknown pc`, `unexpected return pc`).
    pub memory_lines: u32,
    /// Number of `-----` separators between per-thread sections.
    pub separators: u32,
    /// `exit status N` printed by `go run`.
    pub exit_status: Option<i32>,
}

/// One `panic:` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicValue {
    /// The value as printed, without `panic: ` and without the `[recovered…]` suffix.
    pub message: String,
    /// `[recovered]`: the panic was recovered and another one followed.
    pub recovered: bool,
    /// `[recovered, repanicked]` (Go ≥ 1.23): recovered, then panicked again with it.
    pub repanicked: bool,
}

/// A goroutine dump (debug=1 profile, debug=2 dump or crash traceback).
#[derive(Debug)]
pub struct GoroutineProfile {
    /// Text form.
    pub format: GoroutineFormat,
    /// Profile name of a debug=1 header (`goroutine`, `goroutineleak`).
    pub name: String,
    /// `total N` of a debug=1 header.
    pub header_total: Option<u64>,
    /// Goroutines (debug=2) or records (debug=1), in input order. Complete ones only: a
    /// goroutine cut off by the end of the input is counted in [`Self::partial`].
    pub goroutines: Vec<Goroutine>,
    /// Goroutines whose text was cut off (end of input mid-goroutine).
    pub partial: Vec<Goroutine>,
    /// Interned stacks.
    pub stacks: StackTable,
    /// Interned wait reasons (`chan receive`, …), without `(leaked)`/`(durable)`.
    pub states: Vec<String>,
    /// Interned label sets.
    pub label_sets: Vec<LabelSet>,
    /// Ancestry sections, in input order.
    pub ancestors: Vec<Ancestor>,
    /// Thread (g0) stacks of crash dumps; not goroutines, not counted in totals.
    pub thread_stacks: Vec<ThreadStack>,
    /// Crash output around the goroutines.
    pub crash: CrashFacts,
    /// The dump ends in the middle of a goroutine (or a line).
    pub truncated: bool,
    /// 1-based first and last input line of this dump.
    pub lines: (u32, u32),
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// The profile's header line was not in the input: it was read from its first record
    /// (a debug=1 profile), "cut above" the paste.
    pub header_cut: bool,
}

impl GoroutineProfile {
    /// An empty profile of the given format starting at `line`.
    pub fn new(format: GoroutineFormat, line: u32) -> Self {
        GoroutineProfile {
            format,
            name: "goroutine".to_owned(),
            header_total: None,
            goroutines: Vec::new(),
            partial: Vec::new(),
            stacks: StackTable::default(),
            states: Vec::new(),
            label_sets: Vec::new(),
            ancestors: Vec::new(),
            thread_stacks: Vec::new(),
            crash: CrashFacts::default(),
            truncated: false,
            lines: (line, line),
            diagnostics: Vec::new(),
            header_cut: false,
        }
    }

    /// Number of goroutines read completely (sum of record counts for debug=1).
    pub fn total(&self) -> u64 {
        self.goroutines.iter().map(|g| g.count).sum()
    }

    /// The wait reason of `goroutine`.
    pub fn state_of(&self, goroutine: &Goroutine) -> &str {
        &self.states[goroutine.state as usize]
    }

    /// The text of `goroutine`'s stack lines in `text` (the document's text).
    pub fn span_text<'t>(&self, text: &'t str, goroutine: &Goroutine) -> &'t str {
        let (start, len) = goroutine.span;
        text.get(start as usize..(start + len) as usize)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100k-goroutine dump holds 100k of these next to its memory-mapped text: every 8
    /// bytes here is 0.8 MB of the CLI's peak RSS (issue #17: ≤ 1.3× the input).
    #[test]
    fn a_goroutine_record_stays_small() {
        assert!(std::mem::size_of::<Goroutine>() <= 80);
        assert_eq!(
            std::mem::size_of::<Option<CreatedBy>>(),
            std::mem::size_of::<CreatedBy>()
        );
    }

    #[test]
    fn rare_facts_are_boxed_only_when_printed() {
        assert_eq!(RareFacts::boxed(None, None), None);
        let mut g = Goroutine::new(7, 1, 0, 1);
        g.rare = RareFacts::boxed(Some(0), None);
        assert_eq!((g.m(), g.bubble()), (Some(0), None));
        g.rare = RareFacts::boxed(None, Some(12));
        assert_eq!((g.m(), g.bubble()), (None, Some(12)));
    }
}
