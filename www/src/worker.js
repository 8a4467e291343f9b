// The analysis runs here, off the main thread, so the page never freezes and a runaway
// job can be stopped with worker.terminate() (the page then starts a fresh worker).
//
// Protocol (main → worker):
//   { type: 'init', wasm: Uint8Array | null }      wasm bytes, or null: the ../pkg/ one
//                                                    (whose download started on load)
//   { type: 'analyze', id, inputs, options, report } parse new inputs into a new workspace,
//                                                    each once; each input is
//                                                    { name, text } or { name, blob };
//                                                    report: options of the report sent
//                                                    back (e.g. { maxGroups })
//   { type: 'query', id, method, args }              ask the workspace for details
//                                                    (profiles numbered as in its report)
//   { type: 'compare', id, options }                 compare the workspace's inputs
//   { type: 'inputMembers', id, input, profile,      goroutines of a group a comparison's
//     groupBy, group, offset, limit }                `members` names
//   { type: 'export', id }                           the complete report as JSON text
//                                                    (Download JSON)
// Worker → main:
//   { type: 'ready', version }
//   { type: 'progress', id, stage, done, total }     stage: 'reading' | 'parsing'
//   { type: 'report', id, report, elapsedMs, bytes,  answer to 'analyze' (inputs: how many
//     inputs }                                       the workspace holds: an archive is several)
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
// The workspace of the last analysis: every input, each parsed once, stays in wasm; later
// requests (queries, the comparison, a compared group's goroutines) ask it for details.
let current = null;

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

/** The total size of the inputs that are files, for the progress bar. */
function progressOf(id, inputs) {
  const total = inputs.reduce((sum, input) => sum + (input.blob?.size ?? 0), 0);
  let done = 0;
  let lastPost = 0;
  return (n) => {
    done += n;
    const now = performance.now();
    if (now - lastPost > 50) {
      lastPost = now;
      postMessage({ type: 'progress', id, stage: 'reading', done, total });
    }
  };
}

/** One file's bytes in one array (its chunks as read). */
function joined({ chunks, length }) {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/**
 * Every input added to one new workspace, each read, decoded and parsed once on its own
 * (a UTF-16 file among UTF-8 ones is decoded as such).
 */
async function analyze({ id, inputs, options, report: reportOptions }) {
  const started = performance.now();
  current?.free();
  current = null;
  const workspace = Goroseer.workspace(options ?? {});
  try {
    const progress = progressOf(id, inputs);
    let bytes = null;
    // Inputs of the workspace: an archive (.zip, .tar, .tar.gz) adds one per file inside.
    let added = 0;
    for (const input of inputs) {
      if (input.blob) {
        const data = joined(await readBlob(input.blob, progress));
        bytes = (bytes ?? 0) + data.length;
        postMessage({ type: 'progress', id, stage: 'parsing', done: bytes, total: bytes });
        added += workspace.addFile(input.name, data);
      } else {
        postMessage({ type: 'progress', id, stage: 'parsing', done: 0, total: 0 });
        workspace.addText(input.name, input.text ?? '');
        added += 1;
      }
    }
    current = workspace;
    const report = current.report(reportOptions ?? undefined);
    postMessage({
      type: 'report', id, report, elapsedMs: performance.now() - started, bytes, inputs: added,
    });
  } catch (error) {
    if (current !== workspace) workspace.free();
    throw error;
  }
}

// Methods of the wasm Goroseer class the page may call on the last analysed input.
const QUERIES = new Set(['report', 'groups', 'groupMembers', 'groupOfGoroutine', 'regroup', 'top', 'callTree', 'fleet', 'redactText']);

function query({ id, method, args }) {
  if (!QUERIES.has(method)) throw new Error(`unknown query ${method}`);
  if (!current) throw new Error('no dump analysed yet');
  const value = current[method](...(args ?? []));
  postMessage({ type: 'answer', id, value: value ?? null });
}

/**
 * The goroutines of group `group` of profile `profile` of input `input`, grouped at
 * `groupBy`: what a comparison's `members[s]` name (snapshot s's `input` and `profile`,
 * the comparison's `groupBy`). Asks the same workspace: nothing is parsed again.
 */
function inputMembers({ id, input, profile, groupBy, group, offset, limit }) {
  if (!current) throw new Error('no dump analysed yet');
  const value = current.inputGroupMembers(input, profile, groupBy, group, offset, limit);
  postMessage({ type: 'answer', id, value });
}

// The complete report (every group; ~100 MB for 100k exact groups) as the text to save,
// made here so the page's main thread never parses or stringifies it.
function exportJson({ id }) {
  if (!current) throw new Error('no dump analysed yet');
  postMessage({ type: 'answer', id, value: JSON.stringify(current.report(), null, 2) });
}

// One profile as a gzipped pprof protobuf profile (`go tool pprof` reads it), to save.
async function exportPprof({ id, profile }) {
  if (!current) throw new Error('no dump analysed yet');
  const bytes = current.exportPprof(profile);
  const gzipped = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
  postMessage({ type: 'answer', id, value: new Uint8Array(gzipped) });
}

function compare({ id, options }) {
  if (!current) throw new Error('no dump analysed yet');
  postMessage({ type: 'answer', id, value: current.compareInputs(options ?? {}) });
}

/** What each message type (after `init`) asks for; all wait for the wasm first. */
const HANDLERS = { analyze, query, compare, inputMembers, export: exportJson, pprof: exportPprof };

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
