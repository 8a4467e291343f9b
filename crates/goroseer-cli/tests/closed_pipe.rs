//! `goroseer dump | head`: when the reader closes the pipe early, the CLI stops quietly
//! instead of panicking in `println!`.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let dump = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/corpus/heap-memprofilerate1/allocs.debug1.txt"
    );
    for args in [vec![dump], vec!["--json", dump]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_goroseer"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("goroseer runs");
        let mut first = [0u8; 64];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("some output");
        // The read end is dropped here, as `head` does once it has its lines.
        let out = child.wait_with_output().expect("goroseer exits");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
