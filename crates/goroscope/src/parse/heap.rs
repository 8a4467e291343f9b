//! Heap/allocs, block/mutex and threadcreate debug=1 text profiles.

use super::Cursor;
use crate::model::{FrameTable, Profile};

/// Parses a heap, contention or threadcreate profile when the cursor is at its header line;
/// returns `None` (consuming nothing) otherwise.
pub fn try_parse(_cursor: &mut Cursor<'_>, _frames: &mut FrameTable) -> Option<Profile> {
    None
}
