//! How the lines of a paste were laid out, when not as the runtime printed them:
//!
//! - a literal two-character `^M` at the end of lines (a carriage return shown by a pager
//!   or terminal and copied as text), or a table's empty last column (` - `, ` | `: a log
//!   search UI's rows copied as text);
//! - the same indentation on every line (a dump kept in notes or mail, indented by tabs
//!   or spaces as a block);
//! - a blank line after every line (chat clients and web forms that double newlines);
//! - newest line first (a log UI's order: frames above their goroutine's header).
//!
//! Each is decided from the whole text, never from one line, and undone so that every
//! output line still knows its input line (`numbers`, as [`super::prefix::Stripped`]).

/// A text laid out again as the runtime printed it.
#[derive(Debug, PartialEq, Eq)]
pub struct Relaid {
    /// The text to parse.
    pub text: String,
    /// For each line of `text`, the 1-based input line it came from; empty when line N is
    /// input line N.
    pub numbers: Vec<u32>,
}

/// How many lines are looked at to decide the layout.
const SAMPLE_LINES: usize = 400;

/// The layout of `text` (whose line N is input line `numbers[N - 1]`, or N when `numbers`
/// is empty) undone, or `None` when it is laid out as printed. The forms are decided from
/// the first lines; only a text laid out differently is copied.
pub fn relay(text: &str, numbers: &[u32]) -> Option<Relaid> {
    let sample: Vec<(u32, &str)> = text
        .split('\n')
        .take(SAMPLE_LINES)
        .map(|l| (0, l.strip_suffix('\r').unwrap_or(l)))
        .collect();
    let mark = trailing_mark(&sample);
    let sample: Vec<(u32, String)> = sample
        .into_iter()
        .map(|(n, l)| (n, without_mark(l, mark).to_owned()))
        .collect();
    let indent = common_indent(&sample);
    let unindent = |l: &str| -> String {
        match &indent {
            Some(i) => l.strip_prefix(i.as_str()).unwrap_or(l).to_owned(),
            None => l.to_owned(),
        }
    };
    let sample: Vec<(u32, String)> = sample.into_iter().map(|(n, l)| (n, unindent(&l))).collect();
    let doubled = doubled_newlines(&sample);
    let sample = if doubled { undouble(sample) } else { sample };
    let reversed = newest_first(&sample);
    if !(mark.is_some() || indent.is_some() || doubled || reversed) {
        return None;
    }
    let mut lines: Vec<(u32, String)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let l = without_mark(l, mark);
            (numbers.get(i).copied().unwrap_or(i as u32 + 1), unindent(l))
        })
        .collect();
    // A final newline leaves one empty piece: not a line.
    if lines.last().is_some_and(|(_, l)| l.is_empty()) {
        lines.pop();
    }
    if doubled {
        lines = undouble(lines);
    }
    if reversed {
        lines.reverse();
    }
    let mut out = String::with_capacity(text.len());
    let mut nums = Vec::with_capacity(lines.len());
    for (n, l) in &lines {
        out.push_str(l);
        out.push('\n');
        nums.push(*n);
    }
    Some(Relaid {
        text: out,
        numbers: nums,
    })
}

fn non_blank<'s, S: AsRef<str> + 's>(lines: &'s [(u32, S)]) -> impl Iterator<Item = &'s str> {
    lines
        .iter()
        .map(|(_, l)| l.as_ref())
        .filter(|l| !l.trim().is_empty())
}

/// What may end every line: a literal `^M`, or a table's last column left empty, a lone
/// `-` or `|` after blanks (a line of a dump never ends so).
const MARKS: [&str; 4] = ["^M", "-", "|", "│"];

/// The mark of [`MARKS`] most non-blank lines end with, if any.
fn trailing_mark(lines: &[(u32, &str)]) -> Option<&'static str> {
    let total = non_blank(lines).count();
    MARKS.into_iter().find(|&mark| {
        let marked = non_blank(lines)
            .filter(|l| strip_mark(l, mark).is_some())
            .count();
        total > 0 && marked * 10 >= total * 6
    })
}

/// `line` without `mark` at its end (nor the blanks before a column mark).
fn strip_mark<'l>(line: &'l str, mark: &str) -> Option<&'l str> {
    let rest = line.trim_end().strip_suffix(mark)?;
    if mark == "^M" {
        return Some(rest);
    }
    let text = rest.trim_end();
    (text.len() < rest.len() || text.is_empty()).then_some(text)
}

fn without_mark<'l>(line: &'l str, mark: Option<&str>) -> &'l str {
    mark.and_then(|m| strip_mark(line, m)).unwrap_or(line)
}

/// The whitespace every non-blank line starts with, when there is some and the lines
/// hold a dump line at that indentation (a header, a crash line or a call): the block's
/// indentation, not the dump's own.
fn common_indent(lines: &[(u32, String)]) -> Option<String> {
    let mut common: Option<&str> = None;
    for l in non_blank(lines) {
        let ws = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ws.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
        if common == Some("") {
            return None;
        }
    }
    let indent = common?;
    let anchored = non_blank(lines).any(|l| {
        let text = &l[indent.len()..];
        super::dump_start::dump_start(text).is_some() || text.starts_with("created by ")
    });
    anchored.then(|| indent.to_owned())
}

/// Whether every non-blank line is followed by a blank one (at least four lines), as when
/// a chat client doubled every newline.
fn doubled_newlines(lines: &[(u32, String)]) -> bool {
    let mut non_blank = 0;
    let mut followed = 0;
    for (i, (_, l)) in lines.iter().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        non_blank += 1;
        if lines
            .get(i + 1)
            .is_none_or(|(_, next)| next.trim().is_empty())
        {
            followed += 1;
        }
    }
    non_blank >= 4 && followed == non_blank
}

/// Every newline doubled: each run of blank lines after a line held one more than the
/// original, and an original blank line became three.
fn undouble(lines: Vec<(u32, String)>) -> Vec<(u32, String)> {
    let mut out = Vec::with_capacity(lines.len() / 2 + 1);
    let mut blanks: Vec<(u32, String)> = Vec::new();
    for (n, l) in lines {
        if l.trim().is_empty() {
            blanks.push((n, l));
            continue;
        }
        let keep = blanks.len().saturating_sub(1) / 2;
        out.extend(blanks.drain(..).take(keep));
        out.push((n, l));
    }
    let keep = blanks.len().saturating_sub(1) / 2;
    out.extend(blanks.into_iter().take(keep));
    out
}

/// Whether the lines run newest first: goroutine headers stand below their frames (a
/// frame's call line above the header, and below it anything but a call line) for most
/// headers. A header with no call line on either side (the last line of a crash cut
/// after its header, right below a `runtime stack:` section's last location) says
/// nothing about the order.
fn newest_first(lines: &[(u32, String)]) -> bool {
    let is_header = |l: &str| {
        matches!(
            super::dump_start::dump_start(l),
            Some(super::dump_start::DumpStart::Goroutine)
        )
    };
    // A frame's call line (`main.main()`, `runtime.gopark(0x1, …)`) ends with its arguments;
    // printed in order, one follows each header. Reversed, what follows the header is what
    // came before it: a blank line, the end, or a crash's preamble (`fatal error: …`).
    let call = |i: Option<&(u32, String)>| i.is_some_and(|(_, l)| l.trim_end().ends_with(')'));
    let mut headers = 0;
    let mut below_frames = 0;
    for (i, (_, l)) in lines.iter().enumerate() {
        if !is_header(l) {
            continue;
        }
        headers += 1;
        let above = i.checked_sub(1).and_then(|j| lines.get(j));
        if !call(lines.get(i + 1)) && call(above) {
            below_frames += 1;
        }
    }
    headers > 0 && below_frames * 2 > headers
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n\n\
                        goroutine 2 [select]:\nmain.loop()\n\t/app/main.go:9 +0x2\n";

    #[test]
    fn printed_layout_is_kept() {
        assert_eq!(relay(DUMP, &[]), None);
    }

    #[test]
    fn each_form_is_undone() {
        let indented: String = DUMP
            .lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("\t\t{l}\n")
                }
            })
            .collect();
        assert_eq!(relay(&indented, &[]).unwrap().text, DUMP);
        let caret: String = DUMP.lines().map(|l| format!("{l}^M\n")).collect();
        assert_eq!(relay(&caret, &[]).unwrap().text, DUMP);
        // A log search UI's rows (from a public issue): an empty last column on each line.
        for column in ["   - ", "  -", "\t| ", " │"] {
            let table: String = DUMP.lines().map(|l| format!("{l}{column}\n")).collect();
            assert_eq!(relay(&table, &[]).unwrap().text, DUMP, "{column:?}");
        }
        // A dash that ends a word is the text's own.
        let dashed: String = DUMP.lines().map(|l| format!("{l}-\n")).collect();
        assert_eq!(relay(&dashed, &[]), None);
        let doubled = DUMP.replace('\n', "\n\n");
        let r = relay(&doubled, &[]).unwrap();
        assert_eq!(r.text, DUMP);
        assert_eq!(r.numbers[..3], [1, 3, 5]);
        let reversed: String = DUMP.lines().rev().map(|l| format!("{l}\n")).collect();
        let r = relay(&reversed, &[]).unwrap();
        assert_eq!(r.text, DUMP);
        assert_eq!(r.numbers[0], 7);
    }

    #[test]
    fn a_crash_pasted_newest_first_is_turned_around() {
        // From a public issue: a log UI's copy, its preamble below the header.
        let crash = "fatal error: concurrent map writes\n\ngoroutine 102 [running]:\n\
                     runtime.throw(0x59f459, 0x15)\n\truntime/panic.go:1116 +0x54\n";
        let reversed: String = crash
            .lines()
            .filter(|l| !l.is_empty())
            .rev()
            .map(|l| format!("{l}\n"))
            .collect();
        let r = relay(&reversed, &[]).unwrap();
        assert_eq!(r.text, crash.replace("\n\n", "\n"));
        // Printed in order, the same lines stay as they are.
        assert_eq!(relay(crash, &[]), None);
    }

    #[test]
    fn a_single_indented_line_is_not_a_block() {
        // Indentation without any dump line at its level is the text's own.
        assert_eq!(relay("\t/app/main.go:5\n\t/app/x.go:1\n", &[]), None);
    }
}
