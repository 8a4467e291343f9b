//! A goroutine dump read in pieces, each by a fresh [`traceback`] reader from a goroutine
//! header that follows a blank line, then merged so that the result is exactly the
//! one-reader parse's: frames, stacks, states and label sets numbered in the order the
//! whole text first shows them, goroutines in input order, the same diagnostics with the
//! same line numbers. The CLI reads the pieces on every core ([`super::parallel`]); the
//! page reads them while the rest of the file is still arriving ([`super::ahead`]).
//!
//! A cut is only taken when the reader of the whole text would have been in a fresh
//! reader's state there: after a cut no panic, fatal error or signal (the whole reader
//! could end the dump there), no goroutine id seen before (a second dump begins), no label
//! set it could not read (reported once per text); before a cut no gccgo names, Windows
//! exception or log-record indent still in force. Otherwise the dump is read by one
//! reader, as always. A dump that ends inside a piece (another dump starts) ends there,
//! and reading goes on from that line.

use rustc_hash::{FxHashMap, FxHashSet};

use super::header::parse_header;
use super::traceback::{self, Carry, Parsed, RUNTIME_DEBUG2_CAP};
use super::Cursor;
use crate::model::goroutine::{
    Goroutine, GoroutineFormat, GoroutineProfile, LabelSetId, StackEntry, StackId, StateId,
};
use crate::model::{CreatedBy, FrameId, FrameTable};

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
thread_local! {
    /// Dumps this thread read in pieces (the tests check the pieces were taken).
    pub(crate) static READ_IN_PIECES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One piece read on its own.
pub(crate) struct Piece {
    parsed: Parsed,
    carry: Carry,
    frames: FrameTable,
    /// Where the reader stopped, when another dump starts inside the piece: the byte offset
    /// in the piece's input and the line's index in the piece ([`Cursor::stop`]).
    stop: Option<(usize, usize)>,
    /// Lines the reader read (when it read the piece to its end: all of them).
    lines: usize,
}

impl Piece {
    /// Whether another dump starts inside the piece (the dump ends there).
    pub(crate) fn ends_dump(&self) -> bool {
        self.stop.is_some()
    }

    /// Lines of the piece, when it was read to its end ([`Piece::ends_dump`] is false).
    pub(crate) fn lines(&self) -> usize {
        self.lines
    }

    /// Whether none of the piece's goroutine ids is in `before` (the ids of the pieces
    /// before it); then adds them: [`distinct_ids`], a piece at a time.
    pub(crate) fn ids_new_to(&mut self, before: &mut FxHashSet<u64>) -> bool {
        let profile = &self.parsed.profile;
        let new = profile
            .goroutines
            .iter()
            .chain(&profile.partial)
            .all(|g| !before.contains(&g.id));
        before.extend(self.carry.seen.drain());
        new
    }
}

/// Whether [`assemble`] still has to check that no goroutine id is in two pieces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ids {
    /// Look them up ([`distinct_ids`]).
    Check,
    /// The caller checked them as the pieces were read ([`Piece::ids_new_to`]).
    Distinct,
}

/// The pieces read from `bounds` (piece `k` from `bounds[k]` to `bounds[k + 1]`, the first
/// at the cursor's next line) as one dump, the cursor then past what it took; `None`
/// (nothing consumed) when a cut changed what the pieces read ([`mergeable`]).
/// `lines_before[k]`: the input's line terminators before piece `k + 1`.
pub(crate) fn assemble(
    cursor: &mut Cursor<'_>,
    bounds: &[usize],
    lines_before: &[usize],
    mut pieces: Vec<Piece>,
    frames: &mut FrameTable,
    ids: Ids,
) -> Option<Parsed> {
    let start = bounds[0];
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
    if !mergeable(&pieces) || (ids == Ids::Check && !distinct_ids(&pieces)) {
        return None;
    }
    // Spans count from the reader's input: the whole input for the first piece (read by a
    // cursor that only ends early), the piece itself for the others.
    let mut shifts = bounds.to_vec();
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
    READ_IN_PIECES.with(|n| n.set(n.get() + 1));
    Some(parsed)
}

/// Whether a piece may start at `header`, the start of a line beginning `goroutine `: the
/// line before it is blank and the line is a goroutine's header (not a thread's, id 0).
pub(crate) fn is_cut(text: &str, header: usize) -> bool {
    let before = &text[..header - 1];
    let previous = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    if !previous.trim().is_empty() {
        return false;
    }
    let line = &text[header..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    parse_header(line.trim_end()).is_some_and(|h| h.id != 0)
}

/// Reads one piece, `bytes_before` bytes into the dump, with a fresh reader and frame
/// table.
pub(crate) fn read_piece(mut cursor: Cursor<'_>, bytes_before: usize) -> Option<Piece> {
    let mut frames = FrameTable::default();
    let (parsed, carry) = traceback::parse_carrying(&mut cursor, &mut frames, bytes_before)?;
    let stop = cursor.stop();
    Some(Piece {
        parsed,
        carry,
        frames,
        stop,
        lines: cursor.lines_read(),
    })
}

/// Whether the pieces, merged, are what one reader of the whole text reads (see the
/// module's documentation): every piece but the last read to its end.
fn mergeable(pieces: &[Piece]) -> bool {
    let last = pieces.len() - 1;
    if last == 0 {
        // The first piece alone: the whole reader's, with a cursor that ends early.
        return true;
    }
    let fresh_end =
        |p: &Piece| !p.carry.gccgo && !p.carry.headerless_frames && !p.carry.block_indent;
    let fresh_start = |p: &Piece| {
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
    ok
}

/// Whether no goroutine id appears twice across the pieces (the whole reader would start
/// a second dump at the second one). Each piece's reader kept the ids it read, and saw none
/// twice: a piece's ids are looked up in the sets of the pieces before it.
fn distinct_ids(pieces: &[Piece]) -> bool {
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
fn merge(pieces: Vec<Piece>, shifts: &[usize], capped: bool, frames: &mut FrameTable) -> Parsed {
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
        carry: &Carry,
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
            .map(|(set, text)| {
                *self.labels.entry(String::from(&**text)).or_insert_with(|| {
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
