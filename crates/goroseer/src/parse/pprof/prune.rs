//! pprof's `drop_frames` and `keep_frames` (`Profile.RemoveUninteresting`, which
//! `go tool pprof` runs on every profile it reads): a location whose function matches
//! `^(drop_frames)$` and not `^(keep_frames)$` loses that function and the functions
//! inlined into it, and each sample loses every frame from the first such location on
//! towards its leaf, but never the frames before the first kept one from its root
//! (github.com/google/pprof `profile/prune.go`). The Go runtime writes neither; other
//! tools (C++, Java, converters) do.

use super::proto;

#[cfg(feature = "drop-frames")]
use regex_lite::Regex;

/// `^(rx)$`, or why not (the end of a sentence naming the expression).
#[cfg(feature = "drop-frames")]
fn anchored(rx: &str) -> Result<Regex, String> {
    Regex::new(&format!("^({rx})$")).map_err(|e| format!("is not a valid regular expression ({e})"))
}

/// Without the `drop-frames` feature (the wasm: a regular expression engine costs 22 KB
/// gzipped for a field the Go runtime never writes) no expression is applied.
#[cfg(not(feature = "drop-frames"))]
struct Regex;

#[cfg(not(feature = "drop-frames"))]
impl Regex {
    fn is_match(&self, _: &str) -> bool {
        false
    }
}

#[cfg(not(feature = "drop-frames"))]
fn anchored(_: &str) -> Result<Regex, String> {
    Err("is not applied here (no regular expressions in the page; the CLI applies it)".into())
}

/// What a location keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Nothing matched: the location is kept whole.
    Keep,
    /// Its outermost line matched: the location goes (with what it calls).
    Whole,
    /// An inlined line matched: the lines from `lines` on (its callers) stay.
    Beneath {
        /// Index of the first line kept.
        lines: usize,
    },
}

/// The compiled pair; `None` when the profile sets no `drop_frames`.
pub struct Pruner {
    drop: Regex,
    keep: Option<Regex>,
}

impl Pruner {
    /// Compiles `drop` and `keep` anchored as pprof does; an invalid expression is an
    /// error naming which one (pprof refuses the profile; here frames are kept instead).
    pub fn new(drop: Option<&str>, keep: Option<&str>) -> Result<Option<Pruner>, String> {
        let Some(drop) = drop.filter(|d| !d.is_empty()) else {
            return Ok(None);
        };
        let compile = |what: &str, rx: &str| anchored(rx).map_err(|e| format!("{what} `{rx}` {e}"));
        let drop = compile("drop_frames", drop)?;
        let keep = match keep.filter(|k| !k.is_empty()) {
            Some(k) => Some(compile("keep_frames", k)?),
            None => None,
        };
        Ok(Some(Pruner { drop, keep }))
    }

    fn prunes(&self, function: &str) -> bool {
        let name = simplify(function);
        self.drop.is_match(name) && !self.keep.as_ref().is_some_and(|k| k.is_match(name))
    }

    /// What `location` keeps; `name` resolves a line's function name ("" when unknown).
    pub fn cut<'a>(
        &self,
        location: &proto::Location,
        name: impl Fn(&proto::Line) -> &'a str,
    ) -> Cut {
        let last = location.line.len().saturating_sub(1);
        for (i, line) in location.line.iter().enumerate().rev() {
            let function = name(line);
            if !function.is_empty() && self.prunes(function) {
                return if i == last {
                    Cut::Whole
                } else {
                    Cut::Beneath { lines: i + 1 }
                };
            }
        }
        Cut::Keep
    }
}

/// The index of the first location (leaf first) a sample keeps, given each location's cut:
/// from the root, past the cut frames before the first kept one, up to the first cut.
pub fn first_kept(cuts: &[Cut]) -> usize {
    let mut found_kept = false;
    for (i, cut) in cuts.iter().enumerate().rev() {
        match cut {
            Cut::Keep => found_kept = true,
            _ if !found_kept => {}
            Cut::Whole => return i + 1,
            Cut::Beneath { .. } => return i,
        }
    }
    0
}

/// pprof's `simplifyFunc`: a leading `.` goes, and the name ends before its first `(`
/// that does not open `(anonymous namespace)` or belong to `operator()` (so Go's
/// `sync.(*Mutex).Unlock` is matched as `sync.`, as pprof matches it).
pub fn simplify(name: &str) -> &str {
    let name = name.strip_prefix('.').unwrap_or(name);
    let mut at = 0;
    while let Some(offset) = name[at..].find(['(', 'o']) {
        let i = at + offset;
        let rest = &name[i..];
        if let Some(reserved) = ["(anonymous namespace)", "operator()"]
            .iter()
            .find(|r| rest.starts_with(**r))
        {
            at = i + reserved.len();
        } else if rest.starts_with('(') {
            return &name[..i];
        } else {
            at = i + 1;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplify_like_pprof() {
        assert_eq!(simplify("sync.(*Mutex).Unlock"), "sync.");
        assert_eq!(simplify("main.main"), "main.main");
        assert_eq!(simplify(".foo(int)"), "foo");
        assert_eq!(
            simplify("(anonymous namespace)::f(int)"),
            "(anonymous namespace)::f"
        );
        assert_eq!(simplify("A::operator()(int)"), "A::operator()");
    }

    #[test]
    fn first_kept_skips_cut_roots_and_stops_at_the_first_cut() {
        use Cut::*;
        assert_eq!(first_kept(&[Whole, Keep, Keep]), 1);
        assert_eq!(first_kept(&[Keep, Beneath { lines: 1 }, Keep]), 1);
        assert_eq!(first_kept(&[Keep, Whole]), 0);
        assert_eq!(first_kept(&[Whole]), 0);
        assert_eq!(first_kept(&[Keep, Keep]), 0);
    }
}
