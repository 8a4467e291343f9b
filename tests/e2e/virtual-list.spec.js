// The Goroutines list at exact grouping of the real 100k-goroutine dump: ~100k rows, whose
// heights are only counted (estimated) until drawn. Wherever it is taken — deep into the
// list by a link, to the end by a key, by expanding a group — the rows fill it edge to edge
// and the row taken to sits exactly at the top (no strip of the row above it) or, at the
// end, the last row exactly at the bottom.
import { test, expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';
import { dropFiles, recordProblems, waitForAnalyzer } from './page.js';

const CRAWLER = 'goroutine-100k-crawler/goroutine.debug2.txt.gz';

/**
 * Where the rows are, relative to the list's visible area (pixels; 0 is its top edge):
 * the row at the top edge and the one at the bottom edge, and the extent of all rows drawn.
 */
function rowEdges() {
  const list = document.querySelector('.vlist');
  const top = list.getBoundingClientRect().top + list.clientTop;
  const height = list.clientHeight;
  const rows = [...list.querySelectorAll('[data-index]')].map((row) => {
    const box = row.getBoundingClientRect();
    return { index: Number(row.dataset.index), group: Number(row.dataset.group), top: box.top - top, bottom: box.bottom - top };
  });
  const atTop = rows.find((r) => r.bottom > 0.5);
  const atBottom = rows.findLast((r) => r.top < height - 0.5);
  return {
    height,
    loading: list.querySelectorAll('.group-placeholder').length,
    atTop,
    atBottom,
    drawnTop: rows[0]?.top,
    drawnBottom: rows.at(-1)?.bottom,
  };
}

/** The rows' placement once the rows in view are loaded and nothing moves any more. */
async function settledEdges(page) {
  let last = '';
  await expect.poll(async () => {
    const edges = await page.evaluate(rowEdges);
    const now = JSON.stringify(edges);
    const settled = edges.loading === 0 && now === last;
    last = now;
    return settled;
  }, { intervals: [100, 100, 200, 200, 500] }).toBe(true);
  return JSON.parse(last);
}

/** The drawn rows cover the list from its top edge to its bottom edge. */
function expectFilled(edges) {
  expect(edges.drawnTop).toBeLessThanOrEqual(0);
  expect(edges.drawnBottom).toBeGreaterThanOrEqual(edges.height);
}

test('the 100k-row list: a row scrolled to is at the top edge, the end at the bottom edge, expanding moves nothing above', async ({ page }) => {
  const problems = recordProblems(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/#view=goroutines&groupBy=exact');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes: dumpBytes(CRAWLER) }]);
  await expect(page.locator('.group-row').first()).toBeVisible({ timeout: 30_000 });
  const matched = Number(await page.locator('[data-testid="group-summary"]').getAttribute('data-shown'));
  expect(matched).toBeGreaterThan(90_000);

  // Dragged to the middle: rows everywhere, no blank strip at either edge.
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = list.scrollHeight / 2; });
  const middle = await settledEdges(page);
  expectFilled(middle);
  expect(middle.atTop.index).toBeGreaterThan(40_000);

  // A link to a group in the middle: that group's row is the first one, flush with the top.
  await page.evaluate(() => { location.hash = 'view=goroutines&groupBy=exact&group=50000'; });
  await expect(page.locator('.group-row[data-group="50000"]')).toHaveClass(/expanded/, { timeout: 30_000 });
  await expect(page.locator('.group-row[data-group="50000"] table.members tbody tr')).toHaveCount(1);
  const linked = await settledEdges(page);
  expect(linked.atTop.group).toBe(50000);
  expect(Math.abs(linked.atTop.top)).toBeLessThan(1);
  expectFilled(linked);

  // Collapsing it, then expanding the row below it: the row at the top stays where it is.
  await page.locator('.group-row[data-group="50000"] .group-head').click();
  await expect(page.locator('.group-row[data-group="50000"]')).not.toHaveClass(/expanded/);
  const below = page.locator(`.group-row[data-index="${linked.atTop.index + 1}"]`);
  await below.locator('.group-head').click();
  await expect(below.locator('table.members tbody tr')).toHaveCount(1);
  const expanded = await settledEdges(page);
  expect(expanded.atTop.group).toBe(50000);
  expect(Math.abs(expanded.atTop.top)).toBeLessThan(1);
  expectFilled(expanded);

  // End: the last group's row, flush with the bottom edge.
  await below.locator('.group-head').press('End');
  await expect(page.locator(`[data-index="${matched - 1}"] .group-head`)).toBeFocused();
  const end = await settledEdges(page);
  expect(end.atBottom.index).toBe(matched - 1);
  expect(Math.abs(end.atBottom.bottom - end.height)).toBeLessThan(1);
  expectFilled(end);
  expect(problems).toEqual([]);
});
