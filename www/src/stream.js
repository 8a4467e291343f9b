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

/**
 * Streams `blob` (named `name`) into `workspace`; `onProgress({done, total, lines, dumps,
 * mbps, memory})` hears how far it got, at most every 100 ms; `memory()` is the wasm
 * memory's size. Resolves with the number of inputs added (one per dump found) and the
 * largest wasm memory seen.
 */
export async function streamLog(workspace, name, blob, onProgress, memory) {
  const { gzip } = await head(blob);
  let done = 0;
  let stream = blob.stream();
  if (gzip) {
    stream = stream.pipeThrough(new TransformStream({
      transform(chunk, controller) { done += chunk.byteLength; controller.enqueue(chunk); },
    })).pipeThrough(new DecompressionStream('gzip'));
  }
  const started = performance.now();
  let lastPost = 0;
  let peak = memory();
  let progress = { bytes: 0, lines: 0, dumps: 0 };
  workspace.streamBegin(name);
  const reader = stream.getReader();
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    if (!gzip) done += value.byteLength;
    progress = workspace.streamFeed(value);
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
