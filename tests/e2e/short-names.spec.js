// Rows show short function names (the report's `short`: the program's module prefix
// dropped), the full name on hover and in the opened stack; a setting shows full names.
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { compareLeakSnapshots, openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';

test('goroutine rows: short names, full name on hover, in the stack and by setting', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await page.evaluate(() => localStorage.removeItem('goroseer.fullNames'));
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(SYNC));
  const module = await page.locator('.facts code').first().textContent();
  expect(module).toMatch(/\./);
  await openTab(page, 'goroutines');
  const fn = page.locator('.group-row .group-head .fn').first();
  await expect(fn).toBeVisible();
  const full = await fn.getAttribute('title');
  expect(full.startsWith(`${module}/`)).toBe(true);
  const shown = await fn.textContent();
  // The group's name: its own function, short, and what it waits for.
  expect(shown).toBe(`${full.slice(module.length + 1)} → mutex lock`);
  // Opened: the stack has the full name.
  await fn.click();
  await expect(page.locator('.group-detail .stack .fn', { hasText: full }).first()).toBeVisible();
  // The setting: full names everywhere.
  await page.locator('#full-names').check();
  await expect(page.locator('.group-row .group-head .fn').first()).toHaveText(`${full} → mutex lock`);
  await page.locator('#full-names').uncheck();
  await expect(page.locator('.group-row .group-head .fn').first()).toHaveText(shown);
});

test('compare rows: short names with the full name on hover', async ({ page }) => {
  await page.evaluate(() => localStorage.removeItem('goroseer.fullNames')).catch(() => {});
  await compareLeakSnapshots(page);
  const cells = page.locator('.compare-table tbody tr.clickable td.fn .name');
  await expect(cells.first()).toBeVisible();
  for (const cell of (await cells.all()).slice(0, 5)) {
    const title = await cell.getAttribute('title');
    // The group's name: its function, short, and what it waits for.
    const text = (await cell.textContent()).replace(/ → .*$/, '');
    expect(title.endsWith(text.replace(/ func (\d+)/g, '.func$1'))).toBe(true);
    // A module path (its first element has a dot) is never shown in full.
    if (/^[^/]*\.[^/]*\//.test(title)) expect(text.length).toBeLessThan(title.length);
  }
});

test('group names say what a group is doing: own code and its wait, a server by kind', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await page.evaluate(() => localStorage.removeItem('goroseer.fullNames'));
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump('goroutine-http-keepalive/goroutine.debug2.txt'));
  await openTab(page, 'goroutines');
  const names = page.locator('.group-row .group-head .fn');
  await expect(names.first()).toHaveText('net/http server → netpoll');
  await expect(page.locator('.group-row .group-head .fn', { hasText: 'os/signal.loop → syscall' })).toHaveCount(1);
  await pasteAnywhere(page, dump(SYNC));
  await openTab(page, 'goroutines');
  for (const text of ['internal/jobs.(*Queue).Pop → cond wait', 'internal/config.(*Store).Get → RWMutex read lock']) {
    await expect(page.locator('.group-row .group-head .fn', { hasText: text })).toHaveCount(1);
  }
});
