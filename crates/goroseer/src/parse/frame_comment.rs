//! The lines that follow a debug=1 profile record: `@ 0x… 0x…` address lists, `#` frame
//! lines and `# labels: {…}`.
//!
//! The runtime prints frames with `#\t%#x\t%s+%#x\t%s:%d` through a `text/tabwriter`
//! (runtime/pprof `printStackRecord`), so fields are separated by runs of tabs; older
//! tools padded with spaces, so both are accepted. A PC without a symbol prints as a
//! bare `#\t0x…`.

use std::collections::HashMap;

use crate::model::{Diagnostic, FrameId, FrameTable};

use super::labels::parse_braced;
use super::Cursor;

/// One `#` line after a record, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentLine<'a> {
    /// `#\t0xPC\tfunction+0xOFF\tfile:line`.
    Frame {
        /// Program counter as printed (return address − 1 in Go's output).
        pc: u64,
        /// Fully qualified function name.
        function: &'a str,
        /// Offset from the function entry, when printed.
        offset: Option<u64>,
        /// Source file.
        file: &'a str,
        /// Source line.
        line: u32,
    },
    /// `#\t0xPC` with no symbol.
    BarePc(u64),
    /// `# labels: {…}`: the text from `{` on.
    Labels(&'a str),
}

/// Decodes a `#` line; `Err` says what was wrong.
pub fn parse_comment(text: &str) -> Result<CommentLine<'_>, &'static str> {
    // A web page may eat the `#` (Markdown reads `#` as a heading): a frame line then
    // starts with its address.
    let body = match text.strip_prefix('#') {
        Some(body) => body.trim_start(),
        None if text.starts_with("0x") => text,
        None => return Err("expected a `#` line"),
    };
    if let Some(labels) = body.strip_prefix("labels:") {
        return Ok(CommentLine::Labels(labels.trim()));
    }
    let body = body.trim_end();
    let (pc_text, rest) = match body.find([' ', '\t']) {
        Some(i) => (&body[..i], body[i..].trim_start()),
        None => (body, ""),
    };
    let pc = parse_hex(pc_text).ok_or("frame line does not start with a 0x address")?;
    if rest.is_empty() {
        return Ok(CommentLine::BarePc(pc));
    }
    // Tabs separate the function from the file; without tabs the first space does
    // (a file path may contain spaces, a Go function name does not).
    let (func_text, location) = match rest.find('\t').or_else(|| rest.find(' ')) {
        Some(i) => (&rest[..i], rest[i..].trim_start()),
        None => return Err("frame line has no file:line"),
    };
    let (function, offset) = match func_text.rsplit_once("+0x") {
        Some((name, off)) => (
            name,
            Some(u64::from_str_radix(off, 16).map_err(|_| "bad +0x offset")?),
        ),
        None => (func_text, None),
    };
    let (file, line) = location
        .rsplit_once(':')
        .ok_or("frame line has no file:line")?;
    let line = line.parse().map_err(|_| "bad line number in file:line")?;
    Ok(CommentLine::Frame {
        pc,
        function,
        offset,
        file,
        line,
    })
}

/// Parses `0x1f` (lower or upper case hex digits).
pub fn parse_hex(text: &str) -> Option<u64> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))?;
    u64::from_str_radix(digits, 16).ok()
}

/// Parses the whitespace-separated `0x…` addresses after a record's `@`.
pub fn parse_addresses(text: &str) -> Result<Vec<u64>, String> {
    text.split_ascii_whitespace()
        .map(|a| parse_hex(a).ok_or_else(|| format!("`{a}` is not a 0x address")))
        .collect()
}

/// Interns frames of one profile, remembering the text it already saw so that repeated
/// frames (most of them, in a large profile) cost one hash lookup and no allocation.
#[derive(Debug, Default)]
pub struct FrameCache<'a> {
    seen: HashMap<(&'a str, &'a str, u32), FrameId>,
}

impl<'a> FrameCache<'a> {
    /// The id of `function` at `file:line`, interned in `table` when first seen.
    pub fn intern(
        &mut self,
        table: &mut FrameTable,
        function: &'a str,
        file: &'a str,
        line: u32,
    ) -> FrameId {
        *self
            .seen
            .entry((function, file, line))
            .or_insert_with(|| table.intern(function, file, line))
    }

    /// A frame named by its address, for records the dump did not symbolize.
    pub fn intern_address(&mut self, table: &mut FrameTable, pc: u64) -> FrameId {
        table.intern(&format!("{pc:#x}"), "", 0)
    }
}

/// What the `#` lines after one record said.
#[derive(Debug, Default)]
pub struct RecordComments {
    /// Frames, leaf first.
    pub frames: Vec<FrameId>,
    /// Labels of `# labels:`.
    pub labels: Vec<(String, String)>,
    /// Whether any `#` frame line (symbolized or bare) was seen.
    pub symbolized: bool,
}

/// True for the line that opens the MemStats trailer; it ends a record's comments.
pub fn is_memstats_header(text: &str) -> bool {
    text.trim() == "# runtime.MemStats"
}

/// Consumes the `#` lines that follow a record (stopping at the first other line or at
/// `# runtime.MemStats`). Zero bare PCs (threadcreate padding) give no frame.
pub fn read_record_comments<'a>(
    cursor: &mut Cursor<'a>,
    table: &mut FrameTable,
    cache: &mut FrameCache<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> RecordComments {
    let mut out = RecordComments::default();
    while let Some(line) = cursor.peek() {
        let text = line.text.trim_start();
        if !text.starts_with('#') || is_memstats_header(text) {
            break;
        }
        cursor.next();
        match parse_comment(text) {
            Ok(CommentLine::Frame {
                function,
                file,
                line: l,
                ..
            }) => {
                out.symbolized = true;
                out.frames.push(cache.intern(table, function, file, l));
            }
            Ok(CommentLine::BarePc(pc)) => {
                out.symbolized = true;
                if pc != 0 {
                    out.frames.push(cache.intern_address(table, pc));
                }
            }
            Ok(CommentLine::Labels(text)) => match parse_braced(text) {
                Some(labels) => out.labels = labels,
                None => diagnostics.push(Diagnostic {
                    line: line.number,
                    message: "labels are not of the form {\"key\":\"value\", …}".to_owned(),
                }),
            },
            Err(message) => diagnostics.push(Diagnostic {
                line: line.number,
                message: message.to_owned(),
            }),
        }
    }
    out
}

impl RecordComments {
    /// The record's stack, leaf first: its `#` frames, or for a record printed without
    /// them, one hex-named frame per non-zero address. Leaves `frames` empty.
    pub fn take_stack(
        &mut self,
        addresses: &[u64],
        table: &mut FrameTable,
        cache: &mut FrameCache<'_>,
    ) -> Vec<FrameId> {
        if self.symbolized {
            std::mem::take(&mut self.frames)
        } else {
            address_frames(addresses, table, cache)
        }
    }
}

/// The diagnostic for a `#` line that belongs to no record.
pub fn stray_comment(line: usize) -> Diagnostic {
    Diagnostic {
        line,
        message: "comment line outside any record".to_owned(),
    }
}

/// Frames for a record without `#` lines: one hex-named frame per non-zero address.
pub fn address_frames(
    addresses: &[u64],
    table: &mut FrameTable,
    cache: &mut FrameCache<'_>,
) -> Vec<FrameId> {
    addresses
        .iter()
        .filter(|a| **a != 0)
        .map(|a| cache.intern_address(table, *a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_line_with_tab_runs() {
        let l = "#\t0x4fc955\tmain.main+0x1f5\t\t\t\t\t\t/app/catalog/cmd/catalog/main.go:48";
        assert_eq!(
            parse_comment(l),
            Ok(CommentLine::Frame {
                pc: 0x4fc955,
                function: "main.main",
                offset: Some(0x1f5),
                file: "/app/catalog/cmd/catalog/main.go",
                line: 48
            })
        );
    }

    #[test]
    fn frame_line_with_spaces_and_spaced_path() {
        let l = "#   0x10  pkg.(*T).M+0x4   /home/a b/x.go:7";
        match parse_comment(l) {
            Ok(CommentLine::Frame { function, file, .. }) => {
                assert_eq!(function, "pkg.(*T).M");
                assert_eq!(file, "/home/a b/x.go");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bare_pc_and_bad_lines() {
        assert_eq!(parse_comment("#\t0x0"), Ok(CommentLine::BarePc(0)));
        // Without the `#` a web page ate.
        assert_eq!(
            parse_comment("0x822124\tnet/http.(*persistConn).writeLoop+0x164\t/x/transport.go:1"),
            parse_comment(
                "#\t0x822124\tnet/http.(*persistConn).writeLoop+0x164\t/x/transport.go:1"
            )
        );
        assert_eq!(
            parse_comment("#\t0x4a5b6c"),
            Ok(CommentLine::BarePc(0x4a5b6c))
        );
        assert_eq!(
            parse_comment("# labels: {\"a\":\"b\"}"),
            Ok(CommentLine::Labels("{\"a\":\"b\"}"))
        );
        assert!(parse_comment("#\tmain.main+0x1\tx.go:1").is_err());
        assert!(parse_comment("#\t0x1\tmain.main+0x1\tx.go:abc").is_err());
    }

    #[test]
    fn addresses() {
        assert_eq!(parse_addresses(" 0x1 0xff "), Ok(vec![1, 255]));
        assert!(parse_addresses("0x1 zz").is_err());
    }
}
