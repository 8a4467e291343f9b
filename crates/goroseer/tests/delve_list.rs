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
            // Only the last prompt, with no command, is not part of the list (the first,
            // `(dlv) goroutines`, is its first line).
            let reported: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
            assert_eq!(
                reported,
                vec![list.lines().count()],
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
    // The prompt is the list's first line.
    assert!(a.document.diagnostics.is_empty());
    assert_eq!(p.lines.0, 1);
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
        ["semacquire", "waiting (reason not printed)", "debug call"]
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

#[test]
fn wait_durations_and_the_count_before_the_list() {
    // Delve >= 1.8 prints how long a goroutine has waited after its reason (a Go
    // duration); some versions print the count right after the prompt.
    let clean = read(&corpus().join(DUMPS[1]));
    let list = delve_list(&clean, 10);
    let clocked = analyze_text(&list);
    let want: Vec<String> = {
        let p = only_profile(&clocked);
        p.goroutines
            .iter()
            .map(|g| p.state_of(g).to_owned())
            .collect()
    };
    let lines: Vec<String> = list
        .lines()
        .map(|l| match l.rsplit_once(" 1000") {
            Some((head, _)) if l.ends_with(']') && l.contains(" - Runtime: ") => {
                format!("{head} 2h31m4.5s]")
            }
            _ => l.to_owned(),
        })
        .collect();
    let body: Vec<&str> = lines[1..lines.len() - 2]
        .iter()
        .map(String::as_str)
        .collect();
    let total = only_profile(&clocked).goroutines.len() + 30;
    let messy = format!(
        "(dlv) goroutines\n[{total} goroutines]\n{}\n",
        body.join("\n")
    );
    let a = analyze_text(&messy);
    assert!(
        a.document.diagnostics.is_empty(),
        "{:?}",
        a.document.diagnostics
    );
    let p = only_profile(&a);
    let states: Vec<&str> = p.goroutines.iter().map(|g| p.state_of(g)).collect();
    assert_eq!(states, want);
    for g in &p.goroutines {
        let waits = p.state_of(g) != "running";
        assert_eq!(
            g.wait_minutes,
            if waits { 151 } else { 0 },
            "goroutine {}",
            g.id
        );
    }
    // 30 goroutines were not listed: the count says so.
    assert_eq!(p.header_total, Some(total as u64));
    let report = serde_json::to_value(a.report()).unwrap();
    let ids: Vec<&str> = report["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["rule"].as_str())
        .collect();
    assert!(report.to_string().contains("truncated-dump"), "{ids:?}");
}
