//! Log prefixes of a shape nobody listed: learned from the dump itself.
//!
//! Log shippers invent new prefixes all the time (`2026-…Z stdout F ` from the CRI log
//! format, `[pod-7f9c app] 02:00:00.123 `, `web-1 | ` from compose, …). The known kinds in
//! [`super::prefix`] cover the common ones; this covers the rest. Lines that *start* a dump
//! are unmistakable (`goroutine 7 [chan receive]:`, `goroutine profile: total 3`,
//! `heap profile: …`, `panic: …`: [`super::dump_start`]), and so are some inside one
//! (`created by …`, `#\t0x…`): when they stand after some text, that text is the prefix. Its shape — runs of word characters, runs of spaces, punctuation —
//! is learned from those lines and then removed from every line that starts with the same
//! shape, so varying timestamps, pod names and stream names are all recognised.

use super::dump_start::find_dump_start;

/// One piece of a learned prefix shape.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// One or more of `[A-Za-z0-9_]` (timestamps' fields, host and pod names, levels).
    Word,
    /// Spaces only (never tabs: a tab after the prefix belongs to the dump).
    Spaces {
        /// Exactly this many when the run ends the prefix, else at least one.
        exact: Option<usize>,
    },
    /// Any other character, as written.
    Literal(char),
}

/// A learned prefix shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape(Vec<Token>);

impl Shape {
    /// The shape of `prefix`, when it holds a word (pure punctuation is no prefix).
    pub fn of(prefix: &str) -> Option<Shape> {
        let mut tokens = Vec::new();
        let mut chars = prefix.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if is_word(c) {
                while chars.peek().is_some_and(|&(_, c)| is_word(c)) {
                    chars.next();
                }
                tokens.push(Token::Word);
            } else if c == ' ' {
                let mut n = 1;
                while chars.peek().is_some_and(|&(_, c)| c == ' ') {
                    chars.next();
                    n += 1;
                }
                let last = chars.peek().is_none();
                tokens.push(Token::Spaces {
                    exact: last.then_some(n),
                });
            } else {
                tokens.push(Token::Literal(c));
            }
        }
        // A prefix has to say something: pure indentation or punctuation is dump text.
        tokens.contains(&Token::Word).then_some(Shape(tokens))
    }

    /// Length in bytes of this shape at the start of `line`, if the line starts with it.
    pub fn match_len(&self, line: &str) -> Option<usize> {
        let b = line.as_bytes();
        let mut i = 0;
        for token in &self.0 {
            match *token {
                Token::Word => {
                    let start = i;
                    while i < b.len() && is_word(b[i] as char) {
                        i += 1;
                    }
                    if i == start {
                        return None;
                    }
                }
                Token::Spaces { exact } => {
                    let start = i;
                    while i < b.len() && b[i] == b' ' && exact.is_none_or(|n| i - start < n) {
                        i += 1;
                    }
                    if i == start || exact.is_some_and(|n| i - start != n) {
                        return None;
                    }
                }
                Token::Literal(c) => {
                    let rest = line.get(i..)?;
                    if !rest.starts_with(c) {
                        return None;
                    }
                    i += c.len_utf8();
                }
            }
        }
        Some(i)
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where the dump's own text begins in `line`, if it stands after some text: the first
/// place a dump starts ([`find_dump_start`]) or one of the lines inside a dump as
/// unmistakable (`#\t0x…` and `# labels:` lines, `created by`, a debug=1 record).
fn anchor(line: &str) -> Option<usize> {
    const INSIDE: [&str; 3] = ["#\t0x", "# labels: ", "created by "];
    // `COUNT @ 0x…`: a debug=1 record.
    let record = line.find(" @ 0x").and_then(|at| {
        let digits = line[..at]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        (digits > 0).then_some(at - digits)
    });
    let p = INSIDE
        .iter()
        .filter_map(|marker| line.find(marker))
        .chain(record)
        .chain(find_dump_start(line))
        .min()?;
    (p > 0).then_some(p)
}

/// How many lines are looked at to learn a shape.
const SAMPLE_LINES: usize = 400;

/// A prefix learned from a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LearnedPrefix {
    /// Text with words in it (times, hosts, streams), matched by its shape.
    Shape(Shape),
    /// Indentation or quoting without words (`    ` of a Markdown code block, `> ` of a
    /// quoted mail or chat message), matched as written.
    Literal(String),
}

impl LearnedPrefix {
    /// Length in bytes of the prefix at the start of `line`, if the line carries it. A
    /// quoted blank line (`>`, the quote without its trailing space) is all prefix.
    pub fn match_len(&self, line: &str) -> Option<usize> {
        match self {
            LearnedPrefix::Shape(shape) => shape.match_len(line),
            LearnedPrefix::Literal(text) => {
                if line.starts_with(text.as_str()) {
                    Some(text.len())
                } else {
                    (!text.trim_end().is_empty() && line == text.trim_end()).then_some(line.len())
                }
            }
        }
    }
}

/// Learns a prefix from `input`: the shape most anchor lines share, accepted when at least
/// two anchor lines have it and most sampled lines start with it; failing that, a wordless
/// indentation or quote that nearly every line starts with.
pub fn learn(input: &str) -> Option<LearnedPrefix> {
    let sample = super::prefix::sample_lines(input, SAMPLE_LINES);
    let mut shapes: Vec<(Shape, usize)> = Vec::new();
    let mut literals: Vec<(&str, usize)> = Vec::new();
    for line in &sample {
        let Some(p) = anchor(line) else { continue };
        let raw_prefix = &line[..p];
        // A nested panic's own tab (`<prefix>\tpanic: …`) follows the prefix: not part of it.
        let prefix = raw_prefix.trim_end_matches('\t');
        match Shape::of(prefix) {
            Some(shape) => match shapes.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, n)) => *n += 1,
                None => shapes.push((shape, 1)),
            },
            // A tab before `panic:` is a nested panic's own indentation, not a prefix.
            None if !raw_prefix.contains('\t') => {
                match literals.iter_mut().find(|(l, _)| *l == prefix) {
                    Some((_, n)) => *n += 1,
                    None => literals.push((prefix, 1)),
                }
            }
            None => {}
        }
    }
    let accept = |prefix: LearnedPrefix, anchors: usize, share_in_tenths: usize| {
        let hits = sample
            .iter()
            .filter(|l| prefix.match_len(l).is_some())
            .count();
        (anchors >= 2 && hits * 10 >= sample.len() * share_in_tenths).then_some(prefix)
    };
    if let Some((shape, anchors)) = shapes.into_iter().max_by_key(|&(_, n)| n) {
        // One anchor is enough when four lines in five carry its shape (a dump with one
        // goroutine whose `panic:` line is the first, cut: [`super::prefix`]).
        let (anchors, share) = match anchors {
            1 if sample.len() >= 5 => (2, 8),
            n => (n, 6),
        };
        if let Some(found) = accept(LearnedPrefix::Shape(shape), anchors, share) {
            return Some(found);
        }
    }
    if let Some(found) = timed(&sample) {
        return Some(found);
    }
    let (literal, anchors) = literals.into_iter().max_by_key(|&(_, n)| n)?;
    accept(LearnedPrefix::Literal(literal.to_owned()), anchors, 9)
}

/// Punctuation a timed prefix may have around its time (`[00:11:11] `, `  | 2021-…+09:00 | `).
const AROUND_TIME: &[u8] = b" |[]()<>";

/// Length of a prefix that holds a time at the start of `line`: a few spaces or brackets,
/// a date-time (`2021-07-19T12:43:00.012+09:00`, `2021-07-19 12:43:00`) or a clock
/// (`00:11:11`), then brackets, bars and spaces ending with a space.
fn timed_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let lead = b
        .iter()
        .take(8)
        .take_while(|c| AROUND_TIME.contains(c))
        .count();
    let time = super::prefix::iso_time_len(&b[lead..])
        .or_else(|| date_time_len(&b[lead..]))
        .or_else(|| clock_len(&b[lead..]))?;
    let end = lead + time;
    let trail = &b[end..];
    let trail = &trail[..trail.iter().take_while(|c| AROUND_TIME.contains(c)).count()];
    // One space after the last bracket or bar ends the prefix: more spaces are the dump's
    // own indentation.
    let cut = trail.iter().rposition(|&c| c != b' ').map_or(0, |p| p + 1);
    (trail.get(cut) == Some(&b' ')).then_some(end + cut + 1)
}

/// `YYYY-MM-DD HH:MM:SS(.frac)` → its length.
fn date_time_len(b: &[u8]) -> Option<usize> {
    let date = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b' ';
    date.then(|| clock_len(&b[11..]).map(|n| 11 + n))?
}

/// `HH:MM:SS(.frac)` → its length.
fn clock_len(b: &[u8]) -> Option<usize> {
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !(d(0) && d(1) && b.get(2) == Some(&b':') && d(3) && d(4) && b.get(5) == Some(&b':'))
        || !(d(6) && d(7))
    {
        return None;
    }
    let mut i = 8;
    if matches!(b.get(i), Some(b'.' | b',')) && d(i + 1) {
        i += 1;
        while d(i) {
            i += 1;
        }
    }
    Some(i)
}

/// A prefix that holds a time, when no line shows where a dump starts after it (a crash
/// that begins with `fatal error:` and has only a `runtime stack:`, a runtime's bad-pointer
/// report): CI runners' elapsed time (`[00:11:11] `), a log console's table copied with
/// its columns (`  | 2021-07-19T12:43:00.012+09:00 | `). The shape most timed lines share,
/// when at least three lines have it and three quarters of the sampled lines start with it.
fn timed(sample: &[&str]) -> Option<LearnedPrefix> {
    let mut shapes: Vec<(Shape, usize)> = Vec::new();
    for line in sample {
        let Some(shape) = timed_len(line).and_then(|n| Shape::of(&line[..n])) else {
            continue;
        };
        match shapes.iter_mut().find(|(s, _)| *s == shape) {
            Some((_, n)) => *n += 1,
            None => shapes.push((shape, 1)),
        }
    }
    let (shape, timed) = shapes.into_iter().max_by_key(|&(_, n)| n)?;
    let hits = sample
        .iter()
        .filter(|l| shape.match_len(l).is_some())
        .count();
    (timed >= 3 && hits * 4 >= sample.len() * 3).then_some(LearnedPrefix::Shape(shape))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip<'a>(shape: &LearnedPrefix, line: &'a str) -> Option<&'a str> {
        shape.match_len(line).map(|n| &line[n..])
    }

    #[test]
    fn cri_log_format() {
        let text = "2026-11-25T02:00:00.1Z stdout F goroutine 1 [running]:\n\
                    2026-11-25T02:00:00.22Z stdout F main.main()\n\
                    2026-11-25T02:00:00.3Z stderr F \t/app/main.go:5 +0x1d\n\
                    2026-11-25T02:00:00.4Z stdout F \n\
                    2026-11-25T02:00:00.5Z stdout F goroutine 2 [select]:\n";
        let shape = learn(text).expect("shape learned");
        assert_eq!(
            strip(&shape, "2026-11-25T02:00:01.9Z stderr F \t/a.go:1 +0x1"),
            Some("\t/a.go:1 +0x1")
        );
        assert_eq!(strip(&shape, "goroutine 3 [select]:"), None);
    }

    #[test]
    fn pod_and_container_names_vary() {
        let text = "[web_1 app] 12:00:01 goroutine 1 [running]:\n\
                    [web_2 app] 12:00:01 main.main()\n\
                    [web_1 app] 12:00:01     /app/main.go:5 +0x1d\n\
                    [worker_17 app] 12:00:02 created by main.main in goroutine 1\n";
        let shape = learn(text).expect("shape learned");
        // Indentation after the prefix is the dump's own and stays.
        assert_eq!(
            strip(&shape, "[web_9 app] 12:00:01     /app/main.go:5"),
            Some("    /app/main.go:5")
        );
    }

    #[test]
    fn markdown_indentation_and_quotes() {
        let indented = "    goroutine 1 [running]:\n    main.main()\n    \t/app/main.go:5 +0x1d\n\
                        \n    goroutine 2 [select]:\n    main.loop()\n    \t/app/main.go:9 +0x2\n";
        let prefix = learn(indented).expect("indentation learned");
        assert_eq!(prefix, LearnedPrefix::Literal("    ".to_owned()));
        assert_eq!(
            strip(&prefix, "    \t/app/main.go:5"),
            Some("\t/app/main.go:5")
        );
        let quoted = "> goroutine 1 [running]:\n> main.main()\n> \t/app/main.go:5 +0x1d\n>\n\
                      > goroutine 2 [select]:\n> main.loop()\n> \t/app/main.go:9 +0x2\n";
        let prefix = learn(quoted).expect("quote learned");
        assert_eq!(strip(&prefix, ">"), Some(""));
        assert_eq!(strip(&prefix, "> main.main()"), Some("main.main()"));
    }

    #[test]
    fn plain_dumps_learn_nothing() {
        let text = "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d\n\
                    created by main.start in goroutine 1\n\t/app/main.go:9 +0x2\n\
                    panic: boom\n\tpanic: nested\n";
        assert_eq!(learn(text), None);
    }
}
