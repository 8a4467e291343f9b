// A debug=1 goroutine profile lists each stack once with its count (no ids, states or
// waits): the Goroutines view shows such a record as one stack with a count — no empty
// state and wait columns squeezing the function name, label chips whole, and an opened
// record that does not pretend to list goroutines.
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

const DEBUG1 = 'goroutine-labels/goroutine.debug1.txt';

for (const width of [1280, 420]) {
  test(`debug=1 records at ${width} px: a stack with a count`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await waitForAnalyzer(page);
    await pasteAnywhere(page, dump(DEBUG1));
    await openTab(page, 'goroutines');
    const head = page.locator('.group-row .group-head').first();
    await expect(head).toBeVisible();
    // No state or wait cells: the dump has none.
    await expect(head.locator('.badge, .wait')).toHaveCount(0);
    // The function name is shown whole (the short name fits either width).
    const fn = head.locator('.fn');
    const cut = await fn.evaluate((node) => node.scrollWidth > node.clientWidth + 1);
    if (width > 1000) expect(cut, 'function name cut at 1280 px').toBe(false);
    // Each label chip on one line: never broken mid-word.
    const chips = page.locator('.group-row .group-head .chip');
    expect(await chips.count()).toBeGreaterThan(0);
    for (const lines of await chips.evaluateAll((nodes) => nodes.map((n) => n.getClientRects().length
      && Math.round(n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight))))) {
      expect(lines).toBe(1);
    }
    // Opened: the record's count and stack, not "Goroutines (1 of 30 shown)" with id "—".
    await head.click();
    const detail = page.locator('.group-detail').first();
    await expect(detail.locator('.stack .frame').first()).toBeVisible();
    await expect(detail.locator('[data-testid="record-note"]')).toContainText('30 goroutines');
    await expect(detail).not.toContainText(/of \d+ shown/);
    await expect(detail.locator('table.members')).toHaveCount(0);
  });
}
