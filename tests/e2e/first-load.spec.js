// What a first visit loads before the analyzer is ready: only what the first screen needs.
// The result's viewer and every view (Overview and Goroutines too) come right after it,
// before any dump is given; the wasm is downloaded once (index.html preloads it for the
// page, which compiles it while its worker starts, and hands the module over).
import { test, expect } from '@playwright/test';
import { recordProblems, waitForAnalyzer } from './page.js';

/** Modules no screen needs before a dump is shown. */
const VIEW_MODULES = ['viewer.js', 'overview-view.js', 'goroutines-view.js', 'heap-view.js',
  'contention-view.js', 'cpu-view.js', 'race-view.js', 'charts-view.js', 'compare-view.js',
  'fleet-view.js', 'timeline-view.js', 'markdown-export.js'];

test('until the analyzer is ready no view module loads; all of them right after; the wasm once', async ({ page, context }) => {
  const problems = recordProblems(page);
  const wasmRequests = [];
  context.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/goroseer_wasm_bg.wasm')) wasmRequests.push(request.url());
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
  expect(before).toContain('goroseer_wasm_bg.wasm');
  expect(wasmRequests, 'wasm downloads (page and worker)').toHaveLength(1);
  expect(problems).toEqual([]);
});
