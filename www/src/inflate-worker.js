// Gunzips files for the analysis worker (worker.js) on a thread of its own, so that the
// analysis worker reads a dump's first goroutines while the rest is still being gunzipped
// (FileBuffer.readAhead): on a 57.6 MB dump gunzipping takes about as long as reading it.
//
// Protocol: the page sends { port }, one end of a channel whose other end it gave the
// analysis worker. On that port:
//   here → worker   { ready: true }                   sent first: this worker runs (until
//                                                     then, or when it never does, the
//                                                     analysis worker gunzips files itself)
//   worker → here   { id, blob }                      gunzip this gzip file
//                   { id, cancel: true }              stop gunzipping it
//   here → worker   { id, chunks: [Uint8Array], read } the next gunzipped bytes
//                                                     (transferred, about 1 MiB in all);
//                                                     read: the file's bytes read so far,
//                                                     for progress
//                   { id, done: true, read }          all of it
//                   { id, error }                     it is not gzip, or is damaged

// Gunzipped bytes are sent in batches of about this size (the decompressor's chunks, as
// they are, transferred together): a message per 64 KB chunk would cost the analysis
// worker a task each.
const BATCH = 1 << 20;
// The file is fed to the decompressor in pieces of this size: it gunzips each piece it is
// given in one go, and Chromium's Blob.stream() may give the whole file as one chunk (the
// first gunzipped bytes came 50–100 ms after the start on the 100k-goroutine dump,
// 4–8 ms so).
const FEED = 16 << 10;

// Jobs the analysis worker no longer wants (it read enough of the file).
const cancelled = new Set();

self.onmessage = ({ data }) => {
  if (!data?.port) return;
  data.port.onmessage = ({ data: job }) => {
    if (job.cancel) cancelled.add(job.id);
    else inflate(data.port, job);
  };
  data.port.postMessage({ ready: true });
};

async function inflate(port, { id, blob }) {
  let read = 0;
  try {
    const fed = new TransformStream({
      transform(chunk, controller) {
        for (let at = 0; at < chunk.byteLength; at += FEED) {
          const piece = chunk.subarray(at, at + FEED);
          read += piece.byteLength;
          controller.enqueue(piece);
        }
      },
    });
    const reader = blob.stream().pipeThrough(fed).pipeThrough(new DecompressionStream('gzip')).getReader();
    let batch = [];
    let size = 0;
    const flush = () => {
      if (batch.length === 0) return;
      const buffers = new Set(batch.map((chunk) => chunk.buffer));
      port.postMessage({ id, chunks: batch, read }, [...buffers]);
      batch = [];
      size = 0;
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (cancelled.delete(id)) {
        await reader.cancel();
        return;
      }
      batch.push(value);
      size += value.byteLength;
      if (size >= BATCH) flush();
    }
    flush();
    // For the devtools' timeline and the tests: a file gunzipped here.
    performance.mark('goroseer:inflated', { detail: { read } });
    port.postMessage({ id, done: true, read });
  } catch (error) {
    port.postMessage({ id, error: String(error?.message ?? error) });
  }
}
