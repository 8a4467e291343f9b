//! Call arguments, read again from a goroutine's own stack lines when a view asks for
//! them: the parser keeps only the span of each goroutine's lines, not its argument
//! texts, which would double the memory of a large dump.

use crate::model::goroutine::{Goroutine, GoroutineProfile};
use crate::parse::frame::{parse_call, parse_elision};

/// Argument texts of `goroutine`, one per stack entry (empty for elision markers), read
/// again from its lines in `text` (the document's text).
pub fn args_of<'t>(
    profile: &GoroutineProfile,
    text: &'t str,
    goroutine: &Goroutine,
) -> Vec<&'t str> {
    let entries = profile.stacks.get(goroutine.stack).len();
    let mut args = Vec::with_capacity(entries);
    for line in profile.span_text(text, goroutine).lines() {
        let line = line.trim_end();
        if let Some(call) = parse_call(line) {
            args.push(call.args);
        } else if parse_elision(line).is_some() {
            args.push("");
        }
    }
    args.resize(entries, "");
    args
}
