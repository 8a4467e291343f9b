//! What a text that is not a Go dump is: the output of a Go tool (a `go tool pprof` report,
//! GODEBUG traces, `go env`, …), recognised by its signature lines (`parse::known_text`).

/// A known kind of text that is not a goroutine dump, crash, race report or profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextKind {
    /// `go tool pprof` text output: `-top`/`-text`, `-list`, `-traces`, `-peek`, `-raw`,
    /// or an interactive `(pprof)` session.
    PprofReport,
    /// `GODEBUG=gctrace=1` lines (`gc 12 @3.1s 2%: …`, `scvg…`), any Go release's form.
    Gctrace,
    /// `GODEBUG=schedtrace=N` (`SCHED 1000ms: gomaxprocs=…`) and scheddetail lines.
    Schedtrace,
    /// `go env` or `go version` output.
    GoEnv,
    /// `runtime.MemStats` on its own: JSON (expvar's `/debug/vars`), or printed field by
    /// field.
    Memstats,
    /// The `/debug/pprof/` index page (`Types of profiles available:`).
    PprofIndex,
    /// Native thread backtraces of gdb or gstack (`Thread 2 (… (LWP n)):`, `#0  0x… in`).
    GdbBacktrace,
    /// A Delve `stack`/`bt` frame list (`0  0x… in runtime.futex` / `at file:line`).
    DelveStack,
    /// strace output (`[pid 12] write(2, …) = 8`).
    Strace,
    /// A macOS crash report (`Exception Type:`, `Crashed Thread:`).
    MacosCrashReport,
    /// `go tool trace -dump` (or `-d`) event listing.
    TraceDump,
    /// `go tool nm` symbol listing.
    GoNm,
    /// The Go compiler's internal compiler error (`file.go:3:6: internal compiler error:
    /// …`): the toolchain crashed, not the program.
    CompilerError,
    /// A binary file that is neither text nor a pprof profile.
    Binary,
    /// Text in which nothing is recognised.
    Unknown,
    /// No input at all (or only blank lines).
    Empty,
}

impl TextKind {
    /// The kind's JSON name.
    pub fn name(self) -> &'static str {
        match self {
            TextKind::PprofReport => "pprof-report",
            TextKind::Gctrace => "gctrace",
            TextKind::Schedtrace => "schedtrace",
            TextKind::GoEnv => "go-env",
            TextKind::Memstats => "memstats",
            TextKind::PprofIndex => "pprof-index",
            TextKind::GdbBacktrace => "gdb-backtrace",
            TextKind::DelveStack => "delve-stack",
            TextKind::Strace => "strace",
            TextKind::MacosCrashReport => "macos-crash-report",
            TextKind::TraceDump => "trace-dump",
            TextKind::GoNm => "go-nm",
            TextKind::CompilerError => "compiler-error",
            TextKind::Binary => "binary",
            TextKind::Unknown => "unknown",
            TextKind::Empty => "empty",
        }
    }
}

/// What the input (or its lines outside any dump) is, for a person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KnownText {
    /// The kind.
    pub kind: TextKind,
    /// What it is, to follow "it looks like": "`go tool pprof -top` output of a goroutine
    /// profile".
    pub what: String,
    /// What to do instead, one or two sentences; empty when there is nothing to add.
    pub hint: String,
    /// 1-based input line of its first recognised line (0: none).
    pub line: usize,
    /// Input lines recognised as this kind.
    pub lines: usize,
}
