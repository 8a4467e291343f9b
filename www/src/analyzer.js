// The page's handle on the analysis worker: one request at a time, answers as promises.

/**
 * In the offline single file (`dist/goroscope.html`) modules and wasm are embedded and
 * exposed by its loader as `globalThis.goroscopeEmbedded`; served, they are files.
 */
const embedded = globalThis.goroscopeEmbedded ?? null;

function createWorker() {
  return embedded
    ? embedded.createWorker('src/worker.js')
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'goroscope' });
}

export class Analyzer {
  #worker;
  #pending = new Map();
  #nextId = 1;
  /** Resolves with the core's version once the wasm is instantiated. */
  ready;

  constructor() {
    this.#worker = createWorker();
    this.ready = new Promise((resolve, reject) => {
      this.#worker.onmessage = ({ data }) => {
        if (data.type === 'ready') {
          resolve(data.version);
          return;
        }
        const waiting = this.#pending.get(data.id);
        if (data.type === 'error' && !waiting) {
          reject(new Error(data.message));
          return;
        }
        this.#pending.delete(data.id);
        if (data.type === 'report') waiting?.resolve(data);
        else if (data.type === 'answer') waiting?.resolve(data.value);
        else waiting?.reject(new Error(data.message));
      };
      this.#worker.onerror = (event) => reject(new Error(event.message || 'worker failed to start'));
    });
    this.#worker.postMessage({ type: 'init', wasm: embedded?.wasm ?? null });
  }

  /** Parses `text` in the worker; resolves with `{ report, elapsedMs }`. */
  analyze(text, options = {}) {
    return this.#request({ type: 'analyze', text, options });
  }

  /**
   * Calls a method of the wasm `Goroscope` holding the last analysed dump, e.g.
   * `query('groupMembers', profile, group, offset, limit)`; resolves with its result.
   */
  query(method, ...args) {
    return this.#request({ type: 'query', method, args });
  }

  #request(message) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }
}
