//! The archive reader of the page, a wasm module of its own: the main module
//! (`goroseer-wasm`) leaves the zip, tar and gzip readers out to stay small, and the worker
//! fetches this one (from the page's own files) the first time an archive is dropped.
//! It only expands: the files it returns go to the main module's workspace, named by
//! their paths, exactly as the CLI's `Workspace::add_file` adds them.

use wasm_bindgen::prelude::*;

/// Every file of the archive `bytes` named `name` (a `.zip`, `.tar`, or gzip of either
/// or of one file; archives inside are opened too), as `[{ name, bytes }]` in archive
/// order, names like `fleet.zip/pods/relay-3/goroutines.txt`. Throws when the archive is
/// damaged or expands too far.
#[wasm_bindgen(js_name = expandArchive)]
pub fn expand_archive(name: &str, bytes: Vec<u8>) -> Result<js_sys::Array, JsError> {
    let entries =
        goroseer::expand_archive(name, bytes).map_err(|e| JsError::new(&e.to_string()))?;
    let out = js_sys::Array::new();
    for entry in entries {
        let file = js_sys::Object::new();
        set(&file, "name", &JsValue::from_str(&entry.name))?;
        set(&file, "bytes", &js_sys::Uint8Array::from(&entry.bytes[..]))?;
        out.push(&file);
    }
    Ok(out)
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("cannot build the list of files"))
}
