// The Compare view's first screen at a phone's size (420×800) and at a desktop's
// (1400×900), light and dark: the table of groups by change starts on it, with its first
// rows, and the page does not scroll sideways. Screenshots land in
// tests/e2e/screenshots/compare-first-*.
import { test, expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';
import { dropFiles, LEAK_SNAPSHOTS, waitForAnalyzer } from './page.js';

for (const scheme of ['light', 'dark']) {
  for (const [width, height] of [[420, 800], [1400, 900]]) {
    test(`${width}×${height} ${scheme}: the Compare table's first rows are on the first screen`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto('/');
      await waitForAnalyzer(page);
      await dropFiles(page, LEAK_SNAPSHOTS.map((file) => ({ name: file.split('/').pop(), bytes: dumpBytes(file) })));
      await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
      const rows = page.locator('.compare-table tbody tr[data-group]');
      await expect(rows.first()).toBeVisible();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `tests/e2e/screenshots/compare-first-${width}-${scheme}.png` });
      const bottoms = await rows.evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.getBoundingClientRect().bottom));
      expect(bottoms.length).toBe(2);
      for (const bottom of bottoms) expect(bottom, `row bottoms ${bottoms.join(', ')} in ${height} px`).toBeLessThanOrEqual(height);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide).toBeLessThanOrEqual(width);
      // An opened row (stack, creator path, per-dump table) does not widen the table past
      // its box: a long creator path did, and cut off every row's trend at 420 px.
      await rows.first().click();
      await expect(page.locator('.compare-table .detail-row')).toBeVisible();
      const fit = await page.locator('.compare-table').evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement.clientWidth }));
      expect(fit.table, JSON.stringify(fit)).toBeLessThanOrEqual(fit.box);
      await page.screenshot({ path: `tests/e2e/screenshots/compare-first-${width}-${scheme}-opened.png`, fullPage: true });
    });
  }
}
