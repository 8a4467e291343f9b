//! The WebAssembly edge of goroseer.
//!
//! One class, [`Goroseer`], around the core's `Workspace`: built from a dump's text or
//! bytes, or empty and filled input by input, with an options object. The parsed inputs
//! stay inside wasm, each parsed once; JavaScript asks for views of them (`report()`, a
//! group's goroutines page by page, aggregations, call trees, the comparison of the
//! inputs) and gets plain JS objects back, in the shapes documented in `docs/json.md`
//! (`report()` of one input is exactly `goroseer --json`). This crate converts and
//! forwards: it holds no analysis logic of its own.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: panics show up in the console with a
/// Rust message instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The options object accepted by `new Goroseer(text, options)`.
///
/// Missing fields take their defaults; field names are camelCase on the JS side.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct OptionsView {
    /// Goroutine grouping level: `exact`, `lines` (default), `functions`, `top:N`.
    group_by: Option<String>,
    /// Symptom-rule thresholds, e.g. `{"longWaitMinutes": 5}` (docs/rules/README.md).
    rules: goroseer::rules::RuleOptions,
    /// Redact every input before parsing (`goroseer::redact`): the page's `redact=1`.
    redact: bool,
}

impl TryFrom<OptionsView> for goroseer::Options {
    type Error = JsError;

    fn try_from(view: OptionsView) -> Result<Self, JsError> {
        let mut options = goroseer::Options {
            rules: view.rules,
            redact: view.redact,
            ..goroseer::Options::default()
        };
        if let Some(group_by) = view.group_by {
            options.group_by = group_by.parse().map_err(into_error)?;
        }
        Ok(options)
    }
}

/// One input of `Goroseer.compare`: `{name, text}`.
#[derive(Debug)]
struct CompareInputView {
    /// Shown in the comparison (the dropped file's name).
    name: String,
    /// The dump text.
    text: String,
}

/// The options object accepted by `fleet(options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct FleetOptionsView {
    /// `auto`, `fleet` or `snapshots` (default: the workspace's, `setFleetLayout`).
    layout: Option<String>,
    /// Goroutines an outlier must lie beyond every other process's count.
    min_excess: Option<u64>,
    /// `lines`, `functions`, `top:N` (default: the workspace's).
    group_by: Option<String>,
}

/// The options object accepted by `compareInputs(options)` and by the static
/// `Goroseer.compare(inputs, options)`. One type for both, so the module holds one
/// deserializer for it: `rules` is read by `Goroseer.compare` only (`compareInputs` uses
/// the workspace's thresholds and, as before, ignores it once it is well-formed).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CompareOptionsView {
    /// `lines` (default), `functions`, `top:N`.
    group_by: Option<String>,
    /// Seconds between consecutive dumps of one kind.
    interval: Option<f64>,
    /// One time in seconds per input.
    at: Option<Vec<f64>>,
    /// Read `t<number><unit>` times from the input names when no time is given.
    times_from_names: bool,
    /// Thresholds of the growth rules (and the others), as for `new Goroseer`; used by
    /// `Goroseer.compare` only.
    rules: goroseer::rules::RuleOptions,
}

impl TryFrom<CompareOptionsView> for goroseer::CompareOptions {
    type Error = JsError;

    fn try_from(view: CompareOptionsView) -> Result<Self, JsError> {
        use goroseer::DumpTimes;
        let times = match (view.interval, view.at) {
            (Some(step), _) => DumpTimes::Interval(step),
            (None, Some(at)) => DumpTimes::At(at),
            (None, None) if view.times_from_names => DumpTimes::FromNames,
            (None, None) => DumpTimes::Unknown,
        };
        Ok(goroseer::CompareOptions {
            group_by: match view.group_by {
                Some(by) => by.parse().map_err(into_error)?,
                None => goroseer::GroupBy::default(),
            },
            times,
        })
    }
}

/// The bytes of one file, written by the worker straight into wasm memory as they are
/// read (`grow`, then a `Uint8Array` over the module's memory at the address it returns),
/// then handed to `addFileBuffer`: one copy of a 50 MB dump instead of joining its
/// chunks in JS and copying the whole into wasm again. Between stretches, `readAhead`
/// reads the goroutines complete so far (while another thread gunzips the rest).
#[wasm_bindgen]
pub struct FileBuffer {
    file: goroseer::ArrivingFile,
}

#[wasm_bindgen]
impl FileBuffer {
    /// An empty buffer with room for `capacity` bytes (the expected size: a hint, not
    /// reserved when memory is short).
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: usize) -> FileBuffer {
        FileBuffer {
            file: goroseer::ArrivingFile::with_capacity(capacity),
        }
    }

    /// Makes room for `n` more bytes at the end and returns their address in the module's
    /// memory, where the caller writes them before calling anything else of this module.
    pub fn grow(&mut self, n: usize) -> usize {
        self.file.grow(n).as_mut_ptr() as usize
    }

    /// Reads the goroutines of a dump at the file's start complete so far, when there are
    /// a few MB of them not read yet (nothing otherwise): `addFileBuffer` then reads only
    /// the rest.
    #[wasm_bindgen(js_name = readAhead)]
    pub fn read_ahead(&mut self) {
        self.file.read_ahead();
    }

    /// Bytes read ahead so far (the devtools' timeline and the tests show it).
    #[wasm_bindgen(getter, js_name = readAheadBytes)]
    pub fn read_ahead_bytes(&self) -> usize {
        self.file.read_ahead_bytes()
    }
}

/// A workspace: named inputs, each parsed once, analysed with the options it was made
/// with. Built from one dump (`new Goroseer(text, options)`, `Goroseer.fromBytes`) or
/// empty (`Goroseer.workspace(options)`) and filled with `addBytes` / `addText`; ask it
/// for views as often as needed.
#[wasm_bindgen]
pub struct Goroseer {
    workspace: goroseer::Workspace,
    /// A log being read as a stream (`streamBegin` … `streamEnd`).
    stream: Option<goroseer::LogStream>,
    /// Where the worker writes the log's next bytes (`streamRoom`), reused chunk to chunk.
    stream_room: Vec<u8>,
}

#[wasm_bindgen]
impl Goroseer {
    /// Parses and analyses `text`. `options` may be `undefined`, `null` or an object.
    /// The text is copied into wasm memory once and kept there as the document's text.
    #[wasm_bindgen(constructor)]
    pub fn new(text: String, options: JsValue) -> Result<Goroseer, JsError> {
        let mut this = Goroseer::workspace(options)?;
        this.workspace.add_text("input", text);
        Ok(this)
    }

    /// Like the constructor, from the bytes of a file (read, and decompressed when it was
    /// `.gz`, in the worker): saves decoding 50 MB into a JS string only to encode it back
    /// into wasm memory. Invalid UTF-8 becomes U+FFFD, as `TextDecoder` would make it.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>, options: JsValue) -> Result<Goroseer, JsError> {
        let mut this = Goroseer::workspace(options)?;
        this.workspace.add_bytes("input", bytes);
        Ok(this)
    }

    /// An empty workspace whose inputs will be analysed with `options`.
    pub fn workspace(options: JsValue) -> Result<Goroseer, JsError> {
        Ok(Goroseer {
            workspace: goroseer::Workspace::new(options_from(options)?),
            stream: None,
            stream_room: Vec::new(),
        })
    }

    /// Adds an input from the bytes of a file (gunzipped; UTF-8 or UTF-16, decoded on its
    /// own) and parses it. Returns its index.
    #[wasm_bindgen(js_name = addBytes)]
    pub fn add_bytes(&mut self, name: String, bytes: Vec<u8>) -> usize {
        self.workspace.add_bytes(name, bytes)
    }

    /// Adds the inputs of a file's bytes as they came: a `.zip`, `.tar` or `.tar.gz` (by
    /// content) gives one input per file inside, named by its path; gzip is undone; any
    /// other file is one input, as `addBytes`. Returns how many inputs were added; throws
    /// (adding none) when an archive is damaged, and for any archive in the page's build,
    /// which leaves the archive readers to the archive module (see `isArchive`).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) -> Result<usize, JsError> {
        let added = self.workspace.add_file(name, bytes).map_err(into_error)?;
        Ok(added.len())
    }

    /// `addFile` of the bytes written into `buffer` (which this call consumes).
    #[wasm_bindgen(js_name = addFileBuffer)]
    pub fn add_file_buffer(&mut self, name: String, buffer: FileBuffer) -> Result<usize, JsError> {
        let added = self
            .workspace
            .add_arriving_file(name, buffer.file)
            .map_err(into_error)?;
        Ok(added.len())
    }

    /// Whether a file whose first bytes are `head` (262 suffice) is an archive or gzip.
    /// This module reads none: the worker expands them with the archive module
    /// (`goroseer-archive-wasm`) and adds their files with `addBytes`.
    #[wasm_bindgen(js_name = isArchive)]
    pub fn is_archive(head: &[u8]) -> bool {
        goroseer::is_archive(head)
    }

    /// Whether a big file whose first bytes (gunzipped) are `head` is read as a stream
    /// (`streamBegin`): UTF-8 text; an archive, UTF-16 or binary data is read whole.
    #[wasm_bindgen(js_name = isLogText)]
    pub fn is_log_text(head: &[u8]) -> bool {
        goroseer::is_log_text(head)
    }

    /// The text of a file's bytes (gunzipped) as the analysis reads it, or `undefined`
    /// for an archive or a binary profile (what a share link cannot carry).
    #[wasm_bindgen(js_name = textOf)]
    pub fn text_of(bytes: Vec<u8>) -> Option<String> {
        goroseer::text_of(bytes)
    }

    /// Takes the inputs as a fleet (`"fleet"`), as snapshots of one process
    /// (`"snapshots"`), or decides from their names and times (`"auto"`, the default): the
    /// `fleet` of `report()` follows.
    #[wasm_bindgen(js_name = setFleetLayout)]
    pub fn set_fleet_layout(&mut self, layout: &str) -> Result<(), JsError> {
        self.workspace
            .set_fleet_layout(goroseer::Layout::choice(layout).map_err(into_error)?);
        Ok(())
    }

    /// The goroutine dumps of the inputs read as a fleet (`docs/json.md`, *Fleet*), or
    /// `null` when they hold none. `options`: `{layout: "auto"|"fleet"|"snapshots",
    /// minExcess, groupBy}`; by default the workspace's grouping and layout.
    pub fn fleet(&self, options: JsValue) -> Result<JsValue, JsError> {
        let view: FleetOptionsView = options_from_js(options)?;
        let mut options = self.workspace.fleet_options();
        if let Some(layout) = view.layout {
            options.layout = goroseer::Layout::choice(&layout).map_err(into_error)?;
        }
        if let Some(excess) = view.min_excess {
            options.min_excess = excess;
        }
        if let Some(by) = view.group_by {
            options.group_by = by.parse().map_err(into_error)?;
        }
        to_js(&self.workspace.fleet(&options).map_err(into_error)?)
    }

    /// Adds an input from its text and parses it. Returns its index.
    #[wasm_bindgen(js_name = addText)]
    pub fn add_text(&mut self, name: String, text: String) -> usize {
        self.workspace.add_text(name, text)
    }

    /// `text` redacted for sharing (`goroseer::redact`): label values, argument values,
    /// panic values and path prefixes replaced by placeholders. The page's share link.
    #[wasm_bindgen(js_name = redactText)]
    pub fn redact_text(&self, text: &str) -> String {
        goroseer::redact(text)
    }

    /// How many times an input was parsed (one per input, whatever was asked since).
    #[wasm_bindgen(js_name = parseCount)]
    pub fn parse_count(&self) -> usize {
        self.workspace.parse_count()
    }

    /// The report of every input's dumps, in input order (one input: the same shape as
    /// `goroseer --json` when `options` is `undefined`). `{maxGroups: N}` keeps only the N
    /// largest groups of each goroutine dump, and at most N group ids per `createdBy` site
    /// and annotation (the page pages through the rest with [`Goroseer::groups`], by
    /// annotation or site when it needs theirs). Profile numbers of every other method
    /// are those of this report.
    pub fn report(&self, options: JsValue) -> Result<JsValue, JsError> {
        let options: goroseer::report::ReportOptions = options_from_js(options)?;
        to_js(&self.workspace.report(&options))
    }

    /// Goroutines `offset..offset + limit` of group `group` (its `id` in the report) of
    /// profile `profile`, in input order; an empty array past the end.
    #[wasm_bindgen(js_name = groupMembers)]
    pub fn group_members(
        &self,
        profile: usize,
        group: usize,
        offset: usize,
        limit: usize,
    ) -> Result<JsValue, JsError> {
        to_js(&self.workspace.group_members(profile, group, offset, limit))
    }

    /// The group (report `id`) of the goroutine with id `goroutine` in profile `profile`, or
    /// `null`: follows `created by … in goroutine N` to the creator's group.
    #[wasm_bindgen(js_name = groupOfGoroutine)]
    pub fn group_of_goroutine(&self, profile: usize, goroutine: f64) -> Option<usize> {
        // Goroutine ids arrive as JS numbers; ids are far below 2^53.
        self.workspace.group_of_goroutine(profile, goroutine as u64)
    }

    /// Groups the goroutines again at another level (`exact`, `lines`, `functions`,
    /// `top:N`) without parsing again; ask for `report()` afterwards.
    pub fn regroup(&mut self, group_by: &str) -> Result<(), JsError> {
        self.workspace
            .regroup(group_by.parse().map_err(into_error)?);
        Ok(())
    }

    /// A `pprof -top` style aggregation of one profile; `query` is a `ProfileQuery`
    /// object (`{ profile, sample, scale, groupBy }`, see `docs/json.md`).
    pub fn top(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query = options_from_js(query)?;
        to_js(&self.workspace.top(&query).map_err(into_error)?)
    }

    /// Profile `profile` of the report as a pprof protobuf profile (not gzipped), which
    /// `go tool pprof` reads with the same totals.
    #[wasm_bindgen(js_name = exportPprof)]
    pub fn export_pprof(&self, profile: usize) -> Result<Vec<u8>, JsError> {
        self.workspace
            .export_pprof(profile)
            .ok_or_else(|| JsError::new(&format!("no profile number {profile}")))
    }

    /// The call tree of one profile for a flame graph; `query` as for [`Goroseer::top`]
    /// (plus `mergeLines`).
    #[wasm_bindgen(js_name = callTree)]
    pub fn call_tree(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query = options_from_js(query)?;
        to_js(&self.workspace.call_tree(&query).map_err(into_error)?)
    }

    /// Compares every goroutine dump and every heap dump of the inputs, in order, without
    /// parsing again, and returns the comparison (`docs/json.md`, *Compare*). `options`
    /// (`{groupBy, interval, at, timesFromNames}`) may be `undefined`, `null` or an
    /// object; the growth rules use the workspace's thresholds.
    #[wasm_bindgen(js_name = compareInputs)]
    pub fn compare_inputs(&self, options: JsValue) -> Result<JsValue, JsError> {
        let view: CompareOptionsView = options_from_js(options)?;
        let options: goroseer::CompareOptions = view.try_into()?;
        to_js(&self.workspace.compare(&options).map_err(into_error)?)
    }

    /// Goroutines `offset..offset + limit` of group `group` of profile `profile` of input
    /// `input`, grouped at `groupBy`: what a comparison's `members` name (a snapshot's
    /// `input` and `profile`, the comparison's `groupBy`).
    #[wasm_bindgen(js_name = inputGroupMembers)]
    pub fn input_group_members(
        &self,
        input: usize,
        profile: usize,
        group_by: &str,
        group: usize,
        offset: usize,
        limit: usize,
    ) -> Result<JsValue, JsError> {
        let level = group_by.parse().map_err(into_error)?;
        to_js(
            &self
                .workspace
                .input_group_members(input, profile, level, group, offset, limit),
        )
    }

    /// Compares several texts (`[{name, text}, …]`, in the order taken) — every goroutine
    /// dump and every heap dump in them — and returns the comparison (`docs/json.md`,
    /// *Compare*): a workspace of those texts asked for `compareInputs`. `options` as for
    /// `compareInputs`, plus `rules` (thresholds).
    pub fn compare(inputs: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        let inputs = compare_inputs_from_js(&inputs)?;
        let mut view: CompareOptionsView = options_from_js(options)?;
        let rules = std::mem::take(&mut view.rules);
        let options: goroseer::CompareOptions = view.try_into()?;
        let mut workspace = goroseer::Workspace::new(goroseer::Options {
            group_by: options.group_by,
            rules,
            ..goroseer::Options::default()
        });
        for input in inputs {
            workspace.add_text(input.name, input.text);
        }
        to_js(&workspace.compare(&options).map_err(into_error)?)
    }

    /// goroseer's version, for the page footer and bug reports.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_owned()
    }
}

// ---- Goroutine groups, page by page (the Goroutines view) -------------------------------

#[wasm_bindgen]
impl Goroseer {
    /// One page of the goroutine groups that pass the page's filters: `query` is a
    /// `GroupQuery` object (`{profile, search, states, minWait, hideRuntime, offset, limit,
    /// focus}`), the answer `{total, matched, matchedGoroutines, offset, focusIndex,
    /// groups}` (`docs/json.md`, *Group pages*).
    pub fn groups(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: goroseer::GroupQuery = options_from_js(query)?;
        to_js(&self.workspace.groups(&query).map_err(into_error)?)
    }
}

// ---- A log read as a stream (a big file; docs/json.md, Timeline) -------------------------

#[wasm_bindgen]
impl Goroseer {
    /// Starts reading a log named `name` chunk by chunk (a stream begun before is dropped).
    #[wasm_bindgen(js_name = streamBegin)]
    pub fn stream_begin(&mut self, name: String) {
        self.stream = Some(self.workspace.log_stream(name));
    }

    /// Reads the next chunk of the log (cut anywhere); returns `{bytes, lines, dumps}` read
    /// and found so far.
    #[wasm_bindgen(js_name = streamFeed)]
    pub fn stream_feed(&mut self, chunk: &[u8]) -> Result<JsValue, JsError> {
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| JsError::new("streamFeed before streamBegin"))?;
        stream.feed(chunk);
        to_js(&stream.progress())
    }

    /// Room for the log's next `n` bytes in the module's memory: their address, where the
    /// caller writes them before `streamFeedRoom(n)` (no copy of its own, no allocation
    /// once the room is as big as the chunks).
    #[wasm_bindgen(js_name = streamRoom)]
    pub fn stream_room(&mut self, n: usize) -> usize {
        if self.stream_room.len() < n {
            self.stream_room.resize(n, 0);
        }
        self.stream_room.as_ptr() as usize
    }

    /// `streamFeed` of the first `n` bytes of the room (`streamRoom`).
    #[wasm_bindgen(js_name = streamFeedRoom)]
    pub fn stream_feed_room(&mut self, n: usize) -> Result<JsValue, JsError> {
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| JsError::new("streamFeedRoom before streamBegin"))?;
        let chunk = self
            .stream_room
            .get(..n)
            .ok_or_else(|| JsError::new("streamFeedRoom past the room"))?;
        stream.feed(chunk);
        to_js(&stream.progress())
    }

    /// Ends the log: its dumps become the workspace's inputs (one each); returns how many.
    #[wasm_bindgen(js_name = streamEnd)]
    pub fn stream_end(&mut self) -> Result<usize, JsError> {
        let stream = self
            .stream
            .take()
            .ok_or_else(|| JsError::new("streamEnd before streamBegin"))?;
        Ok(self.workspace.add_log(stream).len())
    }
}

// ------------------------------------------------------------------------------------------

/// An options object (`undefined` and `null` give the defaults). It goes through JSON text
/// because `serde_wasm_bindgen` ignores `deny_unknown_fields`
/// (RReverser/serde-wasm-bindgen#39), and a misspelt threshold must be an error, not
/// silently the default.
fn options_from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(JsError::new("options must be an object"));
    }
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|_| JsError::new("options are not JSON data"))?
        .into();
    serde_json::from_str(&text).map_err(into_error)
}

/// `[{name, text}, …]` read field by field: the texts may be megabytes, which a trip
/// through JSON text would copy twice more.
fn compare_inputs_from_js(inputs: &JsValue) -> Result<Vec<CompareInputView>, JsError> {
    if !js_sys::Array::is_array(inputs) {
        return Err(JsError::new("inputs must be an array of {name, text}"));
    }
    let field = |item: &JsValue, key: &str| -> Result<String, JsError> {
        js_sys::Reflect::get(item, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| JsError::new(&format!("inputs: each item needs a string `{key}`")))
    };
    js_sys::Array::from(inputs)
        .iter()
        .map(|item| {
            Ok(CompareInputView {
                name: field(&item, "name")?,
                text: field(&item, "text")?,
            })
        })
        .collect()
}

/// `undefined`, `null` or an options object → the core's options.
fn options_from(options: JsValue) -> Result<goroseer::Options, JsError> {
    options_from_js::<OptionsView>(options)?.try_into()
}

/// How every view crosses the boundary: as JSON text, parsed by the engine's
/// `JSON.parse`. The JS side then sees exactly the `goroseer --json` shape (maps as plain
/// objects, `None` as `null`), and integers above 2^53 (MemStats `LastGC`, `PauseEnd`
/// nanosecond timestamps) are rounded the way every JSON reader in a browser rounds them,
/// where serde-wasm-bindgen refuses them and fails the whole view.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(into_error)?;
    js_sys::JSON::parse(&json).map_err(|e| JsError::new(&format!("JSON.parse: {e:?}")))
}

/// The one place a Rust error becomes a JS `Error`.
fn into_error<E: std::fmt::Display>(err: E) -> JsError {
    JsError::new(&err.to_string())
}
