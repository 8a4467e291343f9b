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

/// Objects that nest the record's own fields (GCP's `jsonPayload`, Loki's `fields`).
const NESTING_FIELDS: [&str; 2] = ["jsonPayload", "fields"];

/// The logged text of a one-line JSON record, with its final newline removed; inner
/// newlines stay (a whole panic logged as one record is several lines of dump).
pub fn json_text(line: &str) -> Option<String> {
    let line = line.trim_end();
    if !(line.starts_with('{') && line.ends_with('}')) {
        return None;
    }
    let record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).ok()?;
    let text = text_field(&record).or_else(|| {
        NESTING_FIELDS
            .iter()
            .find_map(|name| match record.get(*name) {
                Some(serde_json::Value::Object(inner)) => text_field(inner),
                _ => None,
            })
    })?;
    Some(without_final_newline(text))
}

fn text_field(record: &serde_json::Map<String, serde_json::Value>) -> Option<&str> {
    TEXT_FIELDS
        .iter()
        .find_map(|name| record.get(*name).and_then(serde_json::Value::as_str))
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

/// A Go-quoted string's content up to its closing quote (`strconv.Quote` escapes).
fn unquote(quoted: &str) -> Option<String> {
    let mut out = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                't' => out.push('\t'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                'x' => out.push(char::from(hex_value(&mut chars, 2)? as u8)),
                'u' => out.push(char::from_u32(hex_value(&mut chars, 4)?)?),
                'U' => out.push(char::from_u32(hex_value(&mut chars, 8)?)?),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    // No closing quote: the line was cut; keep what is there.
    Some(out)
}

fn hex_value(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<u32> {
    (0..digits).try_fold(0u32, |n, _| Some(n * 16 + chars.next()?.to_digit(16)?))
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
