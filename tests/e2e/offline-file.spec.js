// dist/goroseer.html opened from file://: everything it needs is inside the one file.
import { test, expect } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dump, dumpBytes, groundTruth, repoRoot } from './corpus.js';
import { dropFiles, pasteAnywhere, recordProblems, shownStates, shownTotal, waitForAnalyzer } from './page.js';

const OFFLINE = path.join(repoRoot, 'dist/goroseer.html');
const KEEPALIVE = 'goroutine-http-keepalive/goroutine.debug2.txt';

/**
 * Opens dist/goroseer.html from file://, recording requests and page problems; its
 * `expectNoNetwork()` checks that nothing but the file and the blob: URLs it made from its
 * own embedded modules was requested, and that the page reported no problem.
 */
async function openOffline(page, context) {
  const problems = recordProblems(page);
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  const fileUrl = pathToFileURL(OFFLINE).href;
  await page.goto(fileUrl);
  await waitForAnalyzer(page);
  return {
    expectNoNetwork() {
      expect(requests.filter((url) => url !== fileUrl && !url.startsWith('blob:'))).toEqual([]);
      expect(problems).toEqual([]);
    },
  };
}

test('the offline file analyses a pasted dump from file:// without any network', async ({ page, context }) => {
  expect(existsSync(OFFLINE), 'run `cargo xtask dist` first').toBe(true);
  const offline = await openOffline(page, context);
  const truth = groundTruth(KEEPALIVE);
  await pasteAnywhere(page, dump(KEEPALIVE));
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  expect(await shownStates(page)).toEqual(truth.by_state);
  offline.expectNoNetwork();
});

test('the offline file analyses a dropped .gz file, gunzipped by its inflate worker', async ({ page, context }) => {
  const offline = await openOffline(page, context);
  const truth = groundTruth(KEEPALIVE);
  const gzip = gzipSync(dumpBytes(KEEPALIVE));
  await dropFiles(page, [{ name: 'goroutine.txt.gz', bytes: gzip }]);
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  expect(await shownStates(page)).toEqual(truth.by_state);
  // Its workers run from blob: URLs: the one that gunzipped the file marked it.
  const inflated = async () => (await Promise.all(page.workers().map((worker) =>
    worker.evaluate(() => performance.getEntriesByName('goroseer:inflated').map((m) => m.detail.read))))).flat();
  await expect.poll(inflated).toEqual([gzip.length]);
  offline.expectNoNetwork();
});

test('the offline file opens its embedded examples and every view without any network', async ({ page, context }) => {
  const offline = await openOffline(page, context);
  await page.locator('#example').selectOption('leak');
  const truth = groundTruth('goroutine-leak/goroutine.t70s.debug2.txt');
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  for (const view of ['goroutines', 'charts']) {
    await page.locator(`[role="tab"][data-view="${view}"]`).click();
    await expect(page.locator(`.view-${view}`)).toBeVisible();
  }
  await expect(page.locator('canvas.flame-canvas')).toHaveAttribute('data-nodes', /[1-9]/);
  await page.locator('#example').selectOption('heap');
  await page.locator('[role="tab"][data-view="heap"]').click();
  await expect(page.locator('.memstats')).toContainText('live heap');
  offline.expectNoNetwork();
});

test('every view the page loads when first opened is in the offline file and loads from it', async ({ page, context }) => {
  // The views viewer.js imports on demand (`import('./x.js')`), read from its source so a
  // view added there is checked too.
  const viewer = readFileSync(path.join(repoRoot, 'www/src/viewer.js'), 'utf8');
  const lazy = [...viewer.matchAll(/\bimport\(\s*'\.\/([\w-]+\.js)'\s*\)/g)].map((m) => `src/${m[1]}`);
  expect(lazy).toEqual(expect.arrayContaining(['src/heap-view.js', 'src/cpu-view.js', 'src/compare-view.js', 'src/charts-view.js']));
  const offline = await openOffline(page, context);
  const exported = await page.evaluate(async (paths) => {
    const out = {};
    for (const p of paths) {
      try {
        const module = await import(globalThis.goroseerEmbedded.moduleUrl(p));
        out[p] = Object.keys(module).filter((k) => typeof module[k] === 'function').length;
      } catch (error) {
        out[p] = String(error.message);
      }
    }
    return out;
  }, lazy);
  for (const p of lazy) expect(exported[p], p).toBeGreaterThan(0);
  offline.expectNoNetwork();
});
