//! The goroutine header line of debug=2 dumps and tracebacks, in every form the runtime
//! has printed (see `goroutineheader` in Go's `runtime/traceback.go`):
//!
//! ```text
//! goroutine 7 [chan receive]:
//! goroutine 7 [chan receive, 5 minutes, locked to thread]:
//! goroutine 7 gp=0xc000007340 m=3 mp=0xc000100008 [running]:      (GOTRACEBACK=system)
//! goroutine 7 gp=0xc000007340 m=nil [select]:
//! goroutine 7 [chan send (leaked)]:                               (Go ≥ 1.26)
//! goroutine 7 [select (durable), synctest bubble 3]:
//! goroutine 7 [chan receive] {handler: /api, "user agent": "x"}:  (Go ≥ 1.27 labels)
//! ```

use nom::bytes::complete::{tag, take_till};
use nom::character::complete::{char, digit1, space1};
use nom::combinator::{map_res, opt};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

/// A parsed goroutine header. Borrowed from the line; nothing is allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// Goroutine id.
    pub id: u64,
    /// Wait reason without `(scan)`, `(durable)` and `(leaked)` markers.
    pub state: &'a str,
    /// `, N minutes`.
    pub wait_minutes: u32,
    /// `, locked to thread`.
    pub locked_to_thread: bool,
    /// `(leaked)` marker.
    pub leaked: bool,
    /// `(durable)` marker.
    pub durable: bool,
    /// `(scan)` marker.
    pub scan: bool,
    /// `, synctest bubble N`.
    pub bubble: Option<u64>,
    /// `m=N` (None for `m=nil` or when absent).
    pub m: Option<u32>,
    /// Whether `gp=…` was printed (GOTRACEBACK=system or a crashing M).
    pub has_gp: bool,
    /// Label text between the braces, Go-quoted where needed (`handler: /api, …`).
    pub labels: Option<&'a str>,
    /// Bracket items this parser does not know; the caller reports them.
    pub unknown_items: Option<&'a str>,
}

fn number<T: std::str::FromStr>(input: &str) -> IResult<&str, T> {
    map_res(digit1, str::parse::<T>).parse(input)
}

/// `gp=0x… m=N mp=0x…` or `gp=0x… m=nil`: returns `(has_gp, m)`.
fn machine_fields(input: &str) -> IResult<&str, (bool, Option<u32>)> {
    let (input, gp) = opt(preceded(tag("gp="), take_till(|c| c == ' '))).parse(input)?;
    let input = input.trim_start_matches(' ');
    let (input, m) = opt(preceded(tag("m="), take_till(|c| c == ' '))).parse(input)?;
    let input = input.trim_start_matches(' ');
    let (input, _) = opt(preceded(tag("mp="), take_till(|c| c == ' '))).parse(input)?;
    let input = input.trim_start_matches(' ');
    Ok((input, (gp.is_some(), m.and_then(|m| m.parse().ok()))))
}

/// The items of the bracket, as `bracket.split(", ")` would give them. Most brackets hold
/// one item (`[chan receive]`): looking for a comma first spares every header the setup of
/// a substring searcher, which showed in the wasm profile of the 100k-goroutine dump.
fn bracket_items(bracket: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(bracket);
    std::iter::from_fn(move || {
        let text = rest?;
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memchr(b',', &bytes[from..]) {
            let comma = from + i;
            if bytes.get(comma + 1) == Some(&b' ') {
                rest = Some(&text[comma + 2..]);
                return Some(&text[..comma]);
            }
            from = comma + 1;
        }
        rest = None;
        Some(text)
    })
}

/// Parses a header line (already stripped of log prefixes and surrounding whitespace).
pub fn parse_header(line: &str) -> Option<Header<'_>> {
    header(line).ok().map(|(_, h)| h)
}

fn header(input: &str) -> IResult<&str, Header<'_>> {
    let (input, id) = preceded((tag("goroutine"), space1), number::<u64>).parse(input)?;
    let (input, _) = space1(input)?;
    let (input, (has_gp, m)) = machine_fields(input)?;
    let (input, bracket) = delimited(char('['), take_till(|c| c == ']'), char(']')).parse(input)?;
    let (labels, rest) = match input.strip_suffix(':') {
        Some("") => (None, ""),
        Some(rest) => match rest.strip_prefix(" {").and_then(|r| r.strip_suffix('}')) {
            Some(labels) => (Some(labels), ""),
            None => (None, rest),
        },
        None => (None, if input.is_empty() { "]" } else { input }),
    };
    if !rest.is_empty() {
        return Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Tag,
        )));
    }
    let mut header = Header {
        id,
        state: "",
        wait_minutes: 0,
        locked_to_thread: false,
        leaked: false,
        durable: false,
        scan: false,
        bubble: None,
        m,
        has_gp,
        labels,
        unknown_items: None,
    };
    let mut items = bracket_items(bracket);
    let mut status = items.next().unwrap_or("");
    loop {
        if let Some(s) = status.strip_suffix(" (scan)") {
            header.scan = true;
            status = s;
        } else if let Some(s) = status.strip_suffix(" (durable)") {
            header.durable = true;
            status = s;
        } else if let Some(s) = status.strip_suffix(" (leaked)") {
            header.leaked = true;
            status = s;
        } else {
            break;
        }
    }
    header.state = status;
    let mut unknown_from: Option<usize> = None;
    for item in items {
        if let Some(n) = item.strip_suffix(" minutes") {
            if let Ok(n) = n.parse() {
                header.wait_minutes = n;
                continue;
            }
        } else if item == "locked to thread" {
            header.locked_to_thread = true;
            continue;
        } else if item == "scan" {
            header.scan = true;
            continue;
        } else if let Some(n) = item.strip_prefix("synctest bubble ") {
            if let Ok(n) = n.parse() {
                header.bubble = Some(n);
                continue;
            }
        }
        let offset = item.as_ptr() as usize - bracket.as_ptr() as usize;
        unknown_from.get_or_insert(offset);
    }
    header.unknown_items = unknown_from.map(|i| &bracket[i..]);
    Ok(("", header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_items_split_like_str_split() {
        for bracket in [
            "chan receive",
            "IO wait, 5 minutes",
            "select, 12 minutes, locked to thread",
            "a,b, c",
            "trailing, ",
            ", leading",
            "",
            ",",
            "x,, y",
        ] {
            let ours: Vec<&str> = bracket_items(bracket).collect();
            let std: Vec<&str> = bracket.split(", ").collect();
            assert_eq!(ours, std, "{bracket:?}");
        }
    }

    fn h(line: &str) -> Header<'_> {
        parse_header(line).unwrap_or_else(|| panic!("not a header: {line}"))
    }

    #[test]
    fn plain_header() {
        let x = h("goroutine 1 [running]:");
        assert_eq!((x.id, x.state, x.wait_minutes), (1, "running", 0));
        assert!(x.labels.is_none() && !x.has_gp);
    }

    #[test]
    fn minutes_and_locked() {
        let x = h("goroutine 35 [chan receive, 12 minutes, locked to thread]:");
        assert_eq!(
            (x.state, x.wait_minutes, x.locked_to_thread),
            ("chan receive", 12, true)
        );
    }

    #[test]
    fn system_fields() {
        let x = h("goroutine 1 gp=0x162a4dbee1e0 m=0 mp=0x57d2a0 [running]:");
        assert_eq!((x.m, x.has_gp, x.state), (Some(0), true, "running"));
        let y = h("goroutine 2 gp=0x35109e458780 m=nil [force gc (idle)]:");
        assert_eq!((y.m, y.state), (None, "force gc (idle)"));
    }

    #[test]
    fn leaked_durable_bubble_scan() {
        let x = h("goroutine 9 [chan send (leaked), 1 minutes]:");
        assert!(x.leaked);
        assert_eq!((x.state, x.wait_minutes), ("chan send", 1));
        let y = h("goroutine 9 [select (scan) (durable), synctest bubble 4]:");
        assert!(y.scan && y.durable);
        assert_eq!((y.state, y.bubble), ("select", Some(4)));
        assert_eq!(
            h("goroutine 3 [select (no cases)]:").state,
            "select (no cases)"
        );
    }

    #[test]
    fn labels_after_bracket() {
        let x = h(r#"goroutine 76 [chan receive] {"trace-id": "a\"b", "user agent": "x (y)"}:"#);
        assert_eq!(
            x.labels,
            Some(r#""trace-id": "a\"b", "user agent": "x (y)""#)
        );
        assert_eq!(x.state, "chan receive");
    }

    #[test]
    fn unknown_items_are_kept() {
        let x = h("goroutine 3 [sleep, 2 minutes, frobnicated]:");
        assert_eq!((x.wait_minutes, x.unknown_items), (2, Some("frobnicated")));
    }

    #[test]
    fn rejects_non_headers() {
        for line in [
            "goroutine profile: total 5",
            "goroutine 1 [running]",
            "goroutine x [running]:",
            "goroutine 1 [running]: trailing",
            "goroutine running on other thread; stack unavailable",
        ] {
            assert!(parse_header(line).is_none(), "{line}");
        }
    }
}
