// The page's handle on the analysis worker: requests answered as promises, progress
// reported to a callback, and cancel() that stops a runaway parse by terminating the
// worker (a fresh one is started for what comes next).

/**
 * In the offline single file (`dist/goroseer.html`) modules and wasm are embedded and
 * exposed by its loader as `globalThis.goroseerEmbedded`; served, they are files.
 */
import { XzReadableStream } from '../pkg/xz.js';

const embedded = globalThis.goroseerEmbedded ?? null;

function createWorker() {
  return embedded
    ? embedded.createWorker('src/worker.js')
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'goroseer' });
}

/**
 * The inflate worker (inflate-worker.js), given to `worker` over a channel of their own:
 * it gunzips dropped files while `worker` reads what has arrived. Null when it cannot be
 * started; `worker` then gunzips files itself.
 */
function startInflater(worker) {
  try {
    const inflater = embedded
      ? embedded.createWorker('src/inflate-worker.js')
      : new Worker(new URL('./inflate-worker.js', import.meta.url), { type: 'module', name: 'goroseer-inflate' });
    const { port1, port2 } = new MessageChannel();
    inflater.postMessage({ port: port1 }, [port1]);
    worker.postMessage({ type: 'inflater', port: port2 }, [port2]);
    return inflater;
  } catch {
    return null;
  }
}

let compiled = null;
/**
 * The main wasm module, compiled here as it arrives (`compileStreaming`; index.html
 * preloads the file), while the worker is still starting: the worker only instantiates it.
 * The file is xz-compressed (~300 KB, where gzip, all a static host applies, leaves
 * ~400 KB) and unpacked on the way by xz-decompress (an xz-embedded decoder in wasm); the
 * offline file embeds the same packed bytes.
 * Once per page: a worker restarted by cancel(), or another <goroseer-viewer>, reuses it.
 * Null when it cannot be compiled here (e.g. the .xz file is missing): the worker then
 * fetches the plain module and instantiates it itself.
 */
function wasmModule() {
  compiled ??= packedWasm()
    .then((packed) => {
      const unpacked = stepwise(new XzReadableStream(packed));
      return WebAssembly.compileStreaming(new Response(unpacked, { headers: { 'Content-Type': 'application/wasm' } }));
    })
    .then((module) => { performance.mark('goroseer:wasm-compiled'); return module; }, () => null);
  return compiled;
}

/** The packed module as a stream of bytes: embedded in the offline file, else downloaded. */
async function packedWasm() {
  if (embedded) return new Blob([embedded.packedWasm]).stream();
  const response = await fetch(new URL('../pkg/goroseer_wasm_bg.wasm.xz', import.meta.url));
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  return response.body;
}

/**
 * `stream` with a task boundary before each chunk. Read by the compiler, the decoder's
 * 64 KB chunks would all be unpacked in one task (40–90 ms of main thread while the page
 * loads); one task each, the page can paint and answer in between.
 */
function stepwise(stream) {
  const reader = stream.getReader();
  return new ReadableStream({
    async pull(controller) {
      await nextTask();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Resolves in a task of its own (`scheduler.yield` where there is one). */
function nextTask() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => resolve();
    port2.postMessage(null);
  });
}

/**
 * The report the page holds: the largest groups only. The Goroutines view pages through
 * the rest (`query('groups', …)`); with exact grouping a dump can have 100k groups.
 */
export const PAGE_REPORT = Object.freeze({ maxGroups: 100 });

/** The error a cancelled request rejects with. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export class Analyzer {
  #worker = null;
  #inflater = null;
  #pending = new Map();
  #nextId = 1;
  #warm = false;
  /** Resolves with the core's version once the wasm is instantiated. */
  ready;

  constructor() {
    this.#start();
  }

  #start() {
    // The start's steps are marked for the devtools' timeline and `cargo xtask bench`
    // (worker-created, wasm-compiled; the worker's worker-running and instantiated; ready).
    performance.mark('goroseer:worker-created');
    const worker = createWorker();
    this.#worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'ready') {
          resolve(data.version);
          return;
        }
        const waiting = this.#pending.get(data.id);
        if (data.type === 'progress') {
          waiting?.onProgress?.(data);
          return;
        }
        if (data.type === 'error' && !waiting) {
          reject(new Error(data.message));
          return;
        }
        this.#pending.delete(data.id);
        if (data.type === 'report') waiting?.resolve(data);
        else if (data.type === 'answer') waiting?.resolve(data.value);
        else waiting?.reject(new Error(data.message));
      };
      worker.onerror = (event) => reject(new Error(event.message || 'worker failed to start'));
    });
    wasmModule().then((module) => worker.postMessage({ type: 'init', wasm: module, archiveWasm: embedded?.archiveWasm ?? null }));
    if (this.#warm) this.#warmUp();
  }

  /** The warm-up, and the inflate worker: both once the page has loaded. */
  #warmUp() {
    this.#worker.postMessage({ type: 'warmUp' });
    this.#inflater?.terminate();
    this.#inflater = startInflater(this.#worker);
  }

  /**
   * Parses `inputs` (`[{ name, text }]` or `[{ name, blob }]`, a File is a Blob; `.gz`
   * content is gunzipped) in the worker; resolves with `{ report, elapsedMs, bytes }`, the
   * report cut as `report` says (default [`PAGE_REPORT`]).
   * `onProgress({ stage, done, total })` hears how far it got.
   */
  analyze(inputs, { options = {}, report = PAGE_REPORT, onProgress } = {}) {
    const list = typeof inputs === 'string' ? [{ name: 'pasted text', text: inputs }] : inputs;
    return this.#request({ type: 'analyze', inputs: list, options, report }, onProgress);
  }

  /** The complete report of the last analysis (every group) as JSON text, for saving. */
  exportJson() {
    return this.#request({ type: 'export' });
  }

  /** Profile `profile` of the report as gzipped pprof protobuf bytes, for saving. */
  exportPprof(profile) {
    return this.#request({ type: 'pprof', profile });
  }

  /**
   * Calls a method of the wasm `Goroseer` workspace holding the last analysed inputs, e.g.
   * `query('groupMembers', profile, group, offset, limit)`; resolves with its result.
   */
  query(method, ...args) {
    return this.#request({ type: 'query', method, args });
  }

  /**
   * The goroutines of group `group` of profile `profile` of input `input` grouped at
   * `groupBy`, `limit` from `offset`: a comparison's `members` name such groups (its
   * snapshots say `input` and `profile`, the comparison its `groupBy`).
   */
  inputMembers(input, profile, groupBy, group, offset, limit) {
    return this.#request({ type: 'inputMembers', input, profile, groupBy, group, offset, limit });
  }

  /**
   * One input's text for a share link, as the core reads it: `{ text }` (null for an
   * archive or a binary profile) or `{ tooLarge: true }` when it holds more than
   * `maxBytes` (checked before it is read).
   */
  inputText(input, maxBytes) {
    return this.#request({ type: 'inputText', input, maxBytes });
  }

  /**
   * Compares the inputs of the last analysis (two or more files) with the workspace's
   * `compareInputs`; resolves with the comparison (docs/json.md, *Compare*).
   */
  compare(options = {}) {
    return this.#request({ type: 'compare', options });
  }

  /**
   * Has the worker run its wasm a while (worker.js, warmUp) so that V8 has optimised the
   * parse before the first dump, until the first request: the page asks once it has
   * loaded, so that the warm-up does not take the CPU its start needs. A worker started
   * again by cancel() warms up too.
   */
  warmUp() {
    this.#warm = true;
    this.#warmUp();
  }

  /** Stops whatever the worker is doing; every pending request rejects with Cancelled. */
  cancel() {
    this.#worker.terminate();
    this.#inflater?.terminate();
    this.#inflater = null;
    for (const waiting of this.#pending.values()) waiting.reject(new Cancelled());
    this.#pending.clear();
    this.#start();
  }

  /** Stops the worker for good (the element embedding it left the page). */
  dispose() {
    this.#worker.terminate();
    this.#inflater?.terminate();
    for (const waiting of this.#pending.values()) waiting.reject(new Cancelled());
    this.#pending.clear();
  }

  #request(message, onProgress) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ ...message, id });
    });
  }
}
