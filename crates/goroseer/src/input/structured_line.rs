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

use super::go_string::unquote_body;

/// Fields that hold the logged text, in the order they are preferred (`Output`: a line
/// of a test's output in `go test -json`, cmd/test2json's events).
const TEXT_FIELDS: [&str; 8] = [
    "log",
    "message",
    "msg",
    "textPayload",
    "line",
    "MESSAGE",
    "body",
    "Output",
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
    let Some(mut text) = TEXT_FIELDS.iter().find_map(|name| string_value(line, name)) else {
        // `go test -json`'s events without output (`run`, `pass`, `fail`…) print nothing.
        return string_value(line, "Action").map(|_| String::new());
    };
    // A recovered panic logged as a message with the stack in a field of its own (zap's
    // `stacktrace`, logrus' and zerolog's `stack`, `error`): its lines follow the message.
    for name in STACK_FIELDS {
        if let Some(stack) = string_value(line, name).filter(|v| v.contains('\n') && *v != text) {
            text = without_final_newline(&text);
            text.push('\n');
            text.push_str(&stack);
        }
    }
    Some(record_text(&text))
}

/// A record's text without its final newline; a record of several lines (a whole panic
/// logged as one record) ends with a blank line: the next record is not part of its dump.
fn record_text(text: &str) -> String {
    let mut text = without_final_newline(text);
    if text.contains('\n') {
        text.push('\n');
    }
    text
}

/// Fields that hold a stack or a panic logged beside the message, when they are several
/// lines of text.
const STACK_FIELDS: [&str; 8] = [
    "stacktrace",
    "stack",
    "stack_trace",
    "stackTrace",
    "panic",
    "error",
    "err",
    "exception",
];

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
            return Some(unquote_body(quoted).0);
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
        Some(quoted) => Some(record_text(&unquote_body(quoted).0)),
        None => Some(value.split(' ').next().unwrap_or("").to_owned()),
    }
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
            json_text(r#"{"Time":"2026-11-25T02:33:10Z","Action":"output","Package":"p","Output":"\tmain.go:1 +0x1\n"}"#).as_deref(),
            Some("\tmain.go:1 +0x1")
        );
        assert_eq!(
            json_text(
                r#"{"Time":"2026-11-25T02:33:10Z","Action":"pass","Package":"p","Elapsed":0.1}"#
            )
            .as_deref(),
            Some("")
        );
        assert_eq!(
            json_text(
                r#"{"line":42, "caller":{"f":["msg"]}, "msg" : "a\"msg\":\u00e9\ud83d\ude00\/"}"#
            )
            .as_deref(),
            Some("a\"msg\":é😀/")
        );
        assert_eq!(
            json_text(
                r#"{"msg":"panic recovered","stacktrace":"goroutine 7 [running]:\nmain.f()\n\t/a.go:1 +0x1\n","n":1}"#
            )
            .as_deref(),
            Some("panic recovered\ngoroutine 7 [running]:\nmain.f()\n\t/a.go:1 +0x1\n")
        );
        assert_eq!(
            json_text(r#"{"msg":"failed","error":"EOF"}"#).as_deref(),
            Some("failed")
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
