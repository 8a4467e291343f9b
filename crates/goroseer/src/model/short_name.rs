//! Short display names of functions, for tight spaces and for sentences (rows, flame graph,
//! finding texts). The full name stays in every JSON field that holds a function; the page
//! shows it on hover, in expanded stacks and in exports.

use super::{Frame, Origin};

/// The short display name of `frame`, or `None` when it is the full name already.
///
/// - the program's own code loses its module prefix: `github.com/acme/shop/internal/inventory.(*Store).Reserve`
///   → `internal/inventory.(*Store).Reserve` (the module is the first three path elements,
///   as [`crate::model::FrameTable::classify_main_module`] decides it);
/// - someone else's module keeps its package's last path element, as `go tool pprof`
///   prints names: `github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire` → `pgxpool.(*Pool).Acquire`;
/// - the standard library and the runtime stay as printed (`net/http.(*conn).serve`);
/// - a closure's `.funcN` reads `func N`: `main.main.func1` → `main.main func 1`.
pub fn short_name(frame: &Frame) -> Option<String> {
    let function = frame.function.as_str();
    let package = frame.package.as_str();
    let cut = match frame.origin {
        Origin::Own if package.contains('/') && function.starts_with(package) => {
            // The module is `host/owner/repo`: drop it and the slash after it; a function
            // in the module's root package keeps the package's last element.
            match package.match_indices('/').nth(2) {
                Some((i, _)) => i + 1,
                None => package.rfind('/').map_or(0, |i| i + 1),
            }
        }
        Origin::ThirdParty if function.starts_with(package) => {
            package.rfind('/').map_or(0, |i| i + 1)
        }
        _ => 0,
    };
    let short = closures_spelled(&function[cut..]);
    (short != function).then_some(short)
}

/// `.funcN` (a closure, numbered by the compiler) as ` func N`; the rest unchanged.
fn closures_spelled(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut rest = name;
    while let Some(at) = rest.find(".func") {
        let digits = rest[at + 5..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            out.push_str(&rest[..at + 5]);
            rest = &rest[at + 5..];
            continue;
        }
        out.push_str(&rest[..at]);
        out.push_str(" func ");
        out.push_str(&rest[at + 5..at + 5 + digits]);
        rest = &rest[at + 5 + digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::package_of;

    /// A frame of `function` with no file (the names' tests here and in `report::names`).
    pub(crate) fn frame(function: &str, origin: Origin) -> Frame {
        Frame {
            function: function.to_owned(),
            package: package_of(function).to_owned(),
            file: String::new(),
            line: 0,
            origin,
        }
    }

    fn short(function: &str, origin: Origin) -> String {
        short_name(&frame(function, origin)).unwrap_or_else(|| function.to_owned())
    }

    #[test]
    fn own_code_loses_its_module_prefix() {
        assert_eq!(
            short(
                "github.com/acme/shop/internal/inventory.(*Store).Reserve",
                Origin::Own
            ),
            "internal/inventory.(*Store).Reserve"
        );
        assert_eq!(short("github.com/acme/shop.Run", Origin::Own), "shop.Run");
        assert_eq!(short("main.main", Origin::Own), "main.main");
        assert!(short_name(&frame("main.main", Origin::Own)).is_none());
    }

    #[test]
    fn other_modules_keep_the_package_name_stdlib_stays() {
        assert_eq!(
            short(
                "github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire",
                Origin::ThirdParty
            ),
            "pgxpool.(*Pool).Acquire"
        );
        assert_eq!(
            short("net/http.(*conn).serve", Origin::Stdlib),
            "net/http.(*conn).serve"
        );
        assert_eq!(short("runtime.gopark", Origin::Runtime), "runtime.gopark");
    }

    #[test]
    fn closures_read_func_n() {
        assert_eq!(short("main.main.func1", Origin::Own), "main.main func 1");
        assert_eq!(
            short(
                "github.com/acme/gw/internal/handler.Handle.func1.2",
                Origin::Own
            ),
            "internal/handler.Handle func 1.2"
        );
        assert_eq!(
            short("net/http.(*Server).Serve.func12", Origin::Stdlib),
            "net/http.(*Server).Serve func 12"
        );
        // `.funcs` and `.function` are names, not closures.
        assert_eq!(short("main.(*T).funcs", Origin::Own), "main.(*T).funcs");
    }

    #[test]
    fn addresses_and_elision_markers_stay() {
        assert!(short_name(&frame("0x4159ee", Origin::Unknown)).is_none());
        assert!(short_name(&frame("...51 frames elided...", Origin::Runtime)).is_none());
    }
}
