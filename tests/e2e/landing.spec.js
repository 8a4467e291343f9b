// Where the page lands and where focus goes: a crash pins its crashed goroutine first in Goroutines, Enter on a tab keeps the focus
// on the tabs (not <body>), and a focused row shows a clear ring.
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('a crash pins the crashed goroutine first in Goroutines, marked', async ({ page }) => {
  await pasteAnywhere(page, dump('panics/nil-deref.stderr.txt'));
  const link = page.locator('.crashed-group-link');
  await expect(link).toBeVisible();
  const group = await link.getAttribute('data-group');
  await openTab(page, 'goroutines');
  const pinned = page.locator('[data-testid="crashed-pin"]');
  await expect(pinned).toBeVisible();
  await expect(pinned).toContainText('crashed');
  // It comes before the list and opens the crashed goroutine's group.
  const before = await page.evaluate(() => {
    const pin = document.querySelector('[data-testid="crashed-pin"]');
    const list = document.querySelector('.vlist');
    return Boolean(pin.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(before).toBe(true);
  await pinned.getByRole('button').click();
  await expect(page.locator(`.group-row[data-group="${group}"]`)).toHaveClass(/expanded/);
  await expect(page.locator(`.group-row[data-group="${group}"] .tag.crashed`)).toBeVisible();
});

test('Enter on a tab keeps the focus on the tabs; a focused row has a visible ring', async ({ page }) => {
  await pasteAnywhere(page, dump('goroutine-sync-contention/goroutine.debug2.txt'));
  await expect(page.locator('.view-overview')).toBeVisible();
  await page.locator('[role="tab"][data-view="overview"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.view-goroutines')).toBeVisible();
  await page.locator('[role="tab"][data-view="charts"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.view-charts')).toBeVisible();
  const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, view: document.activeElement.dataset.view }));
  expect(focused).toEqual({ tag: 'BUTTON', view: 'charts' });
  await openTab(page, 'goroutines');
  const head = page.locator('.group-row .group-head').first();
  await head.focus();
  await page.keyboard.press('ArrowDown');
  // The row that has the focus now (the virtual list may have re-rendered its rows).
  await expect(page.locator('.vlist .group-row .group-head:focus')).toHaveCount(1);
  await expect(head).not.toBeFocused();
  const ring = await page.evaluate(() => {
    const node = document.activeElement;
    const style = getComputedStyle(node);
    const list = node.closest('.vlist').getBoundingClientRect();
    const box = node.getBoundingClientRect();
    // The ring is drawn inside the row, so the scrolling list does not clip it.
    return { width: parseFloat(style.outlineWidth), style: style.outlineStyle, offset: parseFloat(style.outlineOffset), inside: box.left >= list.left };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  expect(ring.offset).toBeLessThan(0);
});
