//! The time a log prefix carries, so dumps found in one log can be compared per minute.
//!
//! Only differences between times matter (rates of growth), so times are seconds since
//! 1970-01-01 read as UTC: a zone offset given (`+02:00`) is applied, a local time without
//! one is taken as is, and journald lines, which print no year, are placed in 1970.

use super::prefix::PrefixKind;

/// Seconds of the time at the start of `line` written with prefix `kind`.
pub fn time_of(kind: PrefixKind, line: &str) -> Option<f64> {
    match kind {
        PrefixKind::Kubernetes => {
            rfc3339(&line[super::prefix::frame_header_len(line.as_bytes())..])
        }
        PrefixKind::Timestamp => date_time(line.as_bytes(), 0),
        PrefixKind::DockerJson => {
            let at = line.find("\"time\":\"")? + "\"time\":\"".len();
            rfc3339(&line[at..])
        }
        PrefixKind::Journald => rfc3339(line).or_else(|| journald(line)),
        PrefixKind::Logfmt => {
            let at = line.find("time=")? + "time=".len();
            rfc3339(line[at..].trim_start_matches('"'))
        }
        // JSON records name and write their time in too many ways to guess.
        PrefixKind::JsonLines => None,
        // A learned prefix's fields have no known meaning, so no time is read from it.
        PrefixKind::Learned => None,
    }
}

/// For each 1-based line number in `lines`, the time its prefix carries (`None` when
/// the line has none or does not exist).
pub fn times_of_lines(input: &str, kind: PrefixKind, lines: &[usize]) -> Vec<Option<f64>> {
    let mut wanted: Vec<(usize, usize)> = lines.iter().copied().zip(0..).collect();
    crate::order::sort(&mut wanted);
    let mut out = vec![None; lines.len()];
    let mut next = wanted.iter().peekable();
    for (i, line) in input.split('\n').enumerate() {
        while let Some(&&(number, slot)) = next.peek() {
            if number != i + 1 {
                break;
            }
            out[slot] = time_of(kind, line.strip_suffix('\r').unwrap_or(line));
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
    }
    out
}

fn number(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let digits = b.get(at..at + len)?;
    digits.iter().try_fold(0i64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// `YYYY?MM?DD?HH:MM:SS(.frac)` at `at` (any one-byte separators), then the index after it.
fn date_time_at(b: &[u8], at: usize) -> Option<(f64, usize)> {
    let year = number(b, at, 4)?;
    let month = number(b, at + 5, 2)?;
    let day = number(b, at + 8, 2)?;
    let (clock, end) = clock(b, at + 11)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((
        days_from_civil(year, month, day) as f64 * 86400.0 + clock,
        end,
    ))
}

fn date_time(b: &[u8], at: usize) -> Option<f64> {
    date_time_at(b, at).map(|(t, _)| t)
}

/// `HH:MM:SS(.frac)` at `at`: seconds into the day, and the index after it.
fn clock(b: &[u8], at: usize) -> Option<(f64, usize)> {
    if b.get(at + 2) != Some(&b':') || b.get(at + 5) != Some(&b':') {
        return None;
    }
    let seconds = number(b, at, 2)? * 3600 + number(b, at + 3, 2)? * 60 + number(b, at + 6, 2)?;
    let mut end = at + 8;
    let mut fraction = 0.0;
    if matches!(b.get(end), Some(b'.' | b',')) {
        let mut scale = 0.1;
        end += 1;
        while let Some(d) = b.get(end).filter(|d| d.is_ascii_digit()) {
            fraction += f64::from(d - b'0') * scale;
            scale /= 10.0;
            end += 1;
        }
    }
    Some((seconds as f64 + fraction, end))
}

/// RFC 3339 (`2026-11-25T02:33:10.5Z`, `…+02:00`) as UTC seconds.
fn rfc3339(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.get(10) != Some(&b'T') {
        return None;
    }
    let (local, end) = date_time_at(b, 0)?;
    let offset = match b.get(end) {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            // `+02:00`, or `+0200` as journalctl's short-iso prints it.
            let minutes_at = if b.get(end + 3) == Some(&b':') {
                end + 4
            } else {
                end + 3
            };
            let minutes = number(b, end + 1, 2)? * 60 + number(b, minutes_at, 2)?;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    Some(local - offset as f64 * 60.0)
}

/// `Nov 25 02:33:10 …` (no year: 1970).
fn journald(line: &str) -> Option<f64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| line.starts_with(m))? as i64 + 1;
    let b = line.as_bytes();
    let day = match b.get(4)? {
        b' ' => number(b, 5, 1)?,
        _ => number(b, 4, 2)?,
    };
    let (clock, _) = clock(b, 7)?;
    Some(days_from_civil(1970, month, day) as f64 * 86400.0 + clock)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 25), 20_782);
    }

    #[test]
    fn each_prefix_kind() {
        let k8s = time_of(PrefixKind::Kubernetes, "2026-11-25T02:33:10.5Z goroutine 1").unwrap();
        assert_eq!(k8s, 20_782.0 * 86400.0 + 2.0 * 3600.0 + 33.0 * 60.0 + 10.5);
        let zoned = time_of(PrefixKind::Kubernetes, "2026-11-25T04:33:10.5+02:00 x").unwrap();
        assert_eq!(zoned, k8s);
        let go = time_of(PrefixKind::Timestamp, "2026/11/25 02:33:10 goroutine 1").unwrap();
        assert_eq!(go, k8s - 0.5);
        let docker = time_of(
            PrefixKind::DockerJson,
            r#"{"log":"x\n","stream":"stderr","time":"2026-11-25T02:33:10.5Z"}"#,
        );
        assert_eq!(docker, Some(k8s));
        let iso = time_of(
            PrefixKind::Journald,
            "2026-11-25T04:33:10+0200 web-1 shop[1]: x",
        );
        assert_eq!(iso, Some(k8s - 0.5));
        let logfmt = time_of(PrefixKind::Logfmt, "time=2026-11-25T02:33:10.5Z msg=x");
        assert_eq!(logfmt, Some(k8s));
        let a = time_of(PrefixKind::Journald, "Nov  5 02:33:10 web-1 shop[1]: x").unwrap();
        let b = time_of(PrefixKind::Journald, "Nov 25 02:33:10 web-1 shop[1]: x").unwrap();
        assert_eq!(b - a, 20.0 * 86400.0);
        assert_eq!(
            time_of(PrefixKind::Kubernetes, "goroutine 1 [running]:"),
            None
        );
        assert_eq!(
            time_of(PrefixKind::Timestamp, "2026/13/25 02:33:10 x"),
            None
        );
    }

    #[test]
    fn times_of_chosen_lines() {
        let input = "2026-11-25T00:00:01Z a\r\nb\n2026-11-25T00:00:03Z c\n";
        let times = times_of_lines(input, PrefixKind::Kubernetes, &[3, 1, 2, 9]);
        let day = 20_782.0 * 86400.0;
        assert_eq!(times, vec![Some(day + 3.0), Some(day + 1.0), None, None]);
    }
}
