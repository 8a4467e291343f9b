// The analysis runs here, off the main thread, so the page never freezes and a runaway
// job can be stopped with worker.terminate() (the page then starts a fresh worker).
//
// Protocol (main → worker):
//   { type: 'init', wasm: Uint8Array | null }      wasm bytes, or null: the ../pkg/ one
//                                                    (whose download started on load)
//   { type: 'analyze', id, inputs, options, report } parse new input; each input is
//                                                    { name, text } or { name, blob };
//                                                    report: options of the report sent
//                                                    back (e.g. { maxGroups })
//   { type: 'query', id, method, args }              ask the last dump for details
//   { type: 'compare', id, options }                 compare the inputs of the last
//                                                    analysis (two or more files)
//   { type: 'inputQuery', id, input, method, args }  ask one of those inputs, analysed
//                                                    alone (what compare's `members` index)
//   { type: 'export', id }                           the complete report as JSON text
//                                                    (Download JSON)
// Worker → main:
//   { type: 'ready', version }
//   { type: 'progress', id, stage, done, total }     stage: 'reading' | 'parsing'
//   { type: 'report', id, report, elapsedMs, bytes } answer to 'analyze'
//   { type: 'answer', id, value }                    answer to 'query'
//   { type: 'error', id, message }

// Served, the wasm download and the glue's start the moment this worker runs, side by side,
// not after the glue has loaded and the page's 'init' has arrived: the analyzer is ready
// sooner on a first visit. The offline file's worker (a blob: bootstrap) cannot fetch; the
// page hands it the embedded bytes with 'init'.
const wasmDownload = location.protocol === 'blob:'
  ? null
  : fetch(new URL('../pkg/goroseer_wasm_bg.wasm', import.meta.url));
const glue = import('../pkg/goroseer_wasm.js');

// The wasm-bindgen class, once the glue has loaded (every handler waits for `ready`).
let Goroseer = null;
let ready = null;
// The model of the last analysed input stays in wasm; later requests ask it for details.
let current = null;
// The separate inputs of the last analysis, kept only when there were several: comparing
// dumps needs them one by one (`Goroseer.compare` parses each itself).
let lastInputs = null;
// Each of those inputs analysed alone, made when first asked about (input index → Goroseer).
let inputScopes = new Map();

async function start(wasm) {
  const { default: init, Goroseer: loaded } = await glue;
  await init({ module_or_path: wasm ?? wasmDownload });
  Goroseer = loaded;
  postMessage({ type: 'ready', version: Goroseer.version() });
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(blob) {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The bytes of a file, gunzipped when it is gzip (by content, whatever its name). */
async function readBlob(blob, onChunk) {
  const compressed = await isGzip(blob);
  let stream = blob.stream();
  if (compressed) {
    // Count compressed bytes as they are read: that is what the progress bar's total is.
    stream = stream.pipeThrough(new TransformStream({
      transform(chunk, controller) { onChunk(chunk.byteLength); controller.enqueue(chunk); },
    })).pipeThrough(new DecompressionStream('gzip'));
  }
  const chunks = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
    if (!compressed) onChunk(value.byteLength);
  }
  return { chunks, length };
}

/**
 * All inputs as one UTF-8 byte array, separated by newlines: the core finds every dump in
 * it (several files → several profiles, which is what comparing needs).
 */
async function gather(id, inputs) {
  const total = inputs.reduce((sum, input) => sum + (input.blob?.size ?? 0), 0);
  let done = 0;
  let lastPost = 0;
  const progress = (n) => {
    done += n;
    const now = performance.now();
    if (now - lastPost > 50) {
      lastPost = now;
      postMessage({ type: 'progress', id, stage: 'reading', done, total });
    }
  };
  const parts = [];
  const names = [];
  const encoder = new TextEncoder();
  for (const input of inputs) {
    parts.push(input.blob ? await readBlob(input.blob, progress) : (() => {
      const bytes = encoder.encode(input.text ?? '');
      return { chunks: [bytes], length: bytes.length };
    })());
    names.push(input.name);
  }
  // Inputs joined by a newline, so one file's last line never runs into the next's first.
  const all = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0) + parts.length - 1);
  let at = 0;
  const ranges = [];
  parts.forEach((part, i) => {
    if (i > 0) all[at++] = 0x0a;
    const start = at;
    for (const chunk of part.chunks) {
      all.set(chunk, at);
      at += chunk.byteLength;
    }
    ranges.push([start, at]);
  });
  lastInputs = names.length > 1 ? names.map((name, i) => ({ name, bytes: all.subarray(...ranges[i]) })) : null;
  return all;
}

async function analyze({ id, inputs, options, report: reportOptions }) {
  const started = performance.now();
  current?.free();
  current = null;
  lastInputs = null;
  for (const scope of inputScopes.values()) scope.free();
  inputScopes = new Map();
  let bytes = null;
  if (inputs.length === 1 && typeof inputs[0].text === 'string') {
    postMessage({ type: 'progress', id, stage: 'parsing', done: 0, total: 0 });
    current = new Goroseer(inputs[0].text, options ?? {});
  } else {
    bytes = await gather(id, inputs);
    postMessage({ type: 'progress', id, stage: 'parsing', done: bytes.length, total: bytes.length });
    current = Goroseer.fromBytes(bytes, options ?? {});
  }
  const report = current.report(reportOptions ?? undefined);
  postMessage({
    type: 'report', id, report, elapsedMs: performance.now() - started, bytes: bytes?.length ?? null,
  });
}

// Methods of the wasm Goroseer class the page may call on the last analysed input.
const QUERIES = new Set(['report', 'groups', 'groupMembers', 'groupOfGoroutine', 'regroup', 'top', 'callTree']);

function query({ id, method, args }) {
  if (!QUERIES.has(method)) throw new Error(`unknown query ${method}`);
  if (!current) throw new Error('no dump analysed yet');
  const value = current[method](...(args ?? []));
  postMessage({ type: 'answer', id, value: value ?? null });
}

/**
 * A query on input `input` of the last analysis on its own: a comparison's `members[s]`
 * are group ids of snapshot s's input analysed alone, at the default grouping.
 */
function inputQuery({ id, input, method, args }) {
  if (!QUERIES.has(method)) throw new Error(`unknown query ${method}`);
  if (!lastInputs?.[input]) throw new Error(`no input ${input}`);
  if (!inputScopes.has(input)) inputScopes.set(input, Goroseer.fromBytes(lastInputs[input].bytes, {}));
  const value = inputScopes.get(input)[method](...(args ?? []));
  postMessage({ type: 'answer', id, value: value ?? null });
}

// The complete report (every group; ~100 MB for 100k exact groups) as the text to save,
// made here so the page's main thread never parses or stringifies it.
function exportJson({ id }) {
  if (!current) throw new Error('no dump analysed yet');
  postMessage({ type: 'answer', id, value: JSON.stringify(current.report(), null, 2) });
}

function compare({ id, options }) {
  if (!lastInputs) throw new Error('comparing needs two or more dropped files');
  const decoder = new TextDecoder();
  const inputs = lastInputs.map(({ name, bytes }) => ({ name, text: decoder.decode(bytes) }));
  postMessage({ type: 'answer', id, value: Goroseer.compare(inputs, options ?? {}) });
}

/** What each message type (after `init`) asks for; all wait for the wasm first. */
const HANDLERS = { analyze, query, compare, inputQuery, export: exportJson };

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === 'init') {
      ready = start(message.wasm);
      await ready;
      return;
    }
    const handle = Object.hasOwn(HANDLERS, message.type) ? HANDLERS[message.type] : null;
    if (!handle) throw new Error(`unknown message type ${message.type}`);
    await ready;
    await handle(message);
  } catch (error) {
    postMessage({ type: 'error', id: message.id ?? null, message: String(error?.message ?? error) });
  }
};
