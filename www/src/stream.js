// A big log read as a stream in the worker: File.stream() (through DecompressionStream when
// gzipped) handed to wasm chunk by chunk. The core keeps only the dumps it finds and their
// analyses (docs/json.md, Timeline), so a 2 GB log never lands in memory whole.

const GZIP = [0x1f, 0x8b];

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
 * Whether `blob` (a big file) is read as a stream: when it is plain text, gzipped or not
 * (an archive, UTF-16 or a binary file is read whole).
 */
export async function streams(blob) {
  const { bytes } = await head(blob);
  const startsWith = (magic) => magic.every((b, i) => bytes[i] === b);
  const archive = startsWith([0x50, 0x4b, 0x03, 0x04]) || startsWith(GZIP)
    || String.fromCharCode(...bytes.slice(257, 262)) === 'ustar';
  const utf16 = startsWith([0xff, 0xfe]) || startsWith([0xfe, 0xff]);
  return bytes.length > 0 && !archive && !utf16 && !bytes.includes(0);
}

/** Bytes handed to wasm per `streamFeed`: big steps keep the crossings and the progress
 * answers few (a 2 GB log is ~250 of them). */
const STEP_BYTES = 8 << 20;

/**
 * The log's bytes in steps of about [`STEP_BYTES`]; `onRead(n)` hears the file's bytes
 * read. A plain file is read by slices, the next one already being read by the browser
 * (off this thread) while wasm takes the one before: `File.stream()` handed over chunks
 * at ~250 MB/s, one after another. A gzipped one goes through `DecompressionStream`, its
 * 64 KB pieces joined into steps.
 */
async function* steps(blob, gzip, onRead) {
  if (!gzip) {
    let next = blob.slice(0, STEP_BYTES).arrayBuffer();
    for (let at = 0; at < blob.size; at += STEP_BYTES) {
      const bytes = new Uint8Array(await next);
      if (at + STEP_BYTES < blob.size) next = blob.slice(at + STEP_BYTES, at + 2 * STEP_BYTES).arrayBuffer();
      onRead(bytes.byteLength);
      yield bytes;
    }
    return;
  }
  const stream = blob.stream().pipeThrough(new TransformStream({
    transform(chunk, controller) { onRead(chunk.byteLength); controller.enqueue(chunk); },
  })).pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  let step = new Uint8Array(STEP_BYTES);
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.byteLength > step.byteLength && length > 0) {
      yield step.subarray(0, length);
      // The step was handed to wasm, which copied it: the array is free again.
      length = 0;
    }
    if (value.byteLength >= step.byteLength) {
      yield value;
      continue;
    }
    step.set(value, length);
    length += value.byteLength;
  }
  if (length > 0) yield step.subarray(0, length);
}

/**
 * Streams `blob` (named `name`) into `workspace`; `onProgress({done, total, lines, dumps,
 * mbps, memory})` hears how far it got, at most every 100 ms; `memory()` is the wasm
 * memory's size. Resolves with the number of inputs added (one per dump found) and the
 * largest wasm memory seen.
 */
export async function streamLog(workspace, name, blob, onProgress, memory) {
  const { gzip } = await head(blob);
  let done = 0;
  const started = performance.now();
  let lastPost = 0;
  let peak = memory();
  let progress = { bytes: 0, lines: 0, dumps: 0 };
  workspace.streamBegin(name);
  for await (const step of steps(blob, gzip, (n) => { done += n; })) {
    progress = workspace.streamFeed(step);
    const now = performance.now();
    if (now - lastPost > 100) {
      lastPost = now;
      peak = Math.max(peak, memory());
      const seconds = (now - started) / 1000;
      onProgress({ done, total: blob.size, lines: progress.lines, dumps: progress.dumps, mbps: progress.bytes / 1e6 / seconds, memory: peak });
    }
  }
  const added = workspace.streamEnd();
  peak = Math.max(peak, memory());
  return { added, bytes: progress.bytes, memory: peak };
}
