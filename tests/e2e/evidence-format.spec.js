// One value, one format: an evidence item of a growth annotation reads the same on the
// Overview, on Compare and in the Markdown export, because all three format the report's
// typed items (value + unit) with the one formatter, www/src/format.js.
import { test, expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';
import { LEAK_SNAPSHOTS, compareLeakSnapshots, dropFiles, openTab, waitForAnalyzer } from './page.js';

/** The Markdown summary, as Copy Markdown puts it on the clipboard. */
async function copiedMarkdown(page) {
  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** `label: value` of the evidence item `key` in the first annotation of `rule` under `scope`. */
async function shownItem(scope, rule, key) {
  const annotation = scope.locator(`.annotation[data-rule="${rule}"]`).first();
  const row = annotation.locator(`.evidence-row[data-key="${key}"]`);
  return {
    title: (await annotation.locator('.title').textContent()).trim(),
    label: (await row.locator('dt').textContent()).trim(),
    value: (await row.locator('dd').textContent()).trim(),
  };
}

/** The Markdown line of `item` under the annotation titled `title`. */
function markdownItem(markdown, title, label) {
  const lines = markdown.split('\n');
  // The finding's own line (`- **warning** title (rule)`), not the summary that may say the
  // same sentence.
  const at = lines.findIndex((line) => line.startsWith('- **') && line.includes(title.replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&')));
  expect(at, `annotation "${title}" in the Markdown`).toBeGreaterThanOrEqual(0);
  const item = lines.slice(at + 1).find((line) => line.startsWith(`  - ${label}: `));
  expect(item, `${label} under "${title}"`).toBeDefined();
  return item.slice(`  - ${label}: `.length);
}

/** Overview, Compare and Markdown show evidence `key` of `rule` with one text; returns it. */
async function sameEverywhere(page, rule, key) {
  await openTab(page, 'compare');
  const compare = await shownItem(page.locator('.view-compare'), rule, key);
  await openTab(page, 'overview');
  const overview = await shownItem(page.locator('.view-overview'), rule, key);
  const markdown = markdownItem(await copiedMarkdown(page), overview.title, overview.label);
  expect(overview.title).toBe(compare.title);
  expect([overview.label, overview.value]).toEqual([compare.label, compare.value]);
  expect(markdown).toBe(overview.value);
  return overview.value;
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('a goroutine count reads the same on Overview, Compare and in the Markdown export', async ({ page }) => {
  await compareLeakSnapshots(page);
  const added = await sameEverywhere(page, 'goroutine-growth', 'addedGoroutines');
  expect(added).toMatch(/^[\d,]+ goroutines?$/);
  const series = await sameEverywhere(page, 'goroutine-growth', 'series');
  expect(series.split(', ')).toHaveLength(LEAK_SNAPSHOTS.length);
});

test('a byte size reads the same on Overview, Compare and in the Markdown export', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  const heaps = ['heap.t1.debug1.txt', 'heap.t2.debug1.txt'];
  await dropFiles(page, heaps.map((name) => ({ name, bytes: dumpBytes(`../heap-growth/${name}`) })));
  await expect(page.locator('.view-compare')).toBeVisible();
  await openTab(page, 'overview');
  await expect(page.locator('.profile[data-kind="heap"]')).toHaveCount(2);
  const added = await sameEverywhere(page, 'heap-growth', 'addedBytes');
  // IEC units as pprof prints them, the title saying the same figure the same way.
  expect(added).toMatch(/^\d+(\.\d+)? (B|KiB|MiB|GiB)$/);
  const inUse = await sameEverywhere(page, 'heap-growth', 'inuseBytes');
  expect(inUse.split(', ')).toHaveLength(heaps.length);
  await expect(page.locator('.view-overview .annotation[data-rule="heap-growth"] .title').first())
    .toContainText(inUse.split(', ').at(-1));
});
