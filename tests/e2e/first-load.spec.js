// What a first visit loads before the analyzer is ready: only what the first screen needs.
// The result's viewer and every view (Overview and Goroutines too) come right after it,
// before any dump is given; the wasm is downloaded once, xz-packed (index.html preloads it
// for the page, which unpacks and compiles it while its worker starts, and hands the module
// over); without the packed file the worker fetches the plain one.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { pasteAnywhere, recordProblems, shownTotal, waitForAnalyzer } from './page.js';

/** Modules no screen needs before a dump is shown. */
const VIEW_MODULES = ['viewer.js', 'overview-view.js', 'goroutines-view.js', 'heap-view.js',
  'contention-view.js', 'cpu-view.js', 'race-view.js', 'charts-view.js', 'compare-view.js',
  'fleet-view.js', 'timeline-view.js', 'markdown-export.js'];

const WASM = /\/goroseer_wasm_bg\.wasm(\.xz)?$/;

test('until the analyzer is ready no view module loads; all of them right after; the wasm once', async ({ page, context }) => {
  const problems = recordProblems(page);
  const wasmRequests = [];
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (WASM.test(path)) wasmRequests.push(path.split('/').pop());
  });
  // When the page says the analyzer is ready (its version in the footer), as the bench does.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.getElementById('version')?.textContent) return;
      window.readyAt = performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto('/');
  await waitForAnalyzer(page);

  const files = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((entry) => ({ name: new URL(entry.name).pathname.split('/').pop(), before: entry.startTime < window.readyAt })));
  const before = files.filter((f) => f.before).map((f) => f.name);
  const after = files.filter((f) => !f.before).map((f) => f.name);
  for (const module of VIEW_MODULES) {
    expect(before, `${module} loaded before the analyzer was ready`).not.toContain(module);
    expect(after, `${module} preloaded after ready`).toContain(module);
  }
  expect(before).toContain('goroseer_wasm_bg.wasm.xz');
  expect(wasmRequests, 'wasm downloads (page and worker)').toEqual(['goroseer_wasm_bg.wasm.xz']);
  expect(problems).toEqual([]);
});

test('without the packed wasm, the worker fetches the plain module and the page works', async ({ page, context }) => {
  const wasmRequests = [];
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (WASM.test(path)) wasmRequests.push(path.split('/').pop());
  });
  await page.route('**/goroseer_wasm_bg.wasm.xz', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto('/');
  await waitForAnalyzer(page);
  const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
  await pasteAnywhere(page, dump(SYNC));
  expect(await shownTotal(page)).toBe(groundTruth(SYNC).total_goroutines);
  expect(wasmRequests).toEqual(['goroseer_wasm_bg.wasm.xz', 'goroseer_wasm_bg.wasm']);
});
