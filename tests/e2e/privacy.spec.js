// The dump never leaves the browser: from page load to result, the only requests are the
// site's own static files, and none at all once the page has loaded — whatever the input
// path (paste, drop, file picker, gzip). The views the first screen does not show are
// fetched right after the analyzer is ready, before any dump is given, so opening them
// later requests nothing. An example is the one thing fetched after load, from the site
// itself.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { dump, dumpBytes, groundTruth } from './corpus.js';
import { dropFiles, openExample, openTab, pasteAnywhere, recordProblems, shownTotal, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
const STATIC_ASSETS = [/^\/$/, /^\/(manifest\.json|icon\.svg)$/, /^\/src\/[\w-]+\.(js|css)$/, /^\/pkg\/(goroseer_wasm(_bg\.wasm\.xz|\.js)|xz\.js)$/];

/** Loads the page, recording every request; returns the list and how many came at load. */
async function loadRecording(page, context) {
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  await page.goto('/');
  await waitForAnalyzer(page);
  return { requests, atLoad: requests.length };
}

/** After the result shows, visit every view so their queries run too. */
async function visitViews(page) {
  for (const view of ['goroutines', 'charts', 'overview']) await openTab(page, view);
}

test('only the page\'s own static files are requested, and nothing after load', async ({ page, context, baseURL }) => {
  const problems = recordProblems(page);
  const { requests, atLoad } = await loadRecording(page, context);
  await pasteAnywhere(page, dump(SYNC));
  expect(await shownTotal(page)).toBe(groundTruth(SYNC).total_goroutines);
  await visitViews(page);

  expect(requests.slice(atLoad), 'requests after load').toEqual([]);
  // The Charts view's module came from the site at load, not when the tab was opened.
  expect(requests.slice(0, atLoad).map((url) => new URL(url).pathname)).toContain('/src/charts-view.js');
  const origin = new URL(baseURL).origin;
  for (const url of requests) {
    const parsed = new URL(url);
    expect(parsed.origin, url).toBe(origin);
    expect(STATIC_ASSETS.some((asset) => asset.test(parsed.pathname)), url).toBe(true);
  }
  // The worker and the wasm really came over the network (the test saw the requests).
  expect(requests.some((url) => url.endsWith('/pkg/goroseer_wasm_bg.wasm.xz'))).toBe(true);
  expect(requests.some((url) => url.endsWith('/src/worker.js'))).toBe(true);
  expect(problems).toEqual([]);
});

test('dropped files (plain and gzip) cause no request', async ({ page, context }) => {
  const { requests, atLoad } = await loadRecording(page, context);
  await dropFiles(page, [
    { name: 'a.txt', bytes: dumpBytes(SYNC) },
    { name: 'b.txt.gz', bytes: gzipSync(dumpBytes(SYNC)) },
  ]);
  await expect(page.locator('[data-testid="total"]')).toHaveCount(2);
  await visitViews(page);
  expect(requests.slice(atLoad)).toEqual([]);
});

test('files from the file picker cause no request', async ({ page, context }) => {
  const { requests, atLoad } = await loadRecording(page, context);
  await page.locator('#file-input').setInputFiles([{ name: 'g.txt.gz', mimeType: 'application/gzip', buffer: gzipSync(dumpBytes(SYNC)) }]);
  expect(await shownTotal(page)).toBe(groundTruth(SYNC).total_goroutines);
  await visitViews(page);
  expect(requests.slice(atLoad)).toEqual([]);
});

test('an example is fetched from the site itself, and nothing else', async ({ page, context, baseURL }) => {
  const { requests, atLoad } = await loadRecording(page, context);
  await openExample(page, 'sync-contention');
  await visitViews(page);
  expect(requests.slice(atLoad)).toEqual([new URL('examples/sync-contention.txt.gz', baseURL).href]);
});

test('the Content-Security-Policy forbids connecting anywhere else', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/');
      return 'fetched';
    } catch {
      return 'blocked';
    }
  });
  expect(outcome).toBe('blocked');
});
