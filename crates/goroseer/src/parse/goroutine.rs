//! Goroutine dumps: debug=1 profiles, debug=2 dumps and crash tracebacks.
//!
//! The grammar lives in [`super::debug1`] and [`super::traceback`] (with [`super::header`],
//! [`super::frame`], [`super::labels`] and [`super::crash`] for the line forms); this is the
//! entry the document dispatcher calls.

use super::traceback::Parsed;
use super::{debug1, traceback, Cursor};
use crate::model::FrameTable;

/// Parses a goroutine dump when the cursor is at its first line; returns `None`
/// (consuming nothing) otherwise.
pub fn try_parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
    debug1::parse(cursor, frames).or_else(|| traceback::parse(cursor, frames))
}
