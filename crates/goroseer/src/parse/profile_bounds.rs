//! The legacy `--- Memory map: ---` section some debug=1 profiles (heap, contention)
//! carry.

use crate::model::Diagnostic;

use super::{starts_dump, Cursor};

/// True for the line opening a legacy memory-map section (google/pprof
/// `memoryMapTriggers`).
pub fn is_memory_map_start(text: &str) -> bool {
    text.contains("--- Memory map: ---") || text.contains("MAPPED_LIBRARIES:")
}

/// Consumes a memory-map section (its opening line is next): the mapping lines up to a
/// blank line, the end of input or the start of another dump. The section only locates
/// binaries for symbolization, which a text dump cannot use, so it is skipped on
/// purpose; lines in it that do not look like mappings are reported.
pub fn skip_memory_map(cursor: &mut Cursor<'_>, diagnostics: &mut Vec<Diagnostic>) {
    cursor.next();
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() || starts_dump(text) {
            break;
        }
        cursor.next();
        if !looks_like_mapping(text) {
            diagnostics.push(Diagnostic {
                line: line.number,
                message: "not a memory mapping line".to_owned(),
            });
        }
    }
}

/// `00400000-00fcb000: name` or a /proc/self/maps line: starts with `hex-hex`.
fn looks_like_mapping(text: &str) -> bool {
    let range = text.split_whitespace().next().unwrap_or("");
    let range = range.trim_end_matches(':');
    match range.split_once('-') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_hexdigit())
                && b.bytes().all(|c| c.is_ascii_hexdigit())
        }
        None => text.contains('='),
    }
}
