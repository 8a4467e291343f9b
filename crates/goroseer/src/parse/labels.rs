//! pprof label sets as the runtime prints them:
//!
//! - debug=2 headers (Go ≥ 1.27): `handler: /api/users, "user agent": "curl/8.5.0"` —
//!   keys and values Go-quoted only when they need it;
//! - debug=1 `# labels:` lines: `"handler":"/api/users", "tenant":"acme"` — always quoted.
//!
//! Input is the text between the braces.

use crate::input::go_string::unquote;

/// Splits a label list into key/value pairs; `None` when the text is not a label list.
pub fn parse_labels(text: &str) -> Option<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) = token(rest, ':')?;
        let after = after.strip_prefix(':')?.trim_start_matches(' ');
        let (value, after) = token(after, ',')?;
        pairs.push((key, value));
        rest = match after.strip_prefix(',') {
            Some(r) => r.trim_start_matches(' '),
            None if after.trim().is_empty() => "",
            None => return None,
        };
    }
    Some(pairs)
}

/// Splits a braced label list (`{"k":"v"}`, as a `# labels:` line prints it) into
/// key/value pairs; `None` when the text is not a label list in braces.
pub fn parse_braced(text: &str) -> Option<Vec<(String, String)>> {
    parse_labels(text.trim().strip_prefix('{')?.strip_suffix('}')?)
}

/// Reads a quoted string, or bare text up to `stop` (the bare form never contains the
/// separators: the runtime quotes such values).
fn token(input: &str, stop: char) -> Option<(String, &str)> {
    if input.starts_with('"') {
        let (value, rest) = unquote(input)?;
        Some((value, rest.trim_start_matches(' ')))
    } else {
        let end = input.find(stop).unwrap_or(input.len());
        let bare = &input[..end];
        // `k: v, k2: v2` puts the separator right after the bare token.
        Some((bare.trim_end().to_owned(), &input[end..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse_labels(text).unwrap_or_else(|| panic!("not labels: {text}"))
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn debug2_bare_labels() {
        assert_eq!(
            pairs("handler: /api/users, tenant: acme"),
            owned(&[("handler", "/api/users"), ("tenant", "acme")])
        );
    }

    #[test]
    fn debug2_quoted_labels() {
        assert_eq!(
            pairs(r#""trace-id": "a\"b", "user agent": "curl/8.5.0 (x86_64)""#),
            owned(&[("trace-id", "a\"b"), ("user agent", "curl/8.5.0 (x86_64)")])
        );
    }

    #[test]
    fn debug1_labels() {
        assert_eq!(
            pairs(r#""job":"reindex", "shard":"3""#),
            owned(&[("job", "reindex"), ("shard", "3")])
        );
    }

    #[test]
    fn braced_debug1_labels() {
        assert_eq!(
            parse_braced(r#"{"trace-id":"a\"b", "user agent":"curl/8.5.0 (x86_64)"}"#),
            Some(owned(&[
                ("trace-id", "a\"b"),
                ("user agent", "curl/8.5.0 (x86_64)")
            ]))
        );
        assert_eq!(parse_braced("{}"), Some(vec![]));
        assert_eq!(parse_braced(r#"{"a":"b""#), None);
        assert_eq!(parse_braced(r#""a":"b""#), None);
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse_labels("no colon here").is_none());
        assert!(parse_labels(r#""unterminated: x"#).is_none());
    }
}
