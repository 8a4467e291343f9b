//! Text or not: what the bytes of a file are, by their content and never by a name.
//!
//! A Go dump is text (UTF-8, or UTF-16 with a byte-order mark); a pprof profile is a
//! protobuf message, usually gzipped. Gzip is undone at the edges (the CLI with flate2, the
//! page's worker with `DecompressionStream`), so bytes that still start with its magic
//! were compressed twice or cut; other binary files are named by their magic so that the
//! user reads one clear message instead of thousands of "lines not understood".

/// What the start of a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Text: read as a dump.
    Text,
    /// Binary without a known magic: perhaps a protobuf profile.
    Binary,
    /// A binary format that is not a profile, by its magic (`gzip`, `zip`, `PNG`, …).
    Other(&'static str),
}

/// Known magics of files people drop by mistake (and gzip, which should be gone by now).
const MAGICS: &[(&[u8], &str)] = &[
    (
        b"\x1f\x8b",
        "gzip data (compressed twice, or cut before its end)",
    ),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an ELF executable"),
    (b"\0asm", "a WebAssembly module"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
];

/// How many leading bytes decide between text and binary.
const SNIFF: usize = 512;

/// Classifies `bytes`: text (a byte-order mark, or no control byte but tab, line feed,
/// carriage return and escape — ANSI colours of a log — in the first 512 bytes), a known non-profile
/// format, or other binary.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Content::Text;
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    // A Go execution trace starts with "go 1.NN trace\0\0\0": text at first sight.
    if bytes.starts_with(b"go 1.") && head.contains(&0) {
        return Content::Other("a Go execution trace (open it with `go tool trace`)");
    }
    if let Some((_, name)) = MAGICS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Content::Other(name);
    }
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x1b);
    if head.iter().any(control) {
        Content::Binary
    } else {
        Content::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_binary_and_magics() {
        assert_eq!(
            sniff(b"goroutine 1 [running]:\n\tmain.main()\n"),
            Content::Text
        );
        assert_eq!(sniff(b""), Content::Text);
        assert_eq!(sniff(&[0xFF, 0xFE, b'g', 0]), Content::Text);
        // A Go profile: field 1 (sample_type), length-delimited.
        assert_eq!(
            sniff(&[0x0a, 0x0c, 0x08, 0x01, 0x10, 0x02]),
            Content::Binary
        );
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Content::Other(MAGICS[0].1));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Content::Other("a PNG image"));
        assert!(matches!(sniff(b"go 1.23 trace\0\0\0"), Content::Other(s) if s.contains("trace")));
        assert_eq!(sniff(b"go 1.23 is a version"), Content::Text);
    }
}
