// Several dumps of one program dropped together: the Compare tab shows growth first.
import { test, expect } from '@playwright/test';
import { groundTruth } from './corpus.js';
import { LEAK_SNAPSHOTS, compareLeakSnapshots, screenshot } from './page.js';


test('three snapshots of a leaking program: totals per dump, growth annotations, groups by change', async ({ page }) => {
  await compareLeakSnapshots(page);
  const totals = LEAK_SNAPSHOTS.map((name) => groundTruth(name).total_goroutines.toLocaleString('en-US'));
  await expect(page.locator('.view-compare .headline')).toContainText(totals.join(' → '));
  await expect(page.locator('.view-compare .annotation[data-rule="goroutine-growth"]').first()).toBeVisible();
  // Largest change first, and it grew.
  const first = page.locator('.compare-table tbody tr[data-group]').first();
  await expect(first).toHaveAttribute('data-change', 'grew');
  await first.click();
  await expect(page.locator('.compare-table .detail-row .stack .frame').first()).toBeVisible();
  await screenshot(page, 'compare');
  // An annotation's link (one click opens the compact finding) opens the group it is about.
  await page.locator('.view-compare .annotation summary.annotation-head').first().click();
  const link = page.locator('.view-compare .annotation .targets button').first();
  const group = await link.getAttribute('data-group');
  await link.click();
  await expect(page.locator(`.compare-table tr[data-group="${group}"] .row-toggle`)).toHaveAttribute('aria-expanded', 'true');
});
