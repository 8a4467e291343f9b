//! Double-quoted strings as Go prints them (`%q`, `strconv.Quote`: pprof labels, logfmt
//! values) and as JSON writes them (log shippers' records): one decoder for both, used by
//! the log-line readers here and by the label parser of `parse`.
//!
//! Escapes, as in Go's `strconv.UnquoteChar`:
//!
//! | escape | value |
//! | --- | --- |
//! | `\a` `\b` `\f` `\n` `\r` `\t` `\v` | the control character |
//! | `\\` `\"` `\'` | the character itself (JSON's `\/` too) |
//! | `\xHH`, `\ooo` (three octal digits, at most `\377`) | one byte |
//! | `\uHHHH`, `\UHHHHHHHH` | one code point; JSON's surrogate pairs (`\ud83d\ude00`) too |
//!
//! Bytes are gathered and read as UTF-8, as Go does: `\xc3\xa9` is `é`, and a byte that
//! makes no character (Go quotes invalid UTF-8 that way) becomes U+FFFD.
//!
//! Anything else after a backslash (`\q`, `\x4`, `\400`, a lone surrogate) is kept as
//! written, backslash included, where `strconv.Unquote` would fail: a label or log line
//! with an odd escape is still shown, as it was printed.

/// Decodes a string whose opening quote was already read: `body` goes up to the closing
/// `"` and on. Returns the value and the text after the closing quote, or `None` for the
/// latter when the string does not end (a cut line); the value then holds all of `body`.
pub fn unquote_body(body: &str) -> (String, Option<&str>) {
    let bytes = body.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut at = 0;
    // Runs without escapes are copied whole.
    while let Some(found) = memchr::memchr2(b'"', b'\\', &bytes[at..]) {
        let stop = at + found;
        out.extend_from_slice(&bytes[at..stop]);
        if bytes[stop] == b'"' {
            return (into_string(out), Some(&body[stop + 1..]));
        }
        at = stop + 1 + escape(&bytes[stop + 1..], &mut out);
    }
    out.extend_from_slice(&bytes[at..]);
    (into_string(out), None)
}

/// Decodes the Go double-quoted string at the start of `text` (which starts with `"`):
/// its value and the text after the closing quote; `None` when `text` does not start with
/// a quote or the string does not end.
pub fn unquote(text: &str) -> Option<(String, &str)> {
    let (value, rest) = unquote_body(text.strip_prefix('"')?);
    Some((value, rest?))
}

/// Decodes the escape after a backslash (`after` starts after it) onto `out`; returns how
/// many bytes of `after` it took. An unknown escape takes none and leaves the backslash.
fn escape(after: &[u8], out: &mut Vec<u8>) -> usize {
    let Some(&kind) = after.first() else {
        out.push(b'\\');
        return 0;
    };
    let simple = match kind {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0b),
        b'\\' | b'"' | b'\'' | b'/' => Some(kind),
        _ => None,
    };
    if let Some(byte) = simple {
        out.push(byte);
        return 1;
    }
    let decoded = match kind {
        b'x' => hex(&after[1..], 2).map(|v| (Decoded::Byte(v as u8), 3)),
        b'0'..=b'7' => octal(after).map(|v| (Decoded::Byte(v), 3)),
        b'u' => code_unit(&after[1..]),
        b'U' => hex(&after[1..], 8)
            .and_then(char::from_u32)
            .map(|c| (Decoded::Char(c), 9)),
        _ => None,
    };
    match decoded {
        Some((Decoded::Byte(byte), used)) => {
            out.push(byte);
            used
        }
        Some((Decoded::Char(c), used)) => {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            used
        }
        None => {
            out.push(b'\\');
            0
        }
    }
}

/// What an escape stands for.
enum Decoded {
    /// `\xHH`, `\ooo`: a byte of the UTF-8 text.
    Byte(u8),
    /// `\u`, `\U`: a character.
    Char(char),
}

/// `\uHHHH` after its `u`: a code point, or a JSON surrogate pair `\uD8xx\uDCxx`; with the
/// bytes used after the backslash.
fn code_unit(after_u: &[u8]) -> Option<(Decoded, usize)> {
    let unit = hex(after_u, 4)?;
    if (0xD800..0xDC00).contains(&unit) {
        let low = after_u
            .get(4..6)
            .filter(|b| *b == b"\\u")
            .and_then(|_| hex(&after_u[6..], 4))
            .filter(|low| (0xDC00..0xE000).contains(low))?;
        let pair = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
        return Some((Decoded::Char(pair), 11));
    }
    Some((Decoded::Char(char::from_u32(unit)?), 5))
}

/// `digits` hex digits at the start of `bytes`.
fn hex(bytes: &[u8], digits: usize) -> Option<u32> {
    let text = bytes.get(..digits)?;
    text.iter().try_fold(0u32, |value, &b| {
        let digit = (b as char).to_digit(16)?;
        Some(value << 4 | digit)
    })
}

/// Three octal digits at the start of `bytes`, at most `\377`.
fn octal(bytes: &[u8]) -> Option<u8> {
    let text = bytes.get(..3)?;
    let value = text.iter().try_fold(0u32, |value, &b| match b {
        b'0'..=b'7' => Some(value << 3 | u32::from(b - b'0')),
        _ => None,
    })?;
    u8::try_from(value).ok()
}

fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of a complete quoted string.
    fn value(quoted: &str) -> String {
        let (value, rest) = unquote(quoted).unwrap_or_else(|| panic!("not quoted: {quoted}"));
        assert_eq!(rest, "", "{quoted}");
        value
    }

    #[test]
    fn every_go_escape() {
        for (quoted, expected) in [
            (r#""\a""#, "\u{7}"),
            (r#""\b""#, "\u{8}"),
            (r#""\f""#, "\u{c}"),
            (r#""\n""#, "\n"),
            (r#""\r""#, "\r"),
            (r#""\t""#, "\t"),
            (r#""\v""#, "\u{b}"),
            (r#""\\""#, "\\"),
            (r#""\"""#, "\""),
            (r#""\'""#, "'"),
            (r#""\x41""#, "A"),
            (r#""\x7f""#, "\u{7f}"),
            (r#""\101""#, "A"),
            (r#""\000""#, "\0"),
            (r#""\u00e9""#, "é"),
            (r#""\u65E5""#, "日"),
            (r#""\U0001F600""#, "😀"),
        ] {
            assert_eq!(value(quoted), expected, "{quoted}");
        }
    }

    #[test]
    fn bytes_are_read_as_utf8() {
        assert_eq!(value(r#""\xc3\xa9""#), "é");
        assert_eq!(value(r#""\303\251""#), "é");
        assert_eq!(value(r#""a\xffb""#), "a\u{fffd}b");
    }

    #[test]
    fn json_escapes() {
        assert_eq!(value(r#""\/""#), "/");
        assert_eq!(value(r#""\ud83d\ude00""#), "😀");
    }

    #[test]
    fn unknown_escapes_are_kept_as_written() {
        for quoted in [
            r#""\q""#,
            r#""\x4""#,
            r#""\xzz""#,
            r#""\400""#,
            r#""\0""#,
            r#""\u12""#,
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\U00110000""#,
            r#""\é""#,
        ] {
            assert_eq!(value(quoted), quoted[1..quoted.len() - 1], "{quoted}");
        }
    }

    #[test]
    fn text_around_and_after() {
        assert_eq!(
            unquote(r#""a\x41\u00e9\n" rest"#),
            Some(("aAé\n".to_owned(), " rest"))
        );
        assert_eq!(unquote(r#""" x"#), Some((String::new(), " x")));
        assert_eq!(unquote("no quote"), None);
        assert_eq!(unquote(r#""unterminated"#), None);
        // A cut line keeps what it has, a final backslash too.
        assert_eq!(
            unquote_body(r"cut \t here\"),
            ("cut \t here\\".to_owned(), None)
        );
        assert_eq!(unquote_body(r#"x"y"#), ("x".to_owned(), Some("y")));
    }
}
