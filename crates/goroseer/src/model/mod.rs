//! The parsed model: what a dump says, independent of how it is shown.
//!
//! Frames are interned once per [`Document`] in a [`FrameTable`]; goroutines and records
//! hold [`FrameId`]s. Nothing here knows about JSON or the browser: `report.rs` turns the
//! model into view types.

use std::collections::HashMap;

/// Index of a [`Frame`] in a [`FrameTable`].
pub type FrameId = u32;

/// Where a function's code comes from; the page colours frames by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Package `runtime` and `internal/runtime/...`, plus runtime-only pseudo frames.
    Runtime,
    /// Any other standard-library package (no dot in the first path element).
    Stdlib,
    /// A module path with a dot, a `/vendor/` or `pkg/mod` file: someone else's code.
    ThirdParty,
    /// The program's own code (`main`, and the main module's packages).
    Own,
    /// No symbol: a frame named by its address (an unsymbolized profile record).
    Unknown,
}

/// One distinct code location: function + file + line. Arguments and PC offsets are
/// per-goroutine and live in [`StackFrame`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Frame {
    /// Fully qualified function, e.g. `net/http.(*conn).serve`.
    pub function: String,
    /// Import path of the function's package, e.g. `net/http`.
    pub package: String,
    /// Source file as printed (may be empty when the dump has no symbol for the PC).
    pub file: String,
    /// Source line (0 when unknown).
    pub line: u32,
    /// Classification for colouring and grouping.
    pub origin: Origin,
}

impl Frame {
    /// The name for a sentence or a tight space: [`short_name::short_name`], else the
    /// function as printed.
    pub fn display_name(&self) -> std::borrow::Cow<'_, str> {
        short_name::short_name(self).map_or(
            std::borrow::Cow::Borrowed(self.function.as_str()),
            std::borrow::Cow::Owned,
        )
    }

    /// Whether this is code that is not Go's own: the program's module or a module it
    /// uses. A group is named after its first such frame, and a race access is placed at
    /// its first one: the runtime's and the standard library's frames above it are where
    /// the program's call ended up, not what it did.
    pub fn is_program_code(&self) -> bool {
        matches!(self.origin, Origin::Own | Origin::ThirdParty)
    }

    /// `function file:line` (the function alone when the file is unknown), for a person.
    pub fn location(&self) -> String {
        if self.file.is_empty() {
            self.function.clone()
        } else {
            format!("{} {}:{}", self.function, self.file, self.line)
        }
    }
}

/// Frames interned once per document.
///
/// Lookups hash the borrowed text once (a fast non-cryptographic hash) and compare it with
/// the stored frame: a 100k-goroutine dump interns millions of frame lines, and none of
/// them may allocate or copy.
#[derive(Debug, Default, Clone)]
pub struct FrameTable {
    frames: Vec<Frame>,
    /// Hash of (function, file, line) → the first frame with that hash.
    index: HashMap<u64, FrameId, rustc_hash::FxBuildHasher>,
    /// Frames whose hash collided with another frame's (practically never used).
    collisions: HashMap<(String, String, u32), FrameId>,
}

#[inline]
fn frame_hash(function: &str, file: &str, line: u32) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(function.as_bytes());
    h.write_u8(0xff);
    h.write(file.as_bytes());
    h.write_u32(line);
    h.finish()
}

/// `a == b`. Every frame line of a dump is confirmed this way against the interned frame
/// its hash found. Natively `==` is the C library's vectorised `memcmp`: on the
/// 100k-goroutine dump it took 18 M fewer instructions per thread (59.9 → 41.5 M in
/// `intern`) than [`same_words`], which wasm needs.
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    if cfg!(target_arch = "wasm32") {
        same_words(a, b)
    } else {
        a == b
    }
}

/// `a == b`, eight bytes at a time: in wasm, `==` on strings calls compiler-builtins'
/// `memcmp`, which compares one byte at a time and took ~10% of the wasm parse time of the
/// 100k-goroutine dump.
#[inline]
fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (a_words, a_rest) = a.as_chunks::<8>();
    let (b_words, b_rest) = b.as_chunks::<8>();
    a_words
        .iter()
        .zip(b_words)
        .all(|(x, y)| u64::from_ne_bytes(*x) == u64::from_ne_bytes(*y))
        // Not `a_rest == b_rest`, which is a `memcmp` call again.
        && a_rest.iter().zip(b_rest).all(|(x, y)| x == y)
}

/// A borrowed text as a hash map key, compared with [`same_text`]: a `&str` key is
/// compared with `memcmp`, one byte at a time in wasm, on every lookup that finds it (the
/// parse's lookup of each goroutine's state took ~8% of its wasm time on the 100k dump).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextKey<'a>(pub &'a str);

impl PartialEq for TextKey<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        same_text(self.0, other.0)
    }
}

impl Eq for TextKey<'_> {}

impl std::hash::Hash for TextKey<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl FrameTable {
    /// Returns the id of the frame, adding it when it is new.
    #[inline]
    pub fn intern(&mut self, function: &str, file: &str, line: u32) -> FrameId {
        let hash = frame_hash(function, file, line);
        let first = self.index.get(&hash).copied();
        if let Some(id) = first {
            let f = &self.frames[id as usize];
            if f.line == line && same_text(&f.function, function) && same_text(&f.file, file) {
                return id;
            }
            let key = (function.to_owned(), file.to_owned(), line);
            if let Some(&id) = self.collisions.get(&key) {
                return id;
            }
        }
        let id = self.frames.len() as FrameId;
        let package = package_of(function).to_owned();
        let origin = classify(&package, file);
        self.frames.push(Frame {
            function: function.to_owned(),
            package,
            file: file.to_owned(),
            line,
            origin,
        });
        match first {
            None => {
                self.index.insert(hash, id);
            }
            Some(_) => {
                self.collisions
                    .insert((function.to_owned(), file.to_owned(), line), id);
            }
        }
        id
    }

    /// Interns a frame of another table (another document's) by its function, file and
    /// line, keeping its package and origin: a comparison of several documents gathers
    /// their frames in one table this way, and each document decided its own main module.
    pub fn intern_frame(&mut self, frame: &Frame) -> FrameId {
        let before = self.frames.len();
        let id = self.intern(&frame.function, &frame.file, frame.line);
        if id as usize == before {
            self.frames[before].origin = frame.origin;
        }
        id
    }

    /// The frame with this id.
    pub fn get(&self, id: FrameId) -> &Frame {
        &self.frames[id as usize]
    }

    /// All frames, indexed by [`FrameId`].
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Decides which module is the program's own and marks its frames [`Origin::Own`].
    ///
    /// The rule: dependencies are compiled from the module cache (`/pkg/mod/`), a vendor
    /// tree (`/vendor/`) or, with `-trimpath`, a versioned path (`module@v1.2.3/…`); the
    /// program's own module is compiled from a local checkout. Among frames whose package
    /// path has a dot and whose file is *not* in one of those places, the most common
    /// module (first three path elements, e.g. `github.com/acme/shop`) is the main module.
    /// Returns it, or `None` when no frame qualifies.
    ///
    /// A package one of whose frames lies in the module cache or a vendor tree is a
    /// dependency wherever its other frames are (cgo's `_cgo_gotypes.go` wrappers of a
    /// dependency print no directory), and so is every package of a module the module
    /// cache names (`…/pkg/mod/<module>@<version>/…`).
    pub fn classify_main_module(&mut self) -> Option<String> {
        let mut dependencies: Vec<&str> = Vec::new();
        let mut dependency_modules: Vec<String> = Vec::new();
        for frame in &self.frames {
            if frame.origin == Origin::ThirdParty && is_dependency_file(&frame.file) {
                if !dependencies.contains(&frame.package.as_str()) {
                    dependencies.push(&frame.package);
                }
                if let Some(module) = module_cache_module(&frame.file) {
                    if !dependency_modules.contains(&module) {
                        dependency_modules.push(module);
                    }
                }
            }
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for frame in &self.frames {
            if frame.origin != Origin::ThirdParty
                || is_dependency_file(&frame.file)
                || dependencies.contains(&frame.package.as_str())
                || dependency_modules
                    .iter()
                    .any(|m| in_module(&frame.package, m))
            {
                continue;
            }
            *counts.entry(module_of(&frame.package)).or_default() += 1;
        }
        let main = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?
            .0
            .to_owned();
        self.mark_main_module(&main);
        Some(main)
    }

    /// Takes `main` as the program's own module instead of `decided` (what
    /// [`FrameTable::classify_main_module`] returned): a log's later dumps read with the
    /// module its first dump decided.
    pub fn reclassify_main_module(&mut self, decided: Option<&str>, main: &str) {
        if decided == Some(main) {
            return;
        }
        if let Some(decided) = decided {
            for frame in &mut self.frames {
                if frame.origin == Origin::Own && in_module(&frame.package, decided) {
                    frame.origin = Origin::ThirdParty;
                }
            }
        }
        self.mark_main_module(main);
    }

    fn mark_main_module(&mut self, main: &str) {
        for frame in &mut self.frames {
            if frame.origin == Origin::ThirdParty && in_module(&frame.package, main) {
                frame.origin = Origin::Own;
            }
        }
    }
}

fn is_dependency_file(file: &str) -> bool {
    file.contains("/pkg/mod/") || file.contains("/vendor/") || file.contains("@v")
}

/// The module path a module-cache file belongs to: `…/pkg/mod/<module>@<version>/…`, with
/// the cache's `!x` escape of upper-case letters undone. `None` for other files.
fn module_cache_module(file: &str) -> Option<String> {
    let (_, rest) = file.split_once("/pkg/mod/")?;
    let (escaped, _) = rest.split_once('@')?;
    let mut module = String::with_capacity(escaped.len());
    let mut upper = false;
    for c in escaped.chars() {
        match c {
            '!' => upper = true,
            c if upper => {
                module.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => module.push(c),
        }
    }
    Some(module)
}

/// A file of the Go distribution that `GOTOOLCHAIN` downloaded into the module cache
/// (`…/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.2.darwin-arm64/src/net/http/…`): its
/// packages are the standard library, not a dependency.
fn is_toolchain_file(file: &str) -> bool {
    file.contains("/pkg/mod/golang.org/toolchain@")
}

/// The module part of a package path: its first three elements (`host/owner/repo`).
fn module_of(package: &str) -> &str {
    match package.match_indices('/').nth(2) {
        Some((i, _)) => &package[..i],
        None => package,
    }
}

fn in_module(package: &str, module: &str) -> bool {
    package == module
        || (package.starts_with(module) && package.as_bytes().get(module.len()) == Some(&b'/'))
}

/// The package import path of a fully qualified Go function name.
///
/// `net/http.(*conn).serve` → `net/http`; `main.main.func1` → `main`;
/// `github.com/a/b.F[...]` → `github.com/a/b`.
pub fn package_of(function: &str) -> &str {
    // Unsymbolized frames are named by their address and belong to no package.
    if function.starts_with("0x") {
        return "";
    }
    // The runtime prints its `runtime.gopanic` frame as the builtin's name
    // (`funcNameForPrint` in runtime/symtab.go).
    if function == "panic" {
        return "runtime";
    }
    let after_slash = function.rfind('/').map_or(0, |i| i + 1);
    match function[after_slash..].find('.') {
        Some(dot) => &function[..after_slash + dot],
        None => function,
    }
}

/// Classifies a frame by its package and file path.
pub fn classify(package: &str, file: &str) -> Origin {
    if package.is_empty() && file.is_empty() {
        return Origin::Unknown;
    }
    if package == "runtime"
        || package.starts_with("runtime/internal")
        || package.starts_with("internal/runtime")
    {
        return Origin::Runtime;
    }
    if file.contains("/vendor/") || (file.contains("/pkg/mod/") && !is_toolchain_file(file)) {
        return Origin::ThirdParty;
    }
    let first = package.split('/').next().unwrap_or("");
    if first.contains('.') {
        // A module path; whether it is the program's own module is decided by the
        // analysis (see `Document::main_module`), so here it is third party.
        return Origin::ThirdParty;
    }
    if package == "main" || package.is_empty() {
        return Origin::Own;
    }
    Origin::Stdlib
}

/// One line of a stack: a frame plus what is specific to this goroutine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackFrame {
    /// The interned location.
    pub frame: FrameId,
    /// Argument text as printed between the parentheses (`...` for inlined frames).
    pub args: String,
    /// `+0x…` PC offset, absent for inlined frames.
    pub offset: Option<u64>,
}

/// `created by F in goroutine N` plus its location.
///
/// Packed to 4-byte alignment: 20 bytes instead of 24 in every [`goroutine::Goroutine`]
/// (0.4 MB of a 100k-goroutine dump). Read its fields by value, not by reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
pub struct CreatedBy {
    /// The creating call site.
    pub frame: FrameId,
    /// Id of the creating goroutine, when the runtime printed it (Go ≥ 1.21).
    pub parent: Option<u64>,
}

/// A dump line the parser did not understand (or understood only in part).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// 1-based line number in the input as given (before any prefix stripping).
    pub line: usize,
    /// What was wrong, for a person.
    pub message: String,
}

pub mod contention;
pub mod goroutine;
pub mod heap;
pub mod known_text;
pub mod memstats;
pub mod race;
pub mod samples;
pub(crate) mod short_name;
pub mod threadcreate;

pub use contention::ContentionProfile;
pub use goroutine::GoroutineProfile;
pub use heap::HeapProfile;
pub use race::RaceProfile;
pub use samples::{PprofInfo, SampleProfile};
pub use threadcreate::ThreadCreateProfile;

/// Everything read from one input: its profiles, in input order, sharing one frame table.
#[derive(Debug, Default)]
pub struct Document {
    /// Interned frames of every profile of this document.
    pub frames: FrameTable,
    /// The dumps found in the input, in order.
    pub profiles: Vec<Profile>,
    /// Lines outside any profile that were neither understood nor deliberately skipped.
    pub diagnostics: Vec<Diagnostic>,
    /// The text the dumps were read from (log prefixes removed), kept while it holds a
    /// goroutine profile: goroutines point into it for their argument text instead of
    /// copying it. Empty otherwise. Borrowed when the input was (the CLI maps its file:
    /// [`crate::parse::parse_static_bytes`]).
    pub text: std::borrow::Cow<'static, str>,
    /// The log prefix removed from every line (`kubernetes`, `journald`, …), if any.
    pub log_prefix: Option<String>,
    /// The program's own module, as decided by [`FrameTable::classify_main_module`].
    pub main_module: Option<String>,
    /// When each profile was written, as the log prefix of its first line says (seconds,
    /// read as UTC; see `parse::log_time`), indexed like `profiles`; `None` without a
    /// timestamped prefix. Lets dumps in one log be compared per minute.
    pub profile_times: Vec<Option<f64>>,
    /// What a pprof protobuf file says about itself, when the input was one (its one
    /// profile is then `profiles[0]`); `None` for text.
    pub pprof: Option<PprofInfo>,
    /// What the lines outside any dump are, when they are a known Go tool's output (a
    /// `go tool pprof` report, gctrace, `go env`, the compiler's internal error, …) or,
    /// for a file that is not text, what it looks like; `None` otherwise
    /// ([`crate::parse::known_text`]).
    pub known_text: Option<known_text::KnownText>,
}

impl Profile {
    /// 1-based input line where the dump starts.
    pub fn first_line(&self) -> usize {
        match self {
            Profile::Goroutine(p) => p.lines.0 as usize,
            Profile::Heap(p) => p.line,
            Profile::Contention(p) => p.line,
            Profile::ThreadCreate(p) => p.line,
            Profile::Samples(_) => 1,
            Profile::Race(p) => p.line,
        }
    }
}

/// One dump found in the input.
#[derive(Debug)]
pub enum Profile {
    /// debug=1 goroutine profile, debug=2 dump, or crash traceback (boxed: it is by far
    /// the largest variant).
    Goroutine(Box<GoroutineProfile>),
    /// Heap or allocs debug=1 profile.
    Heap(HeapProfile),
    /// Block or mutex debug=1 profile.
    Contention(ContentionProfile),
    /// Threadcreate debug=1 profile.
    ThreadCreate(ThreadCreateProfile),
    /// A CPU profile or another sample-type profile (protobuf only).
    Samples(SampleProfile),
    /// Race detector reports (`WARNING: DATA RACE`).
    Race(RaceProfile),
}

#[cfg(test)]
mod tests {
    use super::{classify, package_of, same_text, same_words, Origin, TextKey};

    #[test]
    fn the_printed_panic_frame_is_the_runtime() {
        // GOTRACEBACK=system prints runtime.gopanic as `panic({0x562d48?, 0x2d926bf04010?})`
        // with file /usr/local/go/src/runtime/panic.go (tests/fixtures/corpus/panics).
        assert_eq!(package_of("panic"), "runtime");
        assert_eq!(
            classify(package_of("panic"), "/usr/local/go/src/runtime/panic.go"),
            Origin::Runtime
        );
        assert_eq!(package_of("main.panicky"), "main");
    }

    #[test]
    fn same_text_is_string_equality() {
        let texts = [
            "",
            "a",
            "main.main",
            "main.mainX",
            "net/http.(*conn).serve",
            "net/http.(*conn).servE",
            "/usr/local/go/src/net/http/server.go",
            "/usr/local/go/src/net/http/server.gO",
            "ünïcödé/päth.go",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} vs {b:?}");
                assert_eq!(same_words(a, b), a == b, "{a:?} vs {b:?}");
                assert_eq!(TextKey(a) == TextKey(b), a == b, "{a:?} vs {b:?}");
            }
        }
        // A map keyed by it finds each text, and only its own.
        let map: rustc_hash::FxHashMap<TextKey<'_>, usize> = texts
            .iter()
            .enumerate()
            .map(|(i, &t)| (TextKey(t), i))
            .collect();
        for (i, t) in texts.iter().enumerate() {
            // A copy elsewhere in memory: the text is compared, not its address.
            let copy: String = t.chars().collect();
            assert_eq!(map.get(&TextKey(&copy)), Some(&i), "{t:?}");
        }
        assert_eq!(map.get(&TextKey("main.mai")), None);
    }
}
