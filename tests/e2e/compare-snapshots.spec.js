// A compared group opens to its stack and its goroutines dump by dump: the count in each
// snapshot and that snapshot's own goroutines, paged.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { LEAK_SNAPSHOTS, compareLeakSnapshots, screenshot } from './page.js';


/** The text block of goroutine `id` in a dump (header to blank line). */
function goroutineBlock(text, id) {
  return text.split('\n\n').find((block) => block.startsWith(`goroutine ${id} [`)) ?? null;
}

test('compare: a group shows its count per dump and each dump\'s goroutines, paged', async ({ page }) => {
  await compareLeakSnapshots(page);
  const first = page.locator('.compare-table tbody tr[data-group]').first();
  const series = (await first.locator('td.num:not(.trend)').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  expect(series).toHaveLength(3);
  await first.click();
  const breakdown = page.locator('.compare-table .detail-row .snapshot-breakdown');
  await expect(breakdown.locator('tbody tr')).toHaveCount(3);
  const counts = await breakdown.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.count)));
  expect(counts).toEqual(series);
  // The group grew: the last dump has the most, more than one page of them.
  const last = breakdown.locator('tbody tr[data-snapshot="2"]');
  expect(series[2]).toBeGreaterThan(20);
  await last.locator('button.show-members').click();
  await expect(last.locator('table.members tbody tr')).toHaveCount(20);
  await last.locator('.more-members').click();
  await expect(last.locator('table.members tbody tr')).toHaveCount(Math.min(40, series[2]));
  const ids = await last.locator('table.members tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.goroutine)));
  expect(new Set(ids).size).toBe(ids.length);
  // Every goroutine listed is in that dump, with the group's innermost own frame on its stack.
  const text = dump(LEAK_SNAPSHOTS[2]);
  const own = await page.locator('.compare-table .detail-row .stack .frame[data-origin="own"] .fn').first().textContent();
  for (const id of ids) {
    const block = goroutineBlock(text, id);
    expect(block, `goroutine ${id}`).not.toBeNull();
    expect(block).toContain(`${own}(`);
  }
  expect(ids.length).toBeLessThanOrEqual(groundTruth(LEAK_SNAPSHOTS[2]).total_goroutines);
  // The first dump pages its own goroutines, not the last one's.
  const firstDump = breakdown.locator('tbody tr[data-snapshot="0"]');
  if (series[0] > 0) {
    await firstDump.locator('button.show-members').click();
    await expect(firstDump.locator('table.members tbody tr')).toHaveCount(Math.min(20, series[0]));
    const firstIds = await firstDump.locator('table.members tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.goroutine)));
    for (const id of firstIds) expect(goroutineBlock(dump(LEAK_SNAPSHOTS[0]), id)).toContain(`${own}(`);
  }
  await screenshot(page, 'compare-group-snapshots');
});
