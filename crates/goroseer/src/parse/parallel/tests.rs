//! The parse in pieces equals the one-thread parse: on every fixture dump (real dumps of
//! real Go programs), on the 100k-goroutine corpus dump, and on dumps spliced from them.

use std::cell::Cell;

use proptest::prelude::*;

use crate::model::Document;
use crate::parse::pieces::testing::{
    fingerprint, fixture_lines, fixtures, goroutine_texts, texts, SPLICE_LINES,
};
use crate::parse::{copied, parse_cow, Split};

use crate::parse::pieces::READ_IN_PIECES;

fn parse_split(text: &str, split: Split) -> Document {
    parse_cow(std::borrow::Cow::Borrowed(text), 1, split, copied)
}

/// Asserts the parse of `text` on `threads` (pieces of any size) equals the one-thread
/// parse; returns how many dumps were read in pieces.
fn assert_same(name: &str, text: &str, threads: usize, min_piece: usize) -> usize {
    let one = parse_split(text, Split::ONE);
    let before = READ_IN_PIECES.with(Cell::get);
    let many = parse_split(text, Split { threads, min_piece });
    let pieces = READ_IN_PIECES.with(Cell::get) - before;
    let (one, many) = (fingerprint(&one), fingerprint(&many));
    if one != many {
        let at = one
            .bytes()
            .zip(many.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(one.len().min(many.len()));
        let from = at.saturating_sub(300);
        panic!(
            "{name} on {threads} threads differs at byte {at}:\none:  {}\nmany: {}",
            &one[from..(at + 300).min(one.len())],
            &many[from..(at + 300).min(many.len())],
        );
    }
    pieces
}

#[test]
fn every_fixture_reads_the_same_in_pieces() {
    let texts = goroutine_texts();
    assert!(texts.len() > 50, "fixtures not found: {}", texts.len());
    let mut in_pieces = 0;
    for (name, text) in &texts {
        for threads in [2, 3, 5] {
            in_pieces += assert_same(name, text, threads, 1);
        }
    }
    // Many are cut; the others hold no goroutine dump with a blank line before a header
    // (debug=1 profiles, heap profiles, one-goroutine crashes) or must not be cut.
    assert!(
        in_pieces > texts.len() / 2,
        "{in_pieces} of {} cut",
        texts.len()
    );
}

#[test]
fn the_100k_goroutine_dump_reads_the_same_in_pieces() {
    let path = fixtures().join("corpus/goroutine-100k-crawler/goroutine.debug2.txt.gz");
    let mut all = Vec::new();
    texts(path.parent().unwrap(), &mut all);
    let (_, text) = all
        .iter()
        .find(|(name, _)| name.ends_with("goroutine.debug2.txt.gz"))
        .expect("the 100k-goroutine dump");
    assert_eq!(assert_same("100k", text, 3, super::MIN_PIECE), 1, "not cut");
}

/// Real dumps read on with lines skipped and lines inserted that end, start or bend a
/// dump, now and then jumping to another dump: the parse on 2–6 threads equals the
/// one-thread parse.
#[test]
fn spliced_dumps_read_the_same_in_pieces() {
    use proptest::test_runner::{Config, TestRunner};
    let part = (
        prop::bool::weighted(0.15),
        any::<prop::sample::Index>(),
        0usize..300,
        0usize..4,
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    );
    let splice = (
        any::<prop::sample::Index>(),
        prop::collection::vec(part, 1..8),
        2usize..7,
        any::<bool>(),
    );
    let dumps = fixture_lines();
    let before = READ_IN_PIECES.with(Cell::get);
    let cases = 256;
    TestRunner::new(Config::with_cases(cases))
        .run(&splice, |(first, parts, threads, crlf)| {
            let mut dump = &dumps[first.index(dumps.len())];
            let mut at = 0;
            let mut lines: Vec<&str> = Vec::new();
            for (jump, other, take, skip, inserted) in &parts {
                if *jump {
                    dump = &dumps[other.index(dumps.len())];
                    at = other.index(dump.len().max(1));
                }
                lines.extend(dump.iter().skip(at).take(*take).map(String::as_str));
                at += take + skip;
                lines.extend(
                    inserted
                        .iter()
                        .map(|i| SPLICE_LINES[i.index(SPLICE_LINES.len())]),
                );
            }
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            assert_same("splice", &text, threads, 1);
            Ok(())
        })
        .unwrap();
    let cut = READ_IN_PIECES.with(Cell::get) - before;
    assert!(cut as u32 > cases / 4, "{cut} of {cases} splices cut");
}

proptest! {
    /// The vectorized count of line ends is the plain one, whatever the length (whole
    /// blocks of 128 bytes and a rest) and however dense the line ends.
    #[test]
    fn newlines_are_counted_exactly(bytes in prop::collection::vec(
        prop::sample::select(vec![b'\n', b'\n', b'a', b'\r', 0xff]), 0..1200)
    ) {
        let plain = bytes.iter().filter(|&&b| b == b'\n').count();
        prop_assert_eq!(crate::parse::count_newlines(&bytes), plain);
    }
}
