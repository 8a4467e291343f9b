//! What a waiting goroutine waits for, told from its frames: the frame that names the
//! resource (the call site, or the pool method it sits in), the resource's owner (a type
//! or a function) and, when the dump prints it, the owner's address.

use crate::analysis::rules::facts::GroupFacts;
use crate::analysis::rules::wait::{is_machinery, receiver_type, Wait};
use crate::model::goroutine::{Goroutine, GoroutineProfile, StackEntry, StackId};
use crate::model::{Frame, Origin};

/// Method names (compared without case) of calls that wait for a pooled resource:
/// `(*Pool).Get`, `(*Sem).Acquire`, `database/sql.(*DB).conn`,
/// `net/http.(*Transport).getConn` / `queueForConn`, and the usual synonyms.
const POOL_METHODS: &[&str] = &[
    "get",
    "acquire",
    "take",
    "conn",
    "getconn",
    "queueforconn",
    "queueforidleconn",
    "borrow",
    "checkout",
    "lease",
    "grab",
    "obtain",
    "acquireconn",
];

/// The method name of `function` (`pkg.(*T).Get` → `Get`); `None` for plain functions.
#[inline(never)]
pub fn method_name(function: &str) -> Option<&str> {
    let receiver = receiver_type(function)?;
    let rest = function.get(receiver.len()..)?.strip_prefix('.')?;
    Some(rest.split('.').next().unwrap_or(rest))
}

/// Whether `frame` is a method that waits for a pooled resource.
#[inline(never)]
pub fn is_pool_method(frame: &Frame) -> bool {
    method_name(&frame.function)
        .is_some_and(|m| POOL_METHODS.iter().any(|p| p.eq_ignore_ascii_case(m)))
}

/// A lock method whose first argument is the lock (`internal/sync.(*Mutex).lockSlow`,
/// `sync.(*RWMutex).Lock`).
#[inline(never)]
pub fn is_lock_frame(frame: &Frame) -> bool {
    matches!(frame.package.as_str(), "sync" | "internal/sync")
        && matches!(
            receiver_type(&frame.function),
            Some("sync.(*Mutex)" | "internal/sync.(*Mutex)" | "sync.(*RWMutex)")
        )
}

/// Outbound HTTP requests waiting for the response (`net/http.(*persistConn).roundTrip`).
#[inline(never)]
pub fn is_http_call(frame: &Frame) -> bool {
    frame.function == "net/http.(*persistConn).roundTrip"
}

/// Whether a goroutine serves a request of a server in its own stack: it runs under the
/// server's handler dispatch (`net/http.serverHandler.ServeHTTP`, HTTP/2's `runHandler`,
/// gRPC's `processUnaryRPC`/`processStreamingRPC`) and does not read the request's own
/// connection (its body, or the connection between requests, through the server's
/// `connReader`). Such a goroutine waiting in the network poller is a request waiting on
/// a peer it called, labelled or not; a connection idle between requests never is.
pub fn serves_request(frames: &[&Frame]) -> bool {
    const DISPATCH: &[&str] = &[
        "net/http.serverHandler.ServeHTTP",
        "net/http.(*http2serverConn).runHandler",
        "golang.org/x/net/http2.(*serverConn).runHandler",
        "google.golang.org/grpc.(*Server).processUnaryRPC",
        "google.golang.org/grpc.(*Server).processStreamingRPC",
    ];
    const INBOUND: &[&str] = &[
        "net/http.(*connReader).",
        "net/http.(*body).",
        "net/http.(*conn).readRequest",
    ];
    let dispatched = frames
        .iter()
        .any(|f| DISPATCH.contains(&f.function.as_str()));
    dispatched
        && !frames
            .iter()
            .any(|f| INBOUND.iter().any(|p| f.function.starts_with(p)))
}

/// Where a waiting group waits: the frame naming the resource and what owns it.
#[derive(Debug, Clone)]
pub struct WaitPoint<'a> {
    /// Index in the group's frames of the frame naming the resource.
    pub anchor: usize,
    /// That frame.
    pub frame: &'a Frame,
    /// The owner: the receiver type of the anchor (`pkg.(*Pool)`) or, for a plain
    /// function, the function itself.
    pub owner: &'a str,
    /// Whether the owner is a type (else a function: identity by call site).
    pub owner_is_type: bool,
    /// The anchor is a pool method (`Get`, `Acquire`, `conn`, …).
    pub pool: bool,
    /// The group waits for an outbound HTTP response.
    pub http_call: bool,
    /// The group waits in the network poller under the program's own (or a third
    /// party's) code: a read or write on a connection, waiting for the peer. The anchor
    /// is that code's innermost frame (`quotes.(*Client).Fetch`, not `net.(*conn).Read`).
    pub io: bool,
    /// An `io` wait of a goroutine serving a request ([`serves_request`]): a request
    /// waiting on a peer even without pprof labels.
    pub request: bool,
    /// The wait, from the state and frames; debug=1 records parked on a channel come out
    /// as [`Wait::Unknown`].
    pub wait: Wait,
    /// A library's own loop waiting for work (no frame of the program's or a third
    /// party's code, not on a lock): `net/http.(*persistConn).writeLoop`. Such goroutines
    /// inherit their creator's labels but are not requests; they never count as waiters.
    pub background: bool,
}

/// Whether the group is parked where a pile-up can form; `None` for running, runnable,
/// sleeping, syscall and runtime-internal goroutines.
#[inline(never)]
pub fn wait_point<'a>(g: &GroupFacts<'a>) -> Option<WaitPoint<'a>> {
    if g.internal {
        return None;
    }
    let site = g.frames.iter().position(|f| !is_machinery(f))?;
    let http_call = g.frames.iter().any(|f| is_http_call(f));
    let parked = match g.wait {
        Wait::Mutex
        | Wait::RwMutexRead
        | Wait::RwMutexWrite
        | Wait::Cond
        | Wait::WaitGroup
        | Wait::ChanSend
        | Wait::ChanReceive
        | Wait::Select => true,
        // debug=1 hides the runtime frames of a channel wait: a record whose innermost
        // frame is the program's own call parked right there.
        Wait::Unknown => g.state.is_empty() && site == 0,
        // In the poller under the program's own code (none: a library's own loop, such
        // as a server connection waiting for its next request, or an HTTP read loop).
        Wait::Netpoll => true,
        _ => false,
    };
    if !parked {
        return None;
    }
    let lock = g.wait.is_lock();
    let own = g
        .frames
        .iter()
        .position(|f| matches!(f.origin, Origin::Own | Origin::ThirdParty));
    let io = g.wait == Wait::Netpoll && !http_call;
    // A pool method at the call site or just outside it (`database/sql.(*DB).conn` is
    // the call site; a `Get` wrapping a helper is one frame out).
    let pool_at = (!lock && !io)
        .then(|| (site..(site + 2).min(g.frames.len())).find(|&i| is_pool_method(g.frames[i])))
        .flatten();
    let anchor = if http_call {
        g.frames
            .iter()
            .position(|f| is_http_call(f))
            .unwrap_or(site)
    } else if io {
        own.unwrap_or(site)
    } else {
        pool_at.unwrap_or(site)
    };
    let frame = g.frames[anchor];
    let (owner, owner_is_type) = match receiver_type(&frame.function) {
        Some(t) => (t, true),
        None => (frame.function.as_str(), false),
    };
    Some(WaitPoint {
        anchor,
        frame,
        owner,
        owner_is_type,
        pool: pool_at.is_some(),
        http_call,
        io,
        request: io && serves_request(&g.frames),
        wait: g.wait,
        background: !lock && own.is_none(),
    })
}

/// The first argument of stack entry `entry` of `goroutine` as an address the runtime
/// printed exactly: `0x…`, not `0x0`, no `?` (a register value that may be stale), and
/// not an inlined call's `(...)`. `None` for debug=1 records, which print no arguments.
#[inline(never)]
pub fn first_address<'t>(
    profile: &GoroutineProfile,
    text: &'t str,
    goroutine: &Goroutine,
    entry: usize,
) -> Option<&'t str> {
    if let Some(StackEntry::Call { inlined: true, .. }) =
        profile.stacks.get(goroutine.stack).get(entry)
    {
        return None;
    }
    // Call lines start at column 0; their `\tfile:line` lines and nothing else are
    // indented, and elision markers count as entries.
    let line = profile
        .span_text(text, goroutine)
        .lines()
        .filter(|l| !l.starts_with('\t') && !l.trim().is_empty())
        .nth(entry)?;
    exact_first_argument(line)
}

/// The first argument of a call line when the runtime printed it exactly: `0x…`, not
/// `0x0`, no `?`, not `(...)`. Arguments never contain parentheses, so the last `(`
/// opens them (as `parse::frame::parse_call` reads it; this runs once per waiter, on bytes).
fn exact_first_argument(line: &str) -> Option<&str> {
    first_argument(line).ok().flatten()
}

/// The first argument of a call line: `Ok(Some(address))` when printed exactly, `Ok(None)`
/// for an exact `0x0` (a value: another goroutine at the same PC may print an address)
/// or a line that is not a whole call, `Err(())` when the form alone rules an address out — `?`, `(...)`, no arguments, a
/// struct — which the runtime decides from the function and the PC, never from the value
/// (`printArgs` prints `?` when the PC's argument liveness says the slot may be stale:
/// <https://github.com/golang/go/blob/go1.24.0/src/runtime/traceback.go#L722>).
#[allow(clippy::result_unit_err)]
fn first_argument(line: &str) -> Result<Option<&str>, ()> {
    let bytes = line.as_bytes();
    let close = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    // Not a whole call line (a cut or mangled one): nothing to say about the others.
    if close == 0 || bytes[close - 1] != b')' || bytes[0].is_ascii_whitespace() {
        return Ok(None);
    }
    // The arguments are short and end the line: a plain backward scan beats memrchr's
    // set-up (this runs once per waiter).
    let Some(open) = bytes[..close].iter().rposition(|&b| b == b'(') else {
        return Ok(None);
    };
    let open = open + 1;
    let len = bytes[open..close - 1]
        .iter()
        .position(|&b| b == b',')
        .unwrap_or(close - 1 - open);
    // `0x` and hex digits only: `?`, `...` and spaces all fail here.
    let hex = bytes[open..open + len].strip_prefix(b"0x").ok_or(())?;
    if hex.is_empty() || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(());
    }
    Ok(hex
        .iter()
        .any(|&b| b != b'0')
        .then(|| &line[open..open + len]))
}

/// Finds the call line of one frame in goroutines' stack text: what [`first_address`]
/// reads, with one SIMD scan for line ends instead of a walk over `str::lines` (100,000
/// waiters in one dump are 100,000 walks).
pub struct CallLines {
    /// The frame's index among the calls (elision markers not counted).
    frame: usize,
    /// The last stack looked at and the frame's entry in it, `None` when the call can
    /// print no address there: an inlined call, or an argument printed with `?` (or not
    /// as an address) — the runtime decides that from the PC, which a stack fixes. A
    /// group's members share a stack: 100,000 waiters are one read, not 100,000.
    last: std::cell::Cell<Option<(StackId, Option<usize>)>>,
}

impl CallLines {
    /// The call lines of frame number `index` (innermost first).
    pub fn new(index: usize) -> CallLines {
        CallLines {
            frame: index,
            last: std::cell::Cell::new(None),
        }
    }

    /// The entry of the frame in `goroutine`'s stack, `None` for an inlined call.
    fn entry(&self, profile: &GoroutineProfile, goroutine: &Goroutine) -> Option<usize> {
        if let Some((stack, entry)) = self.last.get() {
            if stack == goroutine.stack {
                return entry;
            }
        }
        let entry = entry_of_frame(profile, goroutine, self.frame);
        let entry = match profile.stacks.get(goroutine.stack).get(entry) {
            Some(StackEntry::Call { inlined: true, .. }) => None,
            _ => Some(entry),
        };
        self.last.set(Some((goroutine.stack, entry)));
        entry
    }

    /// The exactly printed first argument of this call in `goroutine`'s stack text
    /// (see [`first_address`]); `None` for debug=1 records.
    #[inline(never)]
    pub fn first_address<'t>(
        &self,
        profile: &GoroutineProfile,
        text: &'t str,
        goroutine: &Goroutine,
    ) -> Option<&'t str> {
        // The stack first: a call that prints no address at its PC is known without
        // touching the text (slicing it reads the bytes at both ends of the span).
        if goroutine.span.1 == 0 {
            return None;
        }
        let entry = self.entry(profile, goroutine)?;
        let span = profile.span_text(text, goroutine);
        // Lines that start at column 0 and are not blank, as `first_address` counts them:
        // one line-end search per line up to the call's.
        let bytes = span.as_bytes();
        let (mut at, mut seen) = (0, 0);
        while at < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            if !matches!(bytes[at], b'\t' | b'\n' | b'\r' | b' ') {
                if seen == entry {
                    return match first_argument(&span[at..end]) {
                        Ok(address) => address,
                        Err(()) => {
                            // The same at this PC in every goroutine of the stack.
                            self.last.set(Some((goroutine.stack, None)));
                            None
                        }
                    };
                }
                seen += 1;
            }
            at = end + 1;
        }
        None
    }
}

/// The index among a stack's entries (elision markers included) of its `frame`-th call.
#[inline(never)]
pub fn entry_of_frame(profile: &GoroutineProfile, goroutine: &Goroutine, frame: usize) -> usize {
    let mut calls = 0;
    for (i, entry) in profile.stacks.get(goroutine.stack).iter().enumerate() {
        if let StackEntry::Call { .. } = entry {
            if calls == frame {
                return i;
            }
            calls += 1;
        }
    }
    usize::MAX
}

/// The function a holder is busy in: its innermost frame of the program's own or
/// third-party code, else (a library's own goroutine) its outermost frame outside the
/// runtime, the loop it runs: `net/http.(*persistConn).readLoop`, not the
/// `net.(*netFD).Read` it happens to be in.
#[inline(never)]
pub fn busy_in<'a>(frames: &[&'a Frame]) -> Option<&'a Frame> {
    frames
        .iter()
        .copied()
        .find(|f| matches!(f.origin, Origin::Own | Origin::ThirdParty))
        .or_else(|| frames.iter().rev().copied().find(|f| !is_machinery(f)))
}

/// The package of an owner (`a/b.(*T)` → `a/b`, `a/b.F` → `a/b`).
#[inline(never)]
pub fn package_of(owner: &str) -> &str {
    let start = owner.rfind('/').map_or(0, |i| i + 1);
    owner[start..]
        .find('.')
        .map_or(owner, |dot| &owner[..start + dot])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert_eq!(method_name("a.com/x/db.(*Pool).Get"), Some("Get"));
        assert_eq!(method_name("database/sql.(*DB).conn"), Some("conn"));
        assert_eq!(method_name("a.com/x/db.(*Pool).Get.func1"), Some("Get"));
        assert_eq!(method_name("main.worker"), None);
    }

    #[test]
    fn exact_first_arguments() {
        let first = exact_first_argument;
        assert_eq!(
            first("a.(*T).M(0x2c18e3e38198, 0x0?)"),
            Some("0x2c18e3e38198")
        );
        assert_eq!(first("a.(*T).M(0x2c18e3e38198)\r"), Some("0x2c18e3e38198"));
        assert_eq!(first("a.(*T).M(0x2c18e3e38198?, 0x1)"), None);
        assert_eq!(first("a.(*T).M(0x0, 0x1)"), None);
        assert_eq!(first("sync.(*Mutex).Lock(...)"), None);
        assert_eq!(first("main.main()"), None);
        assert_eq!(first("a.F({0x1, 0x2})"), None);
        assert_eq!(first("created by main.main in goroutine 1"), None);
        assert_eq!(first("\ta.F(0x1)"), None);
    }

    #[test]
    fn the_form_of_an_argument_is_the_pcs_its_value_is_not() {
        // What the PC decides (`?`, `...`, no arguments, a struct) is said apart from a
        // value (`0x0`) and from a line that is not a whole call.
        assert_eq!(first_argument("a.(*T).M(0x0?)"), Err(()));
        assert_eq!(first_argument("a.(*T).M(0x2c18e3e38198?, 0x1)"), Err(()));
        assert_eq!(first_argument("sync.(*Mutex).Lock(...)"), Err(()));
        assert_eq!(first_argument("main.main()"), Err(()));
        assert_eq!(first_argument("a.F({0x1, 0x2})"), Err(()));
        assert_eq!(first_argument("a.(*T).M(0x0, 0x1)"), Ok(None));
        assert_eq!(first_argument("a.(*T).M(0x2c18e3e3"), Ok(None));
        assert_eq!(first_argument("a.(*T).M(0x1f)"), Ok(Some("0x1f")));
    }

    #[test]
    fn packages() {
        assert_eq!(package_of("a.com/x/db.(*Pool)"), "a.com/x/db");
        assert_eq!(package_of("database/sql.(*DB)"), "database/sql");
        assert_eq!(package_of("main.worker"), "main");
    }
}
