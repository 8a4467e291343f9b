//! A dump that arrives as one escaped string on one line: a structured log's field copied
//! out of a log viewer's JSON view (`"stack": "goroutine 7 [running]:\nmain.f()\n\t/a.go:1
//! +0x1\n",`), a logger that quoted a panic with `%q`. A line holding a dump's escaped line
//! breaks (`\n\t` before a location, `\ngoroutine `) is expanded into the lines it stands
//! for: the text before the string's opening quote and after its closing one each stay a
//! line of their own. Every expanded line keeps its input line number. Log records whose
//! carrier is known (JSON lines, logfmt) are unwrapped before, by [`super::prefix`].

use super::go_string::unquote_body;
use memchr::memmem;

/// Escaped line breaks only a dump's text holds: before a location line, before a header.
const MARKS: [&[u8]; 2] = [b"\\n\\t", b"\\ngoroutine "];

/// The text with its escaped dump lines expanded, and for each of its lines the 1-based
/// input line it came from.
#[derive(Debug)]
pub struct Expanded {
    /// The text.
    pub text: String,
    /// Input line of each line of `text`.
    pub numbers: Vec<u32>,
}

/// The input with every line that holds an escaped dump expanded, or `None` when no line
/// does (one search over at most the part [`super::web_copy::searched_part`] takes).
pub fn expand(input: &str) -> Option<Expanded> {
    let searched = super::web_copy::searched_part(input.as_bytes());
    // A dump's own text holds no backslash: only those are looked at.
    let marked = memchr::memchr_iter(b'\\', searched)
        .any(|at| MARKS.iter().any(|m| searched[at..].starts_with(m)));
    if !marked {
        return None;
    }
    let mut text = String::with_capacity(input.len() + input.len() / 8);
    let mut numbers = Vec::new();
    let mut expanded_any = false;
    for (i, raw) in input.split('\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match expand_line(line) {
            Some(lines) => {
                expanded_any = true;
                let count = lines.bytes().filter(|&b| b == b'\n').count() + 1;
                text.push_str(&lines);
                numbers.extend(std::iter::repeat_n(i as u32 + 1, count));
            }
            None => {
                text.push_str(line);
                numbers.push(i as u32 + 1);
            }
        }
    }
    expanded_any.then_some(Expanded { text, numbers })
}

/// The lines one input line stands for, or `None` when it holds no escaped dump.
fn expand_line(line: &str) -> Option<String> {
    let at = MARKS
        .iter()
        .filter_map(|m| memmem::find(line.as_bytes(), m))
        .min()?;
    // The quoted string the escapes are in, when its opening quote comes before them.
    let bytes = line.as_bytes();
    let open = (0..at)
        .rev()
        .find(|&q| bytes[q] == b'"' && (q == 0 || bytes[q - 1] != b'\\'));
    let (head, value, tail) = match open {
        Some(q) => {
            let (value, rest) = unquote_body(&line[q + 1..]);
            (&line[..q], value, rest.unwrap_or(""))
        }
        // Not quoted (a logger's `%q` without its quotes kept, a pasted value): every
        // escape of the line is undone.
        None => ("", unquote_body(&line.replace('"', "\\\"")).0, ""),
    };
    // The string's lines end with a blank line: what follows it is not part of its dump.
    let mut out = String::with_capacity(line.len());
    if !head.trim().is_empty() {
        out.push_str(head.trim());
        out.push('\n');
    }
    out.push_str(value.trim_end_matches('\n'));
    out.push('\n');
    if !tail.trim().is_empty() {
        out.push('\n');
        out.push_str(tail.trim());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_dumps_are_expanded_with_their_line_numbers() {
        assert!(expand("goroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n").is_none());
        // A Windows path's `\n` is no escaped dump.
        assert!(expand(r"C:\Users\me\go\src\net\http").is_none());
        let e = expand(
            "first\n  \"stack\": \"goroutine 7 [running]:\\nmain.f(\\\"x\\\")\\n\\t/a.go:1 +0x1\\n\",\nlast",
        )
        .unwrap();
        assert_eq!(
            e.text,
            "first\n\"stack\":\ngoroutine 7 [running]:\nmain.f(\"x\")\n\t/a.go:1 +0x1\n\n,\nlast"
        );
        assert_eq!(e.numbers, [1, 2, 2, 2, 2, 2, 2, 3]);
        let e =
            expand(r"panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:3 +0x1d").unwrap();
        assert_eq!(
            e.text,
            "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:3 +0x1d\n"
        );
    }
}
