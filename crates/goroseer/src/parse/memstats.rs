//! `# runtime.MemStats` trailer lines: `# Key = value`.

use crate::model::memstats::{MemStatEntry, MemStatValue, MemStats};
use crate::model::Diagnostic;

use super::Cursor;

/// Decodes the value text of one `# Key = value` line. A `[ … ]` array whose closing
/// bracket is missing (a trailer cut short) gives the numbers read and an error message.
pub fn parse_value(text: &str) -> (MemStatValue, Option<&'static str>) {
    let text = text.trim();
    if let Some(body) = text.strip_prefix('[') {
        let (body, cut) = match body.strip_suffix(']') {
            Some(b) => (b, None),
            None => (body, Some("array has no closing `]` (trailer cut short?)")),
        };
        let mut values = Vec::new();
        for word in body.split_ascii_whitespace() {
            match word.parse() {
                Ok(v) => values.push(v),
                Err(_) => {
                    return (
                        MemStatValue::Text(text.to_owned()),
                        Some("array holds a non-number"),
                    )
                }
            }
        }
        return (MemStatValue::Array(values), cut);
    }
    if let Some((a, b)) = text.split_once(" / ") {
        if let (Ok(inuse), Ok(sys)) = (a.trim().parse(), b.trim().parse()) {
            return (MemStatValue::Pair { inuse, sys }, None);
        }
    }
    let value = match text {
        "true" => MemStatValue::Bool(true),
        "false" => MemStatValue::Bool(false),
        _ => {
            if let Ok(v) = text.parse::<i64>() {
                MemStatValue::Int(v)
            } else if let Ok(v) = text.parse::<u64>() {
                MemStatValue::UInt(v)
            } else if let Ok(v) = text.parse::<f64>() {
                MemStatValue::Float(v)
            } else {
                MemStatValue::Text(text.to_owned())
            }
        }
    };
    (value, None)
}

/// Reads the trailer after its `# runtime.MemStats` line (already consumed, at
/// `header_line`): every following `# Key = value` line. Stops at the first line not
/// starting with `#`.
pub fn read_trailer(
    cursor: &mut Cursor<'_>,
    header_line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> MemStats {
    let mut stats = MemStats {
        line: header_line,
        entries: Vec::new(),
    };
    while let Some(line) = cursor.peek() {
        let Some(body) = line.text.trim_start().strip_prefix('#') else {
            break;
        };
        cursor.next();
        let Some((key, value)) = body.split_once('=') else {
            diagnostics.push(Diagnostic {
                line: line.number,
                message: "MemStats line is not `# Key = value`".to_owned(),
            });
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            diagnostics.push(Diagnostic {
                line: line.number,
                message: "MemStats line has no single-word key".to_owned(),
            });
            continue;
        }
        let (value, problem) = parse_value(value);
        if let Some(message) = problem {
            diagnostics.push(Diagnostic {
                line: line.number,
                message: format!("MemStats {key}: {message}"),
            });
        }
        stats.entries.push(MemStatEntry {
            line: line.number,
            key: key.to_owned(),
            value,
        });
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_kinds() {
        assert_eq!(parse_value(" 66300672").0, MemStatValue::Int(66300672));
        assert_eq!(
            parse_value("18446744073709551615").0,
            MemStatValue::UInt(u64::MAX)
        );
        assert_eq!(
            parse_value("0.03208134533460541").0,
            MemStatValue::Float(0.03208134533460541)
        );
        assert_eq!(parse_value("false").0, MemStatValue::Bool(false));
        assert_eq!(
            parse_value("294912 / 294912").0,
            MemStatValue::Pair {
                inuse: 294912,
                sys: 294912
            }
        );
        assert_eq!(parse_value("[1 2 0]").0, MemStatValue::Array(vec![1, 2, 0]));
        assert_eq!(parse_value("soon").0, MemStatValue::Text("soon".to_owned()));
    }

    #[test]
    fn cut_array_keeps_numbers_and_says_so() {
        let (v, problem) = parse_value("[184294 130273 250");
        assert_eq!(v, MemStatValue::Array(vec![184294, 130273, 250]));
        assert!(problem.is_some());
    }
}
