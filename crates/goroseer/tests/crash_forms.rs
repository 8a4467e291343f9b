//! Crash tracebacks in the forms people paste them: test timeouts, multi-line panic values,
//! a crashing goroutine cut before its end, a signal sent from outside, a stack topped by
//! `log.Panic` without its `panic:` line, and frame origins of module-cache paths. Every
//! input is a dump we generated (`tests/fixtures`), turned into the pasted form here.

mod common;

use common::{analyze_text, corpus, only_profile, read};
use goroseer::model::Origin;

fn fixture(path: &str) -> String {
    read(&corpus().join("..").join(path))
}

/// The origin of the first frame whose function is `function`.
fn origin_of(a: &goroseer::Analysis, function: &str) -> Origin {
    a.document
        .frames
        .frames()
        .iter()
        .find(|f| f.function == function)
        .unwrap_or_else(|| panic!("no frame {function}"))
        .origin
}

#[test]
fn a_dependency_in_the_module_cache_is_never_the_main_module() {
    // The corpus's nil dereference, its `orders` package built from the module cache as a
    // dependency of a `package main` program, with a cgo wrapper frame of it (cgo prints
    // those in `_cgo_gotypes.go`, without a directory).
    let text = fixture("corpus/panics/nil-deref.stderr.txt")
        .replace(
            "github.com/acme/orders/internal/orders.Total(0x49fa00?)\n\t/app/orders/internal/orders/orders.go:24",
            "github.com/acme/orders/internal/orders._Cfunc_total()\n\t_cgo_gotypes.go:540 +0x34\n\
             github.com/acme/orders/internal/orders.Total(0x49fa00?)\n\
             \t/home/u/go/pkg/mod/github.com/acme/orders@v1.2.0/internal/orders/orders.go:24",
        )
        .replace("/app/orders/cmd/orders/main.go", "/home/u/app/main.go");
    assert!(text.contains("_cgo_gotypes.go"), "the fixture changed");
    let a = analyze_text(&text);
    assert_eq!(a.document.main_module, None);
    for f in [
        "github.com/acme/orders/internal/orders.Total",
        "github.com/acme/orders/internal/orders._Cfunc_total",
    ] {
        assert_eq!(origin_of(&a, f), Origin::ThirdParty, "{f}");
    }
    assert_eq!(origin_of(&a, "main.main"), Origin::Own);
}

#[test]
fn a_toolchain_in_the_module_cache_is_the_standard_library() {
    // GOTOOLCHAIN downloads Go into the module cache: GOROOT is
    // `…/pkg/mod/golang.org/toolchain@v0.0.1-goX.Y.Z.GOOS-GOARCH`.
    let text = fixture("corpus/panics/gotraceback-all.stderr.txt").replace(
        "/usr/local/go/src/",
        "/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/src/",
    );
    assert!(text.contains("toolchain@"), "the fixture changed");
    let a = analyze_text(&text);
    let stdlib: Vec<_> = a
        .document
        .frames
        .frames()
        .iter()
        .filter(|f| f.file.contains("/toolchain@"))
        .collect();
    assert!(stdlib.iter().any(|f| f.package != "runtime"));
    for f in stdlib {
        let want = if f.package == "runtime" || f.package.starts_with("internal/runtime") {
            Origin::Runtime
        } else {
            Origin::Stdlib
        };
        assert_eq!(f.origin, want, "{}", f.function);
    }
    let _ = only_profile(&a);
}
