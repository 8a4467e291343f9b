// A shared link keeps its dump in the URL while that dump is shown, so a reload shows it
// again; what a link can carry is decided by the core (the worker asks it), and a file too
// big for a link is refused before it is read.
import { test, expect } from '@playwright/test';
import { dump, dumpBytes } from './corpus.js';
import { dropFiles, openTab, pasteAnywhere, recordWorkerTraffic, waitForAnalyzer } from './page.js';

const LABELS = 'goroutine-labels/goroutine.debug2.txt';
const OTHER = 'goroutine-sync-contention/goroutine.debug2.txt';

async function makeLink(page) {
  await page.locator('#copy-link').click();
  const field = page.locator('#share-link');
  await expect(field).toBeVisible();
  return field.inputValue();
}

const dataOf = (url) => new URLSearchParams(new URL(url).hash.slice(1)).get('d');

test('a link\'s dump stays in the URL: a reload shows it again, another dump drops it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(recordWorkerTraffic);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(LABELS));
  await expect(page.locator('.view-overview')).toBeVisible();
  const url = await makeLink(page);
  // The text came from the worker, as the core reads the input.
  const asked = await page.evaluate(() => window.__traffic.filter((m) => m.direction === 'out' && m.type === 'inputText').length);
  expect(asked).toBe(1);

  const opened = await context.newPage();
  await opened.setViewportSize({ width: 1280, height: 900 });
  await opened.goto(url);
  const total = opened.locator('[data-testid="total"]').first();
  await expect(total).toBeVisible();
  const goroutines = await total.getAttribute('data-value');
  // Moving around keeps the dump in the URL.
  await openTab(opened, 'goroutines');
  await expect(opened).toHaveURL(/view=goroutines/);
  expect(dataOf(opened.url())).toBe(dataOf(url));
  await opened.reload();
  await expect(opened.locator('.view-goroutines')).toBeVisible();
  await openTab(opened, 'overview');
  await expect(opened.locator('[data-testid="total"]').first()).toHaveAttribute('data-value', goroutines);
  expect(dataOf(opened.url())).toBe(dataOf(url));
  // Another dump: the link's is no longer what is shown, so it leaves the URL.
  await pasteAnywhere(opened, dump(OTHER));
  await expect(opened.locator('#status')).toContainText('pasted text');
  await openTab(opened, 'goroutines');
  await expect(opened).toHaveURL(/view=goroutines/);
  expect(dataOf(opened.url())).toBeNull();
});

test('a binary profile is refused by what the core says; a file too big for a link before it is read', async ({ page }) => {
  await page.addInitScript(recordWorkerTraffic);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.pb.gz', bytes: dumpBytes('goroutine-leak/goroutine.t70s.debug0.pb.gz') }]);
  await expect(page.locator('.view-overview')).toBeVisible();
  await page.locator('#copy-link').click();
  await expect(page.locator('#share-out')).toContainText('binary profile');

  // A 120 MB log of one dump repeated: more text than any link holds. The page says so
  // at once; the worker answers without sending any of it back.
  const block = dump(OTHER);
  await page.evaluate(async (text) => {
    const copies = Math.ceil(120e6 / text.length);
    const file = new File(Array.from({ length: copies }, () => text), 'huge.log');
    const data = new DataTransfer();
    data.items.add(file);
    const target = document.querySelector('main');
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, block);
  await expect(page.locator('#status')).toContainText('huge.log', { timeout: 60_000 });
  await page.locator('#copy-link').click();
  await expect(page.locator('#share-out')).toContainText('share the file instead');
  await expect(page.locator('#share-link')).toHaveCount(0);
  const answers = await page.evaluate(() => window.__traffic.filter((m) => m.direction === 'in' && m.type === 'answer').map((m) => m.bytes));
  expect(Math.max(...answers)).toBeLessThan(1_000_000);
});
