//! Log lines that carry the dump's line inside a field of a structured record:
//!
//! ```text
//! {"textPayload":"goroutine 1 [running]:\n","severity":"ERROR",…}   GCP Cloud Logging export
//! {"labels":{…},"line":"goroutine 1 [running]:","timestamp":"…"}    Loki (logcli --output=jsonl)
//! {"MESSAGE":"goroutine 1 [running]:","_PID":"42",…}               journalctl -o json
//! {"time":"…","level":"ERROR","msg":"goroutine 1 [running]:"}       slog / zap / logrus JSON
//! time=… level=ERROR msg="goroutine 1 [running]:"                  logfmt (slog's text handler)
//! ```
//!
//! Docker's json-file lines (`{"log":…` first) have their own kind in [`super::prefix`].

/// Fields that hold the logged text, in the order they are preferred.
const TEXT_FIELDS: [&str; 7] = [
    "log",
    "message",
    "msg",
    "textPayload",
    "line",
    "MESSAGE",
    "body",
];

/// The logged text of a one-line JSON record, with its final newline removed; inner
/// newlines stay (a whole panic logged as one record is several lines of dump).
///
/// Read by looking for the keys rather than with a JSON tree: deserializing a generic
/// `serde_json::Value` would add ~10 KB to the page's wasm. Inside a JSON string every
/// `"` is escaped, so `"msg":` outside an escape is a key; nested keys count too
/// (GCP's `jsonPayload.message`).
pub fn json_text(line: &str) -> Option<String> {
    let line = line.trim_end();
    if !(line.starts_with('{') && line.ends_with('}')) {
        return None;
    }
    let text = TEXT_FIELDS
        .iter()
        .find_map(|name| string_value(line, name))?;
    Some(without_final_newline(&text))
}

/// The string value of key `name` in JSON text `record`, unescaped.
fn string_value(record: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = record[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let key = at > 0
            && record.as_bytes()[at - 1] == b'"'
            && (at < 2 || record.as_bytes()[at - 2] != b'\\')
            && record[from..].starts_with('"');
        if !key {
            continue;
        }
        // A string `"msg"` in an array or as a value is followed by no `:`.
        let value = record[from + 1..].trim_start().strip_prefix(':');
        if let Some(quoted) = value.and_then(|v| v.trim_start().strip_prefix('"')) {
            return unquote(quoted);
        }
    }
    None
}

fn without_final_newline(text: &str) -> String {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    }
}

/// The `msg` value of a logfmt line (`key=value key="quoted value" …`), unquoted.
pub fn logfmt_text(line: &str) -> Option<String> {
    let at = if line.starts_with("msg=") {
        0
    } else {
        line.find(" msg=")? + 1
    };
    // A logfmt line starts with a key: `word=`.
    let first_key = line.split([' ', '=']).next()?;
    if first_key.is_empty() || !line[first_key.len()..].starts_with('=') {
        return None;
    }
    let value = &line[at + "msg=".len()..];
    match value.strip_prefix('"') {
        Some(quoted) => unquote(quoted).map(|t| without_final_newline(&t)),
        None => Some(value.split(' ').next().unwrap_or("").to_owned()),
    }
}

/// A Go- or JSON-quoted string's content up to its closing quote (`strconv.Quote` and
/// JSON escapes).
fn unquote(quoted: &str) -> Option<String> {
    let mut out = String::with_capacity(quoted.len());
    let mut rest = quoted;
    // Runs without escapes are copied whole; one `push` of the decoded character keeps
    // the page's wasm small.
    while let Some(stop) = rest.find(['"', '\\']) {
        out.push_str(&rest[..stop]);
        if rest.as_bytes()[stop] == b'"' {
            return Some(out);
        }
        rest = &rest[stop + 1..];
        let escape = rest.chars().next()?;
        rest = &rest[escape.len_utf8()..];
        let decoded = match escape {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            'x' => char::from(hex(&mut rest, 2)? as u8),
            'U' => char::from_u32(hex(&mut rest, 8)?)?,
            'u' => {
                let unit = hex(&mut rest, 4)?;
                // JSON writes characters outside the BMP as a surrogate pair.
                let code = if (0xD800..0xDC00).contains(&unit) {
                    rest = rest.strip_prefix("\\u")?;
                    let low = hex(&mut rest, 4)?.checked_sub(0xDC00)?;
                    0x10000 + ((unit - 0xD800) << 10) + low
                } else {
                    unit
                };
                char::from_u32(code)?
            }
            other => other,
        };
        out.push(decoded);
    }
    // No closing quote: the line was cut; keep what is there.
    out.push_str(rest);
    Some(out)
}

/// `digits` hex digits at the start of `rest`, consumed.
fn hex(rest: &mut &str, digits: usize) -> Option<u32> {
    let text = rest.get(..digits)?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    *rest = &rest[digits..];
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_fields() {
        assert_eq!(
            json_text(r#"{"insertId":"1","textPayload":"goroutine 1 [running]:\n"}"#).as_deref(),
            Some("goroutine 1 [running]:")
        );
        assert_eq!(
            json_text(r#"{"labels":{"app":"x"},"line":"\tmain.go:1 +0x1"}"#).as_deref(),
            Some("\tmain.go:1 +0x1")
        );
        assert_eq!(
            json_text(r#"{"jsonPayload":{"message":"main.main()"},"severity":"ERROR"}"#).as_deref(),
            Some("main.main()")
        );
        assert_eq!(json_text(r#"{"level":"info"}"#), None);
        assert_eq!(
            json_text(
                r#"{"line":42, "caller":{"f":["msg"]}, "msg" : "a\"msg\":\u00e9\ud83d\ude00\/"}"#
            )
            .as_deref(),
            Some("a\"msg\":é😀/")
        );
        assert_eq!(json_text("goroutine 1 [running]:"), None);
        assert_eq!(json_text("{not json}"), None);
    }

    #[test]
    fn logfmt() {
        assert_eq!(
            logfmt_text(r#"time=2026-11-25T02:33:10Z level=ERROR msg="\tmain.go:1 +0x1""#)
                .as_deref(),
            Some("\tmain.go:1 +0x1")
        );
        assert_eq!(
            logfmt_text(r#"msg="a \"q\" \u00e9" level=x"#).as_deref(),
            Some("a \"q\" é")
        );
        assert_eq!(logfmt_text("level=info msg=ok").as_deref(), Some("ok"));
        assert_eq!(logfmt_text(r#"level=info msg="""#).as_deref(), Some(""));
        assert_eq!(logfmt_text("goroutine 1 [running]: msg=x"), None);
        assert_eq!(logfmt_text("main.main()"), None);
    }
}
