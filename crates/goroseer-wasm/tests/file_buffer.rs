//! A file written into wasm memory chunk by chunk, as the page's worker reads it
//! (`FileBuffer.grow`, then a `Uint8Array` over the module's memory), gives the same
//! report as the same bytes handed over in one piece; an archive is refused by this
//! module (the worker opens it with the archive module). Run with
//! `cargo test -p goroseer-wasm --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use goroseer_wasm::{FileBuffer, Goroseer};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const DUMP: &str =
    include_str!("../../../tests/fixtures/corpus/goroutine-leak/goroutine.t15s.debug2.txt");

/// `bytes` written as the worker writes them, in chunks of `chunk` bytes, into a buffer
/// made with room for `capacity` (a hint: the gzip trailer's size may be wrong).
fn written(bytes: &[u8], chunk: usize, capacity: usize) -> FileBuffer {
    let mut buffer = FileBuffer::new(capacity);
    for piece in bytes.chunks(chunk) {
        let at = buffer.grow(piece.len());
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        js_sys::Uint8Array::new(&memory.buffer()).set(&js_sys::Uint8Array::from(piece), at as u32);
    }
    buffer
}

fn report_text(workspace: &Goroseer) -> String {
    js_sys::JSON::stringify(&workspace.report(JsValue::UNDEFINED).unwrap())
        .unwrap()
        .into()
}

#[wasm_bindgen_test]
fn chunks_written_into_memory_read_as_the_whole_file() {
    let mut whole = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    whole
        .add_file("g.txt".into(), DUMP.as_bytes().to_vec())
        .unwrap();
    let len = DUMP.len();
    for chunk in [1000, 65536, len] {
        // Room for half, all, and twice the file.
        for capacity in [len / 2, len, len * 2] {
            let buffer = written(DUMP.as_bytes(), chunk, capacity);
            let mut chunked = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
            let added = chunked.add_file_buffer("g.txt".into(), buffer).unwrap();
            assert_eq!(added, 1);
            assert_eq!(
                report_text(&chunked),
                report_text(&whole),
                "chunks of {chunk}, room for {capacity}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn archives_are_recognised_and_left_to_the_archive_module() {
    let mut tar = vec![0u8; 1024];
    tar[257..262].copy_from_slice(b"ustar");
    assert!(Goroseer::is_archive(&tar[..512]));
    assert!(Goroseer::is_archive(&[0x1f, 0x8b, 8, 0]));
    assert!(!Goroseer::is_archive(DUMP.as_bytes()));
    let mut workspace = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    assert!(workspace.add_file("x.tar".into(), tar).is_err());
    assert_eq!(workspace.parse_count(), 0);
}

/// A plain dump of more than 4 MiB: the real dump's goroutines again and again, each copy
/// with ids of its own (a goroutine id seen twice would start a second dump).
fn big_dump() -> String {
    let mut out = String::new();
    for copy in 0..60u64 {
        for line in DUMP.lines() {
            match line
                .strip_prefix("goroutine ")
                .and_then(|rest| rest.split_once(' '))
                .and_then(|(id, rest)| Some((id.parse::<u64>().ok()?, rest)))
            {
                Some((id, rest)) => {
                    out.push_str(&format!("goroutine {} {rest}\n", id + copy * 1_000_000))
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[wasm_bindgen_test]
fn goroutines_read_ahead_as_the_file_arrives_read_as_the_whole_file() {
    let dump = big_dump();
    assert!(dump.len() > 5 << 20, "{} bytes", dump.len());
    let mut whole = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    whole
        .add_file("g.txt".into(), dump.as_bytes().to_vec())
        .unwrap();
    // As the worker writes it: a stretch at a time, reading ahead after each.
    let mut buffer = FileBuffer::new(dump.len());
    for piece in dump.as_bytes().chunks(1 << 20) {
        let at = buffer.grow(piece.len());
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        js_sys::Uint8Array::new(&memory.buffer()).set(&js_sys::Uint8Array::from(piece), at as u32);
        buffer.read_ahead();
    }
    let ahead = buffer.read_ahead_bytes();
    assert!(
        ahead > dump.len() / 2,
        "{ahead} of {} bytes read ahead",
        dump.len()
    );
    let mut arrived = Goroseer::workspace(JsValue::UNDEFINED).unwrap();
    assert_eq!(arrived.add_file_buffer("g.txt".into(), buffer).unwrap(), 1);
    assert_eq!(report_text(&arrived), report_text(&whole));
}
