//! What makes two groups of two different dumps "the same group".
//!
//! A [`StackSignature`] is the frame sequence of a group *outside the runtime* at the
//! chosen grouping level (function + file:line for `lines`, function for `functions`,
//! the first N for `top:N`), plus the wait reason when every dump compared prints one.
//!
//! Why runtime frames are left out: debug=1 and debug=2 print them differently. debug=1
//! (`runtime/pprof.printStackRecord`) hides every `runtime.` frame of a stack that has
//! others; debug=2 (the traceback printer, `runtime/traceback.go` `showfuncinfo`) hides
//! unexported ones but shows e.g. `runtime.Gosched`, and shows all of them under
//! `GOTRACEBACK=system`. The corpus ground truth (`*.compare-debug1-vs-debug2.json`)
//! matches debug=1 and debug=2 taken back to back exactly this way. A stack made of
//! runtime frames only keeps them, so such goroutines do not all collapse into one group.
//!
//! Goroutine ids, arguments, PC offsets, labels and `created by` lines are never part of
//! a signature: debug=1 has none of them, and they change from dump to dump.

use rustc_hash::FxHashMap;

use crate::analysis::group::GroupBy;
use crate::model::goroutine::StackEntry;
use crate::model::{FrameTable, Origin};

/// A group's identity across dumps: interned frame keys (innermost first) and, when
/// states are compared, the wait reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StackSignature {
    /// Keys from a [`SignatureTable`], innermost first.
    pub frames: Vec<u32>,
    /// The wait reason (`None` when states are not compared).
    pub state: Option<String>,
}

/// Interns frame keys across the documents of one comparison (each document has its own
/// frame table, so frame ids cannot be compared directly).
#[derive(Debug, Default)]
pub struct SignatureTable {
    keys: FxHashMap<String, u32>,
    scratch: String,
}

impl SignatureTable {
    /// The signature of a stack (innermost first) of a document with frame table `frames`.
    pub fn signature(
        &mut self,
        entries: &[StackEntry],
        frames: &FrameTable,
        by: GroupBy,
        state: Option<&str>,
    ) -> StackSignature {
        let kept = compared_entries(entries, frames, by);
        let keys = self.keys_of(&kept, frames, by != GroupBy::Functions);
        StackSignature {
            frames: keys,
            state: state.map(str::to_owned),
        }
    }

    /// Interned keys of `entries`: function + file:line, or the function only when
    /// `with_lines` is false.
    pub fn keys_of(
        &mut self,
        entries: &[&StackEntry],
        frames: &FrameTable,
        with_lines: bool,
    ) -> Vec<u32> {
        let mut keys = Vec::with_capacity(entries.len());
        for entry in entries {
            use std::fmt::Write;
            self.scratch.clear();
            match entry {
                StackEntry::Call { frame, .. } => {
                    let f = frames.get(*frame);
                    self.scratch.push_str(&f.function);
                    if with_lines {
                        let _ = write!(self.scratch, "\0{}\0{}", f.file, f.line);
                    }
                }
                // How many frames were elided depends on the stack's depth at that
                // moment; that some were is what identifies the stack.
                StackEntry::Elided { .. } => self.scratch.push('\u{1}'),
            }
            let next = self.keys.len() as u32;
            let key = match self.keys.get(self.scratch.as_str()) {
                Some(&k) => k,
                None => {
                    self.keys.insert(self.scratch.clone(), next);
                    next
                }
            };
            keys.push(key);
        }
        keys
    }
}

/// The entries of a stack that a signature is made of: those outside the runtime (all of
/// them when nothing else is left), the first N for `top:N`.
pub fn compared_entries<'a>(
    entries: &'a [StackEntry],
    frames: &FrameTable,
    by: GroupBy,
) -> Vec<&'a StackEntry> {
    let outside: Vec<&StackEntry> = entries
        .iter()
        .filter(|e| match e {
            StackEntry::Call { frame, .. } => frames.get(*frame).origin != Origin::Runtime,
            StackEntry::Elided { .. } => true,
        })
        .collect();
    let mut kept = if outside.iter().any(|e| matches!(e, StackEntry::Call { .. })) {
        outside
    } else {
        entries.iter().collect()
    };
    if let GroupBy::Top(n) = by {
        kept.retain(|e| matches!(e, StackEntry::Call { .. }));
        kept.truncate(n);
    }
    kept
}

/// Functions that only the goroutine writing a dump runs. Its stack differs between
/// debug=1 (`writeRuntimeProfile`) and debug=2 (`writeGoroutineStacks`) taken back to back,
/// and usually in the caller's line too, so it never matches across formats.
const DUMP_WRITERS: &[&str] = &[
    "runtime/pprof.writeGoroutineStacks",
    "runtime/pprof.writeRuntimeProfile",
    "runtime/pprof.writeGoroutine",
    "runtime/pprof.writeGoroutineLeak",
    "runtime.Stack",
    "runtime/debug.Stack",
    "runtime/debug.PrintStack",
];

/// Whether this stack is the goroutine that wrote the dump.
pub fn is_dump_writer(entries: &[StackEntry], frames: &FrameTable) -> bool {
    entries.iter().any(|e| match e {
        StackEntry::Call { frame, .. } => {
            DUMP_WRITERS.contains(&frames.get(*frame).function.as_str())
        }
        StackEntry::Elided { .. } => false,
    })
}
