//! The Delve debugger's goroutine list (`goroutines`, `goroutines -t`) as pasted from a
//! `dlv` session: built in the test from real corpus dumps the way Delve prints their
//! goroutines, it reads the same goroutines, states and frames; a list pasted in an issue
//! thread (go-delve/delve#2542, golang/go#61768) reads with its states.

mod common;

use common::*;
use goroseer::model::goroutine::GoroutineFormat;

const DUMPS: [&str; 3] = [
    "goroutine-labels/goroutine.debug2.txt",
    "goroutine-misc-states/goroutine.debug2.txt",
    "panics/sigquit-gotraceback-crash.stderr.txt",
];

/// The frames of stack `stack` of `a`'s profile as `FUNC FILE:LINE`, without the runtime's
/// elision marks (Delve unwinds every frame).
fn calls(a: &goroseer::Analysis, stack: u32) -> Vec<String> {
    let p = only_profile(a);
    frame_strings(&a.document.frames, p.stacks.get(stack))
        .into_iter()
        .filter(|f| !f.starts_with("..."))
        .collect()
}

/// `dump`'s goroutines as `goroutines -t` prints them (at most `depth` frames, then
/// `(truncated)`), from its clean reading; each goroutine's innermost frame is its
/// `Runtime:` location, a running goroutine is on a thread.
fn delve_list(dump: &str, depth: usize) -> String {
    let a = analyze_text(dump);
    let p = only_profile(&a);
    let mut out = String::from("(dlv) goroutines -t -r\n");
    for (i, g) in p.goroutines.iter().enumerate() {
        let frames = calls(&a, g.stack);
        let first: Vec<&str> = frames[0].splitn(2, ' ').collect();
        let state = p.state_of(g);
        let tail = if state == "running" {
            " (thread 4242)".to_owned()
        } else {
            format!(" [{state} {}]", 1_000_000 + i)
        };
        let star = if i == 0 { "* " } else { "  " };
        out.push_str(&format!(
            "{star}Goroutine {} - Runtime: {} {} (0x{:x}){tail}\n",
            g.id,
            first[1],
            first[0],
            0x46f365 + i
        ));
        for (n, frame) in frames.iter().take(depth).enumerate() {
            let (function, location) = frame.split_once(' ').unwrap();
            out.push_str(&format!(
                "\t{n:<2} 0x{:016x} in {function}\n\t    at {location}\n",
                0x437695 + n
            ));
        }
        if frames.len() > depth {
            out.push_str("\t(truncated)\n");
        }
    }
    out.push_str(&format!("[{} goroutines]\n(dlv) \n", p.goroutines.len()));
    out
}

#[test]
fn goroutines_with_stacks_read_as_the_dump() {
    for name in DUMPS {
        let clean = read(&corpus().join(name));
        let want = analyze_text(&clean);
        let wp = only_profile(&want);
        for depth in [10, 100] {
            let list = delve_list(&clean, depth);
            let a = analyze_text(&list);
            let p = only_profile(&a);
            assert_eq!(p.format, GoroutineFormat::Delve, "{name}");
            assert_eq!(p.goroutines.len(), wp.goroutines.len(), "{name}");
            for (g, w) in p.goroutines.iter().zip(&wp.goroutines) {
                assert_eq!(g.id, w.id, "{name}");
                assert_eq!(p.state_of(g), wp.state_of(w), "{name}: goroutine {}", g.id);
                let frames = calls(&a, g.stack);
                let clean_frames = calls(&want, w.stack);
                let shown = clean_frames.len().min(depth);
                assert_eq!(
                    frames[..shown],
                    clean_frames[..shown],
                    "{name}: goroutine {}",
                    g.id
                );
            }
            // Only the two prompts are not part of the list.
            let reported: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
            assert_eq!(
                reported,
                vec![1, list.lines().count()],
                "{name}: {:?}",
                a.document.diagnostics
            );
            assert!(p.diagnostics.is_empty(), "{name}: {:?}", p.diagnostics);
        }
    }
}

#[test]
fn a_list_pasted_from_an_issue_thread() {
    // go-delve/delve#2542: `grs` at a breakpoint, Go 1.16.
    let list = "(dlv) grs
* Goroutine 1 - User: ./main.go:10 main.main (0x46f365) (thread 7933)
  Goroutine 2 - User: /usr/lib/go-1.16/src/runtime/proc.go:337 runtime.gopark (0x437695) [force gc (idle)]
  Goroutine 3 - User: /usr/lib/go-1.16/src/runtime/proc.go:337 runtime.gopark (0x437695) [GC sweep wait]
  Goroutine 4 - User: /usr/lib/go-1.16/src/runtime/proc.go:337 runtime.gopark (0x437695) [GC scavenge wait]
  Goroutine 5 - User: /usr/lib/go-1.16/src/runtime/time.go:193 time.Sleep (0x463d12) [sleep]
[5 goroutines]
";
    let a = analyze_text(list);
    let p = only_profile(&a);
    let states: Vec<&str> = p.goroutines.iter().map(|g| p.state_of(g)).collect();
    assert_eq!(
        states,
        [
            "running",
            "force gc (idle)",
            "GC sweep wait",
            "GC scavenge wait",
            "sleep"
        ]
    );
    let first = frame_strings(&a.document.frames, p.stacks.get(p.goroutines[4].stack));
    assert_eq!(
        first,
        ["time.Sleep /usr/lib/go-1.16/src/runtime/time.go:193"]
    );
    assert_eq!(a.document.diagnostics.len(), 1, "the prompt");
    // golang/go#61768: a list without the prompt and its count, wait-since clocks kept
    // out of the reasons, a goroutine with no reason printed.
    let list = "  Goroutine 1 - Runtime: /usr/local/go/src/runtime/proc.go:382 runtime.gopark (0x102255ab4) [semacquire 258316338387791]
  Goroutine 2 - Runtime: /usr/local/go/src/runtime/proc.go:382 runtime.gopark (0x102255ab4)
  Goroutine 4 - Runtime: /usr/local/go/src/runtime/proc.go:382 runtime.gopark (0x102255ab4) [debug call]
";
    let a = analyze_text(list);
    let p = only_profile(&a);
    let states: Vec<&str> = p.goroutines.iter().map(|g| p.state_of(g)).collect();
    assert_eq!(
        states,
        [
            "semacquire",
            "not waiting (no reason printed)",
            "debug call"
        ]
    );
    assert!(a.document.diagnostics.is_empty());
}

#[test]
fn a_list_cut_anywhere_reads_what_it_holds() {
    // A paste cut at any byte: no panic, every goroutine line before the cut read.
    let clean = read(&corpus().join(DUMPS[1]));
    let list = delve_list(&clean, 10);
    for cut in (0..list.len())
        .step_by(3)
        .filter(|&c| list.is_char_boundary(c))
    {
        let text = &list[..cut];
        let a = analyze_text(text);
        let listed = text
            .lines()
            .filter(|l| l.trim_start().starts_with("Goroutine ") || l.starts_with("* Goroutine "))
            .count();
        let read: usize = goroutine_profiles(&a)
            .iter()
            .map(|p| p.goroutines.len())
            .sum();
        // The last goroutine line may be cut inside its location: then it is reported.
        assert!(
            read == listed || read + 1 == listed,
            "cut at {cut}: {read} of {listed}"
        );
    }
}
