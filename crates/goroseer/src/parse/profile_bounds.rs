//! Where a debug=1 profile (heap, contention, threadcreate) ends, and the legacy
//! `--- Memory map: ---` section some of them carry.

use crate::model::Diagnostic;

use super::Cursor;

/// Prefixes of lines that start a dump; a profile being read ends before them. Any other
/// line a profile parser does not understand stays inside the profile as a diagnostic,
/// so one stray line does not cut a profile in two.
const DUMP_STARTS: &[&str] = &[
    "heap profile:",
    "--- contention",
    "--- mutex:",
    "--- threadz",
    "threadcreate profile:",
    "goroutine profile:",
    "goroutine ",
    "panic:",
    "fatal error:",
    "SIGQUIT:",
    "SIGABRT:",
    "SIGSEGV:",
    "runtime: ",
    "unexpected fault address",
];

/// True when `text` (already trimmed) starts another dump.
pub fn starts_other_dump(text: &str) -> bool {
    DUMP_STARTS.iter().any(|p| text.starts_with(p))
}

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
        if text.is_empty() || starts_other_dump(text) {
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
