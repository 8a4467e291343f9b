//! Output captured from a terminal or a CI runner keeps its escape sequences: colours
//! (`ESC[36m`), GitLab's and Buildkite's line erasures (`ESC[0K`), window titles and links
//! (`ESC]…BEL`). A dump never contains ESC, so every such sequence is removed; each input
//! line gives exactly one output line, so diagnostics keep their line numbers.

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// The text without terminal escape sequences, or `None` when it has none (one byte
/// search; a large input in its first part only: captured terminal output is small next to
/// a runtime's 60 MB dump, as a web copy is, [`super::web_copy::searched_part`]).
pub fn strip(input: &str) -> Option<String> {
    let b = input.as_bytes();
    let searched = super::web_copy::searched_part(b);
    let first = memchr::memchr(ESC, searched)?;
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(&b[..first]);
    let mut i = first;
    while i < b.len() {
        if b[i] != ESC {
            // Copy up to the next escape at once.
            let next = memchr::memchr(ESC, &b[i..]).map_or(b.len(), |n| i + n);
            out.extend_from_slice(&b[i..next]);
            i = next;
            continue;
        }
        i += 1;
        match b.get(i) {
            // CSI: parameters and intermediates, then one final byte in 0x40..=0x7E.
            Some(b'[') => {
                i += 1;
                while i < b.len() && (0x20..=0x3f).contains(&b[i]) {
                    i += 1;
                }
                if i < b.len() && (0x40..=0x7e).contains(&b[i]) {
                    i += 1;
                }
            }
            // OSC: up to BEL or ESC \ (never past the line's end).
            Some(b']') => {
                i += 1;
                while i < b.len() && b[i] != BEL && b[i] != ESC && b[i] != b'\n' {
                    i += 1;
                }
                if b.get(i) == Some(&BEL) {
                    i += 1;
                } else if b.get(i) == Some(&ESC) && b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                }
            }
            // nF: intermediates, then a final byte (`ESC(B`, a character set).
            Some(&c) if (0x20..=0x2f).contains(&c) => {
                while i < b.len() && (0x20..=0x2f).contains(&b[i]) {
                    i += 1;
                }
                if i < b.len() && (0x30..=0x7e).contains(&b[i]) {
                    i += 1;
                }
            }
            // A two-byte sequence (`ESC=`, `ESC7`…): the byte after ESC, unless it ends a line.
            Some(&c) if c != b'\n' && c.is_ascii() => i += 1,
            _ => {}
        }
    }
    // Only ASCII bytes were removed around whole sequences: still UTF-8.
    Some(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_are_removed_lines_kept() {
        assert_eq!(strip("goroutine 1 [running]:"), None);
        assert_eq!(
            strip(
                "\u{1b}[0Kgoroutine 1 [running]:\n\u{1b}[36mmain.main()\u{1b}[0m\n\t/a.go:1 +0x1\n"
            )
            .as_deref(),
            Some("goroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n")
        );
        assert_eq!(
            strip("\u{1b}]0;title\u{7}x\n\u{1b}]8;;http://e\u{1b}\\y\u{1b}(Bz é\n").as_deref(),
            Some("x\nyz é\n")
        );
        // Cut sequences never take the line's end.
        assert_eq!(
            strip("a\u{1b}[\nb\u{1b}]\nc\u{1b}").as_deref(),
            Some("a\nb\nc")
        );
    }
}
