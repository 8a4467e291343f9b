// Loader of the offline single file (dist/goroseer.html, built by crates/xtask/src/offline.rs).
// A page opened from file:// cannot load ES modules or fetch files, so every module and
// file of the site is embedded as a base64 data block; this script turns each module into
// a blob: URL, pointing its relative imports at its dependencies' blob: URLs, exposes the
// rest as `goroseerEmbedded.file(path)`, then starts src/main.js.
const decode = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const sources = new Map();
for (const block of document.querySelectorAll('script[type="application/x-goroseer-module"]')) {
  sources.set(block.dataset.path, new TextDecoder().decode(decode(block.textContent.trim())));
}

// Self-contained (it is also copied into workers as source): `sources` maps a path like
// `src/main.js` to module text; the result maps a path to a blob: URL of that module.
function linker(sources) {
  const urls = new Map();
  const linking = new Set();
  const resolve = (from, specifier) => new URL(specifier, `https://embedded/${from}`).pathname.slice(1);
  return function moduleUrl(path) {
    if (urls.has(path)) return urls.get(path);
    if (!sources.has(path)) throw new Error(`goroseer: module ${path} is not embedded`);
    if (linking.has(path)) throw new Error(`goroseer: import cycle through ${path}`);
    linking.add(path);
    const source = sources.get(path).replace(
      /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g,
      (_, keyword, quote, specifier) => keyword + quote + moduleUrl(resolve(path, specifier)) + quote);
    linking.delete(path);
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    urls.set(path, url);
    return url;
  };
}

// Chromium refuses module workers from blob: URLs on file:// pages, and a worker cannot
// use blob: URLs its page made (opaque origin). So the worker is a classic one that links
// its own copy of the modules and import()s its entry module. Messages that arrive before
// that module has set its onmessage are kept and replayed to it.
function createWorker(path) {
  const bootstrap = `const early = [];
self.onmessage = (event) => early.push(event);
const moduleUrl = (${linker.toString()})(new Map(${JSON.stringify([...sources])}));
import(moduleUrl(${JSON.stringify(path)})).then(() => { for (const event of early) self.onmessage(event); });`;
  return new Worker(URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' })));
}

/** Bytes of an embedded non-module file of the site (e.g. `pkg/…_bg.wasm`), or null. */
function file(path) {
  const block = [...document.querySelectorAll('script[type="application/x-goroseer-file"]')]
    .find((b) => b.dataset.path === path);
  return block ? decode(block.textContent.trim()) : null;
}

const moduleUrl = linker(sources);
globalThis.goroseerEmbedded = {
  moduleUrl,
  createWorker,
  file,
  packedWasm: file('pkg/goroseer_wasm_bg.wasm.xz'),
  archiveWasm: file('pkg/goroseer_archive_wasm_bg.wasm'),
};
await import(moduleUrl('src/main.js'));
