// A big log read as a stream in the worker: File.stream() (through DecompressionStream when
// gzipped) written into a room of the wasm memory and handed to the core from there.
// The core keeps only the dumps it finds and their analyses (docs/json.md, Timeline), so a
// 2 GB log never lands in memory whole.

import { Goroseer } from '../pkg/goroseer_wasm.js';

const GZIP = [0x1f, 0x8b];

// Bytes handed to wasm at a time: the stream's chunks (64 KiB) gathered up to it, one call
// per 4 MiB, into the same room.
const BATCH = 4 << 20;

/** The first bytes of `blob`, gunzipped when it is gzip; and whether it was. */
async function head(blob) {
  const first = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  const gzip = first[0] === GZIP[0] && first[1] === GZIP[1];
  if (!gzip) return { gzip, bytes: new Uint8Array(await blob.slice(0, 4096).arrayBuffer()) };
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    const { value } = await reader.read();
    return { gzip, bytes: value ?? new Uint8Array() };
  } catch {
    return { gzip, bytes: new Uint8Array() };
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Whether `blob` (a big file) is read as a stream: when the core says its first bytes
 * (gunzipped) are a log's text (an archive, UTF-16 or a binary file is read whole).
 */
export async function streams(blob) {
  const { bytes } = await head(blob);
  return Goroseer.isLogText(bytes);
}

/**
 * The chunks of `blob`'s bytes (gunzipped when `gzip`); `onRead(n)` hears of `n` read. Its
 * stream reads ahead while the chunks before are handed on (slices read one after the other
 * measured slower: 63–70 MB/s against 68–92 on a 600 MB log).
 */
async function* chunks(blob, gzip, onRead) {
  let stream = blob.stream().pipeThrough(new TransformStream({
    transform(chunk, controller) { onRead(chunk.byteLength); controller.enqueue(chunk); },
  }));
  if (gzip) stream = stream.pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * Streams `blob` (named `name`) into `workspace`; `onProgress({done, total, lines, dumps,
 * mbps, memory})` hears how far it got, at most every 100 ms; `memory` is the module's
 * WebAssembly.Memory (the worker's, instantiated before any input), written into directly. Resolves with the number of inputs added (one per dump found) and the
 * largest wasm memory seen.
 */
export async function streamLog(workspace, name, blob, onProgress, memory) {
  const { gzip } = await head(blob);
  let done = 0;
  const started = performance.now();
  let lastPost = 0;
  const size = () => memory.buffer.byteLength;
  let peak = size();
  let progress = { bytes: 0, lines: 0, dumps: 0 };
  workspace.streamBegin(name);
  // Chunks are written into the room until it is full, then read from there.
  let room = workspace.streamRoom(BATCH);
  let filled = 0;
  const feed = () => {
    progress = workspace.streamFeedRoom(filled);
    filled = 0;
    // Reading may have grown the memory: the room stays where it was.
    room = workspace.streamRoom(BATCH);
  };
  for await (const chunk of chunks(blob, gzip, (n) => { done += n; })) {
    for (let at = 0; at < chunk.byteLength;) {
      const n = Math.min(BATCH - filled, chunk.byteLength - at);
      new Uint8Array(memory.buffer, room + filled, n).set(chunk.subarray(at, at + n));
      filled += n;
      at += n;
      if (filled === BATCH) feed();
    }
    const now = performance.now();
    if (now - lastPost > 100) {
      lastPost = now;
      peak = Math.max(peak, size());
      const seconds = (now - started) / 1000;
      onProgress({ done, total: blob.size, lines: progress.lines, dumps: progress.dumps, mbps: progress.bytes / 1e6 / seconds, memory: peak });
    }
  }
  if (filled > 0) feed();
  const added = workspace.streamEnd();
  peak = Math.max(peak, size());
  return { added, bytes: progress.bytes, memory: peak };
}
