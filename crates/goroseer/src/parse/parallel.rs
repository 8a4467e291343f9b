//! A large goroutine dump read on every core: cut where a goroutine starts after a blank
//! line, the pieces parsed at once (`std::thread::scope`), then merged so that the result
//! is exactly the one-thread parse's — frames, stacks, states and label sets numbered in
//! the order the whole text first shows them, goroutines in input order, the same
//! diagnostics with the same line numbers.
//!
//! A piece is read by a fresh [`traceback`] reader, so a cut is only taken when the reader
//! of the whole text would have been in a fresh reader's state there: after a cut no
//! panic, fatal error or signal (the whole reader could end the dump there), no goroutine
//! id seen before (a second dump begins), no label set it could not read (reported once
//! per text); before a cut no gccgo names, Windows exception or log-record indent still in
//! force. Otherwise the dump is read by one thread, as always. A dump that ends inside a
//! piece (another dump starts) ends there, and reading goes on from that line. The page's
//! wasm build has no `parallel` feature and never comes here.

use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use super::header::parse_header;
use super::traceback::{self, Carry, Parsed, RUNTIME_DEBUG2_CAP};
use super::{count_newlines, Cursor, Split};
use crate::model::goroutine::{
    Goroutine, GoroutineFormat, GoroutineProfile, LabelSetId, StackEntry, StackId, StateId,
};
use crate::model::{CreatedBy, FrameId, FrameTable};

/// Threads a dump is parsed on; 0: one per core.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// A piece smaller than this is not worth a thread of its own.
const MIN_PIECE: usize = 1 << 20;

/// Parses large dumps on `threads` threads from now on (0, the default: one per core;
/// 1: one thread, as the page's wasm does).
pub fn set_threads(threads: usize) {
    THREADS.store(threads, Ordering::Relaxed);
}

/// The split [`set_threads`] asked for.
pub(crate) fn configured() -> Split {
    let threads = match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        n => n,
    };
    Split {
        threads,
        min_piece: MIN_PIECE,
    }
}

/// One piece read on its own.
struct Piece<'a> {
    parsed: Parsed,
    carry: Carry<'a>,
    frames: FrameTable,
    /// Where the reader stopped, when another dump starts inside the piece: the byte offset
    /// in the piece's input and the line's index in the piece ([`Cursor::stop`]).
    stop: Option<(usize, usize)>,
}

/// The traceback dump starting at the cursor's next line read in pieces, the cursor then
/// at the end of its input; `None` (nothing consumed) when the text is too small to cut,
/// has no safe cut, or a cut would change the result ([`traceback::parse`] reads it then).
pub(crate) fn parse_traceback(
    cursor: &mut Cursor<'_>,
    frames: &mut FrameTable,
    split: Split,
) -> Option<Parsed> {
    let pieces = split
        .threads
        .min(cursor.remaining().len() / split.min_piece.max(1));
    if pieces < 2 {
        return None;
    }
    let start = cursor.offset();
    let text = cursor.remaining();
    let first_line_end = text.find('\n')? + 1;
    let mut bounds = vec![start];
    bounds.extend(cuts(text, pieces, first_line_end).map(|cut| start + cut));
    if bounds.len() < 2 {
        return None;
    }
    bounds.push(start + text.len());
    // `lines_before[k]`: before piece `k + 1`.
    let lines_before = lines_before_bounds(cursor, &bounds);
    if !cursor.numbers_cover(lines_before.last().copied().unwrap_or(0) + 1) {
        return None;
    }
    let read = std::thread::scope(|scope| {
        let cursor = &*cursor;
        let handles: Vec<_> = (1..bounds.len() - 1)
            .map(|k| {
                let piece = cursor.piece(bounds[k], bounds[k + 1], lines_before[k - 1]);
                let bytes_before = bounds[k] - start;
                scope.spawn(move || read_piece(piece, bytes_before))
            })
            .collect();
        let mut read = vec![read_piece(cursor.ending_at(bounds[1]), 0)];
        read.extend(handles.into_iter().map(|h| h.join().ok().flatten()));
        read
    });
    let mut pieces: Vec<Piece<'_>> = read.into_iter().collect::<Option<_>>()?;
    // The dump ends in the first piece its reader did not read to the end (another dump
    // starts there): the pieces after it are not this dump's.
    let used = pieces
        .iter()
        .position(|p| p.stop.is_some())
        .unwrap_or(pieces.len() - 1);
    pieces.truncate(used + 1);
    let end = match pieces[used].stop {
        Some((offset, _)) if used > 0 => bounds[used] + offset,
        Some((offset, _)) => offset,
        None => bounds[used + 1],
    };
    if !mergeable(&pieces) {
        return None;
    }
    // Spans count from the reader's input: the whole input for the first piece (read by a
    // cursor that only ends early), the piece itself for the others.
    let mut shifts = bounds.clone();
    shifts[0] = 0;
    let stop = pieces[used].stop;
    let capped = end - start == RUNTIME_DEBUG2_CAP;
    let parsed = merge(pieces, &shifts, capped, frames);
    match stop {
        // The first piece's cursor numbers lines as this one does.
        Some((offset, index)) if used == 0 => cursor.resume_at(offset, index),
        Some((offset, index)) => {
            cursor.resume_at(bounds[used] + offset, lines_before[used - 1] + index)
        }
        None => cursor.consume_all(),
    }
    #[cfg(test)]
    tests::READ_IN_PIECES.with(|n| n.set(n.get() + 1));
    Some(parsed)
}

/// Up to `pieces - 1` cut offsets in `text`, increasing, each at a goroutine header
/// (`goroutine N [...]:` at a line's start, N > 0) that follows a blank line, the first
/// one past `first_line_end`.
fn cuts(text: &str, pieces: usize, first_line_end: usize) -> impl Iterator<Item = usize> + '_ {
    let finder = memchr::memmem::Finder::new(b"\ngoroutine ");
    let mut from = first_line_end;
    (1..pieces).filter_map(move |k| {
        let target = (text.len() / pieces * k).max(from);
        let limit = (text.len() / pieces * (k + 1)).min(text.len());
        let mut at = target.saturating_sub(1);
        while at < limit {
            let found = at + finder.find(&text.as_bytes()[at..])?;
            let header = found + 1;
            if header >= limit {
                return None;
            }
            if header > from && is_cut(text, header) {
                from = header;
                return Some(header);
            }
            at = header;
        }
        None
    })
}

/// Whether a piece may start at `header`, the start of a line beginning `goroutine `: the
/// line before it is blank and the line is a goroutine's header (not a thread's, id 0).
fn is_cut(text: &str, header: usize) -> bool {
    let before = &text[..header - 1];
    let previous = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    if !previous.trim().is_empty() {
        return false;
    }
    let line = &text[header..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    parse_header(line.trim_end()).is_some_and(|h| h.id != 0)
}

/// For each bound after the first, the line terminators of the cursor's input before it
/// (the pieces' newlines counted at once).
fn lines_before_bounds(cursor: &Cursor<'_>, bounds: &[usize]) -> Vec<usize> {
    let input = cursor.remaining().as_bytes();
    let start = bounds[0];
    std::thread::scope(|scope| {
        let handles: Vec<_> = bounds[1..]
            .windows(2)
            .map(|w| {
                let piece = &input[w[0] - start..w[1] - start];
                scope.spawn(move || count_newlines(piece))
            })
            .collect();
        let mut lines = vec![cursor.lines_before(bounds[1])];
        for handle in handles {
            let count = handle.join().unwrap_or(0);
            lines.push(lines[lines.len() - 1] + count);
        }
        lines
    })
}

/// Reads one piece, `bytes_before` bytes into the dump, with a fresh reader and frame
/// table.
fn read_piece(mut cursor: Cursor<'_>, bytes_before: usize) -> Option<Piece<'_>> {
    let mut frames = FrameTable::default();
    let (parsed, carry) = traceback::parse_carrying(&mut cursor, &mut frames, bytes_before)?;
    Some(Piece {
        parsed,
        carry,
        frames,
        stop: cursor.stop(),
    })
}

/// Whether the pieces, merged, are what one reader of the whole text reads (see the
/// module's documentation): every piece but the last read to its end.
fn mergeable(pieces: &[Piece<'_>]) -> bool {
    let last = pieces.len() - 1;
    if last == 0 {
        // The first piece alone: the whole reader's, with a cursor that ends early.
        return true;
    }
    let fresh_end =
        |p: &Piece<'_>| !p.carry.gccgo && !p.carry.headerless_frames && !p.carry.block_indent;
    let fresh_start = |p: &Piece<'_>| {
        let crash = &p.parsed.profile.crash;
        crash.panics.is_empty()
            && crash.fatal_errors.is_empty()
            && crash.signals.is_empty()
            && !p.carry.labels_failed
    };
    let offsets_seen = pieces[..last].iter().any(|p| p.carry.saw_offset);
    let ok = pieces[..last]
        .iter()
        .all(|p| p.stop.is_none() && fresh_end(p) && !p.parsed.profile.truncated)
        && pieces[1..].iter().all(fresh_start)
        // The end of the input is judged with what the whole dump showed.
        && (pieces[last].carry.saw_offset || !offsets_seen);
    ok && distinct_ids(pieces)
}

/// Whether no goroutine id appears twice across the pieces (the whole reader would start
/// a second dump at the second one). Each piece's reader kept the ids it read, and saw none
/// twice: a piece's ids are looked up in the sets of the pieces before it.
fn distinct_ids(pieces: &[Piece<'_>]) -> bool {
    pieces.iter().enumerate().skip(1).all(|(k, p)| {
        let profile = &p.parsed.profile;
        profile.goroutines.iter().chain(&profile.partial).all(|g| {
            pieces[..k]
                .iter()
                .all(|before| !before.carry.seen.contains(&g.id))
        })
    })
}

/// The pieces as one dump: ids renumbered into `frames` and one set of tables, in piece
/// order; `shifts[k]`: where piece `k`'s reader counted its spans from; `capped`: the dump
/// is exactly the runtime's cap for debug=2 output.
fn merge(
    pieces: Vec<Piece<'_>>,
    shifts: &[usize],
    capped: bool,
    frames: &mut FrameTable,
) -> Parsed {
    let first = &pieces[0].parsed.profile;
    let mut out = GoroutineProfile::new(first.format, first.lines.0);
    out.name = first.name.clone();
    out.header_total = first.header_total;
    let total: usize = pieces
        .iter()
        .map(|p| p.parsed.profile.goroutines.len())
        .sum();
    let mut tables = Tables::default();
    let last = pieces.len() - 1;
    let mut trailing = Vec::new();
    for (k, piece) in pieces.into_iter().enumerate() {
        let frame_ids: Vec<FrameId> = piece
            .frames
            .frames()
            .iter()
            .map(|f| frames.intern_frame(f))
            .collect();
        let ids = tables.add(&mut out, piece.parsed.profile, &piece.carry, &frame_ids);
        let p = ids.profile;
        let renumber = Renumber {
            frames: &frame_ids,
            stacks: &ids.stacks,
            states: &ids.states,
            labels: &ids.labels,
            shift: shifts[k] as u32,
            goroutines_before: out.goroutines.len() as u32,
        };
        if k == 0 && renumber.is_identity() {
            // The first piece's numbers are already the merged dump's: its goroutines are
            // kept where they are rather than copied one by one (on the 100k-goroutine
            // dump, 3 M fewer instructions on the thread that waits for the others).
            out.goroutines = p.goroutines;
            out.goroutines.reserve(total - out.goroutines.len());
        } else {
            out.goroutines.reserve(total - out.goroutines.len());
            out.goroutines
                .extend(p.goroutines.into_iter().map(|g| renumber.goroutine(g)));
        }
        out.partial
            .extend(p.partial.into_iter().map(|g| renumber.goroutine(g)));
        out.ancestors.extend(p.ancestors.into_iter().map(|mut a| {
            a.goroutine += renumber.goroutines_before;
            a.stack = renumber.stacks[a.stack as usize];
            a.created_by = a.created_by.map(|c| renumber.created_by(c));
            a
        }));
        out.thread_stacks
            .extend(p.thread_stacks.into_iter().map(|mut t| {
                t.stack = renumber.stacks[t.stack as usize];
                t.created_by = t.created_by.map(|c| renumber.created_by(c));
                t
            }));
        let crash = p.crash;
        let facts = &mut out.crash;
        facts.panics.extend(crash.panics);
        facts.fatal_errors.extend(crash.fatal_errors);
        facts.signals.extend(crash.signals);
        facts.signal_contexts.extend(crash.signal_contexts);
        facts.runtime_messages.extend(crash.runtime_messages);
        facts.register_lines += crash.register_lines;
        facts.memory_lines += crash.memory_lines;
        facts.separators += crash.separators;
        facts.exit_status = crash.exit_status.or(facts.exit_status);
        if p.format == GoroutineFormat::Traceback {
            out.format = GoroutineFormat::Traceback;
        }
        out.truncated = p.truncated;
        out.lines.1 = p.lines.1;
        let mut diagnostics = p.diagnostics;
        if p.truncated && k > 0 {
            // Its last diagnostic says so, counting the goroutines of this piece alone.
            if let (Some(d), Some(g)) = (diagnostics.last_mut(), out.partial.last()) {
                d.message = traceback::cut_off_message(g, out.goroutines.len(), capped);
            }
        }
        out.diagnostics.extend(diagnostics);
        // Lines after a piece's last goroutine: the next piece's first header takes them
        // into the dump, as it would have in one reader; after the last they trail it.
        if k < last {
            out.diagnostics.extend(piece.parsed.trailing);
        } else {
            trailing = piece.parsed.trailing;
        }
    }
    Parsed {
        profile: out,
        trailing,
    }
}

/// The merged dump's states, label sets and stacks, each found by what it holds.
#[derive(Default)]
struct Tables {
    states: FxHashMap<String, StateId>,
    labels: FxHashMap<String, LabelSetId>,
}

/// A piece's own ids → the merged dump's, with what is left of its profile.
struct PieceIds {
    profile: GoroutineProfile,
    stacks: Vec<StackId>,
    states: Vec<StateId>,
    labels: Vec<LabelSetId>,
}

impl Tables {
    /// Adds a piece's stacks, states and label sets to `out` (the new ones, in the piece's
    /// order) and returns their ids there.
    fn add(
        &mut self,
        out: &mut GoroutineProfile,
        mut profile: GoroutineProfile,
        carry: &Carry<'_>,
        frame_ids: &[FrameId],
    ) -> PieceIds {
        let mut entries = Vec::new();
        let stacks = (0..profile.stacks.len() as StackId)
            .map(|id| {
                entries.clear();
                entries.extend(profile.stacks.get(id).iter().map(|&e| match e {
                    StackEntry::Call {
                        frame,
                        offset,
                        inlined,
                    } => StackEntry::Call {
                        frame: frame_ids[frame as usize],
                        offset,
                        inlined,
                    },
                    elided @ StackEntry::Elided { .. } => elided,
                }));
                out.stacks.intern(&entries)
            })
            .collect();
        let states = std::mem::take(&mut profile.states)
            .into_iter()
            .map(|state| {
                *self.states.entry(state).or_insert_with_key(|state| {
                    out.states.push(state.clone());
                    out.states.len() as StateId - 1
                })
            })
            .collect();
        let labels = std::mem::take(&mut profile.label_sets)
            .into_iter()
            .zip(&carry.label_texts)
            .map(|(set, &text)| {
                *self.labels.entry(text.to_owned()).or_insert_with(|| {
                    out.label_sets.push(set);
                    out.label_sets.len() as LabelSetId - 1
                })
            })
            .collect();
        PieceIds {
            profile,
            stacks,
            states,
            labels,
        }
    }
}

/// A piece's goroutine renumbered into the merged dump.
struct Renumber<'m> {
    frames: &'m [FrameId],
    stacks: &'m [StackId],
    states: &'m [StateId],
    labels: &'m [LabelSetId],
    /// Where the piece's reader counted its spans from, in the input.
    shift: u32,
    /// Goroutines of the pieces before (ancestor sections name theirs by index).
    goroutines_before: u32,
}

impl Renumber<'_> {
    /// Whether [`Renumber::goroutine`] changes nothing: every id maps to itself and spans
    /// are not shifted (the first piece, read into empty tables).
    fn is_identity(&self) -> bool {
        fn same<T: Copy + TryInto<usize>>(ids: &[T]) -> bool {
            ids.iter()
                .enumerate()
                .all(|(i, &id)| id.try_into().is_ok_and(|id| id == i))
        }
        self.shift == 0
            && same(self.frames)
            && same(self.stacks)
            && same(self.states)
            && same(self.labels)
    }

    fn goroutine(&self, mut g: Goroutine) -> Goroutine {
        g.state = self.states[g.state as usize];
        g.labels = g.labels.map(|l| self.labels[l as usize]);
        g.stack = self.stacks[g.stack as usize];
        // Wrapping, as the one reader's `as u32` of an offset past 4 GiB.
        g.span.0 = g.span.0.wrapping_add(self.shift);
        g.created_by = g.created_by.map(|c| self.created_by(c));
        g
    }

    fn created_by(&self, c: CreatedBy) -> CreatedBy {
        CreatedBy {
            frame: self.frames[c.frame as usize],
            parent: c.parent,
        }
    }
}

#[cfg(test)]
mod tests;
