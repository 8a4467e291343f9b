// Heap and contention records open to their full stack: every frame with its function,
// file:line and origin, by mouse or keyboard, with source links when configured.
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { recordFrames } from './record-stacks.js';
import { openTab, pasteAnywhere, screenshot, waitForAnalyzer } from './page.js';

const HEAP = 'heap-memprofilerate1/heap.debug1.txt';
const MUTEX = 'block-mutex/mutex.debug1.txt';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

/** The frames shown in the open detail row under `row`. */
async function shownFrames(row) {
  const detail = row.locator('xpath=following-sibling::tr[1][contains(@class, "detail-row")]');
  await expect(detail.locator('.frame').first()).toBeVisible();
  return detail.locator('.frame').evaluateAll((frames) => frames.map((f) => ({
    function: f.querySelector('.fn').textContent,
    where: f.querySelector('.where')?.title ?? '',
    origin: f.dataset.origin,
  })));
}

test('heap: a record opens to its whole stack, frames by origin, and closes again', async ({ page }) => {
  const expected = recordFrames(dump(HEAP));
  await pasteAnywhere(page, dump(HEAP));
  await openTab(page, 'heap');
  await page.locator('#heap-table').selectOption('records');
  // Every record with more than one frame opens to all of them, in the dump's order.
  const rows = page.locator('.table-slot table.data tbody tr[data-record]');
  await expect(rows).toHaveCount(expected.length);
  const deep = expected.map((frames, index) => ({ frames, index })).filter((r) => r.frames.length > 2);
  expect(deep.length).toBeGreaterThan(0);
  for (const { frames, index } of deep.slice(0, 4)) {
    const row = page.locator(`.table-slot tr[data-record="${index}"]`);
    const toggle = row.locator('button.expand');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(toggle).toHaveAccessibleName(`Show the stack of ${frames[0].function}`);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const shown = await shownFrames(row);
    expect(shown.map((f) => f.function)).toEqual(frames.map((f) => f.function));
    expect(shown.map((f) => f.where)).toEqual(frames.map((f) => `${f.file}:${f.line}`));
    expect(shown.every((f) => ['own', 'third_party', 'stdlib', 'runtime'].includes(f.origin))).toBe(true);
  }
  const origins = await page.locator('.detail-row .frame').evaluateAll((nodes) => new Set(nodes.map((n) => n.dataset.origin)).size);
  expect(origins).toBeGreaterThan(1);
  await screenshot(page, 'heap-record-stacks');

  // Keyboard: the toggle is a button; Enter closes and opens it.
  const first = page.locator(`.table-slot tr[data-record="${deep[0].index}"]`);
  await first.locator('button.expand').focus();
  await page.keyboard.press('Enter');
  await expect(first.locator('button.expand')).toHaveAttribute('aria-expanded', 'false');
  await expect(first.locator('xpath=following-sibling::tr[1][contains(@class, "detail-row")]')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(first.locator('button.expand')).toHaveAttribute('aria-expanded', 'true');
});

test('heap: an annotation link opens its record already expanded', async ({ page }) => {
  await pasteAnywhere(page, dump(HEAP));
  const link = page.locator('.profile[data-kind="heap"] .annotation .targets button').first();
  await expect(link).toBeVisible();
  const record = await link.getAttribute('data-group');
  await link.click();
  const row = page.locator(`.table-slot tr[data-record="${record}"]`);
  await expect(row.locator('button.expand')).toHaveAttribute('aria-expanded', 'true');
  expect((await shownFrames(row)).length).toBe(recordFrames(dump(HEAP))[Number(record)].length);
});

test('contention: a record opens to its stack, with source links', async ({ page }) => {
  const expected = recordFrames(dump(MUTEX));
  await page.locator('#settings summary').click();
  await page.locator('#link-template').fill('https://example.com/acme/ledger/blob/v1/{path}#L{line}');
  await page.locator('#link-mappings').fill('/app/ledger/ => ');
  await page.locator('#source-links button[type="submit"]').click();
  await pasteAnywhere(page, dump(MUTEX));
  await openTab(page, 'contention');
  const records = page.locator('.view-contention table.data').last();
  const row = records.locator('tbody tr[data-record="0"]');
  await row.locator('button.expand').click();
  const shown = await shownFrames(row);
  expect(shown.map((f) => f.function)).toEqual(expected[0].map((f) => f.function));
  // Own files get a link through the prefix mapping; the standard library's do not.
  const own = expected[0].find((f) => f.file.startsWith('/app/ledger/'));
  const detail = row.locator('xpath=following-sibling::tr[1]');
  await expect(detail.locator('a.where').first()).toHaveAttribute('href',
    `https://example.com/acme/ledger/blob/v1/${own.file.slice('/app/ledger/'.length)}#L${own.line}`);
  expect(await detail.locator('a.where').count()).toBe(expected[0].filter((f) => f.file.startsWith('/app/ledger/')).length);
  await screenshot(page, 'contention-record-stack');
});
