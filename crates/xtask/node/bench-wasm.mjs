// Parse + analyse speed of the release wasm in node (the engine the page's worker uses
// is the same V8). Usage: node bench-wasm.mjs <www/pkg/goroscope_wasm.js> <dump[.gz]> [runs]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [gluePath, dumpPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const glue = await import(pathToFileURL(gluePath).href);
const wasmPath = gluePath.replace(/\.js$/, '_bg.wasm');
glue.initSync({ module: readFileSync(wasmPath) });

let bytes = readFileSync(dumpPath);
if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
const text = bytes.toString('utf8');
const megabytes = bytes.length / 1e6;

// Two ways in: the page's worker hands the file's bytes straight to wasm (`fromBytes`);
// a pasted string goes through `new Goroscope(text)`, which first encodes it to UTF-8.
function measure(make) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const scope = make();
    last = scope.report();
    times.push(performance.now() - started);
    scope.free();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], report: last };
}
const fromBytes = measure(() => glue.Goroscope.fromBytes(bytes, {}));
const fromText = measure(() => new glue.Goroscope(text, {}));
const report = fromBytes.report;
console.log(`wasm (node ${process.version}): ${dumpPath}`);
for (const [how, m] of [['from bytes (the page)', fromBytes], ['from a JS string', fromText]]) {
  console.log(`  ${how}: input ${megabytes.toFixed(1)} MB, ${runs} runs, median ${m.median.toFixed(0)} ms `
    + `(min ${m.min.toFixed(0)} ms) = ${(megabytes / (m.median / 1000)).toFixed(1)} MB/s `
    + `(parse + analyse + report to JS)`);
}
const profiles = report.profiles.map((p) => `${p.kind}${p.goroutines ? ` total=${p.goroutines.total}` : ''}`);
console.log(`  profiles: ${profiles.join(', ') || 'none'}; diagnostics: ${report.diagnostics.length}`);
