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
}

/// The name of a group whose goroutines have the stack `frames` (innermost first, the
/// group's first member's whole stack) and the wait reason `state` (empty for debug=1).
pub fn group_name(frames: &[&Frame], state: &str) -> GroupName {
    let wait = wait_words(wait::classify(state, frames.iter().copied()), state);
    let (subject, function) = match subject(frames) {
        Subject::Frame(f) => (f.display_name().into_owned(), Some(f.function.clone())),
        Subject::Kind(kind) => (kind.to_owned(), None),
        Subject::Unknown => ("unknown stack".to_owned(), None),
    };
    let text = match &wait {
        Some(w) => format!("{subject} → {w}"),
        None => subject,
    };
    GroupName {
        text,
        function,
        wait,
    }
}

enum Subject<'a> {
    Frame(&'a Frame),
    Kind(&'static str),
    Unknown,
}

/// The first frame of code that is not Go's own (innermost first); for a stack of Go's own
/// code only, what started it.
fn subject<'a>(frames: &[&'a Frame]) -> Subject<'a> {
    if let Some(f) = frames
        .iter()
        .find(|f| matches!(f.origin, Origin::Own | Origin::ThirdParty))
    {
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
        group_name(&refs, state)
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
}
