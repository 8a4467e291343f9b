//! The WebAssembly edge of goroseer.
//!
//! One class, [`Goroseer`], built from the dump text and an options object. The parsed
//! model stays inside wasm; JavaScript asks for views of it (`report()`, a group's
//! goroutines page by page, aggregations and call trees) and gets plain JS objects back,
//! in the shapes documented in `docs/json.md` (`report()` is exactly `goroseer --json`).
//! This crate converts and forwards: it holds no analysis logic of its own.

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
    rules: goroseer::analysis::rules::RuleOptions,
}

impl TryFrom<OptionsView> for goroseer::Options {
    type Error = JsError;

    fn try_from(view: OptionsView) -> Result<Self, JsError> {
        let mut options = goroseer::Options {
            rules: view.rules,
            ..goroseer::Options::default()
        };
        if let Some(group_by) = view.group_by {
            options.group_by = group_by.parse().map_err(into_error)?;
        }
        Ok(options)
    }
}

/// One input of `Goroseer.compare`: `{name, text}`.
#[derive(Debug, Deserialize)]
struct CompareInputView {
    /// Shown in the comparison (the dropped file's name).
    name: String,
    /// The dump text.
    text: String,
}

/// The options object accepted by `Goroseer.compare(inputs, options)`.
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
    /// Thresholds of the growth rules (and the others), as for `new Goroseer`.
    rules: goroseer::analysis::rules::RuleOptions,
}

impl TryFrom<CompareOptionsView> for goroseer::analysis::compare::CompareOptions {
    type Error = JsError;

    fn try_from(view: CompareOptionsView) -> Result<Self, JsError> {
        use goroseer::analysis::compare::DumpTimes;
        let times = match (view.interval, view.at) {
            (Some(step), _) => DumpTimes::Interval(step),
            (None, Some(at)) => DumpTimes::At(at),
            (None, None) if view.times_from_names => DumpTimes::FromNames,
            (None, None) => DumpTimes::Unknown,
        };
        Ok(goroseer::analysis::compare::CompareOptions {
            group_by: match view.group_by {
                Some(by) => by.parse().map_err(into_error)?,
                None => goroseer::GroupBy::default(),
            },
            times,
        })
    }
}

/// One analysed input. Construct it once per dump; ask it for views as often as needed.
#[wasm_bindgen]
pub struct Goroseer {
    analysis: goroseer::Analysis,
}

#[wasm_bindgen]
impl Goroseer {
    /// Parses and analyses `text`. `options` may be `undefined`, `null` or an object.
    /// The text is copied into wasm memory once and kept there as the document's text.
    #[wasm_bindgen(constructor)]
    pub fn new(text: String, options: JsValue) -> Result<Goroseer, JsError> {
        Ok(Goroseer {
            analysis: goroseer::analyze_owned(text, &options_from(options)?),
        })
    }

    /// Like the constructor, from the bytes of a file (read, and decompressed when it was
    /// `.gz`, in the worker): saves decoding 50 MB into a JS string only to encode it back
    /// into wasm memory. Invalid UTF-8 becomes U+FFFD, as `TextDecoder` would make it.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>, options: JsValue) -> Result<Goroseer, JsError> {
        let text = goroseer::input::encoding::decode(bytes);
        Ok(Goroseer {
            analysis: goroseer::analyze_owned(text, &options_from(options)?),
        })
    }

    /// The report: the same shape as `goroseer --json` when `options` is `undefined`.
    /// `{maxGroups: N}` keeps only the N largest groups of each goroutine dump, and at most
    /// N group ids per `createdBy` site and annotation (the page pages through the rest with
    /// [`Goroseer::groups`], by annotation or site when it needs theirs).
    pub fn report(&self, options: JsValue) -> Result<JsValue, JsError> {
        let options: goroseer::report::ReportOptions = options_from_js(options)?;
        to_js(&self.analysis.report_with(&options))
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
        to_js(&self.analysis.group_members(profile, group, offset, limit))
    }

    /// The group (report `id`) of the goroutine with id `goroutine` in profile `profile`, or
    /// `null`: follows `created by … in goroutine N` to the creator's group.
    #[wasm_bindgen(js_name = groupOfGoroutine)]
    pub fn group_of_goroutine(&self, profile: usize, goroutine: f64) -> Option<usize> {
        // Goroutine ids arrive as JS numbers; ids are far below 2^53.
        self.analysis.group_of_goroutine(profile, goroutine as u64)
    }

    /// Groups the goroutines again at another level (`exact`, `lines`, `functions`,
    /// `top:N`) without parsing again; ask for `report()` afterwards.
    pub fn regroup(&mut self, group_by: &str) -> Result<(), JsError> {
        self.analysis.regroup(group_by.parse().map_err(into_error)?);
        Ok(())
    }

    /// A `pprof -top` style aggregation of one profile; `query` is a `ProfileQuery`
    /// object (`{ profile, sample, scale, groupBy }`, see `docs/json.md`).
    pub fn top(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query = serde_wasm_bindgen::from_value(query).map_err(into_error)?;
        to_js(&goroseer::query::profile::top(&self.analysis.document, &query).map_err(into_error)?)
    }

    /// The call tree of one profile for a flame graph; `query` as for [`Goroseer::top`]
    /// (plus `mergeLines`).
    #[wasm_bindgen(js_name = callTree)]
    pub fn call_tree(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query = serde_wasm_bindgen::from_value(query).map_err(into_error)?;
        to_js(
            &goroseer::query::profile::call_tree(&self.analysis.document, &query)
                .map_err(into_error)?,
        )
    }

    /// Compares several inputs (`[{name, text}, …]`, in the order taken) — every goroutine
    /// dump and every heap dump in them — and returns the comparison (`docs/json.md`,
    /// *Compare*). `options` may be `undefined`, `null` or an object.
    pub fn compare(inputs: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        let inputs: Vec<CompareInputView> =
            serde_wasm_bindgen::from_value(inputs).map_err(into_error)?;
        let view: CompareOptionsView = options_from_js(options)?;
        let rules = view.rules.clone();
        let options: goroseer::analysis::compare::CompareOptions = view.try_into()?;
        let analysis_options = goroseer::Options {
            group_by: options.group_by,
            rules: rules.clone(),
        };
        let analyses: Vec<goroseer::Analysis> = inputs
            .iter()
            .map(|i| goroseer::analyze(&i.text, &analysis_options))
            .collect();
        let compared: Vec<goroseer::analysis::compare::Input<'_>> = inputs
            .iter()
            .zip(&analyses)
            .map(|(i, a)| goroseer::analysis::compare::Input::of(&i.name, a))
            .collect();
        to_js(&goroseer::compare(&compared, &options, &rules).map_err(into_error)?)
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
        let query: goroseer::query::groups::GroupQuery = options_from_js(query)?;
        to_js(&self.analysis.groups(&query).map_err(into_error)?)
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
