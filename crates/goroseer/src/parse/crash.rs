//! Crash output the runtime prints around the goroutines of a traceback: panic values,
//! fatal errors, signals, register dumps (see `printpanics`, `fatalthrow`, `sighandler` and
//! `dumpregs` in Go's `runtime/`).

use super::{Cursor, Line};
use crate::input::dump_start::{crash_start, CrashStart};
use crate::model::goroutine::CrashFacts;

/// What a non-goroutine line of a traceback says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashLine<'a> {
    /// `panic: V` (`nested` when tab-indented: a panic raised while panicking).
    Panic {
        /// The value, without `panic: `.
        message: &'a str,
        /// Printed as `\tpanic: …` under an earlier panic.
        nested: bool,
    },
    /// `fatal error: M`.
    FatalError(&'a str),
    /// `[signal SIGSEGV: segmentation violation code=… addr=… pc=…]` or `SIGQUIT: quit`.
    Signal(&'a str),
    /// `PC=0x… m=N sigcode=N` after a signal line.
    SignalContext(&'a str),
    /// A register of a register dump (`rax    0x1`, `r8     0x0`, `lr     0x…`).
    Register,
    /// Raw stack memory: `stack: frame={sp:…, fp:…} stack=[…)` or a line of its words,
    /// `0xADDR:  0xWORD  0xWORD` (runtime `tracebackHexdump`, `hexdumpWords`).
    Memory,
    /// `runtime stack:` — the crashing thread's system stack follows.
    RuntimeStack,
    /// `runtime: …` diagnostics and similar runtime prose (`unexpected fault address …`).
    RuntimeMessage(&'a str),
    /// `-----` between the per-thread sections of a relayed SIGQUIT.
    Separator,
    /// `exit status N` appended by `go run`.
    ExitStatus(i32),
    /// `[recovered]` on a line of its own (older runtimes).
    Recovered,
}

/// Classifies `line` (log prefix already removed, right side trimmed). The lines that
/// start a traceback are the classifier's ([`crash_start`]); the others only occur
/// inside one.
pub fn classify(line: &str) -> Option<CrashLine<'_>> {
    if let Some(start) = crash_start(line) {
        return Some(match start {
            CrashStart::Panic(message) => CrashLine::Panic {
                message,
                nested: false,
            },
            CrashStart::FatalError(message) => CrashLine::FatalError(message),
            // Another process's output glued after it (`SIGQUIT: quit0x7ffe…`) is no part.
            CrashStart::Signal(text) => CrashLine::Signal(match text.find(": ") {
                Some(c) if text.starts_with("SIG") => text[c + 2..]
                    .find("0x")
                    .filter(|&x| {
                        x > 0
                            && text[c + 2..c + 2 + x]
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b == b' ')
                    })
                    .map_or(text, |x| &text[..c + 2 + x]),
                _ => text,
            }),
            CrashStart::RuntimeMessage(text) => CrashLine::RuntimeMessage(text),
        });
    }
    if let Some(rest) = line.strip_prefix("\tpanic: ") {
        return Some(CrashLine::Panic {
            message: rest,
            nested: true,
        });
    }
    // `\tpanic: ` with its value on the lines below (the line's end was trimmed).
    if line == "\tpanic:" {
        return Some(CrashLine::Panic {
            message: "",
            nested: true,
        });
    }
    let text = line.trim_start();
    if text.starts_with("PC=0x") {
        return Some(CrashLine::SignalContext(text));
    }
    if text == "runtime stack:" {
        return Some(CrashLine::RuntimeStack);
    }
    // What the unwinder says where it stops inside a stack (runtime/traceback.go:
    // `traceback: unexpected SPWRITE function runtime.mcall`).
    if text.starts_with("traceback: ") {
        return Some(CrashLine::RuntimeMessage(text));
    }
    if text == "-----" {
        return Some(CrashLine::Separator);
    }
    if text == "[recovered]" {
        return Some(CrashLine::Recovered);
    }
    if let Some(code) = text.strip_prefix("exit status ") {
        return code.parse().ok().map(CrashLine::ExitStatus);
    }
    if is_register(text) {
        return Some(CrashLine::Register);
    }
    if text.starts_with("stack: frame={") || is_memory_words(text) {
        return Some(CrashLine::Memory);
    }
    None
}

/// `0xADDR: ` then words, each `0x…` after a one-character mark (` `, `<`, `>`, `!`) and
/// maybe followed by `<function+0x…>`: a line of `hexdumpWords`.
fn is_memory_words(text: &str) -> bool {
    let Some((address, words)) = text.split_once(": ") else {
        return false;
    };
    let hex = |s: &str| {
        s.len() > 2 && s.starts_with("0x") && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
    };
    let words = words.trim_start_matches([' ', '<', '>', '!']);
    hex(address) && words.split(' ').next().is_some_and(hex)
}

/// `NAME<spaces>0xHEX` where NAME is a short lower-case register name.
pub(crate) fn is_register(text: &str) -> bool {
    let Some(space) = text.find(' ') else {
        return false;
    };
    let (name, value) = (&text[..space], text[space..].trim_start());
    (1..=6).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && value.len() > 2
        && value.starts_with("0x")
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// How many lines after a `panic:` line a panic value may run on.
const MAX_VALUE_LINES: usize = 256;

/// Reads the later lines of the last panic value in `crash` from `cursor`, right after its
/// `panic:` line, and appends them to it. `printpanics` (Go's `runtime/panic.go`) prints
/// `panic: `, the value as it is — since Go 1.22 with a tab after each of its newlines
/// (`printindented`) — then ` [recovered]` or ` [recovered, repanicked]` after its last
/// line, then a newline; the next panic follows as `\tpanic: …`; then `dopanic_m` prints
/// `[signal …]` or a blank line and the goroutine's header. So a value ends at a line that
/// ends with the recovered mark (a mark alone on its line when the value ended with a
/// newline), at a nested `\tpanic:` or another crash line, or at a blank line before a
/// goroutine header or a `[signal` line; blank lines elsewhere are the value's (Ginkgo's
/// and testify's messages hold some). Lines up to the end of the input are the value's only
/// when they are all tab-indented (Go ≥ 1.22). Without such an end within
/// [`MAX_VALUE_LINES`] lines nothing is read: the lines are left to the traceback reader.
/// Returns the last line read.
pub(crate) fn read_panic_value<'a>(
    cursor: &mut Cursor<'a>,
    crash: &mut CrashFacts,
) -> Option<Line<'a>> {
    // A value whose line ended with its recovered mark is whole.
    if crash.panics.last().is_none_or(|p| p.recovered) {
        return None;
    }
    // A value whose first line holds text and whose later lines carry no tab (Go < 1.22)
    // is read on only when a recovered mark or a nested panic ends it: otherwise its
    // later lines may as well be its one line hard-wrapped by a terminal, which the
    // wrapped-lines reader joins when they are left unread.
    let first_line_empty = crash.panics.last().is_some_and(|p| p.message.is_empty());
    let mut ahead = cursor.clone();
    let mut lines: Vec<&str> = Vec::new();
    let mut all_indented = true;
    let mut read = 0;
    let mut mark = None;
    loop {
        let Some(line) = ahead.next() else {
            if !all_indented || lines.is_empty() {
                return None;
            }
            break;
        };
        let text = super::trim_end(line.text);
        if text.is_empty() {
            let mut after = ahead.clone();
            let next = loop {
                match after.next() {
                    Some(l) if super::trim_end(l.text).is_empty() => continue,
                    other => break other,
                }
            };
            let ends = next.is_none_or(|l| {
                let t = super::trim_end(l.text).trim_start();
                t.starts_with("goroutine ") || t.starts_with("[signal ")
            });
            if ends {
                if !all_indented && !first_line_empty {
                    return None;
                }
                break;
            }
            lines.push("");
            read += 1;
            if lines.len() > MAX_VALUE_LINES {
                return None;
            }
            continue;
        }
        if text.trim_start().starts_with("goroutine ") || text.starts_with("[signal ") {
            if !all_indented && !first_line_empty {
                return None;
            }
            break;
        }
        match classify(text) {
            // What printpanics and dopanic_m print after a value.
            Some(CrashLine::Recovered) => {
                mark = Some((true, false));
                read += 1;
                break;
            }
            Some(CrashLine::Panic { .. }) => break,
            Some(CrashLine::Signal(signal)) if signal.starts_with("[signal ") => break,
            // Other crash output (`exit status 2`, `fatal error: …`) after lines that are not
            // a goroutine: not a value read to its end; a value's first line is whole.
            Some(_) if read > 0 => return None,
            Some(_) => break,
            None => {}
        }
        if text.trim() == "[recovered, repanicked]" {
            mark = Some((true, true));
            read += 1;
            break;
        }
        all_indented &= text.starts_with('\t');
        let (value, recovered, repanicked) = split_recovered(text);
        if recovered && value.trim().is_empty() {
            mark = Some((true, repanicked));
            read += 1;
            break;
        }
        lines.push(value);
        read += 1;
        if recovered {
            mark = Some((true, repanicked));
            break;
        }
        if lines.len() > MAX_VALUE_LINES {
            return None;
        }
    }
    while lines.last() == Some(&"") {
        lines.pop();
    }
    // Go ≥ 1.22 put a tab before each later line; before, a tab there was the value's own
    // (`go test`'s running tests), taken off all the same, as the traceback reader does.
    for line in &mut lines {
        *line = line.strip_prefix('\t').unwrap_or(line);
    }
    let panic = crash.panics.last_mut()?;
    if read == 0 {
        return None;
    }
    for line in lines {
        if !panic.message.is_empty() {
            panic.message.push('\n');
        }
        panic.message.push_str(line);
    }
    if let Some((recovered, repanicked)) = mark {
        panic.recovered |= recovered;
        panic.repanicked |= repanicked;
    }
    let mut last = None;
    for _ in 0..read {
        last = cursor.next();
    }
    last
}

/// Splits `[recovered]` / `[recovered, repanicked]` off a panic value:
/// `(value, recovered, repanicked)`.
pub fn split_recovered(message: &str) -> (&str, bool, bool) {
    if let Some(v) = message.strip_suffix(" [recovered, repanicked]") {
        (v, true, true)
    } else if let Some(v) = message.strip_suffix(" [recovered]") {
        (v, true, false)
    } else {
        (message, false, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_and_errors() {
        assert_eq!(
            classify("panic: boom"),
            Some(CrashLine::Panic {
                message: "boom",
                nested: false
            })
        );
        assert_eq!(
            classify("\tpanic: again"),
            Some(CrashLine::Panic {
                message: "again",
                nested: true
            })
        );
        assert_eq!(
            classify("fatal error: stack overflow"),
            Some(CrashLine::FatalError("stack overflow"))
        );
        assert_eq!(
            split_recovered("x [recovered, repanicked]"),
            ("x", true, true)
        );
        assert_eq!(split_recovered("x [recovered]"), ("x", true, false));
    }

    #[test]
    fn signals_and_registers() {
        assert!(matches!(
            classify("SIGQUIT: quit"),
            Some(CrashLine::Signal(_))
        ));
        assert!(matches!(
            classify("SIGQUIT: quit0x7ffe207f8d00"),
            Some(CrashLine::Signal("SIGQUIT: quit"))
        ));
        assert!(matches!(
            classify("[signal SIGSEGV: segmentation violation code=0x1 addr=0x10 pc=0x49dc80]"),
            Some(CrashLine::Signal(_))
        ));
        assert!(matches!(
            classify("PC=0x480761 m=0 sigcode=0"),
            Some(CrashLine::SignalContext(_))
        ));
        assert_eq!(classify("rflags 0x286"), Some(CrashLine::Register));
        assert_eq!(classify("r8     0x0"), Some(CrashLine::Register));
        // From a public issue (`runtime: unknown pc` on Windows).
        for memory in [
            "stack: frame={sp:0xf2fefff7e0, fp:0x0} stack=[0x0,0xf2fefff900)",
            "0x000000f2fefff6e0:  0x0000000000000000  0x00007ffde3561c42",
            "0x000000f2fefff7e0: <0x0000000000000000  0x0000000000670830 \
             <runtime.(*consistentHeapStats).release+0x0000000000000030>",
            "0x000000c000057f50: !0x0000000000453c2e <runtime.goexit+0x000000000000000e>",
        ] {
            assert_eq!(classify(memory), Some(CrashLine::Memory), "{memory}");
        }
        assert_eq!(classify("0x1f: not a word"), None);
        // From a peer's test dump (aprilsh), inside a thread's stack.
        assert_eq!(
            classify("traceback: unexpected SPWRITE function runtime.mcall"),
            Some(CrashLine::RuntimeMessage(
                "traceback: unexpected SPWRITE function runtime.mcall"
            ))
        );
        assert_eq!(classify("-----"), Some(CrashLine::Separator));
        assert_eq!(classify("exit status 2"), Some(CrashLine::ExitStatus(2)));
        assert_eq!(classify("runtime stack:"), Some(CrashLine::RuntimeStack));
        assert_eq!(classify("hello world"), None);
        assert_eq!(classify("main.main()"), None);
    }
}
