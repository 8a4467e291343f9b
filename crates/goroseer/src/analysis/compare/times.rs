//! When the dumps were taken, so growth can be read per minute.
//!
//! Go dumps carry no time of their own, so times come from the user — one interval
//! between consecutive dumps (`--interval 10s`) or one time per input (`--at 5s,15s,70s`)
//! — or from the log prefix of each dump's first line when the dumps were read from a
//! timestamped log (`kubectl logs --timestamps`, docker JSON, Go's `log`), or, as a
//! documented heuristic, from the file names: a `t<number><unit>` part such as
//! `goroutine.t15s.debug2.txt` (see [`time_in_name`]). The comparison says which source
//! it used (`timeSource`), so a rate read from names is never mistaken for a measured one.

use serde::Serialize;

use super::CompareError;

/// How the times of the dumps are known.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum DumpTimes {
    /// Not known: deltas only, no rates.
    #[default]
    Unknown,
    /// The n-th dump of each kind (goroutine, heap) was taken `n × interval` seconds after
    /// the first.
    Interval(f64),
    /// One time (seconds from any origin) per input, in input order.
    At(Vec<f64>),
    /// Read from the file names when every name carries one and they increase.
    FromNames,
}

/// Where the times used came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// One time per input, given by the user.
    Given,
    /// A fixed interval between dumps, given by the user.
    Interval,
    /// The timestamps of the log lines the dumps start on.
    LogTimestamps,
    /// Parsed from the file names (a heuristic).
    FileNames,
}

/// Times resolved against the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum InputTimes {
    /// Unknown.
    Unknown,
    /// Seconds per input.
    PerInput(Vec<f64>),
    /// Seconds between consecutive dumps of one kind.
    Interval(f64),
    /// Each dump's own time, from its log prefix (`Document::profile_times`).
    FromLogs,
}

impl InputTimes {
    /// The time of the `nth` dump of its kind, which comes from input `input` and whose
    /// log prefix said `logged` (if anything).
    pub fn of(&self, input: usize, nth: usize, logged: Option<f64>) -> Option<f64> {
        match self {
            InputTimes::Unknown => None,
            InputTimes::PerInput(times) => times.get(input).copied(),
            InputTimes::Interval(step) => Some(*step * nth as f64),
            InputTimes::FromLogs => logged,
        }
    }
}

impl DumpTimes {
    /// Resolves the times for inputs named `names`; `all_logged` says whether every dump
    /// compared carries a log timestamp, which is used unless the user gave times.
    pub fn resolve(
        &self,
        names: &[&str],
        all_logged: bool,
    ) -> Result<(InputTimes, Option<TimeSource>), CompareError> {
        Ok(match self {
            DumpTimes::Unknown | DumpTimes::FromNames if all_logged => {
                (InputTimes::FromLogs, Some(TimeSource::LogTimestamps))
            }
            DumpTimes::Unknown => (InputTimes::Unknown, None),
            DumpTimes::Interval(step) => (InputTimes::Interval(*step), Some(TimeSource::Interval)),
            DumpTimes::At(times) if times.len() != names.len() => {
                return Err(CompareError::TimeCount {
                    inputs: names.len(),
                    times: times.len(),
                })
            }
            DumpTimes::At(times) => (InputTimes::PerInput(times.clone()), Some(TimeSource::Given)),
            DumpTimes::FromNames => {
                let times: Option<Vec<f64>> = names.iter().map(|n| time_in_name(n)).collect();
                // Two dumps of one moment (debug=1 and debug=2 taken back to back) may
                // carry the same time; a time before the one of the input before is no
                // sequence.
                match times {
                    Some(t) if t.windows(2).all(|w| w[1] >= w[0]) && t.first() < t.last() => {
                        (InputTimes::PerInput(t), Some(TimeSource::FileNames))
                    }
                    _ => (InputTimes::Unknown, None),
                }
            }
        })
    }
}

/// Why times could not be read from `names` (`DumpTimes::FromNames` resolved to no
/// times), for a person: which names carry none, or where they go back; and what the
/// comparison does instead.
pub fn why_no_times_in_names(names: &[&str]) -> (Option<usize>, String) {
    const INSTEAD: &str = "the dumps are compared in the order given, with no rates per minute";
    let missing: Vec<usize> = (0..names.len())
        .filter(|&i| time_in_name(names[i]).is_none())
        .collect();
    if let Some(&first) = missing.first() {
        let listed: Vec<&str> = missing.iter().take(3).map(|&i| names[i]).collect();
        let more = match missing.len().saturating_sub(3) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let verb = if missing.len() == 1 {
            "carries"
        } else {
            "carry"
        };
        return (
            Some(first),
            format!(
                "{}{more} {verb} no time in {} name (such as `t15s`): {INSTEAD}",
                listed.join(", "),
                if missing.len() == 1 { "its" } else { "their" },
            ),
        );
    }
    let times: Vec<f64> = names.iter().filter_map(|n| time_in_name(n)).collect();
    match times.windows(2).position(|w| w[1] < w[0]) {
        Some(i) => (
            Some(i + 1),
            format!(
                "the times in the names go back ({} at {}s, then {} at {}s): {INSTEAD}",
                names[i],
                times[i],
                names[i + 1],
                times[i + 1]
            ),
        ),
        None => (None, format!("every name carries the same time: {INSTEAD}")),
    }
}

/// Seconds of a duration written `90`, `90s`, `1.5m`, `500ms`, `2h` or `1m30s`.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then_some(seconds);
    }
    let mut rest = text;
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (scale, unit_len) = if rest.starts_with("ms") {
            (0.001, 2)
        } else if rest.starts_with('s') {
            (1.0, 1)
        } else if rest.starts_with('m') {
            (60.0, 1)
        } else if rest.starts_with('h') {
            (3600.0, 1)
        } else {
            return None;
        };
        total += number * scale;
        rest = &rest[unit_len..];
    }
    (!text.is_empty()).then_some(total)
}

/// The heuristic time in a file name: a part (between `.`, `_`, `-` or the start/end of
/// the base name) reading `t` followed by a duration with a unit, e.g. `t05s`, `t2m`,
/// `t1m30s`. A bare number is not taken (`t5` could be anything).
pub fn time_in_name(name: &str) -> Option<f64> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.split(['.', '_', '-'])
        .filter_map(|part| part.strip_prefix('t'))
        .filter(|d| d.ends_with(['s', 'm', 'h']))
        .find_map(parse_duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Some(90.0));
        assert_eq!(parse_duration("90s"), Some(90.0));
        assert_eq!(parse_duration("1.5m"), Some(90.0));
        assert_eq!(parse_duration("1m30s"), Some(90.0));
        assert_eq!(parse_duration("500ms"), Some(0.5));
        assert_eq!(parse_duration("2h"), Some(7200.0));
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("-3"), None);
        assert_eq!(parse_duration("10x"), None);
        assert_eq!(parse_duration("s"), None);
    }

    #[test]
    fn times_in_names() {
        assert_eq!(time_in_name("goroutine.t05s.debug2.txt"), Some(5.0));
        assert_eq!(
            time_in_name("/tmp/dumps/goroutine.t70s.debug1.txt"),
            Some(70.0)
        );
        assert_eq!(time_in_name("heap-t2m.txt"), Some(120.0));
        assert_eq!(time_in_name("heap.t1.debug1.txt"), None);
        assert_eq!(time_in_name("goroutine.txt"), None);
        assert_eq!(time_in_name("k8s.txt"), None);
    }

    #[test]
    fn names_must_all_carry_increasing_times() {
        let ok = DumpTimes::FromNames
            .resolve(&["a.t05s.txt", "a.t15s.txt"], false)
            .unwrap();
        assert_eq!(ok.0, InputTimes::PerInput(vec![5.0, 15.0]));
        assert_eq!(ok.1, Some(TimeSource::FileNames));
        let missing = DumpTimes::FromNames
            .resolve(&["a.t05s.txt", "b.txt"], false)
            .unwrap();
        assert_eq!(missing, (InputTimes::Unknown, None));
        let same_moment = DumpTimes::FromNames
            .resolve(
                &["a.t05s.debug1.txt", "a.t05s.debug2.txt", "a.t15s.txt"],
                false,
            )
            .unwrap();
        assert_eq!(same_moment.1, Some(TimeSource::FileNames));
        let (input, why) = why_no_times_in_names(&["a.t05s.txt", "b.txt", "c.t9s.txt"]);
        assert_eq!(input, Some(1));
        assert!(
            why.starts_with("b.txt carries no time in its name"),
            "{why}"
        );
        let (input, why) = why_no_times_in_names(&["a.t15s.txt", "a.t05s.txt"]);
        assert_eq!(input, Some(1));
        assert!(
            why.contains("a.t15s.txt at 15s, then a.t05s.txt at 5s"),
            "{why}"
        );
        let backwards = DumpTimes::FromNames
            .resolve(&["a.t15s.txt", "a.t05s.txt"], false)
            .unwrap();
        assert_eq!(backwards, (InputTimes::Unknown, None));
        assert!(DumpTimes::At(vec![1.0]).resolve(&["a", "b"], true).is_err());
        assert_eq!(InputTimes::Interval(10.0).of(3, 2, Some(1.0)), Some(20.0));
        let logged = DumpTimes::FromNames.resolve(&["a.t05s.txt", "a.t15s.txt"], true);
        assert_eq!(logged.unwrap().1, Some(TimeSource::LogTimestamps));
        assert_eq!(InputTimes::FromLogs.of(3, 2, Some(1.0)), Some(1.0));
    }
}
