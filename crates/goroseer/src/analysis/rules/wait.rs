//! What a goroutine is waiting for, read from its wait reason and, when the dump has no
//! wait reason (debug=1 records), from its frames.
//!
//! debug=1 profiles hide the runtime's own frames (`runtime.gopark`, `runtime.chanrecv`),
//! so channel operations cannot be told apart there and come out as [`Wait::Unknown`];
//! what the standard library shows (`sync.(*Mutex).Lock`, `internal/poll.runtime_pollWait`,
//! `time.Sleep`, `syscall.Syscall`) is still recognised.

use crate::model::Frame;

/// The kind of wait, as the rules need it.
// `WaitGroup` is Go's name for it, not a repetition of the enum's.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wait {
    /// `IO wait`: parked in the network poller.
    Netpoll,
    /// `sync.Mutex.Lock`.
    Mutex,
    /// `sync.RWMutex.Lock` (or a writer queued on the RWMutex's internal mutex).
    RwMutexWrite,
    /// `sync.RWMutex.RLock`.
    RwMutexRead,
    /// `sync.WaitGroup.Wait`.
    WaitGroup,
    /// `sync.Cond.Wait`.
    Cond,
    /// `chan send`.
    ChanSend,
    /// `chan receive`.
    ChanReceive,
    /// `select`.
    Select,
    /// `chan send (nil chan)` / `chan receive (nil chan)`: can never proceed.
    NilChan,
    /// `select (no cases)`: `select {}`, can never proceed.
    SelectNoCases,
    /// `sleep`.
    Sleep,
    /// `syscall`.
    Syscall,
    /// `runnable`: ready, waiting for a CPU.
    Runnable,
    /// `running`.
    Running,
    /// Anything else (GC workers, timers, …) or not knowable from the dump.
    Unknown,
}

impl Wait {
    /// Whether the goroutine is queued on a lock.
    #[inline(never)]
    pub fn is_lock(self) -> bool {
        matches!(self, Wait::Mutex | Wait::RwMutexWrite | Wait::RwMutexRead)
    }

    /// Whether the goroutine waits on a channel operation or select.
    #[inline(never)]
    pub fn is_channel(self) -> bool {
        matches!(self, Wait::ChanSend | Wait::ChanReceive | Wait::Select)
    }

    /// The runtime's wait reason for this wait (`chan send`), for dumps that print none
    /// (debug=0 profiles, where the frames told it); empty for [`Wait::Unknown`].
    pub fn reason(self) -> &'static str {
        match self {
            Wait::Netpoll => "IO wait",
            Wait::Mutex => "sync.Mutex.Lock",
            Wait::RwMutexWrite => "sync.RWMutex.Lock",
            Wait::RwMutexRead => "sync.RWMutex.RLock",
            Wait::WaitGroup => "sync.WaitGroup.Wait",
            Wait::Cond => "sync.Cond.Wait",
            Wait::ChanSend => "chan send",
            Wait::ChanReceive => "chan receive",
            Wait::Select => "select",
            Wait::NilChan => "nil chan",
            Wait::SelectNoCases => "select (no cases)",
            Wait::Sleep => "sleep",
            Wait::Syscall => "syscall",
            Wait::Runnable => "runnable",
            Wait::Running => "running",
            Wait::Unknown => "",
        }
    }
}

/// Classifies a goroutine (or group) by its wait reason and frames (innermost first).
///
/// The frames decide when they show a `sync` type, because the wait reason alone hides
/// that a `[sync.Mutex.Lock]` goroutine is a writer queued inside `sync.(*RWMutex).Lock`.
#[inline(never)]
pub fn classify<'a>(state: &str, frames: impl IntoIterator<Item = &'a Frame>) -> Wait {
    let by_state = from_state(state);
    // A goroutine just woken inside `Mutex.Lock` is runnable, not waiting.
    if matches!(by_state, Wait::Runnable | Wait::Running | Wait::Syscall) {
        return by_state;
    }
    let mut frames = frames.into_iter().peekable();
    let innermost = frames.peek().map(|f| f.function.as_str());
    if state.is_empty() {
        // debug=1: no wait reason, and runtime frames are hidden.
        match innermost {
            Some("time.Sleep") => return Wait::Sleep,
            Some(
                "syscall.Syscall"
                | "syscall.Syscall6"
                | "syscall.RawSyscall"
                | "syscall.RawSyscall6"
                | "internal/runtime/syscall.Syscall6",
            ) => return Wait::Syscall,
            _ => {}
        }
    }
    match from_frames(frames, state.is_empty()) {
        // The runtime's channel frames only say what the wait reason says, less
        // precisely (`chan receive (nil chan)` is also in `runtime.chanrecv`).
        Some(w) if w.is_channel() && by_state != Wait::Unknown => by_state,
        Some(w) => w,
        None => by_state,
    }
}

/// The wait reason as printed by the runtime (`runtime/runtime2.go` `waitReasonStrings`),
/// without `(leaked)`/`(durable)`.
#[inline(never)]
pub fn from_state(state: &str) -> Wait {
    match state {
        "IO wait" => Wait::Netpoll,
        "sync.Mutex.Lock" => Wait::Mutex,
        "sync.RWMutex.Lock" => Wait::RwMutexWrite,
        "sync.RWMutex.RLock" => Wait::RwMutexRead,
        "sync.WaitGroup.Wait" => Wait::WaitGroup,
        "sync.Cond.Wait" => Wait::Cond,
        "chan send" => Wait::ChanSend,
        "chan receive" => Wait::ChanReceive,
        "select" => Wait::Select,
        "chan send (nil chan)" | "chan receive (nil chan)" => Wait::NilChan,
        "select (no cases)" => Wait::SelectNoCases,
        "sleep" => Wait::Sleep,
        "syscall" => Wait::Syscall,
        "runnable" => Wait::Runnable,
        "running" => Wait::Running,
        _ => Wait::Unknown,
    }
}

/// The wait shown by the outermost `sync` frame of the innermost run of runtime/sync
/// frames, or by a well-known blocking call.
#[inline(never)]
fn from_frames<'a>(frames: impl IntoIterator<Item = &'a Frame>, no_state: bool) -> Option<Wait> {
    let mut found = None;
    for frame in frames {
        let f = frame.function.as_str();
        let wait = match f {
            // A protobuf goroutine profile (debug=0) prints no wait reason but keeps the
            // runtime's frames: the channel operation parked in says it.
            "runtime.chanrecv1" | "runtime.chanrecv2" => Some(Wait::ChanReceive),
            "runtime.chansend1" => Some(Wait::ChanSend),
            "runtime.selectgo" => Some(Wait::Select),
            "time.Sleep" if no_state && found.is_none() => return Some(Wait::Sleep),
            "sync.(*RWMutex).Lock" => Some(Wait::RwMutexWrite),
            "sync.(*RWMutex).RLock" => Some(Wait::RwMutexRead),
            "sync.(*Mutex).Lock" | "internal/sync.(*Mutex).Lock" => Some(Wait::Mutex),
            "sync.(*WaitGroup).Wait" => Some(Wait::WaitGroup),
            "sync.(*Cond).Wait" => Some(Wait::Cond),
            "internal/poll.runtime_pollWait" => Some(Wait::Netpoll),
            _ => None,
        };
        if wait.is_some() {
            found = wait;
            continue;
        }
        if is_machinery(frame) {
            continue;
        }
        break;
    }
    found
}

/// Frames of the runtime and of the standard library's lock and poll machinery: they sit
/// between a blocking call site and the scheduler.
#[inline(never)]
pub fn is_machinery(frame: &Frame) -> bool {
    matches!(
        frame.package.as_str(),
        "runtime" | "sync" | "internal/sync" | "internal/poll" | "internal/runtime/syscall"
    ) || frame.package.starts_with("internal/runtime/")
}

/// The first frame (innermost) outside the runtime and lock machinery: the call site
/// that blocked, e.g. `inventory.(*Store).Reserve` for a goroutine in `Mutex.Lock`.
#[inline(never)]
pub fn call_site<'a>(frames: impl IntoIterator<Item = &'a Frame>) -> Option<&'a Frame> {
    frames.into_iter().find(|f| !is_machinery(f))
}

/// The receiver type of a method (`pkg.(*T).M` → `pkg.(*T)`, `pkg.T.M` → `pkg.T`),
/// or `None` for a plain function or closure of one.
#[inline(never)]
pub fn receiver_type(function: &str) -> Option<&str> {
    let package_end = function.rfind('/').map_or(0, |i| i + 1);
    let rest = &function[package_end..];
    let first_dot = rest.find('.')?;
    let after = &rest[first_dot + 1..];
    if let Some(stripped) = after.strip_prefix("(*") {
        let close = stripped.find(')')?;
        return Some(&function[..package_end + first_dot + 1 + 2 + close + 1]);
    }
    // `pkg.T.M`: a value receiver; `pkg.F.func1` is a closure, not a method.
    let second_dot = after.find('.')?;
    let method = &after[second_dot + 1..];
    if method.starts_with("func") || method.starts_with("gowrap") {
        return None;
    }
    Some(&function[..package_end + first_dot + 1 + second_dot])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receiver_types() {
        assert_eq!(
            receiver_type("github.com/acme/shop/internal/inventory.(*Store).Reserve"),
            Some("github.com/acme/shop/internal/inventory.(*Store)")
        );
        assert_eq!(
            receiver_type("net/http.Header.Get"),
            Some("net/http.Header")
        );
        assert_eq!(receiver_type("main.main"), None);
        assert_eq!(receiver_type("main.main.func1"), None);
        assert_eq!(receiver_type("a.b/c.F"), None);
    }

    #[test]
    fn states() {
        assert_eq!(from_state("IO wait"), Wait::Netpoll);
        assert_eq!(from_state("chan receive (nil chan)"), Wait::NilChan);
        assert_eq!(from_state("select (no cases)"), Wait::SelectNoCases);
        assert_eq!(from_state("GC sweep wait"), Wait::Unknown);
    }
}
