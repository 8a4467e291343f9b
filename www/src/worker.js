// The analysis runs here, off the main thread, so the page never freezes and a runaway
// job can be stopped with worker.terminate().
//
// Protocol (main → worker):
//   { type: 'init', wasm: Uint8Array | null }      wasm bytes, or null to fetch ../pkg/
//   { type: 'analyze', id, text, options }          parse a new dump
//   { type: 'query', id, method, args }              ask the last dump for details
// Worker → main:
//   { type: 'ready', version }
//   { type: 'report', id, report, elapsedMs }       answer to 'analyze'
//   { type: 'answer', id, value }                    answer to 'query'
//   { type: 'error', id, message }

import init, { Goroscope } from '../pkg/goroscope_wasm.js';

let ready = null;
// The model of the last analysed dump stays in wasm; later requests ask it for details.
let current = null;

async function start(wasm) {
  // With no bytes, the glue fetches goroscope_wasm_bg.wasm next to itself.
  await init(wasm ? { module_or_path: wasm } : undefined);
  postMessage({ type: 'ready', version: Goroscope.version() });
}

function analyze({ id, text, options }) {
  const started = performance.now();
  current?.free();
  current = null;
  current = new Goroscope(text, options ?? {});
  const report = current.report();
  postMessage({ type: 'report', id, report, elapsedMs: performance.now() - started });
}

// Methods of the wasm Goroscope class the page may call on the last analysed dump.
const QUERIES = new Set(['report', 'groupMembers', 'regroup', 'top', 'callTree']);

function query({ id, method, args }) {
  if (!QUERIES.has(method)) throw new Error(`unknown query ${method}`);
  if (!current) throw new Error('no dump analysed yet');
  const value = current[method](...(args ?? []));
  postMessage({ type: 'answer', id, value: value ?? null });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === 'init') {
      ready = start(message.wasm);
      await ready;
    } else if (message.type === 'analyze') {
      await ready;
      analyze(message);
    } else if (message.type === 'query') {
      await ready;
      query(message);
    } else {
      throw new Error(`unknown message type ${message.type}`);
    }
  } catch (error) {
    postMessage({ type: 'error', id: message.id ?? null, message: String(error?.message ?? error) });
  }
};
