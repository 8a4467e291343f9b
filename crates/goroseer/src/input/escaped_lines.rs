//! A dump that arrives as one escaped string on one line: a structured log's field copied
//! out of a log viewer's JSON view (`"stack": "goroutine 7 [running]:\nmain.f()\n\t/a.go:1
//! +0x1\n",`), a logger that quoted a panic with `%q`. A line holding a dump's escaped line
//! breaks (`\n\t` before a location, `\ngoroutine `) is expanded into the lines it stands
//! for: the text before the string's opening quote and after its closing one each stay a
//! line of their own. Every expanded line keeps its input line number. Log records whose
//! carrier is known (JSON lines, logfmt) are unwrapped before, by [`super::prefix`].

use super::go_string::unquote_body;
use memchr::memmem;
use std::borrow::Cow;

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
/// does (one search over at most the part [`super::web_copy::searched_part`] takes). A
/// line hard-wrapped inside its escaped string ([`wrapped_after`]) is rejoined with its
/// pieces first; each expanded line keeps the input line its text starts on.
pub fn expand(input: &str) -> Option<Expanded> {
    let searched = super::web_copy::searched_part(input.as_bytes());
    // A dump's own text holds no backslash: only those are looked at.
    let marked = memchr::memchr_iter(b'\\', searched)
        .any(|at| MARKS.iter().any(|m| searched[at..].starts_with(m)));
    if !marked {
        return None;
    }
    let lines: Vec<&str> = input
        .split('\n')
        .map(|raw| raw.strip_suffix('\r').unwrap_or(raw))
        .collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut text = String::with_capacity(input.len() + input.len() / 8);
    let mut numbers = Vec::new();
    let mut expanded_any = false;
    let mut i = 0;
    while i < lines.len() {
        if i > 0 {
            text.push('\n');
        }
        let line = lines[i];
        // The pieces of a line wrapped inside its escaped string, joined with a mark
        // where each piece ends.
        let mut joined = Cow::Borrowed(line);
        let mut last = i;
        while last + 1 < lines.len() && wrapped_after(&joined, lines[last], lines[last + 1], widest)
        {
            let owned = joined.to_mut();
            // An escape the wrap split (`…\` ⏎ `n\t…`) stays whole, in the next piece.
            let backslashes = owned.len() - owned.trim_end_matches('\\').len();
            if backslashes % 2 == 1 {
                owned.pop();
                owned.push(PIECE_END);
                owned.push('\\');
            } else {
                owned.push(PIECE_END);
            }
            owned.push_str(lines[last + 1]);
            last += 1;
        }
        match expand_line(&joined) {
            Some(lines) => {
                expanded_any = true;
                let mut piece = i as u32 + 1;
                for (n, out) in lines.split('\n').enumerate() {
                    if n > 0 {
                        text.push('\n');
                    }
                    // A line starts in the piece its first character is in.
                    let rest = out.trim_start_matches(PIECE_END);
                    piece += ((out.len() - rest.len()) / PIECE_END.len_utf8()) as u32;
                    numbers.push(piece);
                    let ends = rest.matches(PIECE_END).count() as u32;
                    if ends == 0 {
                        text.push_str(rest);
                    } else {
                        text.push_str(&rest.replace(PIECE_END, ""));
                        piece += ends;
                    }
                }
            }
            None => {
                text.push_str(line);
                numbers.push(i as u32 + 1);
                last = i;
            }
        }
        i = last + 1;
    }
    expanded_any.then_some(Expanded { text, numbers })
}

/// Marks where a piece of a wrapped line ended, inside the joined line (a private-use
/// character: no dump holds one; a line that does is not joined).
const PIECE_END: char = '\u{e000}';

/// Whether `piece`, the last piece of `joined` (the line so far), was hard-wrapped inside
/// its escaped string and `next` is the rest: the line holds an escaped dump whose string
/// does not end on it, `piece` is among the paste's widest lines (three quarters of
/// `widest` columns at least) and no narrower than `next`, and `next` goes on with the
/// string: not blank, no quote before its first escape (a new record opens its string
/// with one), and no dump's first line when the string's opening quote is not in view.
fn wrapped_after(joined: &str, piece: &str, next: &str, widest: usize) -> bool {
    let columns = piece.chars().count();
    if next.trim().is_empty()
        || columns * 4 < widest * 3
        || columns < next.chars().count()
        || next.contains(PIECE_END)
    {
        return false;
    }
    let Some(string) = split(joined) else {
        return false;
    };
    if string.tail.is_some() {
        return false;
    }
    let b = next.as_bytes();
    // A backslash ending the line so far escapes the next piece's first character.
    let escaped_first = (joined.len() - joined.trim_end_matches('\\').len()) % 2 == 1;
    let quote = (usize::from(escaped_first)..b.len())
        .find(|&q| b[q] == b'"' && (q == 0 || b[q - 1] != b'\\'));
    let escape = memchr::memchr(b'\\', b);
    let goes_on = match (quote, escape) {
        (None, _) => true,
        (Some(q), Some(e)) => e < q,
        // Only the string's end: `…main.go:3 +0x1d\n"`.
        (Some(q), None) => next[q + 1..].trim().len() <= 2,
    };
    goes_on && (string.quoted || super::dump_start::dump_start(next.trim_end()).is_none())
}

/// An escaped string in a line: what stands before its opening quote, its value, and what
/// follows its closing quote (`None` when it does not end on the line).
struct EscapedString<'a> {
    head: &'a str,
    value: String,
    tail: Option<&'a str>,
    /// Whether its opening quote is in the line.
    quoted: bool,
}

/// The escaped string of a line that holds an escaped dump ([`MARKS`]), if it does.
fn split(line: &str) -> Option<EscapedString<'_>> {
    let at = MARKS
        .iter()
        .filter_map(|m| memmem::find(line.as_bytes(), m))
        .min()?;
    // The quoted string the escapes are in, when its opening quote comes before them.
    let bytes = line.as_bytes();
    let open = (0..at)
        .rev()
        .find(|&q| bytes[q] == b'"' && (q == 0 || bytes[q - 1] != b'\\'));
    Some(match open {
        Some(q) => {
            let (value, tail) = unquote_body(&line[q + 1..]);
            EscapedString {
                head: &line[..q],
                value,
                tail,
                quoted: true,
            }
        }
        // Not quoted (a logger's `%q` without its quotes kept, a pasted value, a string
        // whose opening quote the selection left out): every escape of the line is
        // undone; a quote that only punctuation follows at the end is its closing one.
        None => match unquote_body(line) {
            (value, Some(tail)) if tail.trim().len() <= 2 => EscapedString {
                head: "",
                value,
                tail: Some(tail),
                quoted: false,
            },
            _ => EscapedString {
                head: "",
                value: unquote_body(&escape_bare_quotes(line)).0,
                tail: None,
                quoted: false,
            },
        },
    })
}

/// `line` with each quote no backslash escapes escaped.
fn escape_bare_quotes(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '"' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// The lines one input line stands for, or `None` when it holds no escaped dump.
fn expand_line(line: &str) -> Option<String> {
    let EscapedString {
        head, value, tail, ..
    } = split(line)?;
    let tail = tail.unwrap_or("");
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

    #[test]
    fn a_line_wrapped_inside_its_string_is_rejoined() {
        let e = expand(
            "msg=\"goroutine 7 [running]:\\nmain.f(0x1, 0x2, 0x3)\\n\\t/ap\np/a.go:1 +0x1\\n\\ngoroutine 8 [select]:\\nmain.g()\\n\\t/a\n",
        )
        .unwrap();
        assert_eq!(
            e.text,
            "msg=\ngoroutine 7 [running]:\nmain.f(0x1, 0x2, 0x3)\n\t/app/a.go:1 +0x1\n\ngoroutine 8 [select]:\nmain.g()\n\t/a\n\n"
        );
        assert_eq!(e.numbers, [1, 1, 1, 1, 2, 2, 2, 2, 2, 3]);
    }
}
