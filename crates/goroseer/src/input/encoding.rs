//! Bytes of a file → text. Dumps are UTF-8, but a dump saved on Windows (PowerShell's `>`,
//! Notepad's "Unicode") arrives as UTF-16 with a byte-order mark: decoded here, so the CLI
//! and the page read it like the original.

/// The text of `bytes`: UTF-16 (little or big endian) when it starts with a byte-order
/// mark, else UTF-8 with invalid sequences replaced by U+FFFD.
pub fn decode(bytes: Vec<u8>) -> String {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    match utf16 {
        Some(unit) => {
            let units = bytes[2..].chunks(2).map(|pair| match *pair {
                [a, b] => unit([a, b]),
                // An odd last byte: the file was cut; the replacement character says so.
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        None => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

/// [`decode`] of borrowed bytes: valid UTF-8 (no byte-order mark of UTF-16) is borrowed
/// as it is, anything else decoded into a new string.
pub fn decode_borrowed(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE] | [0xFE, 0xFF]) => std::borrow::Cow::Owned(decode(bytes.to_vec())),
        // Validated first on its own: `from_utf8_lossy` of valid text is ~5x slower.
        _ => match validate_utf8(bytes) {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => String::from_utf8_lossy(bytes),
        },
    }
}

/// `bytes` as text when they are valid UTF-8, checked with SIMD (the `fast-utf8` feature:
/// the CLI and the page's wasm).
#[cfg(feature = "fast-utf8")]
pub(crate) fn validate_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// `bytes` as text when they are valid UTF-8.
#[cfg(not(feature = "fast-utf8"))]
pub(crate) fn validate_utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_byte_order_marks() {
        let text = "goroutine 1 [running]:\r\nmain.main()\n\t/app/é.go:5 +0x1d\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(le), text);
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be), text);
        assert_eq!(decode(vec![0xFF, 0xFE, b'a', 0, b'b']), "a\u{fffd}");
    }

    #[test]
    fn utf8_stays_and_bad_bytes_are_replaced() {
        assert_eq!(decode(b"main.main()\n".to_vec()), "main.main()\n");
        assert_eq!(decode(vec![b'a', 0xFF, b'b']), "a\u{fffd}b");
    }
}
