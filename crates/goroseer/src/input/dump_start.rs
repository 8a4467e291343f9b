//! Where a dump starts: the one classifier of a dump's first line.
//!
//! | first line | [`DumpStart`] |
//! | --- | --- |
//! | `goroutine profile: total 3`, `goroutineleak profile: total 1` | `Profile(Goroutine)` (debug=1) |
//! | `heap profile: 72: 34703040 [477: 34910400] @ heap/1048576` | `Profile(Heap)` (heap, allocs) |
//! | `--- contention:`, `--- mutex:`, `--- contentionz 1 ---` | `Profile(Contention)` (block, mutex) |
//! | `threadcreate profile: total 6` | `Profile(ThreadCreate)` |
//! | any other `NAME profile: …`, `--- NAME:`, `--- threadz 1 ---` | `Profile(Other)` (not read) |
//! | `WARNING: DATA RACE` | `Profile(Race)` (race detector reports) |
//! | `goroutine 7 [chan receive]:`, `goroutine 7 gp=0xc000007340 m=3 …` | `Goroutine` (debug=2, traceback) |
//! | `panic: …`, `fatal error: …`, `SIGQUIT: quit`, `[signal SIGSEGV: …]`, `runtime: …`, `unexpected fault address …` | `Crash` |
//!
//! Profile headers and crash lines may be indented (a pasted block); a goroutine header
//! and `panic:` start a dump only at the start of the line (`\tpanic:` is a panic raised
//! while panicking, inside a traceback). The answer is about the line's first words only;
//! each dump's parser still reads the whole line with its grammar (and may find it
//! malformed).
//!
//! Who asks: `parse` to pick a dump's parser and to end the dump being read at the next
//! one; [`super::learned_prefix`] to find where a dump's line begins after a log prefix
//! nobody listed. It lives in `input`, the earliest stage, so that both can use it.

/// What kind of dump a line opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpStart<'a> {
    /// A profile's header line.
    Profile(ProfileHeader),
    /// A goroutine header: a debug=2 dump or a traceback.
    Goroutine,
    /// The first line of a crash's output: a traceback follows.
    Crash(CrashStart<'a>),
}

/// Which profile a header line opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileHeader {
    /// `goroutine profile:` or `goroutineleak profile:` (debug=1).
    Goroutine,
    /// `heap profile:` (heap and allocs).
    Heap,
    /// `--- contention:`, `--- contentionz`, `--- mutex:` (block and mutex).
    Contention,
    /// `threadcreate profile:`.
    ThreadCreate,
    /// `WARNING: DATA RACE`: race detector reports.
    Race,
    /// `Goroutine N - User: FILE:LINE FUNC (0xPC) [reason]`: the Delve debugger's
    /// `goroutines` list (`-t`: with stacks).
    Delve,
    /// Any other `NAME profile:`, `--- NAME:` or `--- threadz`: a profile goroseer does
    /// not read, which still ends the dump before it.
    Other,
}

/// A crash line that starts a traceback (see `printpanics`, `fatalthrow` and `sighandler`
/// in Go's `runtime/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashStart<'a> {
    /// `panic: V`: the value.
    Panic(&'a str),
    /// `fatal error: M`: the message.
    FatalError(&'a str),
    /// `[signal SIGSEGV: segmentation violation …]` or `SIGQUIT: quit`: the line.
    Signal(&'a str),
    /// `runtime: …` and similar runtime prose (`unexpected fault address …`): the line.
    RuntimeMessage(&'a str),
}

/// The dump `line` (without its line terminator) starts, if any.
pub fn dump_start(line: &str) -> Option<DumpStart<'_>> {
    if let Some(header) = profile_header(line.trim()) {
        return Some(DumpStart::Profile(header));
    }
    if is_goroutine_header(line) {
        return Some(DumpStart::Goroutine);
    }
    crash_start(line).map(DumpStart::Crash)
}

/// Where in `line` a dump's start stands after some other text (a log prefix): the
/// byte offset of the first word that opens a dump, if any. A start counts only where a
/// word begins (`xpanic: ` holds none).
pub fn find_dump_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&at| {
        let word_starts = at == 0 || !is_word_byte(bytes[at - 1]);
        word_starts
            && !bytes[at].is_ascii_whitespace()
            && line.is_char_boundary(at)
            && dump_start(&line[at..]).is_some()
    })
}

/// Where a dump starts in `line` after text glued before it, when that text cannot be the
/// dump's own: a goroutine header after anything (`… dereference] goroutine 7 [running]:`,
/// an access-log line that did not end), a signal name line (`SIGABRT: abort`) after
/// anything (a progress line that did not end), a `panic:` or `fatal error:` after
/// punctuation and spaces only (an inline-code backtick, a terminal's `^\` echo of
/// Ctrl-\, a `> ` quote). `None` when the line starts a dump itself or holds none.
pub fn glued_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (1..bytes.len()).find(|&at| {
        if !line.is_char_boundary(at) || bytes[at].is_ascii_whitespace() {
            return false;
        }
        let rest = &line[at..];
        if is_word_byte(bytes[at - 1]) {
            // Inside a word only a whole signal line counts (`… 12.3 MiB/sSIGABRT: abort`).
            return is_signal_description(rest);
        }
        match dump_start(rest) {
            Some(DumpStart::Goroutine) => true,
            Some(DumpStart::Crash(CrashStart::Signal(text))) => is_signal_name_line(text),
            Some(DumpStart::Crash(CrashStart::Panic(_) | CrashStart::FatalError(_))) => {
                line[..at].bytes().all(|b| !b.is_ascii_alphanumeric())
            }
            _ => false,
        }
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The longest profile name a `NAME profile:` header is recognised with (Go's are one
/// word: `goroutine`, `heap`, `threadcreate`, or a `pprof.NewProfile` name).
const MAX_PROFILE_NAME: usize = 128;

/// The profile a header line (trimmed) opens.
fn profile_header(text: &str) -> Option<ProfileHeader> {
    if text == "WARNING: DATA RACE" {
        return Some(ProfileHeader::Race);
    }
    if is_delve_goroutine(text) || is_delve_prompt(text) {
        return Some(ProfileHeader::Delve);
    }
    if let Some(rest) = text.strip_prefix("--- ") {
        if rest.starts_with("contention:")
            || rest.starts_with("contentionz")
            || rest.starts_with("mutex:")
        {
            return Some(ProfileHeader::Contention);
        }
        let named = rest.ends_with(':') && !rest.contains(' ');
        return (named || rest.starts_with("threadz")).then_some(ProfileHeader::Other);
    }
    // Bounded: `glued_start` and `find_dump_start` ask at every position of a line, and an
    // unbounded search made a long line without a header quadratic (found by fuzzing).
    const MARK: &[u8] = b" profile:";
    let head = &text.as_bytes()[..text.len().min(MAX_PROFILE_NAME + MARK.len())];
    let at = head.windows(MARK.len()).position(|w| w == MARK)?;
    let name = &text[..at];
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    Some(match name {
        "goroutine" | "goroutineleak" => ProfileHeader::Goroutine,
        "heap" => ProfileHeader::Heap,
        "threadcreate" => ProfileHeader::ThreadCreate,
        _ => ProfileHeader::Other,
    })
}

/// Delve's prompt with the command that lists goroutines (`(dlv) goroutines`, `(dlv) grs
/// -t`): the list's first line when pasted with it.
pub fn is_delve_prompt(text: &str) -> bool {
    text.trim()
        .strip_prefix("(dlv) ")
        .and_then(|cmd| cmd.trim_start().split(' ').next())
        .is_some_and(|cmd| cmd == "goroutines" || cmd == "grs")
}

/// A line of Delve's goroutine list (`* ` marks the selected goroutine): `Goroutine N - `
/// and a location kind (`User:`, `Runtime:`, `Go:`, `Start:`).
pub fn is_delve_goroutine(text: &str) -> bool {
    let text = text.strip_prefix("* ").unwrap_or(text);
    let Some(rest) = text.strip_prefix("Goroutine ") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && rest[digits..].strip_prefix(" - ").is_some_and(|kind| {
            ["User: ", "Runtime: ", "Go: ", "Start: "]
                .iter()
                .any(|k| kind.starts_with(k))
        })
}

/// `goroutine N [`, or `goroutine N` and the `gp=`, `m=` or `mp=` fields that come
/// before the bracket (GOTRACEBACK=system), at the start of `line`.
fn is_goroutine_header(line: &str) -> bool {
    let blank = |c: char| c == ' ' || c == '\t';
    let Some(rest) = line.strip_prefix("goroutine") else {
        return false;
    };
    let id = rest.trim_start_matches(blank);
    let digits = id.bytes().take_while(u8::is_ascii_digit).count();
    let after = id[digits..].trim_start_matches(blank);
    id.len() < rest.len()
        && digits > 0
        && after.len() < id.len() - digits
        && ["[", "gp=", "m=", "mp="]
            .iter()
            .any(|p| after.starts_with(p))
}

/// The crash line that starts a traceback at `line`, if any.
pub fn crash_start(line: &str) -> Option<CrashStart<'_>> {
    // Spaces before `panic:` are a paste's (a tab is a nested panic's own).
    let unspaced = line.trim_start_matches(' ');
    if let Some(value) = unspaced.strip_prefix("panic: ") {
        return Some(CrashStart::Panic(value));
    }
    // `panic: ` with its value on the lines below (Ginkgo's, testify's), its end trimmed.
    if unspaced == "panic:" {
        return Some(CrashStart::Panic(""));
    }
    let text = line.trim_start();
    if let Some(message) = text.strip_prefix("fatal error: ") {
        return Some(CrashStart::FatalError(message));
    }
    // `Exception 0xc0000005 0x8 0x0 0x0`: Windows' form of a fatal signal (`winthrow`).
    let windows_exception = text.strip_prefix("Exception 0x").is_some_and(|rest| {
        rest.split(' ').all(|w| {
            w.trim_start_matches("0x")
                .bytes()
                .all(|b| b.is_ascii_hexdigit())
        })
    });
    if (text.starts_with("[signal ") && text.ends_with(']'))
        || is_signal_name_line(text)
        || windows_exception
    {
        return Some(CrashStart::Signal(text));
    }
    const RUNTIME_PROSE: [&str; 4] = [
        "runtime: ",
        "unexpected fault address ",
        "signal arrived during ",
        "unexpected return pc ",
    ];
    RUNTIME_PROSE
        .iter()
        .any(|p| text.starts_with(p))
        .then_some(CrashStart::RuntimeMessage(text))
}

/// A whole signal line as the runtime prints it: `SIGABRT: abort`, the description in
/// lower-case words.
fn is_signal_description(text: &str) -> bool {
    is_signal_name_line(text)
        && text.split_once(": ").is_some_and(|(_, d)| {
            !d.is_empty() && d.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
        })
}

/// `SIGQUIT: quit`, `SIGABRT: abort`, `SIGSEGV: segmentation violation`, …
fn is_signal_name_line(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("SIG") else {
        return false;
    };
    match rest.find(": ") {
        Some(i) => i > 0 && rest[..i].bytes().all(|b| b.is_ascii_uppercase()),
        None => false,
    }
}

/// A line of a debug=1 profile's body, which starts that profile when its header line (and
/// perhaps the first lines of its first record) were left out of a paste: the profile is
/// read "cut above". Asked only where no dump starts ([`dump_start`] said `None`), so a
/// body line never ends the dump being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLine {
    /// `COUNT @ 0x… 0x…`: a goroutine (or threadcreate) record.
    CountRecord,
    /// `IO: IB [AO: AB] @ 0x…`: a heap or allocs record.
    HeapRecord,
    /// `CYCLES COUNT @ 0x…`: a block or mutex record.
    ContentionRecord,
    /// `cycles/second=N`: the first attribute of a block or mutex profile.
    ContentionRate,
    /// `#<TAB>0x… FUNC+0x… FILE:LINE` or a bare `#<TAB>0x…`: a frame of a record.
    Frame,
    /// `# runtime.MemStats`: the trailer of a heap or allocs profile.
    MemStats,
}

/// The debug=1 body line `line` is, if any. A record line needs at least one address
/// after its `@`, and nothing else there.
pub fn body_line(line: &str) -> Option<BodyLine> {
    let text = line.trim();
    if let Some(body) = text.strip_prefix('#') {
        if body.trim() == "runtime.MemStats" {
            return Some(BodyLine::MemStats);
        }
        // `#` then blanks then a `0x` address: Markdown headings and `#0` (gdb) are not.
        let frame = body.starts_with([' ', '\t']) && {
            let rest = body.trim_start();
            let pc = rest.split([' ', '\t']).next().unwrap_or("");
            pc.len() > 2 && is_address(pc)
        };
        return frame.then_some(BodyLine::Frame);
    }
    if let Some(rate) = text.strip_prefix("cycles/second=") {
        let hz = !rate.is_empty() && rate.bytes().all(|b| b.is_ascii_digit());
        return hz.then_some(BodyLine::ContentionRate);
    }
    let (values, addresses) = text.split_once('@')?;
    let mut words = addresses.split_ascii_whitespace().peekable();
    if words.peek().is_none() || !words.all(is_address) {
        return None;
    }
    let values = values.trim_end();
    let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    if number(values) {
        return Some(BodyLine::CountRecord);
    }
    if let Some((cycles, count)) = values.split_once(' ') {
        if number(cycles) && number(count.trim_start()) {
            return Some(BodyLine::ContentionRecord);
        }
    }
    // `IO: IB [AO: AB]`, negative in-use values allowed (a profile taken mid-GC).
    let (inuse, alloc) = values.split_once('[')?;
    let pair = |p: &str| {
        p.split_once(':').is_some_and(|(c, s)| {
            let int = |w: &str| number(w.trim().strip_prefix('-').unwrap_or(w.trim()));
            int(c) && int(s)
        })
    };
    (pair(inuse) && alloc.strip_suffix(']').is_some_and(pair)).then_some(BodyLine::HeapRecord)
}

/// `0x` and hex digits.
fn is_address(word: &str) -> bool {
    word.strip_prefix("0x")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_without_a_dump_is_searched_in_linear_time() {
        // 256 KiB in one line without spaces: quadratic, this took minutes.
        let junk = "x=".repeat(128 << 10);
        assert_eq!(glued_start(&junk), None);
        assert_eq!(find_dump_start(&junk), None);
        let glued = format!("{junk} heap profile: 1: 2 [3: 4] @ heap/2");
        assert_eq!(find_dump_start(&glued), Some(junk.len() + 1));
        let name = "n".repeat(MAX_PROFILE_NAME);
        let header = format!("{name} profile: total 3");
        assert_eq!(profile_header(&header), Some(ProfileHeader::Other));
        assert_eq!(profile_header(&format!("n{header}")), None);
    }

    fn kind(line: &str) -> Option<DumpStart<'_>> {
        dump_start(line)
    }

    #[test]
    fn profile_headers() {
        use ProfileHeader::*;
        for (line, header) in [
            ("goroutine profile: total 101", Goroutine),
            ("goroutineleak profile: total 3", Goroutine),
            (
                "heap profile: 72: 34703040 [477: 34910400] @ heap/1048576",
                Heap,
            ),
            ("heap profile:", Heap),
            ("  heap profile: 1: 2 [3: 4] @ heap/512", Heap),
            ("--- contention:", Contention),
            ("--- mutex:", Contention),
            ("--- contentionz 1 ---", Contention),
            ("threadcreate profile: total 6", ThreadCreate),
            ("cpu profile: total 1", Other),
            ("--- threadz 1 ---", Other),
            ("--- goroutine:", Other),
            ("WARNING: DATA RACE", Race),
            (
                "* Goroutine 1 - User: ./main.go:10 main.main (0x46f365) (thread 7933)",
                Delve,
            ),
            (
                "  Goroutine 5 - Runtime: /usr/lib/go/src/runtime/time.go:193 time.Sleep (0x463d12) [sleep]",
                Delve,
            ),
        ] {
            assert_eq!(kind(line), Some(DumpStart::Profile(header)), "{line}");
        }
        for line in [
            " profile: total 1",
            "my heap profile: 1",
            "--- Memory map: ---",
            "--- some words:",
            "Goroutine 1 - Sleeping",
            "Goroutine - User: x",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn goroutine_headers() {
        assert_eq!(
            kind("goroutine 7 [chan receive]:"),
            Some(DumpStart::Goroutine)
        );
        assert_eq!(
            kind("goroutine 7 m=3 [running]:"),
            Some(DumpStart::Goroutine)
        );
        assert_eq!(
            kind("goroutine 7 gp=0xc000007340 m=3 mp=0xc000100008 [running]:"),
            Some(DumpStart::Goroutine)
        );
        for line in [
            "\tgoroutine 7 [running]:",
            "goroutine running on other thread; stack unavailable",
            "goroutine x [running]:",
            "goroutine 7",
            "goroutine 7[running]:",
            "goroutine7 [running]:",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn crash_lines() {
        use CrashStart::*;
        for (line, start) in [
            ("panic: boom", Panic("boom")),
            (
                "fatal error: all goroutines are asleep - deadlock!",
                FatalError("all goroutines are asleep - deadlock!"),
            ),
            ("  fatal error: x", FatalError("x")),
            ("SIGQUIT: quit", Signal("SIGQUIT: quit")),
            ("SIGBUS: bus error", Signal("SIGBUS: bus error")),
            (
                "Exception 0xc0000005 0x8 0x0 0x0",
                Signal("Exception 0xc0000005 0x8 0x0 0x0"),
            ),
            (
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]",
                Signal("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]"),
            ),
            (
                "runtime: out of memory",
                RuntimeMessage("runtime: out of memory"),
            ),
            (
                "unexpected fault address 0x0",
                RuntimeMessage("unexpected fault address 0x0"),
            ),
            (
                "signal arrived during cgo execution",
                RuntimeMessage("signal arrived during cgo execution"),
            ),
            (
                "unexpected return pc for main.f called from 0x0",
                RuntimeMessage("unexpected return pc for main.f called from 0x0"),
            ),
        ] {
            assert_eq!(kind(line), Some(DumpStart::Crash(start)), "{line}");
        }
        // A nested panic, a panic's own prose and frames start nothing.
        for line in [
            "\tpanic: again",
            "panic:boom",
            "SIG: x",
            "Exception 0xc0000005 happened",
            "runtime stack:",
            "main.main()",
            "\t/app/main.go:5 +0x1d",
            "created by main.start in goroutine 1",
            "",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn starts_after_a_prefix() {
        assert_eq!(find_dump_start("web-1 | goroutine 7 [select]:"), Some(8));
        assert_eq!(
            find_dump_start("2026-11-25T02:00:00.1Z stdout F panic: boom"),
            Some(32)
        );
        assert_eq!(
            find_dump_start("[pod app] 12:00 heap profile: 1: 2 [3: 4] @ heap/2"),
            Some(16)
        );
        assert_eq!(find_dump_start("goroutine 1 [running]:"), Some(0));
        assert_eq!(find_dump_start("xpanic: boom"), None);
        assert_eq!(find_dump_start("main.main()"), None);
    }

    #[test]
    fn starts_glued_to_other_text() {
        for (line, at) in [
            ("`panic: boom", 1),
            ("^\\SIGQUIT: quit", 2),
            ("Downloading 45% [===>  ]SIGABRT: abort", 24),
            ("12.3 MiB/sSIGQUIT: quit", 10),
            (
                "GET /x 500 [nil pointer dereference] goroutine 101792 [running]:",
                37,
            ),
            (" goroutine 7 [select]:", 1),
            ("`fatal error: all goroutines are asleep - deadlock!", 1),
        ] {
            assert_eq!(glued_start(line), Some(at), "{line}");
        }
        for line in [
            "panic: boom",
            "goroutine 7 [select]:",
            "level=error msg=recovered panic: boom",
            "INFO runtime: nothing",
            "main.main()",
            "",
        ] {
            assert_eq!(glued_start(line), None, "{line}");
        }
    }

    #[test]
    fn body_lines_of_a_debug1_profile() {
        use BodyLine::*;
        for (line, kind) in [
            ("30 @ 0x48006a 0x4159ee 0x486221", CountRecord),
            ("5 @ 0x0 0x0", CountRecord),
            ("72: 34703040 [477: 34910400] @ 0x4201c8 0x4fc349", HeapRecord),
            ("0: 0 [4: 294912] @ 0x41d71b", HeapRecord),
            ("-1: -64 [0: 0] @ 0x1", HeapRecord),
            ("7760856070 55 @ 0x48d54c 0x4bf7ba", ContentionRecord),
            ("  19490304       27 @ 0xbccc97", ContentionRecord),
            (
                "#\t0x508ca7\tgithub.com/acme/gateway/internal/handler.waitForDB+0x27\t/app/x.go:12",
                Frame,
            ),
            ("#       0x470624        time.Sleep+0x124", Frame),
            ("#\t0x0", Frame),
            ("    # runtime.MemStats", MemStats),
            ("cycles/second=2596139304", ContentionRate),
        ] {
            assert_eq!(body_line(line), Some(kind), "{line}");
        }
        for line in [
            "# Heading",
            "#0  0x000000000045e0e3 in runtime.futex ()",
            "# labels: {\"a\":\"b\"}",
            "#",
            "# Alloc = 3101272",
            "1 @ ",
            "1 @ main.go",
            "gc 1 @0.012s 2%: 0.1+0.2 ms clock",
            "user@host 0x1",
            "a: b [c: d] @ 0x1",
            "1 2 3 @ 0x1",
            "x 2 @ 0x1",
            "cycles/second=fast",
        ] {
            assert_eq!(body_line(line), None, "{line}");
        }
    }
}
