// The dump never leaves the browser: from page load to result, the only requests are the
// site's own static files, and none at all once the page has loaded.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { pasteAnywhere, recordProblems, shownTotal, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
const STATIC_ASSETS = [/^\/$/, /^\/src\/[\w-]+\.(js|css)$/, /^\/pkg\/goroscope_wasm(_bg\.wasm|\.js)$/];

test('only the page\'s own static files are requested, and nothing after load', async ({ page, context, baseURL }) => {
  const problems = recordProblems(page);
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  await page.goto('/');
  await waitForAnalyzer(page);
  const atLoad = requests.length;
  await pasteAnywhere(page, dump(SYNC));
  expect(await shownTotal(page)).toBe(groundTruth(SYNC).total_goroutines);

  expect(requests.slice(atLoad), 'requests after load').toEqual([]);
  const origin = new URL(baseURL).origin;
  for (const url of requests) {
    const parsed = new URL(url);
    expect(parsed.origin, url).toBe(origin);
    expect(STATIC_ASSETS.some((asset) => asset.test(parsed.pathname)), url).toBe(true);
  }
  // The worker and the wasm really came over the network (the test saw the requests).
  expect(requests.some((url) => url.endsWith('/pkg/goroscope_wasm_bg.wasm'))).toBe(true);
  expect(requests.some((url) => url.endsWith('/src/worker.js'))).toBe(true);
  expect(problems).toEqual([]);
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
