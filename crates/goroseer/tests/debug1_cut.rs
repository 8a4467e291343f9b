//! debug=1 text profiles pasted in pieces, each built from the corpus's own debug=1 files
//! and checked against the uncut file: the header line left out of the selection (the
//! paste may start inside a record, its tabs turned into spaces), the `# runtime.MemStats`
//! trailer pasted alone, and the last record cut (mid `#` line, after a bare `#`, or with
//! fewer frame lines than the record had).

mod common;

use common::paste::indented;
use common::*;
use goroseer::model::goroutine::{GoroutineFlags, GoroutineProfile, ThreadStack};
use goroseer::model::{Document, FrameTable, Profile};
use serde_json::Value;

/// The corpus's debug=1 files of one index kind.
fn files(kind: &str) -> Vec<String> {
    let index = json(&corpus().join("index.json"));
    let files: Vec<String> = index["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| f["file"].as_str().unwrap().to_owned())
        .collect();
    assert!(!files.is_empty(), "no {kind} files");
    files
}

/// The corpus's debug=1 goroutine profiles, read whole.
fn goroutine_files() -> Vec<(String, String)> {
    files("count-profile-debug1")
        .into_iter()
        .filter(|f| !f.contains("threadcreate"))
        .map(|f| {
            let text = read(&corpus().join(&f));
            (f, text)
        })
        .collect()
}

/// `(count, frames)` of every record.
fn records(p: &GoroutineProfile, frames: &FrameTable) -> Vec<(u64, Vec<String>)> {
    p.goroutines
        .iter()
        .map(|g| (g.count, frame_strings(frames, p.stacks.get(g.stack))))
        .collect()
}

/// The only goroutine profile of `text`, with the document.
fn goroutines(text: &str) -> (Document, Vec<(u64, Vec<String>)>) {
    let doc = goroseer::parse(text);
    let [Profile::Goroutine(p)] = doc.profiles.as_slice() else {
        panic!("expected one goroutine profile, got {}", doc.profiles.len());
    };
    let r = records(p, &doc.frames);
    (doc, r)
}

fn goroutine_profile(doc: &Document) -> &GoroutineProfile {
    match doc.profiles.as_slice() {
        [Profile::Goroutine(p)] => p,
        _ => panic!("expected one goroutine profile"),
    }
}

/// `text` without its first `n` lines.
fn drop_lines(text: &str, n: usize) -> String {
    text.split_inclusive('\n').skip(n).collect()
}

/// Tabs turned into spaces to the next multiple of 8, as a terminal or a web page shows
/// them.
fn expand_tabs(text: &str) -> String {
    text.lines()
        .map(|l| {
            let mut out = String::new();
            for c in l.chars() {
                if c == '\t' {
                    let n = 8 - out.chars().count() % 8;
                    out.push_str(&" ".repeat(n));
                } else {
                    out.push(c);
                }
            }
            out + "\n"
        })
        .collect()
}

#[test]
fn a_goroutine_profile_without_its_header_line_is_read_cut_above() {
    for (file, text) in goroutine_files() {
        let (whole_doc, whole) = goroutines(&text);
        let whole_p = goroutine_profile(&whole_doc);
        assert!(!whole_p.header_cut, "{file}");
        let total = whole_p.header_total.unwrap();
        let headerless = drop_lines(&text, 1);
        let (doc, read) = goroutines(&headerless);
        let p = goroutine_profile(&doc);
        assert!(p.header_cut, "{file}");
        assert_eq!(p.header_total, None, "{file}");
        assert_eq!(read, whole, "{file}");
        assert_eq!(p.total(), total, "{file}");
        assert!(!p.truncated, "{file}");
        assert!(doc.diagnostics.is_empty(), "{file}: {:?}", doc.diagnostics);
        assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
        // The labels stay.
        assert_eq!(p.label_sets.len(), whole_p.label_sets.len(), "{file}");
    }
}

#[test]
fn a_paste_starting_inside_a_record_keeps_its_frames_cut_above() {
    for (file, text) in goroutine_files() {
        let (whole_doc, whole) = goroutines(&text);
        let header_total = goroutine_profile(&whole_doc).header_total.unwrap();
        // The header, the first record's count line and its labels line are above the
        // selection: it starts at the first record's first frame line.
        let skip = 1 + text
            .lines()
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with("#\t0x"))
            .count();
        for (form, paste) in [
            ("tabs", drop_lines(&text, skip)),
            ("spaces", expand_tabs(&drop_lines(&text, skip))),
        ] {
            let what = format!("{file} ({form})");
            let (doc, read) = goroutines(&paste);
            let p = goroutine_profile(&doc);
            assert!(p.header_cut, "{what}");
            assert_eq!(read, whole[1..], "{what}");
            assert_eq!(p.total(), header_total - whole[0].0, "{what}");
            let [above] = p.thread_stacks.as_slice() else {
                panic!("{what}: expected one record cut above");
            };
            assert!(above.is_cut_above(), "{what}");
            assert_eq!(above.header, ThreadStack::CUT_ABOVE);
            assert_eq!(above.line, 1, "{what}");
            assert_eq!(
                frame_strings(&doc.frames, p.stacks.get(above.stack)),
                whole[0].1,
                "{what}"
            );
            assert!(doc.diagnostics.is_empty(), "{what}: {:?}", doc.diagnostics);
            // The report lists it as cut above, and says the header was cut.
            let report = goroseer::report::Report::new(&analyze_text(&paste));
            let json: Value = serde_json::to_value(&report).unwrap();
            let profile = &json["profiles"][0];
            assert_eq!(profile["headerCut"], true, "{what}");
            assert_eq!(
                profile["headerCutNote"],
                "Header line not in the input (cut above): read from the first record; \
                 its total is unknown.",
                "{what}"
            );
            assert_eq!(profile["goroutines"]["cutOff"][0]["above"], true, "{what}");
        }
    }
}

#[test]
fn a_complete_profile_ending_without_its_blank_line_is_not_cut() {
    for (file, text) in goroutine_files() {
        let (_, whole) = goroutines(&text);
        let trimmed = text.trim_end();
        for paste in [trimmed.to_owned(), format!("{trimmed}\n")] {
            let (doc, read) = goroutines(&paste);
            let p = goroutine_profile(&doc);
            assert_eq!(read, whole, "{file}");
            assert!(!p.truncated, "{file}: {:?}", p.diagnostics);
            assert!(
                p.goroutines
                    .iter()
                    .all(|g| !g.flags.has(GoroutineFlags::PARTIAL)),
                "{file}"
            );
        }
    }
}

/// The last record of `text` (whole) with at least two frame lines: the text before its
/// count line, and its lines.
fn last_deep_record(text: &str) -> Option<(String, Vec<&str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = None;
    for (i, l) in lines.iter().enumerate() {
        if l.contains(" @ 0x") {
            let frames = lines[i + 1..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .filter(|l| l.starts_with("#\t0x"))
                .count();
            if frames >= 2 {
                start = Some(i);
            }
        }
    }
    let start = start?;
    let before = lines[..start].iter().map(|l| format!("{l}\n")).collect();
    let record = lines[start..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect();
    Some((before, record))
}

#[test]
fn the_last_record_cut_is_partial_and_the_profile_truncated() {
    let mut checked = 0;
    for (file, text) in goroutine_files() {
        let Some((before, record)) = last_deep_record(&text) else {
            continue;
        };
        let (whole_doc, whole) = goroutines(&format!("{before}{}\n", record.join("\n")));
        let header_total = goroutine_profile(&whole_doc).header_total.unwrap();
        let (count, frames) = whole.last().unwrap().clone();
        let first_frame = record.iter().position(|l| l.starts_with("#\t0x")).unwrap();
        let frame_line = record[first_frame + 1];
        let (pc_func, path) = frame_line.rsplit_once('\t').unwrap();
        let head = &record[..=first_frame];
        let function = frames[1].split(' ').next().unwrap().to_owned();
        for (form, paste, kept) in [
            // Fewer frame lines than its addresses: the input ends after the first one.
            (
                "after a frame line",
                head.join("\n"),
                vec![frames[0].clone()],
            ),
            // Cut inside the second frame's path: its function is kept.
            (
                "mid path",
                format!(
                    "{}\n{pc_func}\t{}",
                    head.join("\n"),
                    &path[..path.len() / 2]
                ),
                vec![frames[0].clone(), format!("{function} :0")],
            ),
            // Cut inside the second frame's function name.
            (
                "mid function",
                format!(
                    "{}\n{}",
                    head.join("\n"),
                    &frame_line[..frame_line.find(&function).unwrap() + function.len() / 2]
                ),
                vec![frames[0].clone()],
            ),
            // A bare `#`.
            (
                "bare #",
                format!("{}\n#", head.join("\n")),
                vec![frames[0].clone()],
            ),
        ] {
            let what = format!("{file} ({form})");
            let (doc, read) = goroutines(&format!("{before}{paste}"));
            let p = goroutine_profile(&doc);
            assert!(p.truncated, "{what}");
            assert_eq!(read[..read.len() - 1], whole[..whole.len() - 1], "{what}");
            let last = p.goroutines.last().unwrap();
            assert!(last.flags.has(GoroutineFlags::PARTIAL), "{what}");
            assert_eq!(last.count, count, "{what}");
            assert_eq!(read.last().unwrap().1, kept, "{what}");
            assert_eq!(
                p.total(),
                whole.iter().map(|r| r.0).sum::<u64>(),
                "{what}: the cut record's goroutines are counted"
            );
            assert!(doc.diagnostics.is_empty(), "{what}: {:?}", doc.diagnostics);
            // The finding says the last record's stack is cut, not "0 cut off".
            let a = analyze_text(&format!("{before}{paste}"));
            let finding = a.annotations()[0]
                .iter()
                .find(|n| n.rule == "truncated-dump")
                .unwrap_or_else(|| panic!("{what}: no truncated-dump finding"));
            let detail = finding.detail.clone();
            assert!(
                detail.contains(&format!("stack cut after {} frame", kept.len())),
                "{what}: {detail}"
            );
            assert!(!detail.contains("read completely"), "{what}: {detail}");
            let _ = header_total;
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} files had a deep last record");
}

/// The heap profiles of the corpus, read whole.
fn heap_files() -> Vec<(String, String)> {
    files("heap-debug1")
        .into_iter()
        .map(|f| {
            let text = read(&corpus().join(&f));
            (f, text)
        })
        .collect()
}

fn heap(doc: &Document) -> &goroseer::model::HeapProfile {
    match doc.profiles.as_slice() {
        [Profile::Heap(h)] => h,
        other => panic!("expected one heap profile, got {}", other.len()),
    }
}

#[test]
fn a_heap_profile_without_its_header_keeps_its_values_as_written() {
    for (file, text) in heap_files() {
        let whole_doc = goroseer::parse(&text);
        let whole = heap(&whole_doc);
        // Without the header line, or starting at the first record's frame lines.
        for (form, skip) in [("header", 1), ("first record", 2)] {
            let what = format!("{file} (without its {form})");
            let doc = goroseer::parse(&drop_lines(&text, skip));
            let h = heap(&doc);
            assert!(h.header_cut, "{what}");
            let kept = &whole.records[(skip > 1) as usize..];
            assert_eq!(h.records.len(), kept.len(), "{what}");
            for (a, b) in h.records.iter().zip(kept) {
                assert_eq!(a.raw, b.raw, "{what}");
                // The sampling rate is unknown: the values stay as written.
                assert_eq!(a.unsampled, a.raw, "{what}");
                assert_eq!(a.frames.len(), b.frames.len(), "{what}");
            }
            assert_eq!(
                h.memstats.as_ref().map(|m| m.entries.len()),
                whole.memstats.as_ref().map(|m| m.entries.len()),
                "{what}"
            );
            assert!(doc.diagnostics.is_empty(), "{what}: {:?}", doc.diagnostics);
            // A record cut above is said, once.
            assert_eq!(h.diagnostics.len(), (skip > 1) as usize, "{what}");
        }
    }
}

#[test]
fn the_memstats_trailer_alone_is_a_heap_profile_with_only_memstats() {
    for (file, text) in heap_files() {
        let whole_doc = goroseer::parse(&text);
        let want = heap(&whole_doc).memstats.clone().unwrap();
        let at = text.find("# runtime.MemStats").unwrap();
        let trailer = &text[at..];
        let pause_ns = trailer.find("# PauseNs = [").unwrap();
        let cut = &trailer[..pause_ns + "# PauseNs = [".len() + 20];
        for (form, paste, keys) in [
            ("plain", trailer.to_owned(), want.entries.len()),
            ("indented", indented(trailer, "    "), want.entries.len()),
            (
                "cut in PauseNs",
                cut.to_owned(),
                want.entries
                    .iter()
                    .position(|e| e.key == "PauseNs")
                    .unwrap()
                    + 1,
            ),
        ] {
            let what = format!("{file} ({form})");
            let doc = goroseer::parse(&paste);
            let h = heap(&doc);
            assert!(h.header_cut, "{what}");
            assert!(h.records.is_empty(), "{what}");
            let stats = h.memstats.as_ref().expect("memstats");
            assert_eq!(stats.entries.len(), keys, "{what}");
            for (a, b) in stats.entries.iter().zip(&want.entries).take(keys - 1) {
                assert_eq!((&a.key, &a.value), (&b.key, &b.value), "{what}");
            }
            assert!(doc.diagnostics.is_empty(), "{what}: {:?}", doc.diagnostics);
            // The page's MemStats panel and its derived figures.
            let report = goroseer::report::Report::new(&analyze_text(&paste));
            let json: Value = serde_json::to_value(&report).unwrap();
            let profile = &json["profiles"][0];
            assert_eq!(profile["kind"], "heap", "{what}");
            assert_eq!(profile["headerCut"], true, "{what}");
            assert!(
                profile["headerCutNote"]
                    .as_str()
                    .is_some_and(|n| n.ends_with("only its MemStats trailer was pasted.")),
                "{what}: {}",
                profile["headerCutNote"]
            );
            assert!(
                profile["heap"]["memstats"]["derived"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty()),
                "{what}: {}",
                profile["heap"]["memstats"]
            );
        }
    }
}

fn contention(doc: &Document) -> &goroseer::model::ContentionProfile {
    match doc.profiles.as_slice() {
        [Profile::Contention(c)] => c,
        other => panic!("expected one contention profile, got {}", other.len()),
    }
}

#[test]
fn block_and_mutex_profiles_without_their_header() {
    for file in files("contention-debug1") {
        let text = read(&corpus().join(&file));
        let whole_doc = goroseer::parse(&text);
        let whole = contention(&whole_doc);
        let attributes = text
            .lines()
            .skip(1)
            .take_while(|l| !l.contains('@'))
            .count();
        for (form, skip, rate) in [
            ("the --- line", 1, whole.cycles_per_second),
            ("the header", 1 + attributes, None),
            ("the first record", 2 + attributes, None),
        ] {
            let what = format!("{file} (without {form})");
            let doc = goroseer::parse(&drop_lines(&text, skip));
            let c = contention(&doc);
            assert!(c.header_cut, "{what}");
            // Which of the two, the stacks say.
            assert_eq!(c.kind, whole.kind, "{what}");
            assert_eq!(c.cycles_per_second, rate, "{what}");
            let kept = &whole.records[(form == "the first record") as usize..];
            assert_eq!(c.records.len(), kept.len(), "{what}");
            for (a, b) in c.records.iter().zip(kept) {
                assert_eq!((a.cycles, a.count), (b.cycles, b.count), "{what}");
                assert_eq!(a.frames.len(), b.frames.len(), "{what}");
            }
            // Without cycles/second, the delays stay in cycles, and that is said.
            assert_eq!(
                c.diagnostics
                    .iter()
                    .any(|d| d.message.contains("no cycles/second")),
                rate.is_none(),
                "{what}"
            );
            assert!(doc.diagnostics.is_empty(), "{what}: {:?}", doc.diagnostics);
        }
    }
}

#[test]
fn a_threadcreate_profile_without_its_header() {
    let file = "goroutine-misc-states/threadcreate.debug1.txt";
    let text = read(&corpus().join(file));
    let whole_doc = goroseer::parse(&text);
    let [Profile::ThreadCreate(whole)] = whole_doc.profiles.as_slice() else {
        panic!("threadcreate");
    };
    let doc = goroseer::parse(&drop_lines(&text, 1));
    let [Profile::ThreadCreate(t)] = doc.profiles.as_slice() else {
        panic!(
            "expected a threadcreate profile, got {:?}",
            doc.profiles.len()
        );
    };
    assert!(t.header_cut);
    assert_eq!(t.total, whole.total);
    let values = |p: &goroseer::model::ThreadCreateProfile| {
        p.records
            .iter()
            .map(|r| (r.count, r.addresses.clone(), r.frames.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(values(t), values(whole));
    assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
}
