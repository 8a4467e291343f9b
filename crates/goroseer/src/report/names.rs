//! Names for a person: short function names ([`short_name`], made in the model so finding
//! texts use them too) and group names that say what a group is doing.
//!
//! A group's name skips the runtime's and the standard library's wait frames to the first
//! frame of the program's own code or of a module it uses, and adds what the goroutines
//! wait for: `internal/jobs.(*Queue).Pop → cond wait`. A stack of the standard library
//! alone is named by what started it (`net/http server → netpoll`). Like stackgazer's
//! fold rules, but fixed and small: the page shows the name, it never makes one.

use serde::Serialize;

use crate::analysis::rules::wait::{self, Wait};
pub use crate::model::short_name::short_name;
use crate::model::{Frame, Origin};

/// What a group of goroutines is doing, in a few words (`groups[].name` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupName {
    /// The name to show: `subject → wait`, or the subject alone for a running group.
    pub text: String,
    /// The full name of the function the subject stands for; null when the subject names
    /// a kind of goroutine (`net/http server`) rather than one function.
    pub function: Option<String>,
    /// What the goroutines wait for, in words (`mutex lock`, `netpoll`); null when they
    /// run or the dump does not say.
    pub wait: Option<String>,
    /// The dump prints no wait reason (debug=1, a protobuf profile): `wait` was read from
    /// the frames. Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// What a channel operation or `select` is called when debug=1 hid which one it is.
const HIDDEN_CHANNEL_WAIT: &str = "chan or select";

/// The name of a group whose goroutines have the stack `frames` (innermost first, the
/// group's first member's whole stack) and the wait reason `state` (empty for debug=1 and
/// protobuf profiles). `runtime_hidden`: the dump leaves out the runtime's own innermost
/// frames (debug=1), so a stack that stops in the program's code is parked in the runtime.
pub fn group_name(frames: &[&Frame], state: &str, runtime_hidden: bool) -> GroupName {
    let no_state = state.trim().is_empty();
    let (wait, inferred) = match wait_words(wait::classify(state, frames.iter().copied()), state) {
        Some(words) => (Some(words), no_state),
        None if no_state && runtime_hidden && parked_under_hidden_runtime(frames) => {
            (Some(HIDDEN_CHANNEL_WAIT.to_owned()), true)
        }
        None => (None, false),
    };
    let (subject, function) = match subject(frames) {
        Subject::Frame(f) => (f.display_name().into_owned(), Some(f.function.clone())),
        Subject::Kind(kind) => (kind.to_owned(), None),
        Subject::Unknown => ("unknown stack".to_owned(), None),
    };
    let text = match &wait {
        Some(w) if inferred && w == HIDDEN_CHANNEL_WAIT => format!("{subject} → {w} (inferred)"),
        Some(w) => format!("{subject} → {w}"),
        None => subject,
    };
    GroupName {
        text,
        function,
        wait,
        inferred,
    }
}

/// Whether a debug=1 stack (the runtime's innermost frames left out) stops where the
/// runtime must have parked it: its innermost frame is code outside the runtime and the
/// lock/poll machinery — a channel operation or `select` compiles to a direct call into
/// the runtime (`runtime.chanrecv1`, `runtime.selectgo`), which debug=1 hides. The
/// waits the standard library shows (`sync.(*Mutex).Lock`, `time.Sleep`, a syscall) were
/// recognised before this is asked. Functions the runtime implements under another
/// package's name (`os/signal.signal_recv` in `runtime/sigqueue.go`) and the goroutine
/// writing the dump (`runtime/pprof`) are not parked on a channel. A goroutine preempted
/// in a loop of the program's own code looks the same in debug=1; hence "inferred".
fn parked_under_hidden_runtime(frames: &[&Frame]) -> bool {
    let Some(innermost) = frames.first() else {
        return false;
    };
    !wait::is_machinery(innermost)
        && innermost.origin != Origin::Unknown
        && innermost.package != "runtime/pprof"
        && !(innermost.origin == Origin::Stdlib && in_runtime_source(&innermost.file))
}

/// Whether `file` is a source file of package `runtime` itself: in a directory named
/// `runtime` (`/usr/local/go/src/runtime/sigqueue.go`, `runtime/sigqueue.go` built with
/// `-trimpath`, `/<path1>/runtime/sigqueue.go` redacted).
fn in_runtime_source(file: &str) -> bool {
    let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    dir == "runtime" || dir.ends_with("/runtime")
}

enum Subject<'a> {
    Frame(&'a Frame),
    Kind(&'static str),
    Unknown,
}

/// The first frame of code that is not Go's own (innermost first); for a stack of Go's own
/// code only, what started it.
fn subject<'a>(frames: &[&'a Frame]) -> Subject<'a> {
    if let Some(f) = frames.iter().find(|f| f.is_program_code()) {
        return Subject::Frame(f);
    }
    // The outermost frame that is not the runtime's goroutine start.
    let entry = frames.iter().rev().find(|f| {
        !matches!(f.function.as_str(), "runtime.goexit" | "runtime.main")
            && f.origin != Origin::Unknown
    });
    match entry {
        Some(f) => match known_kind(&f.function) {
            Some(kind) => Subject::Kind(kind),
            None => Subject::Frame(f),
        },
        None => frames
            .first()
            .map_or(Subject::Unknown, |f| Subject::Frame(f)),
    }
}

/// Standard-library goroutines known by what they are rather than by their function
/// (function prefix, kind); `net/http` bundles its HTTP/2 code as `http2…` types.
const KINDS: &[(&str, &str)] = &[
    ("net/http.(*conn).", "net/http server"),
    ("net/http.(*Server).", "net/http server"),
    ("net/http.(*connReader).", "net/http server"),
    ("net/http.(*http2serverConn).", "HTTP/2 server"),
    ("net/http.(*persistConn).", "net/http client"),
    ("net/http.(*Transport).", "net/http client"),
    ("net/http.(*http2ClientConn).", "HTTP/2 client"),
    ("net/http.(*http2clientConnReadLoop).", "HTTP/2 client"),
];

fn known_kind(function: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(prefix, _)| function.starts_with(prefix))
        .map(|&(_, kind)| kind)
}

/// The wait in words, from its kind, else the wait reason as printed.
fn wait_words(wait: Wait, state: &str) -> Option<String> {
    let words = match wait {
        Wait::Netpoll => "netpoll",
        Wait::Mutex => "mutex lock",
        Wait::RwMutexWrite => "RWMutex write lock",
        Wait::RwMutexRead => "RWMutex read lock",
        Wait::WaitGroup => "WaitGroup wait",
        Wait::Cond => "cond wait",
        Wait::ChanSend => "chan send",
        Wait::ChanReceive => "chan receive",
        Wait::Select => "select",
        Wait::NilChan => "nil chan, forever",
        Wait::SelectNoCases => "empty select, forever",
        Wait::Sleep => "sleep",
        Wait::Syscall => "syscall",
        Wait::Runnable => "runnable",
        Wait::Running => return None,
        Wait::Unknown => {
            let state = state.trim();
            return (!state.is_empty()).then(|| state.to_owned());
        }
    };
    Some(words.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::short_name::tests::frame;

    fn name(stack: &[(&str, Origin)], state: &str) -> GroupName {
        let frames: Vec<Frame> = stack.iter().map(|(f, o)| frame(f, *o)).collect();
        let refs: Vec<&Frame> = frames.iter().collect();
        group_name(&refs, state, false)
    }

    #[test]
    fn own_code_under_a_cond_wait() {
        let n = name(
            &[
                ("runtime.gopark", Origin::Runtime),
                ("sync.runtime_notifyListWait", Origin::Runtime),
                ("sync.(*Cond).Wait", Origin::Stdlib),
                ("github.com/acme/shop/db.(*Pool).Get", Origin::Own),
                ("main.main", Origin::Own),
                ("runtime.main", Origin::Runtime),
            ],
            "sync.Cond.Wait",
        );
        assert_eq!(n.text, "db.(*Pool).Get → cond wait");
        assert_eq!(
            n.function.as_deref(),
            Some("github.com/acme/shop/db.(*Pool).Get")
        );
        assert_eq!(n.wait.as_deref(), Some("cond wait"));
    }

    #[test]
    fn standard_library_server_is_named_by_kind() {
        let n = name(
            &[
                ("runtime.gopark", Origin::Runtime),
                ("runtime.netpollblock", Origin::Runtime),
                ("internal/poll.runtime_pollWait", Origin::Runtime),
                ("internal/poll.(*pollDesc).wait", Origin::Stdlib),
                ("net.(*conn).Read", Origin::Stdlib),
                ("net/http.(*connReader).Read", Origin::Stdlib),
                ("net/http.(*conn).serve", Origin::Stdlib),
                ("runtime.goexit", Origin::Runtime),
            ],
            "IO wait",
        );
        assert_eq!(n.text, "net/http server → netpoll");
        assert_eq!(n.function, None);
    }

    #[test]
    fn other_standard_library_goroutines_by_their_entry() {
        let n = name(
            &[
                ("runtime.gopark", Origin::Runtime),
                ("os/signal.signal_recv", Origin::Runtime),
                ("os/signal.loop", Origin::Stdlib),
                ("runtime.goexit", Origin::Runtime),
            ],
            "syscall",
        );
        assert_eq!(n.text, "os/signal.loop → syscall");
    }

    #[test]
    fn running_and_unknown_waits() {
        let n = name(&[("main.main", Origin::Own)], "running");
        assert_eq!(n.text, "main.main");
        assert_eq!(n.wait, None);
        let gc = name(
            &[
                ("runtime.gopark", Origin::Runtime),
                ("runtime.gcBgMarkWorker", Origin::Runtime),
                ("runtime.goexit", Origin::Runtime),
            ],
            "GC worker (idle)",
        );
        assert_eq!(gc.text, "runtime.gcBgMarkWorker → GC worker (idle)");
        assert_eq!(name(&[], "").text, "unknown stack");
    }

    #[test]
    fn debug1_records_read_the_wait_from_frames() {
        let n = name(
            &[
                ("sync.runtime_SemacquireMutex", Origin::Runtime),
                ("sync.(*Mutex).lockSlow", Origin::Stdlib),
                ("sync.(*Mutex).Lock", Origin::Stdlib),
                (
                    "github.com/acme/shop/internal/inventory.(*Store).Reserve",
                    Origin::Own,
                ),
            ],
            "",
        );
        assert_eq!(n.text, "internal/inventory.(*Store).Reserve → mutex lock");
    }

    fn hidden(stack: &[(&str, &str, Origin)]) -> GroupName {
        let frames: Vec<Frame> = stack
            .iter()
            .map(|(f, file, o)| Frame {
                file: (*file).to_owned(),
                ..frame(f, *o)
            })
            .collect();
        let refs: Vec<&Frame> = frames.iter().collect();
        group_name(&refs, "", true)
    }

    #[test]
    fn debug1_stacks_stopping_in_the_program_are_parked_on_a_channel() {
        let queue = [
            (
                "github.com/acme/shop/internal/events.(*Queue).Publish",
                "/app/internal/events/queue.go",
                Origin::Own,
            ),
            ("main.main", "/app/main.go", Origin::Own),
        ];
        let n = hidden(&queue);
        assert_eq!(
            n.text,
            "internal/events.(*Queue).Publish → chan or select (inferred)"
        );
        assert_eq!(n.wait.as_deref(), Some("chan or select"));
        assert!(n.inferred);
        // With the runtime's frames printed (debug=0), such a stack is running.
        let frames: Vec<Frame> = queue.iter().map(|(f, _, o)| frame(f, *o)).collect();
        let refs: Vec<&Frame> = frames.iter().collect();
        assert_eq!(group_name(&refs, "", false).wait, None);
        // The dump writer and the runtime's own functions under other names are not.
        for stack in [
            [(
                "runtime/pprof.writeRuntimeProfile",
                "/usr/local/go/src/runtime/pprof/pprof.go",
                Origin::Stdlib,
            )],
            [(
                "os/signal.signal_recv",
                "/usr/local/go/src/runtime/sigqueue.go",
                Origin::Stdlib,
            )],
        ] {
            let n = hidden(&stack);
            assert_eq!(n.wait, None, "{}", n.text);
            assert!(!n.inferred);
        }
    }
}
