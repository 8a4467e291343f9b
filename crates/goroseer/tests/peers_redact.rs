//! Redaction on other projects' dumps (`../shared/peers`), which hold module-cache paths
//! such as `/go/pkg/mod/golang.org/x/sync@v0.1.0/errgroup/errgroup.go`: redacted, they keep
//! their main module and every frame's origin (skipped when the folder is absent).

mod common;

#[test]
fn peers_redacted_dumps_keep_frame_origins_and_main_module() {
    let Some(peers) = common::peers() else {
        eprintln!("skipped: ../shared/peers is absent");
        return;
    };
    let mut with_modules = 0;
    for dir in std::fs::read_dir(peers).unwrap() {
        let dir = dir.unwrap().path();
        for file in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt")
                && common::redaction::keeps_origins(&path)
            {
                with_modules += 1;
            }
        }
    }
    assert!(with_modules > 0, "some peer dumps have module-cache paths");
}
