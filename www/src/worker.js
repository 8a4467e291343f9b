// The analysis runs here, off the main thread, so the page never freezes and a runaway
// job can be stopped with worker.terminate() (the page then starts a fresh worker).
//
// Protocol (main → worker):
//   { type: 'init', wasm: WebAssembly.Module |     the module compiled by the page, its
//     Uint8Array | null,                           bytes, or null: fetched from ../pkg/
//     archiveWasm: Uint8Array | null }             here; the archive module's, or null:
//                                                    fetched from ../pkg/ when first needed
//                                                    (requests may come before 'init')
//   { type: 'warmUp' }                             warm the wasm up until the first request
//   { type: 'inflater', port }                     a port to the inflate worker
//                                                    (inflate-worker.js): gzip files are
//                                                    gunzipped there from now on
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
//   { type: 'inputText', id, input, maxBytes }       one input's text for a share link
//                                                    (see inputText below)
//   { type: 'export', id }                           the complete report as JSON text
//                                                    (Download JSON)
// Worker → main:
//   { type: 'ready', version }
//   { type: 'progress', id, stage, done, total }     stage: 'reading' | 'parsing'
//   { type: 'progress', id, stage: 'streaming',      a big log read as a stream (stream.js):
//     done, total, lines, dumps, mbps, memory }      bytes of the file, dumps found, wasm memory
//   { type: 'report', id, report, elapsedMs, bytes,  answer to 'analyze' (inputs: how many
//     inputs, streamed }                             the workspace holds: an archive is several;
//                                                    streamed: { memory } for a streamed log)
//   { type: 'answer', id, value }                    answer to 'query'
//   { type: 'error', id, message }

// The glue's download starts the moment this worker runs, not after the page's 'init' has
// arrived; the wasm comes with 'init', compiled by the page while this worker was starting
// (analyzer.js), or as the offline file's embedded bytes.
performance.mark('goroseer:worker-running');
const glue = import('../pkg/goroseer_wasm.js');
// The archive reader (zip, tar, gzip) is a second module, fetched from the page's own files
// the first time an archive is dropped: most visits never need it, and leaving it out of
// the main module keeps the first load small (crates/goroseer-archive-wasm).
let archiveWasm = null;
let archiveReader = null;
function loadArchiveReader() {
  archiveReader ??= import('../pkg/goroseer_archive_wasm.js').then(async (module) => {
    await module.default({
      module_or_path: archiveWasm ?? new URL('../pkg/goroseer_archive_wasm_bg.wasm', import.meta.url),
    });
    return module;
  });
  return archiveReader;
}

// The wasm-bindgen class, once the glue has loaded (every handler waits for `ready`).
let Goroseer = null;
// Its memory, where a file's bytes are written as they are read (FileBuffer); its size is
// reported for a streamed log.
let wasmMemory = null;
let FileBuffer = null;
// Settled by 'init' (the page may send requests before it, while it compiles the wasm):
// every handler waits for it.
let initWith;
const ready = new Promise((resolve) => { initWith = resolve; })
  .then(({ wasm, archiveWasm: archive }) => start(wasm, archive));
// The workspace of the last analysis: every input, each parsed once, stays in wasm; later
// requests (queries, the comparison, a compared group's goroutines) ask it for details.
let current = null;

/**
 * Instantiates `wasm` (a compiled WebAssembly.Module or the module's bytes; null: fetched
 * from ../pkg/ here) and says 'ready'.
 */
async function start(wasm, archive) {
  archiveWasm = archive ?? null;
  const { default: init, Goroseer: loaded, FileBuffer: loadedBuffer } = await glue;
  FileBuffer = loadedBuffer;
  const module = wasm ?? new URL('../pkg/goroseer_wasm_bg.wasm', import.meta.url);
  wasmMemory = (await init({ module_or_path: module })).memory;
  performance.mark('goroseer:instantiated');
  Goroseer = loaded;
  postMessage({ type: 'ready', version: Goroseer.version() });
}

// V8 runs wasm first as its baseline compiler (Liftoff) made it, and optimises a function
// only after it has run a while; a dump's parse loop is one long call, so a first drop ran
// mostly unoptimised code (in node, the 100k-goroutine dump's first parse took 600–800 ms
// of CPU cold, 300–420 ms after this warm-up). So when the page asks ('warmUp', once it has
// loaded: started at 'ready', the warm-up and V8's compiles took the CPU the page's own
// start still needed on a 2-core machine), and until the first request, the worker parses
// a small generated dump a few times, one step per task: a request that comes meanwhile
// waits for one step (a few ms) at most. Nothing of it is kept. 30 steps rather than 6:
// with 6 the 100k-goroutine dump's first 4 MB pieces read ahead took 8–11 ms each and the
// last ones 5 (V8 was still optimising); with 30 about 5 from the first, and drop →
// visible went 212–265 → 181–216 ms (Chromium, 5 drops each).
const WARM_UP_STEPS = 30;
let warmUpStopped = false;
let warmUpDump = null;

function warmUp(step = 0) {
  if (warmUpStopped || step >= WARM_UP_STEPS) return;
  warmUpDump ??= new TextEncoder().encode(generatedDump(1500));
  const workspace = Goroseer.workspace({});
  try {
    workspace.addFile('warm-up', warmUpDump);
    workspace.report({ maxGroups: 100 });
  } finally {
    workspace.free();
  }
  setTimeout(() => warmUp(step + 1), 0);
}

/** A debug=2 goroutine dump of `count` goroutines in a few shapes (the warm-up's input). */
function generatedDump(count) {
  const states = ['chan receive', 'select', 'IO wait', 'sync.Mutex.Lock', 'semacquire', 'sleep'];
  const lines = ['goroutine 1 [running]:', 'main.main()', '\t/app/main.go:20 +0x1d', ''];
  for (let id = 2; id <= count; id++) {
    const pkg = `example.com/app/pkg${id % 7}`;
    lines.push(
      `goroutine ${id} [${states[id % states.length]}${id % 3 ? `, ${id % 60} minutes` : ''}]:`,
      'runtime.gopark(0x0?, 0xc000012345?, 0x0?, 0x0?, 0x0?)',
      '\t/usr/local/go/src/runtime/proc.go:435 +0xce',
      `${pkg}.(*Worker).step(0xc0001${(id * 2654435761 % 0xfffff).toString(16)}, {0x9c6f40, 0xc000${id}})`,
      `\t/app/pkg${id % 7}/worker.go:${40 + (id % 11)} +0x${(0x40 + id % 97).toString(16)}`,
      `${pkg}.(*Worker).run(0xc000${id}a0)`,
      `\t/app/pkg${id % 7}/worker.go:21 +0x6b`,
      `created by ${pkg}.Start in goroutine ${1 + (id % 5)}`,
      `\t/app/pkg${id % 7}/start.go:12 +0x45`,
      '',
    );
  }
  return lines.join('\n');
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Files above this size once read (gunzipped) are read as a stream when they are plain
 * text (stream.js): 64 MiB, the most the Go runtime writes of one debug=2 dump (its buffer
 * stops growing there), so anything bigger is a log of several; smaller files are read
 * whole, which is faster and opens on the dump itself.
 */
const STREAM_ABOVE = 64 * 1024 * 1024;

/**
 * What a file's first and last bytes say, read together: whether it is gzip (by content),
 * and the size it will have once read. Each read of a File is a round trip to the
 * browser: the four small reads a drop made one after the other took ~10 ms of it.
 */
async function fileFacts(blob) {
  const [head, tail] = await Promise.all([
    blob.slice(0, 2).arrayBuffer(),
    blob.size >= 18 ? blob.slice(blob.size - 4).arrayBuffer() : null,
  ]);
  const magic = new Uint8Array(head);
  const compressed = magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  // gzip's trailer says the size modulo 4 GiB: a hint, never more than 1100× the file (a
  // damaged or hostile trailer must not make a buffer reserve gigabytes).
  const size = compressed && tail ? Math.min(new DataView(tail).getUint32(0, true), blob.size * 1100) : blob.size;
  return { compressed, size };
}

/**
 * The bytes of a file, gunzipped when it is gzip (`compressed`), as a stream of batches:
 * arrays of chunks. The inflate worker sends about 1 MiB of chunks at a time, and a read
 * of a stream costs a promise: one per batch, not per 64 KB chunk (~20 ms less on the
 * 57.6 MB dump).
 */
function fileStream(blob, onChunk, compressed) {
  if (compressed && inflater) return inflated(blob, onChunk);
  const batches = new TransformStream({ transform(chunk, controller) { controller.enqueue([chunk]); } });
  if (!compressed) return blob.stream().pipeThrough(counted(onChunk)).pipeThrough(batches);
  // Count compressed bytes as they are read: that is what the progress bar's total is.
  return blob.stream().pipeThrough(counted(onChunk)).pipeThrough(new DecompressionStream('gzip')).pipeThrough(batches);
}

// The inflate worker's port (inflate-worker.js), once it said it runs: gzip files are
// gunzipped there, on another thread, while this one reads what has arrived.
let inflater = null;
let inflateJobs = 0;
const inflating = new Map();

function useInflater(port) {
  port.onmessage = ({ data }) => {
    if (data.ready) {
      inflater = port;
      return;
    }
    const job = inflating.get(data.id);
    if (!job) return;
    job.onChunk(data.read - job.read);
    job.read = data.read;
    if (data.chunks) {
      job.controller.enqueue(data.chunks);
      return;
    }
    inflating.delete(data.id);
    if (data.error) job.controller.error(new Error(data.error));
    else job.controller.close();
  };
}

/** `blob` gunzipped by the inflate worker, as a stream of batches of chunks. */
function inflated(blob, onChunk) {
  const id = ++inflateJobs;
  return new ReadableStream({
    start(controller) {
      inflating.set(id, { controller, onChunk, read: 0 });
      inflater.postMessage({ id, blob });
    },
    cancel() {
      inflating.delete(id);
      inflater.postMessage({ id, cancel: true });
    },
  });
}

function counted(onChunk) {
  return new TransformStream({
    transform(chunk, controller) { onChunk(chunk.byteLength); controller.enqueue(chunk); },
  });
}

// Bytes read before deciding whether a file is an archive (its magic is within them).
const HEAD_BYTES = 512;

/**
 * Reads a file, gunzipped when it is gzip, and adds its inputs to `workspace`: how many,
 * and its size. Its bytes go straight into wasm memory as they are read (a FileBuffer),
 * without a joined copy in JS; an archive's are kept here for the archive module.
 * `facts`: what fileFacts said of it.
 */
async function addBlob(workspace, name, blob, facts, onChunk, onRead) {
  const reader = fileStream(blob, onChunk, facts.compressed).getReader();
  let pending = [];
  let length = 0;
  let buffer = null;
  let archive = false;
  const write = (chunk) => {
    const at = buffer.grow(chunk.byteLength);
    new Uint8Array(wasmMemory.buffer, at, chunk.byteLength).set(chunk);
  };
  for (;;) {
    const { done, value: batch } = await reader.read();
    if (done) break;
    for (const value of batch) {
      length += value.byteLength;
      if (buffer) {
        write(value);
        continue;
      }
      pending.push(value);
      if (length < HEAD_BYTES || archive) continue;
      archive = Goroseer.isArchive(joined(pending, length).subarray(0, HEAD_BYTES));
      if (!archive) {
        // At most 1 GiB reserved up front: the buffer grows if there is more.
        buffer = new FileBuffer(Math.min(facts.size, 1 << 30));
        pending.forEach(write);
        pending = [];
      }
    }
    // The goroutines complete so far, read while the rest arrives (a few MB at a time;
    // nothing until then, nor for a file that does not start with a dump).
    buffer?.readAhead();
  }
  onRead(length, buffer?.readAheadBytes ?? 0);
  if (buffer) return { added: workspace.addFileBuffer(name, buffer), length };
  return { added: await addFile(workspace, name, joined(pending, length)), length };
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
function joined(chunks, length) {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** Adds a file's inputs (one per file inside an archive) to `workspace`; how many. */
async function addFile(workspace, name, data) {
  if (!Goroseer.isArchive(data.subarray(0, 512))) return workspace.addFile(name, data);
  const { expandArchive } = await loadArchiveReader();
  const files = expandArchive(name, data);
  for (const file of files) workspace.addBytes(file.name, file.bytes);
  return files.length;
}

/**
 * Every input added to one new workspace, each read, decoded and parsed once on its own
 * (a UTF-16 file among UTF-8 ones is decoded as such).
 */
async function analyze({ id, inputs, options, report: reportOptions }) {
  const started = performance.now();
  // Where an analysis's time goes (read, parsed, report), for the devtools'
  // timeline and `cargo xtask bench`: the last analysis's marks only (the page marks
  // `received` and `shown`).
  for (const name of ['analyze', 'read', 'parsed', 'report']) performance.clearMarks(`goroseer:${name}`);
  performance.mark('goroseer:analyze');
  current?.free();
  current = null;
  const workspace = Goroseer.workspace(options ?? {});
  try {
    const progress = progressOf(id, inputs);
    let bytes = null;
    // Inputs of the workspace: an archive (.zip, .tar, .tar.gz) adds one per file inside.
    let added = 0;
    let streamed = null;
    for (const input of inputs) {
      // A big log: read as a stream, only its dumps kept (stream.js, loaded when needed).
      // Sized by what it holds: a gzip of a few MB may expand to gigabytes of log.
      const facts = input.blob ? await fileFacts(input.blob) : null;
      const stream = input.blob && inputs.length === 1 && facts.size > STREAM_ABOVE
        ? await import('./stream.js') : null;
      if (stream && await stream.streams(input.blob)) {
        const post = (p) => postMessage({ type: 'progress', id, stage: 'streaming', ...p });
        streamed = await stream.streamLog(workspace, input.name, input.blob, post, wasmMemory);
        bytes = streamed.bytes;
        added += streamed.added;
        postMessage({ type: 'progress', id, stage: 'parsing', done: bytes, total: bytes });
        continue;
      }
      if (input.blob) {
        const file = await addBlob(workspace, input.name, input.blob, facts, progress, (length, readAhead) => {
          // detail: the bytes read, and how many of them were read ahead as they arrived.
          performance.mark('goroseer:read', { detail: { bytes: length, readAhead } });
          const done = (bytes ?? 0) + length;
          postMessage({ type: 'progress', id, stage: 'parsing', done, total: done });
        });
        bytes = (bytes ?? 0) + file.length;
        added += file.added;
      } else {
        postMessage({ type: 'progress', id, stage: 'parsing', done: 0, total: 0 });
        workspace.addText(input.name, input.text ?? '');
        added += 1;
      }
    }
    current = workspace;
    performance.mark('goroseer:parsed');
    const report = current.report(reportOptions ?? undefined);
    performance.mark('goroseer:report');
    postMessage({
      type: 'report', id, report, elapsedMs: performance.now() - started, bytes, inputs: added,
      streamed: streamed && { memory: Math.max(streamed.memory, wasmMemory?.buffer.byteLength ?? 0) },
    });
  } catch (error) {
    if (current !== workspace) workspace.free();
    throw error;
  }
}

// Methods of the wasm Goroseer class the page may call on the last analysed input.
const QUERIES = new Set(['report', 'groups', 'groupMembers', 'groupOfGoroutine', 'regroup', 'top', 'callTree', 'fleet', 'setFleetLayout', 'redactText']);

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

/**
 * The text of one input for a share link, as the core reads it (gzip undone, UTF-16
 * decoded): `{ text }`, `{ text: null }` for an archive or a binary profile (the core
 * says), or `{ tooLarge: true }` when the file is bigger than `maxBytes` — checked before
 * a byte of it is read.
 */
async function inputText({ id, input, maxBytes }) {
  if (input.text !== undefined) {
    postMessage({ type: 'answer', id, value: input.text.length > maxBytes ? { tooLarge: true } : { text: input.text } });
    return;
  }
  if (input.blob.size > maxBytes) {
    postMessage({ type: 'answer', id, value: { tooLarge: true } });
    return;
  }
  // Gunzipped, it may grow past the limit: stop reading there.
  const reader = fileStream(input.blob, () => {}, (await fileFacts(input.blob)).compressed).getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value: batch } = await reader.read();
    if (done) break;
    chunks.push(...batch);
    length += batch.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    if (length > maxBytes) {
      await reader.cancel();
      postMessage({ type: 'answer', id, value: { tooLarge: true } });
      return;
    }
  }
  postMessage({ type: 'answer', id, value: { text: Goroseer.textOf(joined(chunks, length)) ?? null } });
}

/** What each message type (after `init`) asks for; all wait for the wasm first. */
const HANDLERS = { analyze, query, compare, inputMembers, inputText, export: exportJson, pprof: exportPprof };

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === 'init') {
      initWith(message);
      await ready;
      return;
    }
    if (message.type === 'inflater') {
      useInflater(message.port);
      return;
    }
    if (message.type === 'warmUp') {
      await ready;
      setTimeout(warmUp, 0);
      return;
    }
    warmUpStopped = true;
    const handle = Object.hasOwn(HANDLERS, message.type) ? HANDLERS[message.type] : null;
    if (!handle) throw new Error(`unknown message type ${message.type}`);
    await ready;
    await handle(message);
  } catch (error) {
    postMessage({ type: 'error', id: message.id ?? null, message: String(error?.message ?? error) });
  }
};
