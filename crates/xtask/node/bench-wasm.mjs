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

const times = [];
let report;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const scope = new glue.Goroscope(text, {});
  report = scope.report();
  times.push(performance.now() - started);
  scope.free();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const profiles = report.profiles.map((p) => `${p.kind}${p.goroutines ? ` total=${p.goroutines.total}` : ''}`);
console.log(`wasm (node ${process.version}): ${dumpPath}`);
console.log(`  input ${megabytes.toFixed(1)} MB, ${runs} runs, median ${median.toFixed(0)} ms `
  + `(min ${times[0].toFixed(0)} ms) = ${(megabytes / (median / 1000)).toFixed(1)} MB/s `
  + `(parse + analyse + report to JS)`);
console.log(`  profiles: ${profiles.join(', ') || 'none'}; diagnostics: ${report.diagnostics.length}`);
