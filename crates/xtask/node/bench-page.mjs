// The page in real Chromium: first load, and the 100k-goroutine dump dropped on it until
// its groups and annotations show, with the longest main-thread task meanwhile
// (PerformanceObserver 'longtask'), and the bytes of the first load (every response until
// the analyzer is ready, each gzipped at level 9 as a server would send it, or as it is
// when that is smaller: the xz-packed wasm, which no server compresses again).
// Usage: node bench-page.mjs <site URL> <dump.gz> [runs]
//        node bench-page.mjs <site URL> --first-load [runs]  (first load only, file by file;
//        each visit alternated with one refused the packed wasm: a baseline in the same run)
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';

const [siteUrl, dumpPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const firstLoadOnly = dumpPath === '--first-load';
const loadBefore = loadavg()[0];
const base64 = firstLoadOnly ? '' : readFileSync(dumpPath).toString('base64');

// Installed before the page's own scripts: records long tasks and when the analyzer is ready.
function instrument() {
  window.__bench = { longTasks: [], readyAt: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const version = document.getElementById('version');
    if (version?.textContent && window.__bench.readyAt === null) window.__bench.readyAt = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

// Makes the File to drop, in a task of its own (decoding base64 is the benchmark's work,
// not the page's).
function prepareFile(payload) {
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  window.__bench.file = new File([bytes], 'goroutine.debug2.txt.gz');
}

// Drops the dump, then waits for the total and the annotations to be on screen (one frame
// after they are in the DOM).
async function dropAndWait() {
  const data = new DataTransfer();
  data.items.add(window.__bench.file);
  const target = document.querySelector('main');
  const started = performance.now();
  target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  await new Promise((resolve) => {
    const check = () => {
      if (document.querySelector('[data-testid="total"]') && document.querySelector('.annotation')) {
        requestAnimationFrame(() => setTimeout(resolve, 0));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
  const visible = performance.now();
  const during = window.__bench.longTasks.filter((t) => t.start + t.duration >= started);
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('goroseer:'));
  return {
    started,
    origin: performance.timeOrigin,
    pageMarks: Object.fromEntries(marks.map((m) => [m.name.slice('goroseer:'.length), m.startTime - started])),
    visibleMs: visible - started,
    longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
    total: Number(document.querySelector('[data-testid="total"]').dataset.value),
    annotations: document.querySelectorAll('.annotation').length,
  };
}

// Drops the dump on the Goroutines view at exact grouping (~100k groups, one per goroutine
// whose arguments differ), then waits for the first group rows to be on screen.
async function dropAndWaitForGroups() {
  const data = new DataTransfer();
  data.items.add(window.__bench.file);
  const started = performance.now();
  document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  await new Promise((resolve) => {
    const check = () => {
      if (document.querySelector('.group-row')) requestAnimationFrame(() => setTimeout(resolve, 0));
      else requestAnimationFrame(check);
    };
    check();
  });
  const during = window.__bench.longTasks.filter((t) => t.start + t.duration >= started);
  return {
    visibleMs: performance.now() - started,
    longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
    summary: document.querySelector('[data-testid="group-summary"]')?.textContent ?? '',
  };
}

// Where the time of one drop went: the worker's marks (www/src/worker.js: analyze, read,
// parsed, report) and the page's (received, shown), in ms since the drop, each
// stage as the time since the one before; `visible` the rest until on screen.
const STAGES = ['analyze', 'read', 'parsed', 'report', 'received', 'shown'];
async function stages(page, drop) {
  const worker = page.workers().find((w) => new URL(w.url()).pathname.endsWith('/src/worker.js'));
  const workerMarks = await worker?.evaluate(() => ({
    origin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('goroseer:')).map((m) => [m.name.slice('goroseer:'.length), m.startTime]),
  }));
  const shift = (workerMarks?.origin ?? 0) - drop.origin - drop.started;
  const at = { ...Object.fromEntries((workerMarks?.marks ?? []).map(([name, t]) => [name, t + shift])), ...drop.pageMarks };
  const out = {};
  let before = 0;
  for (const name of STAGES) {
    if (at[name] === undefined) continue;
    out[name] = at[name] - before;
    before = at[name];
  }
  out.visible = drop.visibleMs - before;
  return out;
}

// Where the time until ready went: the page's and the worker's start marks (analyzer.js,
// worker.js, main.js), in ms since navigation, the worker's shifted to the page's clock.
const BOOT = ['worker-created', 'worker-running', 'wasm-compiled', 'instantiated', 'ready'];
async function bootMarks(page) {
  const marks = () => ({
    origin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('goroseer:')).map((m) => [m.name.slice('goroseer:'.length), m.startTime]),
  });
  const own = await page.evaluate(marks);
  const worker = page.workers().find((w) => new URL(w.url()).pathname.endsWith('/src/worker.js'));
  const theirs = await worker?.evaluate(marks).catch(() => null);
  const shift = (theirs?.origin ?? own.origin) - own.origin;
  const at = Object.fromEntries([...(theirs?.marks ?? []).map(([name, t]) => [name, t + shift]), ...own.marks]);
  return Object.fromEntries(BOOT.filter((name) => at[name] !== undefined).map((name) => [name, at[name]]));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const results = [];
const firstLoad = [];
// With --first-load, the visits alternate with visits whose request for the packed wasm is
// refused, so that the worker fetches and compiles the plain module (the page's fallback):
// ready as shipped against that baseline, alternated in the same minutes, says what the
// packing costs whatever the machine's load; the absolute times on a shared machine cannot.
const plain = [];
async function visitPlain() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.route('**/goroseer_wasm_bg.wasm.xz', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(siteUrl);
  await page.waitForFunction(() => window.__bench.readyAt !== null);
  plain.push({ readyMs: await page.evaluate(() => window.__bench.readyAt) });
  await context.close();
}
for (let run = 0; run < runs; run++) {
  // The baseline's visit before this run's on even runs, after it on odd ones.
  if (firstLoadOnly && run % 2 === 0) await visitPlain();
  // A fresh context each run: nothing cached, as for a first visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  const responses = [];
  if (run === 0) page.on('response', (response) => responses.push(response));
  await page.goto(siteUrl);
  await page.waitForFunction(() => window.__bench.readyAt !== null);
  if (run === 0) {
    // The views the first screen does not show are fetched right after the analyzer is
    // ready (viewer.js preloadViews): counted apart, by when the page asked for them.
    await page.waitForFunction(() => document.documentElement.dataset.viewsLoaded === 'true', null, { timeout: 10_000 }).catch(() => {});
    page.removeAllListeners('response');
    const after = new Set(await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= window.__bench.readyAt).map((e) => new URL(e.name).pathname)));
    for (const response of responses) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      const path = new URL(response.url()).pathname;
      const gzipped = gzipSync(body, { level: 9 }).length;
      firstLoad.push({ path, raw: body.length, gzipped: Math.min(gzipped, body.length), asIs: body.length <= gzipped, preloaded: after.has(path) });
    }
  }
  const load = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const longest = Math.max(0, ...window.__bench.longTasks.map((t) => t.duration));
    return { loadEventMs: nav.loadEventEnd, readyMs: window.__bench.readyAt, longestLoadTaskMs: longest };
  });
  load.boot = await bootMarks(page);
  if (firstLoadOnly) {
    results.push(load);
    await context.close();
    if (run % 2 === 1) await visitPlain();
    continue;
  }
  await page.evaluate(prepareFile, base64);
  await page.waitForTimeout(300);
  const drop = await page.evaluate(dropAndWait);
  results.push({ ...load, ...drop, stages: await stages(page, drop) });
  await context.close();
}
const exact = [];
for (let run = 0; run < (firstLoadOnly ? 0 : runs); run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(`${siteUrl}#view=goroutines&groupBy=exact`);
  await page.waitForFunction(() => window.__bench.readyAt !== null);
  await page.evaluate(prepareFile, base64);
  await page.waitForTimeout(300);
  exact.push(await page.evaluate(dropAndWaitForGroups));
  await context.close();
}
await browser.close();

const median = (key, list = results) => {
  const values = list.map((r) => r[key]).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
const worst = (key, list = results) => Math.max(...list.map((r) => r[key]));
const fmt = (n) => `${n.toFixed(0)} ms`;
const beforeReady = firstLoad.filter((f) => !f.preloaded);
const preloaded = firstLoad.filter((f) => f.preloaded);
const gzippedOf = (files) => files.reduce((sum, f) => sum + f.gzipped, 0);
const firstLoadGzipped = gzippedOf(beforeReady);
const wasmGzipped = gzippedOf(beforeReady.filter((f) => /\.wasm(\.xz)?$/.test(f.path)));
const firstLoadLine = `  first-load bytes (until the analyzer is ready): ${beforeReady.length} files, ${firstLoadGzipped} bytes sent (gzip -9, or as is when smaller) = ${(firstLoadGzipped / 1000).toFixed(1)} KB `
  + `(wasm ${(wasmGzipped / 1000).toFixed(1)} KB, the rest ${((firstLoadGzipped - wasmGzipped) / 1000).toFixed(1)} KB; budget ≤ 400 KB: `
  + `${firstLoadGzipped <= 400_000 ? 'within' : 'OVER'}); then the views preloaded before any dump: ${preloaded.length} files, `
  + `${(gzippedOf(preloaded) / 1000).toFixed(1)} KB; in all ${(gzippedOf(firstLoad) / 1000).toFixed(1)} KB`;
if (firstLoadOnly) {
  console.log(`page (Chromium, ${runs} runs, fresh context each): first load of ${siteUrl}; machine load `
    + `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} (1-minute average, ${availableParallelism()} cores)`);
  console.log(`  analyzer ready ${fmt(median('readyMs'))} median (target < 300 ms), worst ${fmt(worst('readyMs'))}; load event ${fmt(median('loadEventMs'))}; `
    + `longest main-thread task while loading ${fmt(median('longestLoadTaskMs'))} median, worst ${fmt(worst('longestLoadTaskMs'))}`);
  const sorted = (list) => list.map((r) => r.readyMs).sort((a, b) => a - b).map((ms) => ms.toFixed(0)).join(' ');
  console.log(`  baseline in the same run (visits alternated): without the packed wasm (the worker fetches the plain one) ready `
    + `${fmt(median('readyMs', plain))} median; as shipped / baseline = ${(median('readyMs') / median('readyMs', plain)).toFixed(2)}x `
    + `(each visit, ms: shipped ${sorted(results)}; baseline ${sorted(plain)})`);
  const boot = BOOT.filter((name) => results.every((r) => r.boot[name] !== undefined));
  console.log(`  where ready went (median ms since navigation): `
    + boot.map((name) => `${name} ${median(name, results.map((r) => r.boot)).toFixed(0)}`).join(', '));
  for (const f of [...firstLoad].sort((a, b) => b.gzipped - a.gzipped)) {
    console.log(`    ${String(f.gzipped).padStart(7)} B ${f.asIs ? 'as is  ' : 'gzipped'} ${String(f.raw).padStart(8)} B raw  ${f.path}${f.preloaded ? "  (preloaded after ready)" : ""}`);
  }
  console.log(firstLoadLine);
  process.exit(0);
}
console.log(`page (Chromium, ${runs} runs, fresh context each): ${dumpPath} dropped on ${siteUrl}`);
console.log(`  first load: load event ${fmt(median('loadEventMs'))}, analyzer ready ${fmt(median('readyMs'))} (median; target < 300 ms)`);
console.log(`  drop → groups and annotations visible: median ${fmt(median('visibleMs'))}, worst ${fmt(worst('visibleMs'))} (target ≤ 250 ms median, issue #17)`);
const stageNames = [...STAGES, 'visible'].filter((name) => results.every((r) => r.stages[name] !== undefined));
console.log(`  where it went (median ms of each stage: worker read = file read + gunzip + copy into wasm; parsed = parse, group; `
  + `report = rules + report to JS; received = the message; shown = render; visible = layout, paint): `
  + stageNames.map((name) => `${name} ${median(name, results.map((r) => r.stages)).toFixed(0)}`).join(', '));
console.log(`  longest main-thread task during it: median ${fmt(median('longestTaskMs'))}, worst ${fmt(worst('longestTaskMs'))} (target ≤ 100 ms); during load: ${fmt(worst('longestLoadTaskMs'))}`);
console.log(`  shown: ${results[0].total} goroutines, ${results[0].annotations} annotations`);
console.log(`  exact grouping (#view=goroutines&groupBy=exact): drop → first groups visible median ${fmt(median('visibleMs', exact))}, `
  + `worst ${fmt(worst('visibleMs', exact))}; longest main-thread task ${fmt(worst('longestTaskMs', exact))}; shown: ${exact[0].summary}`);
console.log(firstLoadLine);
