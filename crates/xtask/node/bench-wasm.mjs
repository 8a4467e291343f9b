// Parse + analyse speed of the release wasm in node (the engine the page's worker uses
// is the same V8). Usage: node bench-wasm.mjs <www/pkg/goroseer_wasm.js> <dump[.gz]> [runs]
//
// Prints two measurements:
// - `parse+group`: `Goroseer.fromBytes` (copy into wasm memory, UTF-8 check, parse,
//   group, rules), best of the runs — the same work and the same statistic as the native
//   `parse+group` line of `cargo bench -p goroseer --bench parse`, so the two compare;
// - the page's whole path: that, plus the report handed to JS (`report()`, JSON text
//   parsed by the engine), and the same from a JS string (a paste), as median and best.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [gluePath, dumpPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
const glue = await import(pathToFileURL(gluePath).href);
const wasmPath = gluePath.replace(/\.js$/, '_bg.wasm');
glue.initSync({ module: readFileSync(wasmPath) });

let bytes = readFileSync(dumpPath);
if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
const text = bytes.toString('utf8');
const megabytes = bytes.length / 1e6;

function measure(make, withReport) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const scope = make();
    if (withReport) last = scope.report();
    times.push(performance.now() - started);
    if (!withReport && i === runs - 1) last = scope.report();
    scope.free();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], report: last };
}

const core = measure(() => glue.Goroseer.fromBytes(bytes, {}), false);
const goroutines = core.report.profiles
  .map((p) => p.goroutines?.total ?? 0)
  .reduce((a, b) => a + b, 0);
console.log(`wasm (node ${process.version}): ${dumpPath}`);
const rate = (ms) => `${(megabytes / (ms / 1000)).toFixed(0)} MB/s`;
console.log(`  parse+group   ${core.min.toFixed(1)} ms  ${rate(core.min)}  `
  + `${(goroutines / (core.min / 1000)).toFixed(0)} goroutines/s (best of ${runs}; median ${core.median.toFixed(1)} ms)`);
// Machine-readable for `cargo xtask bench`, which sets it beside the native figure.
console.log(`WASM_PARSE_GROUP_MBPS=${(megabytes / (core.min / 1000)).toFixed(1)}`);

const fromBytes = measure(() => glue.Goroseer.fromBytes(bytes, {}), true);
const fromText = measure(() => new glue.Goroseer(text, {}), true);
for (const [how, m] of [['page path, from bytes', fromBytes], ['page path, from a JS string', fromText]]) {
  console.log(`  ${how}: input ${megabytes.toFixed(1)} MB, median ${m.median.toFixed(0)} ms `
    + `= ${rate(m.median)} (best ${m.min.toFixed(0)} ms = ${rate(m.min)}; parse + analyse + report to JS)`);
}
const report = fromBytes.report;
const profiles = report.profiles.map((p) => `${p.kind}${p.goroutines ? ` total=${p.goroutines.total}` : ''}`);
console.log(`  profiles: ${profiles.join(', ') || 'none'}; diagnostics: ${report.diagnostics.length}`);

// Exact grouping (`--group-by exact`): every goroutine whose arguments differ is its own
// group, ~100k groups here. The page holds a report with the largest groups only and asks
// for the rest a page at a time; the complete report is what it used to receive.
const PAGE_REPORT = { maxGroups: 100 };
const firstPage = [];
let scope = null;
for (let i = 0; i < runs; i++) {
  scope?.free();
  const started = performance.now();
  scope = glue.Goroseer.fromBytes(bytes, { groupBy: 'exact' });
  scope.report(PAGE_REPORT);
  scope.groups({ limit: 100 });
  firstPage.push(performance.now() - started);
}
firstPage.sort((a, b) => a - b);
const pageReportSize = JSON.stringify(scope.report(PAGE_REPORT)).length;
const timed = (f) => {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
};
const search = timed(() => scope.groups({ search: 'Crawler', states: ['chan send'], offset: 50_000, limit: 100 }));
const full = timed(() => scope.report());
const fullSize = JSON.stringify(full.value).length;
const groupsTotal = full.value.profiles[0]?.goroutines?.groups.length ?? 0;
scope.free();
console.log(`  exact grouping (${groupsTotal} groups): parse + group + page report + first 100 groups `
  + `median ${firstPage[Math.floor(firstPage.length / 2)].toFixed(0)} ms; page report ${(pageReportSize / 1e6).toFixed(2)} MB `
  + `(maxGroups ${PAGE_REPORT.maxGroups}); a filtered page deep in the list ${search.ms.toFixed(0)} ms `
  + `(${search.value.matched} matched); the complete report ${(fullSize / 1e6).toFixed(1)} MB in ${full.ms.toFixed(0)} ms`);
