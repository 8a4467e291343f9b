//! A large goroutine dump read on every core: cut where a goroutine starts after a blank
//! line, the pieces parsed at once (`std::thread::scope`), then merged ([`super::pieces`]) so
//! that the result is exactly the one-thread parse's. The page's wasm build has no
//! `parallel` feature and never comes here (it reads pieces as a file arrives instead,
//! [`super::ahead`]).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::pieces::{assemble, is_cut, read_piece, Ids, Piece};
use super::traceback::Parsed;
use super::{count_newlines, Cursor, Split};
use crate::model::FrameTable;

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

/// The traceback dump starting at the cursor's next line read in pieces, the cursor then
/// at the end of its input; `None` (nothing consumed) when the text is too small to cut,
/// has no safe cut, or a cut would change the result ([`super::traceback::parse`] reads it then).
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
    let pieces: Vec<Piece> = read.into_iter().collect::<Option<_>>()?;
    assemble(cursor, &bounds, &lines_before, pieces, frames, Ids::Check)
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

#[cfg(test)]
mod tests;
