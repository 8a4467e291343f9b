//! Traceback forms from real pastes, each rebuilt from a dump we own (the corpus): a
//! crash cut right after a goroutine header that follows a `runtime stack:` section, a
//! paste that starts at `runtime stack:`, the runtime's diagnostic blocks inside a crash,
//! web copies whose newlines collapsed, text after a complete goroutine, logged stacks,
//! elision marks a user wrote into a dump.

mod common;

use common::*;
use goroseer::model::goroutine::GoroutineProfile;

const STACK_OVERFLOW: &str = "panics/stack-overflow.stderr.txt";

fn dump(name: &str) -> String {
    read(&corpus().join(name))
}

fn thread_frames(a: &goroseer::Analysis, p: &GoroutineProfile, index: usize) -> Vec<String> {
    let t = &p.thread_stacks[index];
    frame_strings(&a.document.frames, p.stacks.get(t.stack))
}

/// The dump's lines up to the end of its `runtime stack:` section (not the blank after).
fn through_runtime_stack(clean: &str) -> Vec<&str> {
    let lines: Vec<&str> = clean.lines().collect();
    let start = lines.iter().position(|l| *l == "runtime stack:").unwrap();
    let end = start + lines[start..].iter().position(|l| l.is_empty()).unwrap();
    lines[..end].to_vec()
}

#[test]
fn a_header_right_after_the_runtime_stack_at_the_end_keeps_the_order() {
    // A crash cut right after the header that follows the runtime stack, without the
    // blank line between them: the lines are in printed order, not newest first.
    let clean = dump(STACK_OVERFLOW);
    let lines = through_runtime_stack(&clean);
    let header = clean
        .lines()
        .find(|l| l.starts_with("goroutine 1 "))
        .unwrap();
    for tail in ["", "\nfatal error: unexpected signal during runtime execution"] {
        let messy = format!("{}\n{header}{tail}\n", lines.join("\n"));
        let a = analyze_text(&messy);
        let profiles = goroutine_profiles(&a);
        let p = profiles[0];
        assert_eq!(p.crash.fatal_errors[0], "stack overflow", "{tail:?}");
        let frames = thread_frames(&a, p, 0);
        assert_eq!(frames.len(), 3, "{tail:?}: {frames:?}");
        assert!(frames[0].starts_with("runtime.throw /usr/local/go/src/runtime/panic.go:"));
        assert!(frames[2].starts_with("runtime.morestack /usr/local/go/src/runtime/asm_amd64.s:"));
        // The goroutine after it has no frames in the paste.
        let g: Vec<u64> = p.goroutines.iter().chain(&p.partial).map(|g| g.id).collect();
        assert_eq!(g, [1], "{tail:?}");
    }
}
