//! Pastes whose long lines were hard-wrapped (a terminal's copy at 80 or 120 columns, a
//! mail client, a ticket's text field): a frame's call line, location line or a debug=1
//! `#` line arrives in two or three pieces.
//!
//! Only rejoined when nothing else explains the pieces: the paste's width is its widest
//! line; a line counts as wrapped only when it fills at least three quarters of that width
//! and the next piece's first word would not have fitted after it (what a wrapping
//! terminal or editor does); one of the pieces was not
//! understood on the first reading; and the joined text is one line the parser reads
//! (a goroutine header, call, location, `created by`, debug=1 record or `#` line).
//! The joined reading is kept only when it has fewer lines not understood and no fewer
//! goroutines than the first.
//! Anything else stays as it was and is reported line by line.

use super::frame::{parse_call, parse_created_by, parse_location, parse_location_text};
use super::frame_comment::{parse_addresses, parse_comment};
use super::header::parse_header;
use crate::input::dump_start::{crash_start, CrashStart};
use crate::model::{Diagnostic, Document, Profile};

/// Narrower pastes are not wrapped dumps: every dump has lines longer than this.
const MIN_WIDTH: usize = 40;

/// A line is rejoined from at most this many pieces.
const MAX_PIECES: usize = 4;

/// Text with wrapped lines rejoined.
#[derive(Debug)]
pub struct Rejoined {
    /// The text, one line per rejoined line.
    pub text: String,
    /// For each line of `text`, the 1-based input line its first piece came from.
    pub numbers: Vec<u32>,
    /// The `(first, last)` 0-based input lines of each rejoined line, in order.
    joins: Vec<(usize, usize)>,
}

impl Rejoined {
    /// How many input lines the line that starts at 1-based input line `line` took.
    fn pieces(&self, line: usize) -> usize {
        match self
            .joins
            .binary_search_by_key(&line.wrapping_sub(1), |&(first, _)| first)
        {
            Ok(at) => self.joins[at].1 - self.joins[at].0 + 1,
            Err(_) => 1,
        }
    }
}

/// Input line numbers of every diagnostic of `doc`, sorted.
pub fn diagnostic_lines(doc: &Document) -> Vec<usize> {
    fn of_profile(p: &Profile) -> &[Diagnostic] {
        match p {
            Profile::Goroutine(g) => &g.diagnostics,
            Profile::Heap(h) => &h.diagnostics,
            Profile::Contention(c) => &c.diagnostics,
            Profile::ThreadCreate(t) => &t.diagnostics,
            Profile::Samples(s) => &s.diagnostics,
            Profile::Race(r) => &r.diagnostics,
        }
    }
    // A dump cut off says so on its last line; that is no wrapped line, and looking for
    // pieces around it would cost a scan of the whole (often 64 MiB) input.
    let cut_off = |p: &Profile, line: usize| match p {
        Profile::Goroutine(g) => g.truncated && line == g.lines.1 as usize,
        _ => false,
    };
    let mut lines: Vec<usize> = doc
        .diagnostics
        .iter()
        .map(|d| d.line)
        .chain(doc.profiles.iter().flat_map(|p| {
            of_profile(p)
                .iter()
                .map(|d| d.line)
                .filter(move |&line| !cut_off(p, line))
        }))
        .collect();
    // The analysis' one compiled sort (a second sort would grow the page's wasm).
    crate::order::sort_by_key(&mut lines, |&l| l);
    lines.dedup();
    lines
}

/// `text` with its wrapped lines rejoined, given the lines a first reading did not
/// understand (`flagged`, sorted 1-based numbers); `None` when nothing was rejoined.
///
/// A dump cut off or with a few junk lines is flagged too, so deciding costs one line
/// scan and keeps only the lines around flagged ones; the text is copied only to join.
///
/// `shown` is the text as the terminal showed it, before log prefixes were removed (line
/// N of `text` is line N of `shown` when numbers were kept): a line is as wide as it was
/// there, prefix included, when its text is the end of the shown line (a journald line
/// wrapped at the terminal's width, its rest on a line without the prefix).
pub fn rejoin(text: &str, shown: &str, flagged: &[usize]) -> Option<Rejoined> {
    if flagged.is_empty() {
        return None;
    }
    let view = Neighbourhood::of(text, shown, flagged);
    if view.wrap_at < MIN_WIDTH {
        return None;
    }
    let joins = joins(&view, flagged);
    if joins.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut numbers = Vec::new();
    let mut next_join = joins.iter().peekable();
    let mut lines = text.split('\n').enumerate();
    while let Some((i, line)) = lines.next() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        numbers.push(i as u32 + 1);
        if let Some(&(_, end)) = next_join.next_if(|&&(start, _)| start == i) {
            for (_, piece) in lines.by_ref().take(end - i) {
                out.push_str(piece.strip_suffix('\r').unwrap_or(piece));
            }
        }
    }
    Some(Rejoined {
        text: out,
        numbers,
        joins,
    })
}

/// The lines near flagged ones (0-based index, text, columns) and the paste's width.
struct Neighbourhood<'a> {
    lines: Vec<(usize, &'a str, usize)>,
    /// The near lines shown with a log prefix (sorted): no continuation of a wrapped line,
    /// which starts its row without one.
    prefixed: Vec<usize>,
    wrap_at: usize,
}

impl<'a> Neighbourhood<'a> {
    fn of(text: &'a str, shown: &str, flagged: &[usize]) -> Self {
        // Line `n` (1-based) is near when a flagged line `f` has `f - 1 <= n`: the first
        // piece can stand before a flagged one, and `n <= f + MAX_PIECES`: pieces follow
        // it, plus the line after the last piece.
        let near = |n: usize| {
            let at = flagged.partition_point(|&f| f < n.saturating_sub(MAX_PIECES));
            flagged.get(at).is_some_and(|&f| f <= n + 1)
        };
        let mut lines = Vec::new();
        let mut prefixed = Vec::new();
        let mut widest = 0;
        // (The text itself when nothing was removed: one scan, not two.)
        let mut shown = (!std::ptr::eq(text, shown)).then(|| shown.split('\n'));
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let shown = shown
                .as_mut()
                .and_then(Iterator::next)
                .map(|l| l.strip_suffix('\r').unwrap_or(l));
            // The line with the prefix it was shown with.
            let full = shown.filter(|l| l.ends_with(line)).unwrap_or(line);
            // Bytes bound the columns of tab-free lines; near lines get their true width.
            widest = widest.max(full.len());
            if near(i + 1) {
                let columns = width(full);
                widest = widest.max(columns);
                lines.push((i, line, columns));
                if full.len() > line.len() {
                    prefixed.push(i);
                }
            }
        }
        Neighbourhood {
            lines,
            prefixed,
            wrap_at: widest,
        }
    }

    fn get(&self, i: usize) -> Option<(&'a str, usize)> {
        let at = self.lines.binary_search_by_key(&i, |&(n, _, _)| n).ok()?;
        let (_, text, columns) = self.lines[at];
        Some((text, columns))
    }
}

/// The `(first, last)` 0-based line indices of each wrapped line to rejoin, in order.
fn joins(view: &Neighbourhood<'_>, flagged: &[usize]) -> Vec<(usize, usize)> {
    let wrap_at = view.wrap_at;
    let is_flagged = |i: usize| flagged.binary_search(&(i + 1)).is_ok();
    let text = |i: usize| view.get(i).map_or("", |(t, _)| t);
    // A first piece is a reason to rejoin when it was flagged and does not read on its own
    // (a location line can be flagged only because its call line was wrapped).
    let not_understood = |i: usize| is_flagged(i) && !understood(text(i));
    let wrapped_after = |i: usize| match (view.get(i), view.get(i + 1)) {
        (Some((_, columns)), Some((next, _))) => {
            !next.trim().is_empty()
                && view.prefixed.binary_search(&(i + 1)).is_err()
                && columns * 4 >= wrap_at * 3
                && columns + first_word_width(next, columns) > wrap_at
        }
        _ => false,
    };
    let tail = |l: &str| l.bytes().all(|b| b"0123456789abcdefx=psc ".contains(&b));
    let mut joins = Vec::new();
    let mut next_free = 0;
    for &(i, _, _) in &view.lines {
        if i < next_free || !(is_flagged(i) || is_flagged(i + 1)) {
            continue;
        }
        let mut end = i;
        let mut joined = text(i).to_owned();
        let mut reason = not_understood(i);
        for j in i + 1..i + MAX_PIECES {
            if !wrapped_after(j - 1) {
                break;
            }
            joined.push_str(text(j));
            // A flagged later piece is reason enough even when it reads on its own:
            // a debug=1 frame's file wrapped onto a tab-indented line looks like a
            // traceback location line.
            reason |= is_flagged(j);
            // A long panic or signal line wraps too; its rest is no dump line of its own.
            let crash = || crash_line(&joined) && !understood(text(j));
            if reason && (understood(&joined) || crash()) {
                end = j;
                // A location line reads before its `fp= sp= pc=` tail is complete:
                // a flagged piece of that tail's characters belongs to it too.
                if !(is_flagged(j + 1) && tail(text(j + 1))) {
                    break;
                }
            } else if end > i {
                break;
            }
        }
        if end > i {
            joins.push((i, end));
            next_free = end + 1;
        }
    }
    joins
}

/// Whether the second reading (of `joined`, whose input line numbers are its own plus
/// `base`) is better: fewer input lines not understood — a rejoined line still not
/// understood counts each of its pieces — and no goroutine lost.
pub fn reads_better(rejoined: &Document, joined: &Rejoined, base: usize, first: &Document) -> bool {
    let goroutines = |d: &Document| -> u64 {
        d.profiles
            .iter()
            .map(|p| match p {
                Profile::Goroutine(g) => g.total(),
                _ => 0,
            })
            .sum()
    };
    let not_understood: usize = diagnostic_lines(rejoined)
        .iter()
        .map(|&line| joined.pieces(line.saturating_sub(base)))
        .sum();
    not_understood < diagnostic_lines(first).len() && goroutines(rejoined) >= goroutines(first)
}

/// Columns a line takes in a terminal (tab stops every 8 columns).
fn width(line: &str) -> usize {
    line.chars().fold(0, |col, c| match c {
        '\t' => col + 8 - col % 8,
        _ => col + 1,
    })
}

/// Columns the first word of `next` takes when written at column `at`: a wrapping
/// terminal or editor breaks a line only when that word does not fit.
fn first_word_width(next: &str, at: usize) -> usize {
    let mut col = at;
    for c in next.chars() {
        match c {
            '\t' => return col + 8 - col % 8 - at,
            ' ' => return (col - at).max(1),
            _ => col += 1,
        }
    }
    col - at
}

/// Whether the parser reads `line` on its own as one of a dump's line kinds.
fn understood(line: &str) -> bool {
    let line = line.trim_end();
    if line.starts_with("goroutine ") {
        return parse_header(line).is_some();
    }
    if line.starts_with([' ', '\t']) {
        return parse_location(line).is_some();
    }
    if line.starts_with('#') {
        return match parse_comment(line) {
            Ok(super::frame_comment::CommentLine::Labels(labels)) => labels.ends_with('}'),
            Ok(_) => true,
            Err(_) => false,
        };
    }
    if let Some((count, addresses)) = line.split_once(" @ ") {
        return count.bytes().all(|b| b.is_ascii_digit()) && parse_addresses(addresses).is_ok();
    }
    parse_created_by(line).is_some() || parse_call(line).is_some() || bare_location(line)
}

/// Whether `line` is a crash's first line (`panic: …`, `fatal error: …`, a signal line
/// with its closing `]`): a long panic message wraps like any other line.
fn crash_line(line: &str) -> bool {
    matches!(
        crash_start(line),
        Some(CrashStart::Panic(_) | CrashStart::FatalError(_) | CrashStart::Signal(_))
    )
}

/// Whether `line` is a location line without its indentation (a log that dropped it, as
/// journald does) and nothing else: a source file, its line, then only ` +0x…`.
fn bare_location(line: &str) -> bool {
    let Some(loc) = parse_location_text(line) else {
        return false;
    };
    // A path, not a call glued to one (`main.f()/app/main.go:5`).
    if loc.file.contains(['(', ')', ' ']) {
        return false;
    }
    let source = [".go", ".s", ".c"]
        .iter()
        .any(|ext| loc.file.ends_with(ext));
    let rest = line[loc.file.len()..]
        .trim_start_matches(':')
        .trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = match rest.strip_prefix(" +0x") {
        Some(hex) => hex.trim_start_matches(|c: char| c.is_ascii_hexdigit()),
        None => rest,
    };
    // ` fp=0x… sp=0x… pc=0x…`, each address whole.
    let registers = rest.strip_prefix(' ').is_some_and(|r| {
        r.split(' ')
            .zip(["fp=0x", "sp=0x", "pc=0x"])
            .all(|(word, name)| {
                word.strip_prefix(name).is_some_and(|hex| {
                    !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
                })
            })
            && r.split(' ').count() == 3
    });
    source && loc.file.len() < line.len() && (rest.is_empty() || registers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str, flagged: &[usize]) -> Option<(String, Vec<u32>)> {
        rejoin(text, text, flagged).map(|r| (r.text, r.numbers))
    }

    const WIDE: &str = "main.veryLongFunctionNameThatFillsMostOfTheLine(0x1, 0x2, 0x3, ";

    #[test]
    fn a_wrapped_call_line_is_rejoined() {
        let text = format!("goroutine 1 [running]:\n{WIDE}\n0x4)\n\t/app/main.go:5 +0x1d\n");
        let (joined, lines) = numbers(&text, &[2, 3, 4]).expect("rejoined");
        assert_eq!(
            joined,
            format!("goroutine 1 [running]:\n{WIDE}0x4)\n\t/app/main.go:5 +0x1d\n")
        );
        assert_eq!(lines, [1, 2, 4, 5]);
    }

    #[test]
    fn short_lines_and_understood_pieces_stay() {
        // The first piece is not as wide as the paste: it was not wrapped.
        let text = format!("{WIDE}0x4)\nmain.f(0x1,\n0x2)\n");
        assert!(numbers(&text, &[2, 3]).is_none());
        // Nothing flagged, nothing joined.
        let text = format!("goroutine 1 [running]:\n{WIDE}\n0x4)\n");
        assert!(numbers(&text, &[]).is_none());
        // Pieces that do not make a line the parser reads stay apart.
        let text = format!("{WIDE}\nand more (see above)\n");
        assert!(numbers(&text, &[1, 2]).is_none());
    }

    #[test]
    fn a_location_without_its_indentation_reads_whole() {
        assert!(understood("/app/main.go:5 +0x1d"));
        assert!(understood(
            "/app/main.go:5 +0x1d fp=0xc000 sp=0xc001 pc=0x82a981"
        ));
        // A user's ellipsis after the last one is no part of it.
        assert!(!understood(
            "/app/main.go:5 +0x1d fp=0xc000 sp=0xc001 pc=0x82a981.."
        ));
        assert!(!understood("/app/main.go:5 +"));
    }

    #[test]
    fn terminal_columns() {
        assert_eq!(width("\tab"), 10);
        assert_eq!(width("abc\td"), 9);
        assert_eq!(first_word_width("word rest", 70), 4);
        assert_eq!(first_word_width("\t/a.go", 75), 5);
        assert_eq!(first_word_width(" x", 3), 1);
    }
}
