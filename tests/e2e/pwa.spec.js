// Installable and offline after the first visit: a web app manifest, and a service worker
// (www/sw.js) that keeps the page's own files — and only those. With the network blocked
// after one visit, a reload shows the page and analyses a dump.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { pasteAnywhere, shownTotal, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
// The archive reader (pkg/goroseer_archive_wasm*) is one of them: the worker imports it only
// when an archive is dropped, and the service worker keeps it so archives open offline too.
// So is the plain main module beside the xz-packed one the page downloads: the worker's
// fallback.
const OWN_FILES = [/^\/$/, /^\/(sw\.js|manifest\.json|icon\.svg)$/, /^\/src\/[\w-]+\.(js|css)$/,
  /^\/pkg\/goroseer(_archive)?_wasm(_bg\.wasm|\.js)$/, /^\/pkg\/(goroseer_wasm_bg\.wasm\.xz|xz\.js)$/];

test('the manifest names the app, its start page and an icon', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href)).json();
  expect(manifest.name).toContain('goroseer');
  expect(manifest.start_url).toBe('./');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.length).toBeGreaterThan(0);
  for (const icon of manifest.icons) expect((await request.get(icon.src)).ok()).toBe(true);
});

test('offline after the first visit: reload with the network blocked, analyse a dump', async ({ page, context, baseURL }) => {
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  // On a development server the service worker is opt-in (the deployed site always has it).
  await page.evaluate(() => localStorage.setItem('goroseer.offline', '1'));
  await page.reload();
  await waitForAnalyzer(page);
  // Installed (the page's files kept) and active.
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 30_000 })
    .toBe('activated');
  // Everything the service worker fetched is the page's own files.
  const origin = new URL(baseURL).origin;
  for (const url of requests) {
    expect(new URL(url).origin, url).toBe(origin);
    expect(OWN_FILES.some((own) => own.test(new URL(url).pathname)), url).toBe(true);
  }

  await context.setOffline(true);
  await page.reload();
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(SYNC));
  expect(await shownTotal(page)).toBe(groundTruth(SYNC).total_goroutines);
  await context.setOffline(false);
});
