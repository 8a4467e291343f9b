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
    for tail in [
        "",
        "\nfatal error: unexpected signal during runtime execution",
    ] {
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
        let g: Vec<u64> = p
            .goroutines
            .iter()
            .chain(&p.partial)
            .map(|g| g.id)
            .collect();
        assert_eq!(g, [1], "{tail:?}");
    }
}

#[test]
fn a_paste_that_starts_at_runtime_stack_is_the_system_stack() {
    // The `fatal error:` line above `runtime stack:` was not copied.
    let clean = dump(STACK_OVERFLOW);
    let at = clean.find("runtime stack:\n").unwrap();
    for indent in ["", "      "] {
        let messy = common::paste::indented(&clean[at..], indent);
        let a = analyze_text(&messy);
        let p = only_profile(&a);
        common::paste::no_diagnostics(&a, indent);
        assert_eq!(p.thread_stacks.len(), 1, "{indent:?}");
        assert_eq!(p.thread_stacks[0].header, "runtime stack:");
        assert!(!p.thread_stacks[0].is_cut_above());
        assert_eq!(thread_frames(&a, p, 0).len(), 3);
        assert_eq!(p.goroutines[0].id, 1);
    }
}

/// `n` words of a stack hexdump from the frames' `sp=`/`pc=` of the dump's runtime stack,
/// laid out as `runtime.hexdumpWords` prints them: `new` for Go 1.21 and later
/// (`0x`-prefixed, each word followed by a space and the function it points into,
/// `<` before the frame pointer's word), else as before Go 1.12 (no `0x`, decimal offsets).
fn hexdump(clean: &str, new: bool) -> Vec<String> {
    let frames: Vec<(u64, String, u64)> = through_runtime_stack(clean)
        .windows(2)
        .filter(|w| w[1].contains(" pc=0x"))
        .map(|w| {
            let field = |name: &str| {
                let v = w[1].split(name).nth(1).unwrap();
                u64::from_str_radix(v.split(' ').next().unwrap(), 16).unwrap()
            };
            (
                field(" sp=0x"),
                w[0].split('(').next().unwrap().to_owned(),
                field(" pc=0x"),
            )
        })
        .collect();
    frames
        .iter()
        .enumerate()
        .map(|(i, (sp, function, pc))| {
            let off = pc & 0xff;
            if new {
                let mark = if i == 1 { '<' } else { ' ' };
                format!(
                    "0x{sp:016x}: {mark}0x{pc:016x} <{function}+0x{off:016x}>  0x0000000000000000 "
                )
            } else {
                format!("{sp:016x}:  {pc:016x} <{function}+{off}>  0000000000000000")
            }
        })
        .collect()
}

#[test]
fn stack_hexdumps_are_the_runtimes_memory_lines() {
    let clean = dump(STACK_OVERFLOW);
    let whole = analyze_text(&clean);
    let before = only_profile(&whole).crash.memory_lines;
    for new in [false, true] {
        let words = hexdump(&clean, new);
        assert_eq!(words.len(), 3);
        // After an unwinder's warning, at the top of the runtime stack.
        let inserted = format!(
            "runtime stack:\nruntime: unknown pc 0x479308\n\
             stack: frame={{sp:0x7ffcb1d65628, fp:0x0}} stack=[0x7ffcb1d5dd28,0x7ffcb1d65d28)\n{}\n",
            words.join("\n")
        );
        let messy = clean.replacen("runtime stack:\n", &inserted, 1);
        let a = analyze_text(&messy);
        let p = only_profile(&a);
        common::paste::no_diagnostics(&a, &format!("new={new}"));
        assert_eq!(p.crash.memory_lines, before + 4, "new={new}");
        assert_eq!(thread_frames(&a, p, 0).len(), 3);
        // A paste of the hexdump alone is the runtime's output, not text of its own.
        let alone = words.join("\n") + "\n";
        let a = analyze_text(&alone);
        let p = only_profile(&a);
        common::paste::no_diagnostics(&a, &format!("alone, new={new}"));
        assert_eq!(p.crash.memory_lines, 3);
    }
}

#[test]
fn a_bad_pointer_report_is_the_runtimes_memory_lines() {
    // `runtime.badPointer` and `gcDumpObject`'s layout (runtime/mbitmap.go,
    // runtime/mgcmark.go), with the stack overflow dump's addresses.
    let clean = dump(STACK_OVERFLOW);
    let report = "runtime: pointer 0x162a4ec70358 to unallocated span span.base()=0x162a4ec70000 \
                  span.limit=0x162a4ec71f00 span.state=0\n\
                  runtime: found in object at *(0x162a4ec70348+0x8)\n\
                  object=0x162a4ec70348 s.base()=0x162a4ec70000 s.limit=0x162a4ec71fe0 \
                  s.spanclass=14 s.elemsize=80 s.state=mSpanInUse\n \
                  *(object+0) = 0x49e016\n *(object+8) = 0x162a4ec70358 <==\n ...\n \
                  *(object+1024) = 0x0\n";
    let messy = clean.replacen(
        "fatal error: stack overflow",
        &format!("{report}fatal error: stack overflow"),
        1,
    );
    let a = analyze_text(&messy);
    common::paste::no_diagnostics(&a, "bad pointer");
    let p = only_profile(&a);
    let before = only_profile(&analyze_text(&clean)).crash.memory_lines;
    assert_eq!(p.crash.memory_lines, before + 5);
}

#[test]
fn a_paste_that_starts_inside_a_register_dump() {
    const SIGQUIT: &str = "panics/sigquit-gotraceback-crash.stderr.txt";
    let clean = dump(SIGQUIT);
    let whole = analyze_text(&clean);
    let registers = only_profile(&whole).crash.register_lines;
    // Cut two lines into the first register block.
    let lines: Vec<&str> = clean.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("rax ")).unwrap();
    let messy = lines[first + 2..].join("\n") + "\n";
    let a = analyze_text(&messy);
    common::paste::no_diagnostics(&a, "cut in the registers");
    let p = only_profile(&a);
    assert_eq!(p.crash.register_lines, registers - 2);
    assert_eq!(p.crash.separators, only_profile(&whole).crash.separators);
    // Two registers a line, a tab between them, as mips's `dumpregs` prints them.
    let mut paired = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let reg = |l: &str| l.split(' ').next().is_some_and(|n| n.len() <= 6) && l.contains("  0x");
        if reg(lines[i]) && lines.get(i + 1).is_some_and(|l| reg(l)) {
            paired.push(format!("{}\t{}", lines[i], lines[i + 1]));
            i += 2;
        } else {
            paired.push(lines[i].to_owned());
            i += 1;
        }
    }
    let messy = paired.join("\n") + "\n";
    let a = analyze_text(&messy);
    common::paste::no_diagnostics(&a, "paired registers");
    assert!(only_profile(&a).crash.register_lines < registers);
    assert!(only_profile(&a).crash.register_lines >= registers / 2);
}

/// `clean` as a web page's copy shows it when newlines inside a goroutine became spaces:
/// each goroutine (header and frames) on one line, the location lines' tabs gone.
fn collapse_goroutines(clean: &str) -> String {
    let mut out = String::new();
    let mut in_goroutine = false;
    for line in clean.lines() {
        if line.is_empty() {
            in_goroutine = false;
            out.push('\n');
        } else if in_goroutine {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
            in_goroutine = line.starts_with("goroutine ");
            if !in_goroutine {
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn goroutines_whose_newlines_collapsed_into_spaces() {
    for name in [
        "panics/deadlock.stderr.txt",
        "panics/goroutine-created-by-goroutine.stderr.txt",
    ] {
        let clean = dump(name);
        let messy = collapse_goroutines(&clean);
        assert!(messy.lines().count() < clean.lines().count(), "{name}");
        let a = common::paste::same_reading(&clean, &messy, name);
        common::paste::no_diagnostics(&a, name);
    }
}

#[test]
fn a_header_glued_to_the_panic_message() {
    for name in ["panics/panic.stderr.txt", "panics/nil-deref.stderr.txt"] {
        let clean = dump(name);
        // The blank line and the newline before the header lost.
        let at = clean.find("\n\ngoroutine ").unwrap();
        let messy = format!("{}{}", &clean[..at], &clean[at + 2..]);
        let a = common::paste::same_reading(&clean, &messy, name);
        common::paste::no_diagnostics(&a, name);
    }
}

#[test]
fn gccgo_frames_without_a_name_keep_the_goroutine_open() {
    // libgo prints a frame it found no symbol for as an empty name line and `\t:0`.
    let clean = read(&corpus().join("../paste/gccgo-throw.txt"));
    let messy = clean.replacen(
        "runtime.fatalthrow\n",
        "\n\t:0\n\n\t:0\nruntime.fatalthrow\n",
        1,
    );
    assert_ne!(messy, clean);
    let whole = analyze_text(&clean);
    let a = analyze_text(&messy);
    common::paste::no_diagnostics(&a, "gccgo :0");
    let (p, q) = (only_profile(&whole), only_profile(&a));
    assert_eq!(q.goroutines.len(), p.goroutines.len());
    let before = frame_strings(&whole.document.frames, p.stacks.get(p.goroutines[0].stack));
    let after = frame_strings(&a.document.frames, q.stacks.get(q.goroutines[0].stack));
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert_eq!(after[1], "? :0");
    assert_eq!(after[3..], before[1..]);
}

#[test]
fn another_languages_traceback_after_a_complete_goroutine_is_not_its_frames() {
    // A Python traceback printed right below the dump's last goroutine, which ends with
    // its `created by` (a process supervisor's output interleaved with the program's).
    let clean = dump("panics/deadlock.stderr.txt");
    assert!(clean
        .trim_end()
        .lines()
        .nth_back(1)
        .unwrap()
        .starts_with("created by "));
    let python = "Traceback (most recent call last):\n  File \"/srv/tools/check.py\", line 12, in <module>\n    main()\n  File \"/srv/tools/check.py\", line 8, in main\n    run(args)\nRuntimeError: child exited\n";
    for indent in ["", "    "] {
        let messy = common::paste::indented(&format!("{}\n{python}", clean.trim_end()), indent);
        let a = analyze_text(&messy);
        let (p, whole) = (only_profile(&a), analyze_text(&clean));
        let want = only_profile(&whole);
        assert_eq!(p.goroutines.len(), want.goroutines.len(), "{indent:?}");
        assert!(p.partial.is_empty() && !p.truncated, "{indent:?}");
        let last = p.goroutines.last().unwrap();
        assert!(last.created_by.is_some());
        assert_eq!(
            frame_strings(&a.document.frames, p.stacks.get(last.stack)),
            frame_strings(
                &whole.document.frames,
                want.stacks.get(want.goroutines.last().unwrap().stack)
            )
        );
    }
}

#[test]
fn a_goroutine_cut_above_keeps_its_creator() {
    // The paste starts below the last goroutine's header and first frame.
    let clean = dump("panics/deadlock.stderr.txt");
    let at = clean.rfind("\ngoroutine ").unwrap();
    let block: Vec<&str> = clean[at + 1..].lines().collect();
    let messy = block[3..].join("\n") + "\n";
    assert!(messy.contains("created by main.main"));
    let a = analyze_text(&messy);
    common::paste::no_diagnostics(&a, "cut above");
    let report = serde_json::to_value(a.report()).unwrap();
    let cut = &report["profiles"][0]["goroutines"]["cutOff"][0];
    assert_eq!(cut["above"], true);
    assert_eq!(cut["createdBy"]["function"], "main.main", "{cut}");
    assert_eq!(cut["frames"].as_array().unwrap().len(), block.len() / 2 - 2);
}

#[test]
fn elision_marks_written_into_a_dump_keep_the_frames_around_them() {
    const DUMP: &str = "goroutine-misc-states/goroutine.debug2.txt";
    let clean = dump(DUMP);
    let whole = analyze_text(&clean);
    let want = only_profile(&whole);
    // The first goroutine with at least three frames.
    let blocks: Vec<&str> = clean.split("\n\n").collect();
    let (index, block) = blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.starts_with("goroutine ") && b.lines().count() >= 7)
        .unwrap();
    let lines: Vec<&str> = block.lines().collect();
    for mark in ["...", "< ... >", "[snip]", "[...]", "        ..."] {
        // A mark in place of the second frame's location line, and one between frames.
        let mut edited: Vec<&str> = lines.clone();
        edited[4] = mark;
        edited.insert(5, mark.trim());
        let mut messy_blocks = blocks.clone();
        let joined = edited.join("\n");
        messy_blocks[index] = &joined;
        let messy = messy_blocks.join("\n\n");
        let a = analyze_text(&messy);
        common::paste::no_diagnostics(&a, mark);
        let p = only_profile(&a);
        assert_eq!(p.goroutines.len(), want.goroutines.len(), "{mark}");
        let g = p
            .goroutines
            .iter()
            .find(|g| lines[0].starts_with(&format!("goroutine {} ", g.id)))
            .unwrap();
        let frames = frame_strings(&a.document.frames, p.stacks.get(g.stack));
        let w = want.goroutines.iter().find(|w| w.id == g.id).unwrap();
        let clean_frames = frame_strings(&whole.document.frames, want.stacks.get(w.stack));
        // The frames before and after the marks are all there, the marks one elision.
        assert_eq!(frames[0], clean_frames[0], "{mark}");
        assert_eq!(
            frames[1].split(' ').next(),
            clean_frames[1].split(' ').next(),
            "{mark}"
        );
        assert_eq!(
            frames[2], "...additional frames elided...",
            "{mark}: {frames:?}"
        );
        assert_eq!(frames[3..], clean_frames[2..], "{mark}");
        let report = serde_json::to_value(a.report()).unwrap();
        assert_eq!(
            report["profiles"][0]["goroutines"]["withUserElision"], 1,
            "{mark}"
        );
    }
    // Between goroutines: the frames after the mark are the end of a goroutine whose
    // header and first frames were left out.
    // A whole goroutine left out: no fragment.
    let mut messy_blocks = blocks.clone();
    messy_blocks[index + 1] = "...";
    let a = analyze_text(&messy_blocks.join("\n\n"));
    common::paste::no_diagnostics(&a, "a goroutine left out");
    let p = only_profile(&a);
    assert!(p.thread_stacks.is_empty());
    assert_eq!(p.goroutines.len(), want.goroutines.len() - 1);
    // (Also at the paste's start: then the fragment begins with the elision.)
    for index in [index, index + 1] {
        let lines: Vec<&str> = blocks[index].lines().collect();
        let mut messy_blocks = blocks.clone();
        let cut = format!("< ... >\n{}", lines[3..].join("\n"));
        messy_blocks[index] = &cut;
        let messy = messy_blocks.join("\n\n");
        let a = analyze_text(&messy);
        common::paste::no_diagnostics(&a, "between goroutines");
        let report = serde_json::to_value(a.report()).unwrap();
        let cut_off = &report["profiles"][0]["goroutines"]["cutOff"][0];
        assert_eq!(cut_off["above"], true);
        let frames = cut_off["frames"].as_array().unwrap().len();
        assert_eq!(
            frames,
            (lines.len() - 3) / 2 + usize::from(index == 0),
            "{index}"
        );
    }
}

#[test]
fn a_stack_a_logger_printed_is_read_as_a_fragment() {
    // zap's console encoder (and logr's) prints a caller stack as `FUNC` and an indented
    // `FILE:LINE`, no arguments, no offsets, no goroutine header, after the log line.
    let clean = dump("goroutine-misc-states/goroutine.debug2.txt");
    let block = clean.split("\n\n").next().unwrap();
    let lines: Vec<&str> = block.lines().skip(1).collect();
    for indent in ["\t", "        "] {
        let mut messy = String::from(
            "2026-11-25T02:33:10Z\tERROR\tflush failed\t{\"worker\": 3, \"error\": \"disk full\"}\n",
        );
        for pair in lines.chunks(2) {
            let function = pair[0].rsplit_once('(').unwrap().0;
            let location = pair[1].trim().split(' ').next().unwrap();
            messy.push_str(&format!("{function}\n{indent}{location}\n"));
        }
        let a = analyze_text(&messy);
        assert_eq!(
            a.document.diagnostics.len(),
            1,
            "the log line: {:?}",
            a.document.diagnostics
        );
        let report = serde_json::to_value(a.report()).unwrap();
        let g = &report["profiles"][0]["goroutines"];
        assert!(g["crash"].is_null(), "not a crash");
        let frames = g["cutOff"][0]["frames"].as_array().unwrap();
        assert_eq!(frames.len(), lines.len() / 2, "{indent:?}");
        assert_eq!(frames[0]["function"], lines[0].rsplit_once('(').unwrap().0);
    }
}
