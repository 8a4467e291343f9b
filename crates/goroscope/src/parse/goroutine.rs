//! Goroutine dumps: debug=1 profiles, debug=2 dumps and crash tracebacks.

use super::Cursor;
use crate::model::{FrameTable, Profile};

/// Parses a goroutine dump when the cursor is at its first line; returns `None`
/// (consuming nothing) otherwise.
pub fn try_parse(_cursor: &mut Cursor<'_>, _frames: &mut FrameTable) -> Option<Profile> {
    None
}
