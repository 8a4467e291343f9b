//! Redaction: a dump's text with what may be private replaced by stable placeholders, its
//! structure kept, so it can be shared (a link, a ticket) and still reads the same: the
//! same functions, goroutine counts, states, groups and findings.
//!
//! Replaced, each distinct value by one placeholder numbered in order of appearance (the
//! same value is the same placeholder everywhere, so groups stay groups):
//! - pprof label values (`{route: /v1/orders}` → `{route: <v1>}`, and the debug=1
//!   `# labels: {"route":"/v1/orders"}` form);
//! - argument values of frames (`Get(0xc000123456, 0x2a)` → `Get(0x1, 0x2)`);
//! - panic values (`panic: <panic 1>`; a value's continuation lines are dropped), except
//!   the runtime's own (`panic: runtime error: …`), and `fatal error:` messages are kept:
//!   they are fixed text of the Go runtime, which the crash findings read;
//! - source path prefixes: a file keeps its directory and name, the rest is a placeholder
//!   (`/home/ann/src/shop/internal/db/pool.go:42` → `/<path1>/db/pool.go:42`).
//!   A module-cache or vendor path keeps `/pkg/mod/` or `/vendor/` and what follows (the
//!   module path the function names already, its version): the main module and the
//!   frames' origins are read from them (`/<path2>/pkg/mod/golang.org/x/sync@v0.1.0/…`).
//!
//! - any other text at the start of a line (a program's own output between dumps, a log
//!   line): `<text 1>`.
//!
//! Kept: function names, states, wait times, counts, program counters, goroutine ids, and
//! the lines the runtime prints around dumps (signals, registers, race report headings).

use std::collections::HashMap;

use crate::parse::labels::parse_labels;

/// Numbers each distinct value of one kind: `<v1>`, `<v2>`, ….
#[derive(Debug, Clone, Default)]
struct Placeholders {
    seen: HashMap<String, usize>,
}

impl Placeholders {
    fn number(&mut self, value: &str) -> usize {
        let next = self.seen.len() + 1;
        *self.seen.entry(value.to_owned()).or_insert(next)
    }
}

#[derive(Debug, Clone, Default)]
struct Redactor {
    labels: Placeholders,
    args: Placeholders,
    paths: Placeholders,
    panics: Placeholders,
    texts: Placeholders,
    /// Inside a panic value that goes on over several lines.
    in_message: bool,
}

/// `text` with label values, argument values, panic values and path prefixes
/// replaced by placeholders (see the module documentation). Lines are kept in order;
/// only a multi-line panic value's continuation lines are dropped.
pub fn redact_dump(text: &str) -> String {
    Redactor::default().dump(text)
}

/// Redaction that goes on over several texts (the inputs of a workspace, the dumps of one
/// streamed log): a value gets the same placeholder in every text, and two values never
/// share one, so the same label value is `<v1>` in each dump and two files' paths stay
/// apart when their dumps' frames are gathered in one table.
#[derive(Debug, Clone, Default)]
pub struct Redaction {
    redactor: Redactor,
}

impl Redaction {
    /// `input` redacted as [`crate::redact`] does, numbering on from the texts before.
    pub fn redact(&mut self, input: &str) -> String {
        let document = crate::parse::parse_document(input);
        let text = if document.text.is_empty() {
            input
        } else {
            &document.text
        };
        self.redactor.in_message = false;
        self.redactor.dump(text)
    }
}

impl Redactor {
    fn dump(&mut self, text: &str) -> String {
        let r = self;
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (body, end) = match line.strip_suffix('\n') {
                Some(b) => match b.strip_suffix('\r') {
                    Some(b) => (b, "\r\n"),
                    None => (b, "\n"),
                },
                None => (line, ""),
            };
            if let Some(redacted) = r.line(body) {
                out.push_str(&redacted);
                out.push_str(end);
            }
        }
        out
    }
}

impl Redactor {
    /// The redacted line, or `None` to drop it (a panic value's continuation).
    fn line(&mut self, line: &str) -> Option<String> {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if self.in_message {
            if continues_message(trimmed) {
                return None;
            }
            self.in_message = false;
        }
        if let Some(message) = trimmed.strip_prefix("panic: ") {
            if message.starts_with("runtime error: ") {
                return Some(line.to_owned());
            }
            let (message, marker) = split_marker(message);
            let n = self.panics.number(message);
            self.in_message = true;
            return Some(format!("{indent}panic: <panic {n}>{marker}"));
        }
        if trimmed.starts_with("goroutine ") {
            return Some(self.header(line));
        }
        if let Some(list) = trimmed.strip_prefix("# labels: ") {
            return Some(format!("{indent}# labels: {}", self.braced_labels(list)));
        }
        if indent.is_empty() && !is_structure(trimmed) {
            let n = self.texts.number(trimmed);
            return Some(format!("<text {n}>"));
        }
        let line = self.paths_in(line);
        Some(self.arguments(&line))
    }

    /// A goroutine header with label values replaced: `goroutine 7 [select] {k: v}:`.
    fn header(&mut self, line: &str) -> String {
        let Some(close) = line.find(']') else {
            return line.to_owned();
        };
        let rest = &line[close + 1..];
        let (Some(open), Some(end)) = (rest.find(" {"), rest.rfind('}')) else {
            return line.to_owned();
        };
        if end < open {
            return line.to_owned();
        }
        let inner = &rest[open + 2..end];
        let Some(pairs) = parse_labels(inner) else {
            return line.to_owned();
        };
        let list: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}: <v{}>", bare_or_quoted(k), self.labels.number(v)))
            .collect();
        format!(
            "{}{} {{{}}}{}",
            &line[..close + 1],
            &rest[..open],
            list.join(", "),
            &rest[end + 1..]
        )
    }

    /// `{"k":"v", …}` with the values replaced.
    fn braced_labels(&mut self, list: &str) -> String {
        let inner = list
            .trim()
            .strip_prefix('{')
            .and_then(|l| l.strip_suffix('}'));
        let Some(pairs) = inner.and_then(parse_labels) else {
            // Not a label list we can read: nothing of it is kept.
            return "{}".to_owned();
        };
        let list: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k:?}:\"<v{}>\"", self.labels.number(v)))
            .collect();
        format!("{{{}}}", list.join(", "))
    }

    /// Every source path in the line (a token naming a `.go`, `.s` or `.c` file) with its
    /// prefix replaced.
    fn paths_in(&mut self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let token = &rest[..end];
            out.push_str(&self.path(token).unwrap_or_else(|| token.to_owned()));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// `/a/b/c/pkg/file.go:12` → `/<pathN>/pkg/file.go:12`; `None` when `token` is not a
    /// source path with a prefix to hide.
    fn path(&mut self, token: &str) -> Option<String> {
        let (file, suffix) = match token.find(".go:").or_else(|| token.find(".s:")) {
            Some(i) => {
                let dot = token[i..].find(':').map_or(token.len(), |c| i + c);
                (&token[..dot], &token[dot..])
            }
            None => (token, ""),
        };
        let source = [".go", ".s", ".c"].iter().any(|e| file.ends_with(e));
        let absolute =
            file.starts_with('/') || file.get(1..3).is_some_and(|s| s == ":/" || s == ":\\");
        if !source || !absolute {
            return None;
        }
        // The module cache and a vendor tree tell a dependency's frames from the program's
        // own (`FrameTable::classify_main_module`): kept, with what follows them (the module
        // path, which the frame's function names already, its version and directories).
        for marker in ["/pkg/mod/", "/vendor/", "\\pkg\\mod\\", "\\vendor\\"] {
            if let Some(at) = file.find(marker).filter(|&at| at > 0) {
                let n = self.paths.number(&file[..at]);
                return Some(format!("/<path{n}>{}{suffix}", &file[at..]));
            }
        }
        let cut = file
            .rmatch_indices(['/', '\\'])
            .nth(1)
            .map(|(i, _)| i)
            .filter(|&i| i > 0)?;
        let n = self.paths.number(&file[..cut]);
        Some(format!("/<path{n}>{}{suffix}", &file[cut..]))
    }

    /// A frame line's argument values (`f(0xc000012345, {0x1, 0x2}, ...)`) replaced.
    fn arguments(&mut self, line: &str) -> String {
        let trimmed = line.trim_end();
        if !trimmed.ends_with(')') {
            return line.to_owned();
        }
        let Some(open) = argument_list_start(trimmed) else {
            return line.to_owned();
        };
        let name = trimmed[..open].trim_start();
        if name.is_empty() || name.contains(' ') {
            return line.to_owned();
        }
        let args = &trimmed[open + 1..trimmed.len() - 1];
        let mut out = String::with_capacity(line.len());
        out.push_str(&trimmed[..=open]);
        let mut rest = args;
        while let Some(at) = rest.find("0x") {
            out.push_str(&rest[..at]);
            let digits = rest[at + 2..]
                .bytes()
                .take_while(u8::is_ascii_hexdigit)
                .count();
            let value = &rest[at..at + 2 + digits];
            out.push_str(&format!("{:#x}", self.args.number(value)));
            rest = &rest[at + 2 + digits..];
        }
        out.push_str(rest);
        out.push(')');
        out.push_str(&line[trimmed.len()..]);
        out
    }
}

/// Where the argument list of a frame line ending in `)` opens: the last `(` (arguments
/// hold `{…}`, never parentheses; a method's `(*T)` comes before).
fn argument_list_start(line: &str) -> Option<usize> {
    line.rfind('(')
}

/// Lines at the start of a line that a dump, a crash or a race report is made of (the rest
/// of such text is a program's own output: redacted).
fn is_structure(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "goroutine ",
        "goroutineleak profile:",
        "fatal error: ",
        "created by ",
        "#",
        "[originating from goroutine",
        "[signal ",
        "SIG",
        "PC=",
        "-----",
        "--- ",
        "heap profile:",
        "threadcreate profile:",
        "cycles/second=",
        "sampling period=",
        "runtime: ",
        "runtime stack:",
        "exit status ",
        "...",
        "==================",
        "WARNING: DATA RACE",
        "Goroutine ",
        "Read at ",
        "Write at ",
        "Previous read at ",
        "Previous write at ",
        "Found ",
    ];
    if line.is_empty() || STARTS.iter().any(|s| line.starts_with(s)) {
        return true;
    }
    // Records: `30 @ 0x…`, `7988810700 199 @ 0x…`, `1: 8192 [2: 16384] @ 0x…`.
    if line.starts_with(|c: char| c.is_ascii_digit()) && line.contains(" @") {
        return true;
    }
    // Registers: `rax    0xca`.
    if let Some((name, value)) = line.split_once(' ') {
        if name.bytes().all(|b| b.is_ascii_alphanumeric()) && value.trim_start().starts_with("0x") {
            return true;
        }
    }
    // A frame: `pkg.(*T).Method(0x1, …)`.
    line.ends_with(')')
        && line
            .find('(')
            .is_some_and(|open| !line[..open].contains(' '))
}

/// A panic value's own marker, kept: ` [recovered]`, ` [recovered, repanicked]`.
fn split_marker(message: &str) -> (&str, &str) {
    for marker in [" [recovered, repanicked]", " [recovered]"] {
        if let Some(m) = message.strip_suffix(marker) {
            return (m, marker);
        }
    }
    (message, "")
}

/// Whether a line after `panic: …` is still part of its value (the runtime prints a
/// multi-line value as is) rather than the traceback that follows.
fn continues_message(trimmed: &str) -> bool {
    !(trimmed.is_empty()
        || trimmed.starts_with("panic: ")
        || trimmed.starts_with("fatal error: ")
        || trimmed.starts_with("[signal ")
        || trimmed.starts_with("goroutine ")
        || trimmed.starts_with("SIG")
        || trimmed.starts_with("PC=")
        || trimmed.starts_with("runtime: ")
        || trimmed.starts_with("exit status "))
}

/// A label key as the runtime prints it: bare unless it holds a separator.
fn bare_or_quoted(key: &str) -> String {
    if key.is_empty() || key.contains([' ', ',', ':', '"', '{', '}']) {
        format!("{key:?}")
    } else {
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_labels_and_arguments() {
        let dump = "goroutine 7 [chan receive, 3 minutes] {handler: /api/users, tenant: acme}:\n\
                    main.serve(0xc000123456, {0x10, 0x2}, 0xc000123456)\n\
                    \t/home/ann/src/shop/cmd/shop/main.go:12 +0x1d\n";
        let out = redact_dump(dump);
        assert_eq!(
            out,
            "goroutine 7 [chan receive, 3 minutes] {handler: <v1>, tenant: <v2>}:\n\
             main.serve(0x1, {0x2, 0x3}, 0x1)\n\
             \t/<path1>/shop/main.go:12 +0x1d\n"
        );
    }

    #[test]
    fn debug1_labels_and_record_paths() {
        let dump = "# labels: {\"route\":\"/v1/orders\", \"user id\":\"42\"}\n\
                    #\t0x4a0b1c\tmain.alloc+0x3c\t/app/shop/main.go:12\n";
        let out = redact_dump(dump);
        assert_eq!(
            out,
            "# labels: {\"route\":\"<v1>\", \"user id\":\"<v2>\"}\n\
             #\t0x4a0b1c\tmain.alloc+0x3c\t/<path1>/shop/main.go:12\n"
        );
    }

    #[test]
    fn panics_and_fatal_errors() {
        let dump = "panic: order 43 has no items [recovered]\n\
                    \tpanic: while handling \"order 43\": rollback failed\n\
                    second line of the value\n\
                    \n\
                    goroutine 1 [running]:\n\
                    fatal error: all goroutines are asleep - deadlock!\n\
                    panic: runtime error: index out of range [5] with length 3\n";
        let out = redact_dump(dump);
        assert_eq!(
            out,
            "panic: <panic 1> [recovered]\n\
             \tpanic: <panic 2>\n\
             \n\
             goroutine 1 [running]:\n\
             fatal error: all goroutines are asleep - deadlock!\n\
             panic: runtime error: index out of range [5] with length 3\n"
        );
    }

    #[test]
    fn methods_and_plain_lines_keep_their_shape() {
        let dump = "net/http.(*conn).serve(0xc0001)\n\
                    created by net/http.(*Server).Serve in goroutine 1\n\
                    goroutine profile: total 3\n\
                    rax    0xca\n\
                    30 @ 0x48006a 0x4159ee\n\
                    recovered: order 42, retrying\n\
                    recovered: order 42, retrying\n";
        assert_eq!(
            redact_dump(dump),
            "net/http.(*conn).serve(0x1)\n\
             created by net/http.(*Server).Serve in goroutine 1\n\
             goroutine profile: total 3\n\
             rax    0xca\n\
             30 @ 0x48006a 0x4159ee\n\
             <text 1>\n\
             <text 1>\n"
        );
    }
}
