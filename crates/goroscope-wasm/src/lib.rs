//! The WebAssembly edge of goroscope.
//!
//! One class, [`Goroscope`], built from the dump text and an options object. The parsed
//! model stays inside wasm; JavaScript asks for views of it (`report()` today) and gets
//! plain JS objects back, in the same shape as `goroscope --json` (see `docs/json.md`).
//! This crate converts and forwards: it holds no analysis logic of its own.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// How every view crosses the boundary: maps become plain objects (not `Map`), and
/// `None` becomes `null` (not `undefined`), so the JS side sees exactly the JSON shape.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new()
    .serialize_maps_as_objects(true)
    .serialize_missing_as_null(true);

/// Runs once when the module is instantiated: panics show up in the console with a
/// Rust message instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The options object accepted by `new Goroscope(text, options)`.
///
/// Missing fields take their defaults; field names are camelCase on the JS side.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct OptionsView {}

impl From<OptionsView> for goroscope::Options {
    fn from(_view: OptionsView) -> Self {
        goroscope::Options::default()
    }
}

/// One analysed input. Construct it once per dump; ask it for views as often as needed.
#[wasm_bindgen]
pub struct Goroscope {
    analysis: goroscope::Analysis,
}

#[wasm_bindgen]
impl Goroscope {
    /// Parses and analyses `text`. `options` may be `undefined`, `null` or an object.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, options: JsValue) -> Result<Goroscope, JsError> {
        let options: OptionsView = if options.is_undefined() || options.is_null() {
            OptionsView::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(into_error)?
        };
        Ok(Goroscope {
            analysis: goroscope::analyze(text, &options.into()),
        })
    }

    /// The whole report: the same shape as `goroscope --json`.
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(&self.analysis.report())
    }

    /// goroscope's version, for the page footer and bug reports.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_owned()
    }
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&SERIALIZER).map_err(into_error)
}

/// The one place a Rust error becomes a JS `Error`.
fn into_error<E: std::fmt::Display>(err: E) -> JsError {
    JsError::new(&err.to_string())
}
