//! The peers' real tab-indented SIGQUIT dumps with hand-written `## …` note lines
//! (`../shared/peers/aprilsh`), pasted indented by tabs: every goroutine read, each note
//! line reported as a note.

mod common;

use common::paste::*;
use common::*;

#[test]
fn peers_tab_indented_sigquit_dumps_with_note_lines() {
    let Some(peers) = peers() else { return };
    let mut read_any = false;
    for entry in std::fs::read_dir(peers.join("aprilsh")).unwrap() {
        let path = entry.unwrap().path();
        let clean = read(&path);
        let notes = clean.lines().filter(|l| l.starts_with("## ")).count();
        assert!(notes > 0, "{}: the dump has note lines", path.display());
        for indent in ["\t", "\t\t"] {
            let what = format!("{} indented by {indent:?}", path.display());
            let a = same_reading(&clean, &indented(&clean, indent), &what);
            let p = only_profile(&a);
            let noted = p
                .diagnostics
                .iter()
                .filter(|d| d.message.starts_with("a note written into the dump: ## "))
                .count();
            assert_eq!(noted, notes, "{what}: {:?}", p.diagnostics);
            read_any = true;
        }
    }
    assert!(read_any);
}
