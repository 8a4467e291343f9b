//! A goroutine dump read while its file is still arriving: the page gunzips a dropped file
//! on another thread and writes its bytes into one buffer; after each stretch it asks
//! [`ReadAhead::read`] to read the goroutines complete so far, as a piece of the dump
//! ([`super::pieces`]). When the last byte is in, the rest is read as one more piece and the
//! pieces are merged ([`ReadAhead::finish`]): the document is exactly the one-reader
//! parse's, and most of the reading was done while the file was still being gunzipped.
//!
//! The pieces are only used when the whole parse reads the same text they were read from:
//! a plain debug=2 dump or crash at the file's first byte (no byte-order mark, log prefix, colours,
//! web escapes or other input cleanup changed it) — otherwise they are dropped and the
//! text is read as always. A cut the merge cannot take ([`super::pieces`]) also falls back.

use super::pieces::{assemble, is_cut, read_piece, Ids, Piece};
use super::traceback::starts_traceback;
use super::traceback::Parsed;
use super::Cursor;
use crate::input::encoding::validate_utf8;
use crate::model::FrameTable;
use rustc_hash::FxHashSet;

/// Bytes read at least between two cuts: a piece costs its merge (its frames, stacks and
/// states looked up in the merged tables), so pieces are large.
const MIN_PIECE: usize = 2 << 20;

/// A file's bytes as they arrive, its first goroutine dump read in pieces meanwhile
/// ([`ArrivingFile::read_ahead`]); [`crate::Workspace::add_arriving_file`] adds it.
#[derive(Default)]
pub struct ArrivingFile {
    bytes: Vec<u8>,
    ahead: ReadAhead,
}

impl ArrivingFile {
    /// An empty file with room for `capacity` bytes (the expected size: a hint, not
    /// reserved when memory is short).
    pub fn with_capacity(capacity: usize) -> ArrivingFile {
        let mut bytes = Vec::new();
        let _ = bytes.try_reserve_exact(capacity);
        ArrivingFile {
            bytes,
            ahead: ReadAhead::default(),
        }
    }

    /// [`ArrivingFile::with_capacity`] cutting pieces of `min_piece` bytes or more.
    #[cfg(test)]
    fn with_min_piece(min_piece: usize) -> ArrivingFile {
        ArrivingFile {
            bytes: Vec::new(),
            ahead: ReadAhead {
                min_piece,
                ..ReadAhead::default()
            },
        }
    }

    /// Room for the next `n` bytes at the end, for the caller to write them.
    pub fn grow(&mut self, n: usize) -> &mut [u8] {
        let at = self.bytes.len();
        self.bytes.resize(at + n, 0);
        &mut self.bytes[at..]
    }

    /// Reads the goroutines complete so far that no piece holds yet, when there are
    /// enough of them (a few MB) and the file starts with a plain goroutine dump.
    pub fn read_ahead(&mut self) {
        self.ahead.read(&self.bytes);
    }

    /// Bytes read ahead so far: from the file's start to the end of its last piece (0 when
    /// the file does not start with a plain dump).
    pub fn read_ahead_bytes(&self) -> usize {
        self.ahead.bounds.last().copied().unwrap_or(0)
    }

    /// The bytes arrived.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes and what was read of them.
    pub(crate) fn into_parts(self) -> (Vec<u8>, ReadAhead) {
        (self.bytes, self.ahead)
    }
}

/// The pieces of a dump read so far from the start of a file's bytes.
pub(crate) struct ReadAhead {
    /// Bytes at least between two cuts ([`MIN_PIECE`]; the tests cut smaller pieces).
    min_piece: usize,
    pieces: Vec<Piece>,
    /// Where each piece starts, then where the last one ends.
    bounds: Vec<usize>,
    /// Line terminators before each bound after the first.
    lines_before: Vec<usize>,
    /// The goroutine ids of the pieces: each piece's are checked against the ones before
    /// as it is read (the merge needs them distinct), not all at the end.
    ids: FxHashSet<u64>,
    /// Nothing more is read ahead: the file is not a plain dump (no piece is kept), or a
    /// piece ended the dump (another starts in it: the pieces before and it are kept).
    done: bool,
}

impl Default for ReadAhead {
    fn default() -> Self {
        ReadAhead {
            min_piece: MIN_PIECE,
            pieces: Vec::new(),
            bounds: Vec::new(),
            lines_before: Vec::new(),
            ids: FxHashSet::default(),
            done: false,
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Dumps this thread read from pieces read ahead.
    static READ_AHEAD: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl ReadAhead {
    /// Reads the goroutines complete in `bytes` — the file's bytes from its first, as far
    /// as they have arrived: each call passes what the last one did and more — that no
    /// piece holds yet, when they are worth a piece.
    fn read(&mut self, bytes: &[u8]) {
        if self.done {
            return;
        }
        let from = self.bounds.last().copied().unwrap_or(0);
        if bytes.len() < from + 2 * self.min_piece {
            return;
        }
        if from == 0 && !starts_plain_dump(bytes) {
            self.stop_reading(true);
            return;
        }
        let Some((cut, text)) = last_cut(bytes, from, self.min_piece) else {
            return;
        };
        // A fresh reader over the piece: lines numbered from the input's, spans counted
        // from the piece's start (the first piece's: the input's, as the whole reader).
        let lines = self.lines_before.last().copied().unwrap_or(0);
        let cursor = Cursor::with_numbers(&text[..cut - from], &[]).numbered_from(lines + 1);
        let Some(mut piece) = read_piece(cursor, from) else {
            self.stop_reading(true);
            return;
        };
        if !piece.ids_new_to(&mut self.ids) {
            // A goroutine seen before: the whole reader starts a second dump there.
            self.stop_reading(true);
            return;
        }
        let stopped = piece.ends_dump();
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        self.bounds.push(cut);
        self.lines_before.push(lines + piece.lines());
        self.pieces.push(piece);
        if stopped {
            self.stop_reading(false);
        }
    }

    /// Reads no more ahead; `drop_pieces`: and uses none of what was read.
    fn stop_reading(&mut self, drop_pieces: bool) {
        if drop_pieces {
            *self = ReadAhead::default();
        }
        self.done = true;
    }

    /// The dump at the cursor read from the pieces and what follows them, the cursor then
    /// past it; `None` (nothing consumed) when there are no pieces, or the cursor's text
    /// is not the one they were read from, or they cannot be merged.
    ///
    /// The caller guarantees the cursor is at the first line of the same bytes the pieces
    /// were read from (the file's text as is: [`super::parse_arriving`]).
    pub(crate) fn finish(self, cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
        if self.pieces.is_empty() || cursor.offset() != 0 {
            return None;
        }
        let text = cursor.remaining();
        let ReadAhead {
            mut pieces,
            mut bounds,
            mut lines_before,
            mut ids,
            done,
            ..
        } = self;
        let end = *bounds.last()?;
        if end >= text.len() || !text.is_char_boundary(end) {
            return None;
        }
        if !done {
            // The rest, as the last piece.
            let lines = lines_before.last().copied().unwrap_or(0);
            let mut rest = read_piece(cursor.piece(end, text.len(), lines), end)?;
            if !rest.ids_new_to(&mut ids) {
                return None;
            }
            lines_before.push(lines + rest.lines());
            pieces.push(rest);
            bounds.push(text.len());
        }
        let parsed = assemble(
            cursor,
            &bounds,
            &lines_before,
            pieces,
            frames,
            Ids::Distinct,
        );
        #[cfg(test)]
        READ_AHEAD.with(|n| n.set(n.get() + usize::from(parsed.is_some())));
        parsed
    }
}

/// Whether `bytes` start with the first line of a debug=2 dump or a crash (a goroutine
/// header as `/debug/pprof/goroutine?debug=2` writes, `panic:`, `SIGQUIT: quit`…), that
/// line complete: the only start pieces are read ahead for.
fn starts_plain_dump(bytes: &[u8]) -> bool {
    let Some(end) = memchr::memchr(b'\n', bytes) else {
        return false;
    };
    let Ok(line) = std::str::from_utf8(&bytes[..end]) else {
        return false;
    };
    let line = line.trim_end();
    !line.is_empty() && starts_traceback(line)
}

/// The last place in `bytes` after `from + min_piece` where a piece may start
/// ([`is_cut`]: a goroutine header after a blank line, its whole line arrived), and the
/// text from `from` through that header line (valid UTF-8); `None` when there is none
/// yet or the bytes are not UTF-8 (the whole parse decodes them then: a fallback).
fn last_cut(bytes: &[u8], from: usize, min_piece: usize) -> Option<(usize, &str)> {
    let finder = memchr::memmem::FinderRev::new(b"\ngoroutine ");
    let floor = from + min_piece;
    let mut until = bytes.len();
    while until > floor {
        let found = finder.rfind(&bytes[floor..until])? + floor;
        let header = found + 1;
        until = found;
        let Some(line_end) = memchr::memchr(b'\n', &bytes[header..]).map(|i| header + i) else {
            continue;
        };
        let text = validate_utf8(&bytes[from..line_end])?;
        if is_cut(text, header - from) {
            return Some((header, text));
        }
    }
    None
}

#[cfg(test)]
mod tests;
