//! Log prefixes that real-world pastes put before every line of a dump:
//!
//! ```text
//! 2026-11-25T02:33:10.123456789Z goroutine 1 [running]:          kubectl logs --timestamps
//! Nov 25 02:33:10 web-1 shop[4242]: goroutine 1 [running]:       journalctl / syslog
//! {"log":"goroutine 1 [running]:\n","stream":"stderr","time":"…"} docker json-file
//! 2026/11/25 02:33:10 goroutine 1 [running]:                     Go log / plain timestamps
//! 2026-11-25T02:33:10.5+00:00 web-1 shop[4242]: goroutine 1 …      journalctl -o short-iso(-precise)
//! {"textPayload":"goroutine 1 [running]:\n",…}                    JSON lines (GCP, Loki, slog …)
//! time=… level=ERROR msg="goroutine 1 [running]:"                 logfmt
//! ```
//!
//! The kind is decided once from a sample of lines (most must carry it), then removed from
//! every line that has it. Each input line gives exactly one output line, so line numbers
//! in diagnostics stay those of the input. Input without a prefix is not copied.

use std::borrow::Cow;

use super::{learned_prefix, structured_line};

/// A kind of per-line log prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixKind {
    /// RFC 3339 timestamp and a space (`kubectl logs --timestamps`), optionally followed by
    /// the CRI log format's stream and tag (`stdout F `), as in the node's container logs.
    Kubernetes,
    /// `Mon DD HH:MM:SS host unit[pid]: ` (journalctl, syslog), or the same with an ISO
    /// time (`journalctl -o short-iso`, `short-iso-precise`).
    Journald,
    /// One JSON object per line with the text in `"log"` (docker's json-file driver).
    DockerJson,
    /// One JSON object per line with the text in another field (`message`, `msg`,
    /// `textPayload`, `line`, `MESSAGE`, …; [`super::structured_line::json_text`]).
    JsonLines,
    /// logfmt lines with the text in `msg="…"` ([`super::structured_line::logfmt_text`]).
    Logfmt,
    /// `YYYY/MM/DD HH:MM:SS ` or `YYYY-MM-DD HH:MM:SS(.fff) ` (Go's log package and others).
    Timestamp,
    /// Any other prefix, its shape learned from the dump's own header lines
    /// ([`super::learned_prefix`]): the CRI log format, compose's `name | `, and the like.
    Learned,
}

impl PrefixKind {
    /// Name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            PrefixKind::Kubernetes => "kubernetes",
            PrefixKind::Journald => "journald",
            PrefixKind::DockerJson => "docker-json",
            PrefixKind::JsonLines => "json-lines",
            PrefixKind::Logfmt => "logfmt",
            PrefixKind::Timestamp => "timestamp",
            PrefixKind::Learned => "learned",
        }
    }

    /// The line without this prefix, or `None` when the line does not carry it.
    /// (A [`PrefixKind::Learned`] prefix needs its shape: it never matches here.)
    pub fn strip(self, line: &str) -> Option<Cow<'_, str>> {
        match self {
            PrefixKind::Kubernetes => self.len(line.as_bytes()).map(|n| after(line, n)),
            PrefixKind::Journald => journald_len(line.as_bytes()).map(|n| {
                let rest = &line[n..];
                // rsyslog escapes control characters: a tab arrives as `#011`.
                if rest.contains("#011") {
                    Cow::Owned(rest.replace("#011", "\t"))
                } else {
                    Cow::Borrowed(rest)
                }
            }),
            PrefixKind::DockerJson => docker_log(line).map(Cow::Owned),
            PrefixKind::JsonLines => structured_line::json_text(line).map(Cow::Owned),
            PrefixKind::Logfmt => structured_line::logfmt_text(line).map(Cow::Owned),
            PrefixKind::Timestamp => self.len(line.as_bytes()).map(|n| after(line, n)),
            PrefixKind::Learned => None,
        }
    }

    /// How many bytes of `line` this prefix takes, for the kinds [`PrefixKind::strip`]
    /// removes by cutting the line (Kubernetes, journald, timestamp); `None` when the line
    /// does not carry it or the kind rewrites the line. Asks no UTF-8 of the line.
    pub fn len(self, line: &[u8]) -> Option<usize> {
        match self {
            PrefixKind::Kubernetes => {
                let junk = frame_header_len(line);
                rfc3339_len(&line[junk..]).map(|n| junk + n + cri_stream_len(&line[junk + n..]))
            }
            PrefixKind::Journald => journald_len(line),
            PrefixKind::Timestamp => timestamp_len(line),
            PrefixKind::DockerJson
            | PrefixKind::JsonLines
            | PrefixKind::Logfmt
            | PrefixKind::Learned => None,
        }
    }
}

fn after(line: &str, n: usize) -> Cow<'_, str> {
    Cow::Borrowed(&line[n..])
}

/// The input with log prefixes removed.
#[derive(Debug)]
pub struct Stripped<'a> {
    /// The text to parse (the input itself when it had no prefix).
    pub text: Cow<'a, str>,
    /// The prefix removed, if any.
    pub kind: Option<PrefixKind>,
    /// For each line of `text`, the 1-based input line it came from, when a record held
    /// several lines (a JSON or logfmt message with newlines: a whole panic logged as one
    /// record); empty when line N of `text` is input line N.
    pub numbers: Vec<u32>,
}

/// How many non-empty lines are looked at to decide the prefix kind.
const SAMPLE_LINES: usize = 200;

/// Detects a per-line log prefix and removes it: a known kind first, else a shape learned
/// from the dump's own header lines.
pub fn strip(input: &str) -> Stripped<'_> {
    if let Some(kind) = detect(input) {
        return strip_known(input, kind);
    }
    if let Some(shape) = learned_prefix::learn(input) {
        let cut = cut_first_line(input, |line| shape.match_len(line));
        return strip_each(input, PrefixKind::Learned, cut, |line| {
            match shape.match_len(line) {
                Some(n) => Some(after(line, n)),
                None => compose_exit(line),
            }
        });
    }
    if let Some(kind) = detect_after_preamble(input) {
        return strip_known(input, kind);
    }
    Stripped {
        text: Cow::Borrowed(input),
        kind: None,
        numbers: Vec::new(),
    }
}

/// docker compose's line saying a service's container ended (`app-1 exited with code 2`,
/// printed without the service's `app-1  | ` prefix) as the exit status line it stands
/// for (`exit status 2`, as `go run` prints it): the program's end, not a line of its
/// dump cut short.
fn compose_exit(line: &str) -> Option<Cow<'_, str>> {
    let (service, code) = line.trim_end().split_once(" exited with code ")?;
    let named = !service.is_empty() && !service.contains(char::is_whitespace);
    (named && !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Cow::Owned(format!("exit status {code}")))
}

/// `input` without the known prefix `kind` (and a carrier nested in it).
fn strip_known(input: &str, kind: PrefixKind) -> Stripped<'_> {
    let cut = cut_first_line(input, |line| kind.len(line.as_bytes()));
    strip_nested(strip_each(input, kind, cut, |line| kind.strip(line)))
}

/// A carrier inside a carrier: a structured record (logfmt `msg="…"`, a JSON line) inside
/// a journald or timestamp prefix, or a prefix of its own shape after it (a syslog relay's
/// `host app 2020-…Z,app;` after its timestamp, [`learned_prefix`]), removed as well; line
/// numbers stay the input's.
fn strip_nested(outer: Stripped<'_>) -> Stripped<'_> {
    let structured = detect(&outer.text).filter(|&k| {
        Some(k) != outer.kind
            && matches!(
                k,
                PrefixKind::Logfmt | PrefixKind::JsonLines | PrefixKind::DockerJson
            )
    });
    let inner = match structured {
        Some(kind) => strip_each(&outer.text, kind, None, |line| kind.strip(line)),
        None => match learned_prefix::learn(&outer.text) {
            Some(shape) => strip_each(&outer.text, PrefixKind::Learned, None, |line| {
                shape.match_len(line).map(|n| after(line, n))
            }),
            None => return outer,
        },
    };
    let text = inner.text.into_owned();
    let line_count = text.split('\n').count();
    // Line N of the inner text came from outer line `inner.numbers[N - 1]` (or N), which
    // came from input line `outer.numbers[…]` (or the same number).
    let numbers = if inner.numbers.is_empty() && outer.numbers.is_empty() {
        Vec::new()
    } else {
        (1..=line_count as u32)
            .map(|n| {
                let mid = inner.numbers.get(n as usize - 1).copied().unwrap_or(n);
                outer.numbers.get(mid as usize - 1).copied().unwrap_or(mid)
            })
            .collect()
    };
    Stripped {
        text: Cow::Owned(text),
        kind: outer.kind,
        numbers,
    }
}

/// Removes the prefix that `strip_line` finds from every line that carries it, and the
/// first `cut.1` bytes of line `cut.0` (0-based: a first line whose prefix was cut at
/// the left, [`cut_first_line`]).
fn strip_each<'a>(
    input: &'a str,
    kind: PrefixKind,
    cut: Option<(usize, usize)>,
    strip_line: impl for<'l> Fn(&'l str) -> Option<Cow<'l, str>>,
) -> Stripped<'a> {
    let mut out = String::with_capacity(input.len());
    let mut numbers: Vec<u32> = Vec::new();
    // Set once a record held several lines: from then on every line is numbered.
    let mut numbered = false;
    for (i, raw) in input.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let stripped = match cut {
            Some((at, n)) if at == i => Some(after(line, n)),
            _ => strip_line(line),
        };
        match stripped {
            Some(text) => {
                let text = text.strip_suffix('\r').unwrap_or(&text);
                let inner = text.bytes().filter(|&b| b == b'\n').count();
                if inner > 0 && !numbered {
                    numbered = true;
                    numbers.extend(1..=i as u32);
                }
                out.push_str(text);
                if numbered {
                    numbers.extend(std::iter::repeat_n(i as u32 + 1, inner + 1));
                }
            }
            None => {
                out.push_str(line);
                if numbered {
                    numbers.push(i as u32 + 1);
                }
            }
        }
    }
    Stripped {
        text: Cow::Owned(out),
        kind: Some(kind),
        numbers,
    }
}

/// How many non-blank lines after a first line without the prefix are looked at for one
/// that carries it ([`cut_first_line`]).
const CUT_REFERENCE_LINES: usize = 4;

/// A first line whose prefix the selection cut at the left (`3.6367390Z panic: …` above
/// lines that start `2024-10-09T09:16:43.6370024Z `): its 0-based index and how many of
/// its bytes are what is left of the prefix, when it starts with text of the shape of the
/// end of the prefix a line just below it carries ([`same_tail`]). `prefix_len`: the
/// length of the prefix a line carries.
fn cut_first_line(
    input: &str,
    prefix_len: impl Fn(&str) -> Option<usize>,
) -> Option<(usize, usize)> {
    let mut lines = input
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (first, line) = lines.next()?;
    if prefix_len(line).is_some() {
        return None;
    }
    let reference = lines
        .take(CUT_REFERENCE_LINES)
        .find_map(|(_, l)| prefix_len(l).map(|n| &l[..n]))?;
    same_tail(reference, line).map(|n| (first, n))
}

/// A run of characters of one class in a prefix ([`same_tail`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Digits(usize),
    Letters(usize),
    Spaces(usize),
    Other(char),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for c in text.chars() {
        let run = if c.is_ascii_digit() {
            Run::Digits(1)
        } else if c.is_alphabetic() || c == '_' {
            Run::Letters(1)
        } else if c == ' ' {
            Run::Spaces(1)
        } else {
            Run::Other(c)
        };
        match (out.last_mut(), run) {
            (Some(Run::Digits(n)), Run::Digits(_))
            | (Some(Run::Letters(n)), Run::Letters(_))
            | (Some(Run::Spaces(n)), Run::Spaces(_)) => *n += 1,
            _ => out.push(run),
        }
    }
    out
}

/// How many bytes at the start of `line` read as the end of the prefix `reference`: runs
/// of digits, letters and spaces and the punctuation between them as in the reference's
/// last runs (digits and letters of any count: fractions and names vary; the leftmost run
/// no longer than the reference's, being cut), taking at least three runs, one of them
/// digits (`3.6367390Z `, `[383]: `). The longest such start; `None` when there is none.
fn same_tail(reference: &str, line: &str) -> Option<usize> {
    let want = runs(reference);
    let last = *want.last()?;
    let max = reference.len().min(line.len());
    (1..=max)
        .rev()
        .filter(|&k| line.is_char_boundary(k))
        .find(|&k| {
            let have = runs(&line[..k]);
            if have.len() < 3 || have.len() > want.len() || *have.last().unwrap() != last {
                return false;
            }
            let aligned = &want[want.len() - have.len()..];
            let first_fits = match (have[0], aligned[0]) {
                (Run::Digits(a), Run::Digits(b)) | (Run::Letters(a), Run::Letters(b)) => a <= b,
                (a, b) => a == b,
            };
            first_fits
                && have.iter().any(|r| matches!(r, Run::Digits(_)))
                && have.iter().zip(aligned).skip(1).all(|(a, b)| match (a, b) {
                    (Run::Digits(_), Run::Digits(_)) | (Run::Letters(_), Run::Letters(_)) => true,
                    (a, b) => a == b,
                })
        })
}

/// The first `n` non-blank lines of `input`, without line terminators.
pub(super) fn sample_lines(input: &str, n: usize) -> Vec<&str> {
    input
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .collect()
}

/// The known kinds; on a tie the later kind wins: docker's own over any JSON line,
/// journald's ISO form (time, host, unit) over the bare Kubernetes timestamp.
const KINDS: [PrefixKind; 6] = [
    PrefixKind::JsonLines,
    PrefixKind::DockerJson,
    PrefixKind::Logfmt,
    PrefixKind::Kubernetes,
    PrefixKind::Journald,
    PrefixKind::Timestamp,
];

/// The prefix kind most sampled lines carry (at least 60% of them), if any.
pub fn detect(input: &str) -> Option<PrefixKind> {
    let sample = sample_lines(input, SAMPLE_LINES);
    if sample.is_empty() {
        return None;
    }
    KINDS
        .into_iter()
        .map(|kind| {
            let hits = sample.iter().filter(|l| kind.strip(l).is_some()).count();
            (kind, hits)
        })
        .filter(|&(_, hits)| hits * 10 >= sample.len() * 6)
        .max_by_key(|&(_, hits)| hits)
        .map(|(kind, _)| kind)
}

/// A prefix kind most lines carry from the first line that carries it on, when some
/// other text stands before that line (`systemctl status UNIT`'s header above the unit's
/// last journal lines, a command line and its echo): at least three lines carry it, no
/// fewer than the lines before the first one, and 60% of the lines from it on.
fn detect_after_preamble(input: &str) -> Option<PrefixKind> {
    let sample = sample_lines(input, SAMPLE_LINES);
    KINDS
        .into_iter()
        .filter_map(|kind| {
            let first = sample.iter().position(|l| kind.strip(l).is_some())?;
            let rest = &sample[first..];
            let hits = rest.iter().filter(|l| kind.strip(l).is_some()).count();
            (hits >= 3 && hits >= first && hits * 10 >= rest.len() * 6).then_some((kind, hits))
        })
        .max_by_key(|&(_, hits)| hits)
        .map(|(kind, _)| kind)
}

fn digits(b: &[u8], at: usize, n: usize) -> bool {
    b.len() >= at + n && b[at..at + n].iter().all(u8::is_ascii_digit)
}

/// Whether `b` starts with `YYYY-MM-DDT`, the date half of an ISO 8601 time.
fn starts_with_date_t(b: &[u8]) -> bool {
    digits(b, 0, 4)
        && b.get(4) == Some(&b'-')
        && digits(b, 5, 2)
        && b.get(7) == Some(&b'-')
        && digits(b, 8, 2)
        && b.get(10) == Some(&b'T')
}

/// What a copy left of the 8-byte frame header docker's multiplexed log stream puts
/// before every record (`docker logs` read from the API without demultiplexing: stream
/// byte 1 or 2, three zero bytes, the record's length as a big-endian u32; moby's
/// `stdcopy`), before an RFC 3339 time: control characters, NULs and U+FFFD (bytes that
/// are no UTF-8), then the length's last byte as any one character (`g` for 103 bytes,
/// a space for 32). Its length in bytes, 0 when the line starts with the time.
pub(super) fn frame_header_len(b: &[u8]) -> usize {
    const MAX_CHARS: usize = 8;
    if starts_with_date_t(b) {
        return 0;
    }
    let Some(at) = (1..=4 * MAX_CHARS)
        .take_while(|&at| at < b.len())
        .find(|&at| starts_with_date_t(&b[at..]))
    else {
        return 0;
    };
    let Ok(junk) = std::str::from_utf8(&b[..at]) else {
        return 0;
    };
    let mut chars = junk.chars().rev();
    chars.next();
    let header = |c: char| c.is_control() || c == '\u{fffd}';
    let count = junk.chars().count();
    if count <= MAX_CHARS && chars.all(header) {
        at
    } else {
        0
    }
}

/// `YYYY-MM-DDTHH:MM:SS(.frac)?(Z|±HH:MM) ` → its length including the space.
fn rfc3339_len(b: &[u8]) -> Option<usize> {
    if !starts_with_date_t(b) {
        return None;
    }
    let mut i = clock_len(b, 11)?;
    match b.get(i) {
        Some(b'Z') => i += 1,
        Some(b'+' | b'-') if digits(b, i + 1, 2) && b.get(i + 3) == Some(&b':') => i += 6,
        _ => return None,
    }
    (b.get(i) == Some(&b' ')).then_some(i + 1)
}

/// `YYYY-MM-DDTHH:MM:SS(.frac)?(Z|±HH:MM|±HHMM)` (journalctl's ISO forms) → its length.
pub(super) fn iso_time_len(b: &[u8]) -> Option<usize> {
    if !starts_with_date_t(b) {
        return None;
    }
    let i = clock_len(b, 11)?;
    match b.get(i) {
        Some(b'Z') => Some(i + 1),
        Some(b'+' | b'-') if digits(b, i + 1, 2) && b.get(i + 3) == Some(&b':') => {
            digits(b, i + 4, 2).then_some(i + 6)
        }
        Some(b'+' | b'-') => digits(b, i + 1, 4).then_some(i + 5),
        _ => None,
    }
}

/// `stdout F ` / `stderr P ` (the CRI log format's stream and full/partial tag) → its
/// length, or 0 when the text does not start with one.
fn cri_stream_len(b: &[u8]) -> usize {
    let stream = b.starts_with(b"stdout ") || b.starts_with(b"stderr ");
    let tagged = matches!(b.get(7), Some(b'F' | b'P')) && b.get(8) == Some(&b' ');
    if stream && tagged {
        9
    } else {
        0
    }
}

/// `HH:MM:SS(.frac)?` at `at` → index after it.
fn clock_len(b: &[u8], at: usize) -> Option<usize> {
    if !(digits(b, at, 2)
        && b.get(at + 2) == Some(&b':')
        && digits(b, at + 3, 2)
        && b.get(at + 5) == Some(&b':')
        && digits(b, at + 6, 2))
    {
        return None;
    }
    let mut i = at + 8;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    Some(i)
}

/// `YYYY/MM/DD HH:MM:SS ` or `YYYY-MM-DD HH:MM:SS.fff ` → length including the space.
fn timestamp_len(b: &[u8]) -> Option<usize> {
    let sep = *b.get(4)?;
    if !(digits(b, 0, 4)
        && (sep == b'/' || sep == b'-')
        && digits(b, 5, 2)
        && b.get(7) == Some(&sep)
        && digits(b, 8, 2)
        && b.get(10) == Some(&b' '))
    {
        return None;
    }
    let i = clock_len(b, 11)?;
    (b.get(i) == Some(&b' ')).then_some(i + 1)
}

/// `Mon DD HH:MM:SS host unit[pid]: ` or `YYYY-MM-DDTHH:MM:SS(.frac)±HHMM host unit[pid]: `
/// → length.
fn journald_len(b: &[u8]) -> Option<usize> {
    if let Some(time) = iso_time_len(b) {
        return host_and_unit_len(b, time);
    }
    if !(b.len() > 16
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_lowercase()
        && b[2].is_ascii_lowercase()
        && b[3] == b' '
        && (b[4] == b' ' || b[4].is_ascii_digit())
        && b[5].is_ascii_digit()
        && b[6] == b' ')
    {
        return None;
    }
    host_and_unit_len(b, clock_len(b, 7)?)
}

/// ` host unit[pid]: ` after a journald time ending at `i` → length of the whole prefix.
/// The unit's tag holds no space, so its `: ` is the first space after the host.
fn host_and_unit_len(b: &[u8], i: usize) -> Option<usize> {
    let rest = b.get(i..)?.strip_prefix(b" ")?;
    let host_end = memchr::memchr(b' ', rest)?;
    let unit = &rest[host_end + 1..];
    let space = memchr::memchr(b' ', unit)?;
    // `unit[..space - 1]`: the tag, not empty.
    (space >= 2 && unit[space - 1] == b':').then(|| b.len() - unit.len() + space + 1)
}

/// The `log` field of a docker json-file line, without its final newline.
fn docker_log(line: &str) -> Option<String> {
    if !line.starts_with("{\"log\":") {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        log: String,
    }
    let entry: Entry = serde_json::from_str(line).ok()?;
    let log = entry.log;
    let log = log.strip_suffix('\n').unwrap_or(&log);
    let log = log.strip_suffix('\r').unwrap_or(log);
    // One input line must stay one output line.
    Some(log.replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes() {
        let k = PrefixKind::Kubernetes;
        assert_eq!(
            k.strip("2026-11-25T02:33:10.123456789Z \t/a.go:1 +0x1")
                .as_deref(),
            Some("\t/a.go:1 +0x1")
        );
        assert_eq!(k.strip("2026-11-25T02:33:10+01:00 x").as_deref(), Some("x"));
        assert_eq!(
            k.strip("2026-11-25T02:33:10.5Z stderr F \t/a.go:1")
                .as_deref(),
            Some("\t/a.go:1")
        );
        assert!(k.strip("goroutine 1 [running]:").is_none());
    }

    #[test]
    fn journald() {
        let j = PrefixKind::Journald;
        assert_eq!(
            j.strip("Nov 25 02:33:10 web-1 shop[4242]: goroutine 1 [running]:")
                .as_deref(),
            Some("goroutine 1 [running]:")
        );
        assert_eq!(
            j.strip("Nov  5 02:33:10 web-1 shop: #011/a.go:1")
                .as_deref(),
            Some("\t/a.go:1")
        );
    }

    #[test]
    fn journald_iso() {
        let j = PrefixKind::Journald;
        for line in [
            "2026-11-25T02:33:10+0000 web-1 shop[4242]: goroutine 1 [running]:",
            "2026-11-25T02:33:10.123456+00:00 web-1 shop[4242]: goroutine 1 [running]:",
        ] {
            assert_eq!(j.strip(line).as_deref(), Some("goroutine 1 [running]:"));
        }
        let text = "2026-11-25T02:33:10.5+00:00 web-1 shop[1]: goroutine 1 [running]:\n\
                    2026-11-25T02:33:10.5+00:00 web-1 shop[1]: main.main()\n";
        assert_eq!(detect(text), Some(PrefixKind::Journald));
        let k8s =
            "2026-11-25T02:33:10.5Z goroutine 1 [running]:\n2026-11-25T02:33:10.5Z main.main()\n";
        assert_eq!(detect(k8s), Some(PrefixKind::Kubernetes));
    }

    #[test]
    fn docker() {
        let d = PrefixKind::DockerJson;
        assert_eq!(
            d.strip(
                r#"{"log":"\t/a.go:1 +0x1\n","stream":"stderr","time":"2026-11-25T02:33:10Z"}"#
            )
            .as_deref(),
            Some("\t/a.go:1 +0x1")
        );
    }

    #[test]
    fn timestamps() {
        let t = PrefixKind::Timestamp;
        assert_eq!(
            t.strip("2026/11/25 02:33:10 panic: x").as_deref(),
            Some("panic: x")
        );
        assert_eq!(t.strip("2026-11-25 02:33:10.123 y").as_deref(), Some("y"));
    }

    #[test]
    fn a_prefix_of_its_own_shape_after_a_known_one_goes_too() {
        // A syslog relay's lines (from a public issue): a timestamp, then host, app and the
        // app's own time and name; the varying parts are learned.
        let relay = |time: &str, text: &str| {
            format!("2020-12-03T03:33:10.{time}+00:00 linuxkit-ac1f6b70fdaa pillar 2020-12-03T03:33:09Z,pillar;{text}\n")
        };
        let text = [
            relay("101135", "panic: boom"),
            relay("103606", ""),
            relay("106265", "goroutine 1758 [running]:"),
            relay("106265", "main.parse(0xc000123, 0xa)"),
            relay("106265", "\t/pillar/main.go:12 +0x1d"),
            relay("106301", "created by main.main"),
            relay("106301", "\t/pillar/main.go:20 +0x2d"),
        ]
        .concat();
        let stripped = strip(&text);
        assert_eq!(stripped.kind, Some(PrefixKind::Kubernetes));
        assert_eq!(
            stripped.text,
            "panic: boom\n\ngoroutine 1758 [running]:\nmain.parse(0xc000123, 0xa)\n\
             \t/pillar/main.go:12 +0x1d\ncreated by main.main\n\t/pillar/main.go:20 +0x2d\n"
        );
    }

    #[test]
    fn detection_needs_most_lines() {
        let text = "2026/11/25 02:33:10 a\n2026/11/25 02:33:10 b\nc\n";
        assert_eq!(detect(text), Some(PrefixKind::Timestamp));
        assert_eq!(detect("goroutine 1 [running]:\nmain.main()\n"), None);
        let stripped = strip("2026/11/25 02:33:10 a\r\n\r\n2026/11/25 02:33:10 b");
        assert_eq!(stripped.text, "a\n\nb");
    }
}
