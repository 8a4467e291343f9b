// View state belongs to the dump it was made on: loading another input starts clean (no
// search, filter or flame highlight left over from the old one, in the controls or in the
// URL hash). An active filter says how much it hides, with a way to clear it, and an empty
// list says why it is empty.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { openTab, pasteAnywhere, shownGroupCount, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
const LEAK = 'goroutine-leak/goroutine.t70s.debug2.txt';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('a search that matches nothing says so and clears in one click', async ({ page }) => {
  await pasteAnywhere(page, dump(SYNC));
  await openTab(page, 'goroutines');
  const summary = page.locator('[data-testid="group-summary"]');
  await expect(summary).toBeVisible();
  const total = Number(await summary.getAttribute('data-total'));
  await page.locator('#group-search').fill('no-such-function-anywhere');
  await expect(summary).toHaveAttribute('data-shown', '0');
  const empty = page.locator('[data-testid="empty-groups"]');
  await expect(empty).toContainText('no-such-function-anywhere');
  const hidden = page.locator('[data-testid="hidden-by-filters"]');
  await expect(hidden).toContainText(`${total} groups hidden by filters`);
  await hidden.getByRole('button', { name: 'clear' }).click();
  await expect.poll(() => shownGroupCount(page)).toBe(total);
  await expect(page.locator('#group-search')).toHaveValue('');
  await expect(hidden).toBeHidden();
  await expect(empty).toBeHidden();
});

test('a filter that hides some groups says how many', async ({ page }) => {
  await pasteAnywhere(page, dump(SYNC));
  await openTab(page, 'goroutines');
  const summary = page.locator('[data-testid="group-summary"]');
  await expect(summary).toBeVisible();
  const total = Number(await summary.getAttribute('data-total'));
  await page.locator('#state-filter').selectOption('sync.Mutex.Lock');
  await expect.poll(async () => Number(await summary.getAttribute('data-shown'))).toBeLessThan(total);
  const shown = Number(await summary.getAttribute('data-shown'));
  await expect(page.locator('[data-testid="hidden-by-filters"]')).toContainText(`${total - shown} group${total - shown === 1 ? '' : 's'} hidden by filters`);
});

test('loading another dump drops the old search, filters and flame highlight', async ({ page }) => {
  const leak = groundTruth(LEAK);
  await pasteAnywhere(page, dump(SYNC));
  await openTab(page, 'charts');
  await page.locator('#flame-search').fill('Reserve');
  await openTab(page, 'goroutines');
  await page.locator('#group-search').fill('Reserve');
  await page.locator('#min-wait').fill('3');
  await page.locator('#min-wait').press('Enter');
  await expect(page).toHaveURL(/q=Reserve/);

  await pasteAnywhere(page, dump(LEAK));
  await expect(page.locator('[data-testid="total"]')).toHaveAttribute('data-value', String(leak.total_goroutines));
  expect(page.url()).not.toMatch(/q=|minWait=|flame=/);
  await openTab(page, 'goroutines');
  await expect(page.locator('#group-search')).toHaveValue('');
  await expect(page.locator('#min-wait')).toHaveValue('');
  const summary = page.locator('[data-testid="group-summary"]');
  await expect(summary).toBeVisible();
  await expect.poll(async () => summary.getAttribute('data-shown')).toBe(await summary.getAttribute('data-total'));
  await expect(page.locator('[data-testid="hidden-by-filters"]')).toBeHidden();
  await openTab(page, 'charts');
  await expect(page.locator('#flame-search')).toHaveValue('');
});

test('a flame highlight that matches no frame says so', async ({ page }) => {
  await pasteAnywhere(page, dump(SYNC));
  await openTab(page, 'charts');
  await page.locator('#flame-search').fill('no-such-function-anywhere');
  const none = page.locator('[data-testid="flame-no-match"]');
  await expect(none).toContainText('no-such-function-anywhere');
  await none.getByRole('button', { name: 'clear' }).click();
  await expect(page.locator('#flame-search')).toHaveValue('');
  await expect(none).toBeHidden();
});
