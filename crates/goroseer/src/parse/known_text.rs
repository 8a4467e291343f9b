//! Text that is not a Go dump, named by its signature lines: what the lines no dump parser
//! took are, when they are a known Go tool's output.
//!
//! Users paste what they have: a `go tool pprof -top` report instead of the profile,
//! `GODEBUG=gctrace=1` lines, `go env`, MemStats as JSON, a gdb backtrace. None of them
//! holds a goroutine dump, and one diagnostic per line says only that. The [`Recognizer`]
//! is handed each line not understood ([`super::parse_text`] calls it where it writes that
//! diagnostic, so a dump's own lines never reach it), counts the lines each known form's
//! signature matches, and names the form that explains the input ([`Recognizer::finish`]).
//!
//! Each check is a prefix or a short scan of one line, dispatched on the line's first
//! byte: the lines come from text no parser read, and a large log may hold many.

use crate::model::known_text::{KnownText, TextKind};

/// Kinds the recognizer counts, in the order a tie is decided.
const KINDS: [TextKind; 13] = [
    TextKind::CompilerError,
    TextKind::PprofReport,
    TextKind::Gctrace,
    TextKind::Schedtrace,
    TextKind::Memstats,
    TextKind::PprofIndex,
    TextKind::GdbBacktrace,
    TextKind::DelveStack,
    TextKind::MacosCrashReport,
    TextKind::TraceDump,
    TextKind::Strace,
    TextKind::GoNm,
    TextKind::GoEnv,
];

/// What a line counts for: a header line no other text has weighs this many lines.
const HEADER: u32 = 50;

/// Recognised lines of one kind.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    /// Lines matched, a header line counting [`HEADER`].
    score: u32,
    /// Lines matched.
    lines: usize,
    /// Input line of the first.
    first: usize,
}

/// What the pprof report lines said.
#[derive(Debug, Default)]
struct Pprof {
    /// `flat  flat%   sum%        cum   cum%` seen: the table of -top/-text (`calls`:
    /// -peek/-tree).
    table: bool,
    peek: bool,
    list: bool,
    traces: bool,
    raw: bool,
    /// The go1.7/1.8 header `9.85s of 9.85s total`.
    old_header: bool,
    /// Inside the table: rows count.
    in_table: bool,
    /// The line before was `Samples:` (the next names the sample types).
    after_samples: bool,
    sample_type: Option<String>,
    raw_types: Option<String>,
    saved: Option<String>,
    command: Option<String>,
}

/// Counts of the other forms.
#[derive(Debug, Default)]
struct Facts {
    pprof: Pprof,
    gc_first: Option<u64>,
    gc_last: Option<u64>,
    gc_cycles: usize,
    scavenger: usize,
    sched_snapshots: usize,
    sched_goroutines: usize,
    go_version: Option<String>,
    goos: Option<String>,
    goarch: Option<String>,
    memstats_json: bool,
    memstats_expvar: bool,
    heap_alloc: Option<u64>,
    num_gc: Option<u64>,
    index_goroutines: Option<u64>,
    index_threads: Option<u64>,
    gdb_threads: usize,
    gdb_frames: usize,
    delve_frames: usize,
    strace_calls: usize,
    strace_stderr: bool,
    macos_exception: Option<String>,
    trace_events: usize,
    nm_symbols: usize,
    ice: Option<String>,
    ice_release: bool,
}

/// Reads the lines no dump parser took, one at a time, and names what they are.
#[derive(Debug, Default)]
pub struct Recognizer {
    tallies: [Tally; KINDS.len()],
    facts: Facts,
    /// Non-blank lines seen.
    seen: usize,
    /// What the line being classified counts for ([`HEADER`] for a header line).
    weight: u32,
}

fn slot(kind: TextKind) -> usize {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0)
}

/// At most 160 characters of `text`, for a sentence.
fn clip(text: &str) -> String {
    match text.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The unsigned number `text` starts with.
fn leading_number(text: &str) -> Option<u64> {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    text[..end].parse().ok()
}

/// The number after `"key":` (or `key:`/`key `) in `line`.
fn field_number(line: &str, key: &str) -> Option<u64> {
    let at = line.find(key)? + key.len();
    let rest = line[at..].trim_start_matches(['"', ':', ' ', '=', '\t']);
    leading_number(rest)
}

/// Field names of `runtime.MemStats`.
const MEMSTATS_FIELDS: [&str; 31] = [
    "Alloc",
    "TotalAlloc",
    "Sys",
    "Lookups",
    "Mallocs",
    "Frees",
    "HeapAlloc",
    "HeapSys",
    "HeapIdle",
    "HeapInuse",
    "HeapReleased",
    "HeapObjects",
    "StackInuse",
    "StackSys",
    "MSpanInuse",
    "MSpanSys",
    "MCacheInuse",
    "MCacheSys",
    "BuckHashSys",
    "GCSys",
    "OtherSys",
    "NextGC",
    "LastGC",
    "PauseTotalNs",
    "PauseNs",
    "PauseEnd",
    "NumGC",
    "NumForcedGC",
    "GCCPUFraction",
    "EnableGC",
    "DebugGC",
];

/// The identifier a line starts with (after an optional `"`), and the rest after it and
/// its closing `"`.
fn leading_key(t: &str) -> Option<(&str, &str)> {
    let t = t.strip_prefix('"').unwrap_or(t);
    let end = t
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(t.len());
    if end == 0 {
        return None;
    }
    let rest = &t[end..];
    Some((&t[..end], rest.strip_prefix('"').unwrap_or(rest)))
}

/// Whether `t` is a table row of `go tool pprof -top`: `value pct% pct% value pct% name`.
fn is_pprof_row(t: &str) -> bool {
    let mut words = t.split_ascii_whitespace();
    let w: Vec<&str> = words.by_ref().take(5).collect();
    w.len() == 5 && w[1].ends_with('%') && w[2].ends_with('%') && w[4].ends_with('%')
}

/// Whether `t` is a separator line of pprof's -traces or -peek: dashes around a `+`.
fn is_pprof_separator(t: &str) -> bool {
    t.len() > 20
        && t.starts_with("---")
        && t.contains("+-")
        && t.bytes().all(|b| b == b'-' || b == b'+')
}

/// `9.85s of 9.85s total (  100%)` (go1.8) and `15.91s of 15.91s total` (go1.7).
fn is_old_pprof_header(t: &str) -> bool {
    t.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && t.contains(" of ")
        && (t.ends_with(" total") || t.contains(" total ("))
}

/// A hexadecimal word of at least 4 digits (`0x` allowed), as nm and gdb print addresses.
fn is_hex(word: &str) -> bool {
    let w = word.strip_prefix("0x").unwrap_or(word);
    w.len() >= 4 && w.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Recognizer {
    fn count(&mut self, kind: TextKind, number: usize, weight: u32) {
        let t = &mut self.tallies[slot(kind)];
        if t.lines == 0 {
            t.first = number;
        }
        t.lines += 1;
        t.score += weight;
    }

    /// Reads one line (input line `number`) that no dump parser took.
    pub fn line(&mut self, number: usize, text: &str) {
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        self.seen += 1;
        match self.classify(t) {
            Some(kind) => {
                if kind != TextKind::PprofReport {
                    self.facts.pprof.in_table = false;
                }
                self.count(kind, number, self.weight);
            }
            // Any other line ends pprof's table.
            None => self.facts.pprof.in_table = false,
        }
    }

    /// The kind `t` (a trimmed, non-blank line) is a line of; sets `self.weight`.
    fn classify(&mut self, t: &str) -> Option<TextKind> {
        self.weight = 1;
        let f = &mut self.facts;
        if let Some(at) = t.find(": internal compiler error: ") {
            let message = &t[at + ": internal compiler error: ".len()..];
            f.ice
                .get_or_insert_with(|| clip(message.trim_end_matches(':')));
            self.weight = HEADER;
            return Some(TextKind::CompilerError);
        }
        if f.ice.is_some()
            && (t.starts_with("Please file a bug report including a short program")
                || t.ends_with("/issue/new"))
        {
            f.ice_release = true;
            return Some(TextKind::CompilerError);
        }
        let pprof_after_samples = std::mem::take(&mut f.pprof.after_samples);
        match t.as_bytes()[0] {
            b'f' if t.starts_with("flat  flat%") => {
                f.pprof.table = true;
                f.pprof.in_table = true;
                f.pprof.peek |= t.contains("calls calls%");
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'R' if t.starts_with("ROUTINE ====") => {
                f.pprof.list = true;
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'(' if t.starts_with("(pprof)") => {
                let command = t["(pprof)".len()..].trim();
                if let Some(word) = command.split_ascii_whitespace().next() {
                    if word.bytes().all(|b| b.is_ascii_lowercase()) && f.pprof.command.is_none() {
                        f.pprof.command = Some(word.to_owned());
                    }
                }
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'(' if t.starts_with("(dlv)") => {
                self.weight = HEADER;
                return Some(TextKind::DelveStack);
            }
            b'S' if t == "Samples:" => {
                f.pprof.raw = true;
                f.pprof.after_samples = true;
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'S' if t.starts_with("Showing nodes accounting for ") => {
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'S' if t.starts_with("Showing top ")
                || t.starts_with("Saved profile in ")
                || t.starts_with("Sampling period:") =>
            {
                if let Some(path) = t.strip_prefix("Saved profile in ") {
                    f.pprof.saved = Some(clip(path));
                }
                return Some(TextKind::PprofReport);
            }
            b'S' if t.starts_with("SCHED ") && t.contains("ms: gomaxprocs=") => {
                f.sched_snapshots += 1;
                return Some(TextKind::Schedtrace);
            }
            b'E' if t.starts_with("Entering interactive mode (type \"help\"") => {
                self.weight = HEADER;
                return Some(TextKind::PprofReport);
            }
            b'E' if t.starts_with("Exception Type:") => {
                f.macos_exception
                    .get_or_insert_with(|| clip(t["Exception Type:".len()..].trim()));
                self.weight = HEADER;
                return Some(TextKind::MacosCrashReport);
            }
            b'T' if t.starts_with("Type: ") => {
                let kind = t["Type: ".len()..].trim();
                if !kind.is_empty() && !kind.contains(' ') {
                    f.pprof.sample_type.get_or_insert_with(|| clip(kind));
                    return Some(TextKind::PprofReport);
                }
            }
            b'T' if t == "Translated Report (Full Report Below)" => {
                self.weight = HEADER;
                return Some(TextKind::MacosCrashReport);
            }
            b'T' if t == "Types of profiles available:" => {
                self.weight = HEADER;
                return Some(TextKind::PprofIndex);
            }
            b'T' if t.starts_with("Thread ") && t.contains("LWP ") => {
                f.gdb_threads += 1;
                return Some(TextKind::GdbBacktrace);
            }
            b'T' if t.starts_with("Thread ") && t.contains(" at 0x") => {
                return Some(TextKind::DelveStack);
            }
            b'T' if t.starts_with("Total: ") => return Some(TextKind::PprofReport),
            b'F' if t.starts_with("File: ") || t.starts_with("Fetching profile over HTTP") => {
                return Some(TextKind::PprofReport);
            }
            b'B' if t.starts_with("Build ID: ") => return Some(TextKind::PprofReport),
            b'B' if t.starts_with("Backtrace stopped:") => {
                return Some(TextKind::GdbBacktrace);
            }
            b'D' if (t.starts_with("Duration: ") && t.contains("Total samples"))
                || t.starts_with("Dropped ") && t.contains(" nodes (cum") =>
            {
                return Some(TextKind::PprofReport);
            }
            b'P' if t.starts_with("PeriodType: ") => return Some(TextKind::PprofReport),
            b'A' if t == "Active filters:" => return Some(TextKind::PprofReport),
            b'C' if t.starts_with("Crashed Thread:") || t.starts_with("Code Type:") => {
                return Some(TextKind::MacosCrashReport);
            }
            b'C' if t.starts_with("Count") && t.ends_with("Profile") => {
                return Some(TextKind::PprofIndex);
            }
            b'P' | b'I' | b'H' | b'O'
                if [
                    "Process:",
                    "Incident Identifier:",
                    "Hardware Model:",
                    "OS Version:",
                ]
                .iter()
                .any(|p| t.starts_with(p)) =>
            {
                return Some(TextKind::MacosCrashReport);
            }
            b'g' if t.starts_with("go version go") || t.starts_with("go version devel") => {
                let mut words = t["go version ".len()..].split_ascii_whitespace();
                f.go_version = words.next().map(clip);
                if let Some((os, arch)) = words.next().and_then(|w| w.split_once('/')) {
                    f.goos = Some(clip(os));
                    f.goarch = Some(clip(arch));
                }
                self.weight = HEADER;
                return Some(TextKind::GoEnv);
            }
            b'g' if t.starts_with("gc ") && t.contains("%: ") && t.contains(" @") => {
                // gctrace since go1.5: `gc 290 @256.195s 3%: 0.25+100+0.10 ms clock, …`
                if let Some(n) = leading_number(&t[3..]) {
                    f.gc_first.get_or_insert(n);
                    f.gc_last = Some(n);
                }
                f.gc_cycles += 1;
                return Some(TextKind::Gctrace);
            }
            b'g' if t.len() > 3
                && t.as_bytes()[2].is_ascii_digit()
                && t.starts_with("gc")
                && t.contains("): ")
                && t.contains(" ms") =>
            {
                // Before go1.5: `gc12(1): 0+0+0 ms, 0 -> 0 MB …`
                if let Some(n) = leading_number(&t[2..]) {
                    f.gc_first.get_or_insert(n);
                    f.gc_last = Some(n);
                }
                f.gc_cycles += 1;
                return Some(TextKind::Gctrace);
            }
            b's' if t.starts_with("scvg") || (t.starts_with("scav ") && t.contains("work")) => {
                f.scavenger += 1;
                return Some(TextKind::Gctrace);
            }
            b'G' if t == "GC forced" => return Some(TextKind::Gctrace),
            b'p' if t.starts_with("pacer: ") => return Some(TextKind::Gctrace),
            b'/' if t == "/debug/pprof/" => return Some(TextKind::PprofIndex),
            b'f' if t == "full goroutine stack dump" => return Some(TextKind::PprofIndex),
            b'#' if t == "# runtime.MemStats" => {
                self.weight = HEADER;
                return Some(TextKind::Memstats);
            }
            b'#' if t.len() > 2 && t.as_bytes()[1].is_ascii_digit() => {
                // gdb: `#3  0x00039238 in runtime.dopanic_m (gp=…) at …` or
                // `#0  runtime.raise () at …`.
                let rest = t[1..].trim_start_matches(|c: char| c.is_ascii_digit());
                if rest.starts_with("  ") && (rest.contains(" in ") || rest.contains(" (")) {
                    f.gdb_frames += 1;
                    return Some(TextKind::GdbBacktrace);
                }
            }
            b'>' if t.contains("(PC: 0x") => return Some(TextKind::DelveStack),
            b'a' if t.starts_with("at ")
                && t.rfind(':').is_some_and(|i| {
                    t[i + 1..].bytes().all(|b| b.is_ascii_digit()) && i + 1 < t.len()
                }) =>
            {
                return Some(TextKind::DelveStack);
            }
            b'[' if t.starts_with("[pid ") => {
                let rest = t[5..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
                if let Some(call) = rest.strip_prefix(']') {
                    f.strace_stderr |= call.trim_start().starts_with("write(2,");
                    f.strace_calls += 1;
                    return Some(TextKind::Strace);
                }
            }
            b'+' if t.starts_with("+++ exited with") || t.starts_with("+++ killed by") => {
                return Some(TextKind::Strace);
            }
            b'-' if t.starts_with("--- SIG") && t.contains("si_signo") => {
                return Some(TextKind::Strace);
            }
            b'-' if is_pprof_separator(t) => {
                f.pprof.traces = true;
                return Some(TextKind::PprofReport);
            }
            b'{' if t.contains("\"TotalAlloc\":") || t.contains("\"memstats\":") => {
                f.memstats_json = true;
                f.memstats_expvar |= t.contains("\"memstats\":");
                f.heap_alloc = f.heap_alloc.or_else(|| field_number(t, "\"HeapAlloc\""));
                f.num_gc = f.num_gc.or_else(|| field_number(t, "\"NumGC\""));
                self.weight = HEADER;
                return Some(TextKind::Memstats);
            }
            b'"' if t.starts_with("\"memstats\":") => {
                f.memstats_json = true;
                f.memstats_expvar = true;
                f.heap_alloc = f.heap_alloc.or_else(|| field_number(t, "\"HeapAlloc\""));
                f.num_gc = f.num_gc.or_else(|| field_number(t, "\"NumGC\""));
                self.weight = HEADER;
                return Some(TextKind::Memstats);
            }
            _ => {}
        }
        if pprof_after_samples && t.contains('/') {
            f.pprof.raw_types = Some(clip(t));
            return Some(TextKind::PprofReport);
        }
        if f.pprof.in_table && is_pprof_row(t) {
            return Some(TextKind::PprofReport);
        }
        if is_old_pprof_header(t) {
            f.pprof.old_header = true;
            self.weight = HEADER;
            return Some(TextKind::PprofReport);
        }
        if t.starts_with("bytes:[") {
            // A heap profile's sample label in pprof -raw.
            return Some(TextKind::PprofReport);
        }
        if let Some(kind) = f.key_value(t) {
            return Some(kind);
        }
        f.words(t)
    }
}

impl Facts {
    /// Lines of `KEY=value` (go env), `Key: value` or `"Key": value` (MemStats), `P0:
    /// status=` (scheddetail), `62<TAB>goroutine` (the /debug/pprof/ index).
    fn key_value(&mut self, t: &str) -> Option<TextKind> {
        let t2 = t.strip_prefix("set ").unwrap_or(t);
        let t2 = t2.strip_prefix("# ").unwrap_or(t2);
        let quoted = t2.starts_with('"');
        let (key, rest) = leading_key(t2)?;
        let b = key.as_bytes();
        // scheddetail: `P0: status=…`, `M8: p=-1 …`, `G8: status=4(select) …`.
        if matches!(b[0], b'P' | b'M' | b'G')
            && b.len() > 1
            && b[1..].iter().all(u8::is_ascii_digit)
            && rest.starts_with(": ")
            && (rest.contains("status=") || rest.contains(" curg="))
        {
            if b[0] == b'G' {
                self.sched_goroutines += 1;
            }
            return Some(TextKind::Schedtrace);
        }
        // go env: `GOARCH="amd64"`, `GOARCH='amd64'`, `set GOARCH=amd64`.
        if let Some(value) = rest.strip_prefix('=') {
            let env = key.starts_with("GO")
                || key.starts_with("CGO_")
                || matches!(key, "CC" | "CXX" | "AR" | "PKG_CONFIG" | "GCCGO");
            if env
                && key
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            {
                let value = value.trim_matches(['"', '\'']);
                match key {
                    "GOOS" => self.goos = Some(clip(value)),
                    "GOARCH" => self.goarch = Some(clip(value)),
                    "GOVERSION" if !value.is_empty() => self.go_version = Some(clip(value)),
                    _ => {}
                }
                return Some(TextKind::GoEnv);
            }
        }
        // MemStats field by field: `"HeapAlloc": 100528888,`, `Alloc: 1595232344,`,
        // `Alloc 94696`, `# Alloc = 3101272`.
        if MEMSTATS_FIELDS.contains(&key) || key == "BySize" {
            let value = rest.trim_start_matches([':', ' ', '=', '\t']);
            if value.len() < rest.len()
                && value
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_digit() || b == b'[' || b == b't' || b == b'f')
            {
                self.memstats_json |= quoted;
                if key == "HeapAlloc" {
                    self.heap_alloc = self.heap_alloc.or_else(|| leading_number(value));
                }
                if key == "NumGC" {
                    self.num_gc = self.num_gc.or_else(|| leading_number(value));
                }
                return Some(TextKind::Memstats);
            }
        }
        None
    }

    /// Lines told by their words: the /debug/pprof/ index's `62<TAB>goroutine`, delve's
    /// `0  0x… in runtime.futex`, nm's `44de30 T runtime.ReadTrace`, strace's
    /// `write(2, "…", 8) = 8`, trace -dump events.
    fn words(&mut self, t: &str) -> Option<TextKind> {
        let mut words = t.split_ascii_whitespace();
        let first = words.next()?;
        let second = words.next().unwrap_or("");
        let third = words.next().unwrap_or("");
        if first.bytes().all(|b| b.is_ascii_digit()) {
            const PROFILES: [&str; 11] = [
                "allocs",
                "block",
                "cmdline",
                "goroutine",
                "goroutineleak",
                "heap",
                "mutex",
                "profile",
                "symbol",
                "threadcreate",
                "trace",
            ];
            if PROFILES.contains(&second) && third.is_empty() {
                let n = first.parse().ok();
                match second {
                    "goroutine" => self.index_goroutines = n,
                    "threadcreate" => self.index_threads = n,
                    _ => {}
                }
                return Some(TextKind::PprofIndex);
            }
            if is_hex(second) && third == "in" {
                self.delve_frames += 1;
                return Some(TextKind::DelveStack);
            }
        }
        // go tool trace -dump (before go1.22): `0xc42001c120 Off: 24 type: 13 GoCreate Ts: 0 …`;
        // -d=parsed (go1.22+): `M=6170 P=1 G=1 StateTransition Time=… …`.
        if (first.starts_with("0x") && second == "Off:" && t.contains(" Ts: "))
            || (first.starts_with("M=") && second.starts_with("P=") && third.starts_with("G="))
        {
            self.trace_events += 1;
            return Some(TextKind::TraceDump);
        }
        // nm: `44de30 T runtime.ReadTrace`, `  U runtime.foo`, with -size `addr size T name`.
        let nm_type = |w: &str| w.len() == 1 && "TtDdBbRrUuCV".contains(w);
        if (is_hex(first) && nm_type(second) && !third.is_empty())
            || (first == "U" && !second.is_empty() && third.is_empty())
        {
            self.nm_symbols += 1;
            return Some(TextKind::GoNm);
        }
        // strace without -f: `write(2, "main.run", 8) = 8`.
        if let Some(open) = t.find('(') {
            let name = &t[..open];
            if !name.is_empty()
                && name.len() < 24
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && (t.contains(") = ") || t.ends_with("<unfinished ...>"))
            {
                self.strace_stderr |= t.starts_with("write(2,");
                self.strace_calls += 1;
                return Some(TextKind::Strace);
            }
        }
        None
    }
}

/// Bytes for a person: `95.9 MiB`.
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `1 thing` / `2 things`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Recognizer {
    /// What the lines read are, or `None` when no known form explains them. `dumps_read`:
    /// the input held a dump, and these are the lines beside it (then a form needs three
    /// lines, or a header, to be named).
    pub fn finish(self, dumps_read: bool) -> Option<KnownText> {
        let ice = self.tallies[slot(TextKind::CompilerError)];
        let (index, tally) = if ice.lines > 0 {
            // The compiler's error explains the input whatever else it holds (`go env`
            // above it, the build's other lines).
            (slot(TextKind::CompilerError), ice)
        } else {
            let (i, t) = self
                .tallies
                .iter()
                .enumerate()
                .rev()
                .max_by_key(|(_, t)| t.score)?;
            (i, *t)
        };
        if tally.lines == 0 {
            return None;
        }
        let header = tally.score >= HEADER;
        // Beside a dump: three lines or a header. Alone: a header, two lines, and at
        // least one line in ten of the input.
        let enough = if dumps_read {
            header || tally.lines >= 3
        } else {
            header || (tally.lines >= 2 && tally.lines * 10 >= self.seen)
        };
        if !enough {
            return None;
        }
        let kind = KINDS[index];
        if dumps_read && kind == TextKind::DelveStack {
            // Beside Delve's goroutine list: the session's prompts, said by the list.
            return None;
        }
        let (what, hint) = describe(kind, &self.facts, tally.lines);
        Some(KnownText {
            kind,
            what,
            hint,
            line: tally.first,
            lines: tally.lines,
        })
    }
}

/// What a profile of sample type `t` is: `a goroutine profile`, `a heap profile
/// (inuse_space)`.
fn profile_of_type(t: &str) -> String {
    match t {
        "goroutine" => "a goroutine profile".to_owned(),
        "cpu" | "samples" => "a CPU profile".to_owned(),
        "inuse_space" | "inuse_objects" | "alloc_space" | "alloc_objects" | "space" => {
            format!("a heap profile ({t})")
        }
        "delay" | "contentions" => format!("a block or mutex profile ({t})"),
        "threadcreate" => "a threadcreate profile".to_owned(),
        _ => format!("a {t} profile"),
    }
}

/// The sentence parts of `kind`: what it is (after "it looks like"), and what to do.
fn describe(kind: TextKind, f: &Facts, lines: usize) -> (String, String) {
    const DUMP: &str = "a goroutine dump comes from SIGQUIT (kill -QUIT, GOTRACEBACK=all), \
                        /debug/pprof/goroutine?debug=2 or a crash's output";
    match kind {
        TextKind::PprofReport => {
            let p = &f.pprof;
            let flag = if p.list {
                "-list"
            } else if p.peek {
                "-peek"
            } else if p.table || p.old_header {
                "-top"
            } else if p.raw {
                "-raw"
            } else if p.traces {
                "-traces"
            } else {
                ""
            };
            let tool = match (flag, &p.command) {
                (_, Some(c)) => format!("`{c}` output of an interactive `go tool pprof`"),
                ("", None) => "`go tool pprof` output".to_owned(),
                (flag, None) => format!("`go tool pprof {flag}` output"),
            };
            let of = match (&p.sample_type, &p.raw_types) {
                (Some(t), _) => format!(" of {}", profile_of_type(t)),
                (None, Some(types)) => format!(" of a profile with samples {types}"),
                (None, None) => String::new(),
            };
            let instead = match &p.saved {
                Some(path) => format!("drop the profile it read instead ({path})"),
                None => "drop the profile itself instead (the .pb.gz file, or what \
                         /debug/pprof/<name> serves)"
                    .to_owned(),
            };
            let goroutines = if p.sample_type.as_deref() == Some("goroutine") {
                "; /debug/pprof/goroutine?debug=2 gives every goroutine's stack"
            } else {
                ""
            };
            (
                format!("{tool}{of}"),
                format!("It is a report, not the profile: {instead}{goroutines}."),
            )
        }
        TextKind::Gctrace => {
            let mut what = "GODEBUG=gctrace=1 output".to_owned();
            let mut parts = Vec::new();
            if f.gc_cycles > 0 {
                let mut s = count(f.gc_cycles, "garbage collection");
                if let (Some(a), Some(b)) = (f.gc_first, f.gc_last) {
                    if a != b {
                        s.push_str(&format!(", gc {a} to {b}"));
                    }
                }
                parts.push(s);
            }
            if f.scavenger > 0 {
                parts.push(count(f.scavenger, "scavenger line"));
            }
            if !parts.is_empty() {
                what.push_str(&format!(" ({})", parts.join("; ")));
            }
            (
                what,
                format!("The garbage collector's trace holds no goroutines: {DUMP}."),
            )
        }
        TextKind::Schedtrace => {
            let mut what = if f.sched_goroutines > 0 || lines > f.sched_snapshots * 2 {
                "GODEBUG=schedtrace,scheddetail output".to_owned()
            } else {
                "GODEBUG=schedtrace output".to_owned()
            };
            let mut parts = Vec::new();
            if f.sched_snapshots > 0 {
                parts.push(count(f.sched_snapshots, "scheduler snapshot"));
            }
            if f.sched_goroutines > 0 {
                parts.push(format!(
                    "{} with their status",
                    count(f.sched_goroutines, "goroutine line")
                ));
            }
            if !parts.is_empty() {
                what.push_str(&format!(" ({})", parts.join(", ")));
            }
            (
                what,
                format!("The scheduler's trace has no stacks: {DUMP}."),
            )
        }
        TextKind::GoEnv => {
            let mut what = if lines > 1 || f.go_version.is_none() {
                "`go env` output".to_owned()
            } else {
                "`go version` output".to_owned()
            };
            let platform = match (&f.goos, &f.goarch) {
                (Some(os), Some(arch)) => format!("{os}/{arch}"),
                _ => String::new(),
            };
            let about: Vec<&str> = [f.go_version.as_deref().unwrap_or(""), &platform]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !about.is_empty() {
                what.push_str(&format!(" ({})", about.join(" ")));
            }
            (
                what,
                format!("The toolchain's settings, not a dump: {DUMP}."),
            )
        }
        TextKind::Memstats => {
            let mut what = if f.memstats_expvar {
                "runtime.MemStats as JSON (expvar's /debug/vars)".to_owned()
            } else if f.memstats_json {
                "runtime.MemStats as JSON".to_owned()
            } else {
                "runtime.MemStats printed field by field".to_owned()
            };
            let mut parts = Vec::new();
            if let Some(h) = f.heap_alloc {
                parts.push(format!("HeapAlloc {}", human_bytes(h)));
            }
            if let Some(n) = f.num_gc {
                parts.push(format!("NumGC {n}"));
            }
            if !parts.is_empty() {
                what.push_str(&format!(": {}", parts.join(", ")));
            }
            (
                what,
                "Memory figures without stacks: /debug/pprof/heap?debug=1 holds the same \
                 MemStats and where the memory was allocated."
                    .to_owned(),
            )
        }
        TextKind::PprofIndex => {
            let mut what = "the /debug/pprof/ index page".to_owned();
            let mut parts = Vec::new();
            if let Some(n) = f.index_goroutines {
                parts.push(count(n as usize, "goroutine"));
            }
            if let Some(n) = f.index_threads {
                parts.push(format!("{} created", count(n as usize, "thread")));
            }
            if !parts.is_empty() {
                what.push_str(&format!(" ({})", parts.join(", ")));
            }
            (
                what,
                "It lists the profiles and their sizes: fetch /debug/pprof/goroutine?debug=2 \
                 for the goroutines' stacks."
                    .to_owned(),
            )
        }
        TextKind::GdbBacktrace => {
            let mut parts = Vec::new();
            if f.gdb_threads > 0 {
                parts.push(count(f.gdb_threads, "thread"));
            }
            if f.gdb_frames > 0 {
                parts.push(count(f.gdb_frames, "frame"));
            }
            let about = if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            };
            (
                format!("native thread backtraces of gdb or gstack{about}"),
                format!(
                    "Threads are not goroutines: {DUMP} (in gdb, Go's runtime-gdb.py adds \
                     `goroutine all bt`)."
                ),
            )
        }
        TextKind::DelveStack => (
            if f.delve_frames > 0 {
                format!(
                    "a Delve `stack` listing ({})",
                    count(f.delve_frames, "frame")
                )
            } else {
                "a Delve session".to_owned()
            },
            "One stack in a debugger: Delve's `goroutines -t` prints every goroutine with its \
             stack, which goroseer reads."
                .to_owned(),
        ),
        TextKind::Strace => (
            format!("strace output ({})", count(f.strace_calls, "system call")),
            if f.strace_stderr {
                "The program's stderr is cut into write(2, …) calls: run it without strace \
                 (or strace -o FILE) to get its traceback whole."
                    .to_owned()
            } else {
                format!("System calls, not goroutines: {DUMP}.")
            },
        ),
        TextKind::MacosCrashReport => (
            match &f.macos_exception {
                Some(e) => format!("a macOS crash report ({e})"),
                None => "a macOS crash report".to_owned(),
            },
            "It shows native threads, not goroutines: the Go runtime writes its own \
             traceback to the program's stderr."
                .to_owned(),
        ),
        TextKind::TraceDump => (
            format!(
                "`go tool trace -d` output ({})",
                count(f.trace_events, "event")
            ),
            "An execution trace's events: open the trace file with `go tool trace`.".to_owned(),
        ),
        TextKind::GoNm => (
            format!(
                "a `go tool nm` symbol listing ({})",
                count(f.nm_symbols, "symbol")
            ),
            format!("A binary's symbol table, not a dump: {DUMP}."),
        ),
        TextKind::CompilerError => (
            format!(
                "the Go compiler crashing (internal compiler error: {})",
                f.ice.as_deref().unwrap_or("")
            ),
            "A bug in the Go toolchain, not in the program compiled: try the latest Go \
             release, then report it at https://go.dev/issue/new with a short program that \
             triggers it."
                .to_owned(),
        ),
        TextKind::Binary | TextKind::Unknown | TextKind::Empty => (String::new(), String::new()),
    }
}
