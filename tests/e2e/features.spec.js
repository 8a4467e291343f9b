// Export (Markdown, JSON), themes, view state in the URL hash, source links.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dump, groundTruth } from './corpus.js';
import { openExample, openTab, pasteAnywhere, screenshot, shownTotal, waitForAnalyzer } from './page.js';
import { LEGACY_PREFIX } from '../../www/src/stored-setting.js';

const LEAK = 'goroutine-leak/goroutine.t70s.debug2.txt';

test('Copy Markdown puts a ticket-ready summary on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(LEAK));
  const total = await shownTotal(page);
  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain('## goroseer summary');
  expect(markdown).toContain(`**${total.toLocaleString('en-US')} goroutines**`);
  expect(markdown).toMatch(/\| 696 \| `chan send` \|/);
});

test('Download JSON saves the report', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(LEAK));
  await shownTotal(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-json').click()]);
  expect(download.suggestedFilename()).toBe('goroseer-report.json');
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(report.profiles[0].goroutines.total).toBe(groundTruth(LEAK).total_goroutines);
  expect(report.profiles[0].goroutines.states).toEqual(groundTruth(LEAK).by_state);
});

test('the theme follows the system, the toggle overrides it and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#example=leak&view=charts');
  await waitForAnalyzer(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect.poll(background).toBe('rgb(14, 17, 22)');
  await expect(page.locator('canvas.flame-canvas')).toHaveAttribute('data-nodes', /[1-9]/);
  await screenshot(page, 'charts-dark');
  await page.locator('#theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(background).toBe('rgb(246, 247, 249)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.locator('#theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).toBe('rgb(14, 17, 22)');
});

test('the URL hash keeps the view state, never dump data', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  await openExample(page, 'leak');
  await openTab(page, 'goroutines');
  await page.locator('#group-search').fill('Subscriber');
  await expect.poll(() => page.url()).toContain('q=Subscriber');
  await page.locator('#state-filter').selectOption('chan receive');
  const hash = new URL(page.url()).hash;
  expect(hash).toContain('view=goroutines');
  expect(hash).toContain('state=chan+receive');
  // Nothing from the dump besides what the user typed or picked.
  expect(hash).not.toMatch(/acme|notifier|goroutine%20|\.go/);

  // Opening that hash (with an example to show) restores the view and its filters.
  await page.goto(`/${hash}&example=leak`);
  await expect(page.locator('.view-goroutines')).toBeVisible();
  await expect(page.locator('#group-search')).toHaveValue('Subscriber');
  await expect(page.locator('#state-filter')).toHaveValue('chan receive');
  await expect(page.locator('.group-row')).toHaveCount(1);
});

test('source links: a URL template with a path prefix turns frames into links', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  await page.locator('#settings summary').click();
  await page.locator('#link-template').fill('https://example.com/acme/notifier/blob/v1.2.3/{path}#L{line}');
  await page.locator('#link-mappings').fill('/app/notifier/ => ');
  await page.locator('#source-links button[type="submit"]').click();
  await openExample(page, 'leak');
  await openTab(page, 'goroutines');
  const row = page.locator('.group-row', { hasText: 'FetchWithTimeout func 1' });
  await row.locator('.group-head').click();
  const link = row.locator('.stack a.where').first();
  await expect(link).toHaveAttribute('href', 'https://example.com/acme/notifier/blob/v1.2.3/internal/upstream/fetch.go#L22');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // Kept in this browser: still there after a reload.
  await page.reload();
  await expect(page.locator('#link-template')).toHaveValue('https://example.com/acme/notifier/blob/v1.2.3/{path}#L{line}');
});

test('settings saved under the old name (goroseer was renamed) are moved to the new keys', async ({ page }) => {
  const template = 'https://example.com/acme/notifier/blob/v1.2.3/{path}#L{line}';
  await page.goto('/');
  await page.evaluate(({ prefix, template }) => {
    localStorage.clear();
    localStorage.setItem(`${prefix}sourceLinks`, JSON.stringify({ template, mappings: [{ from: '/app/', to: '' }] }));
    localStorage.setItem(`${prefix}theme`, 'dark');
  }, { prefix: LEGACY_PREFIX, template });
  await page.reload();
  await waitForAnalyzer(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.locator('#settings summary').click();
  await expect(page.locator('#link-template')).toHaveValue(template);
  const stored = await page.evaluate((prefix) => ({
    old: [localStorage.getItem(`${prefix}sourceLinks`), localStorage.getItem(`${prefix}theme`)],
    links: JSON.parse(localStorage.getItem('goroseer.sourceLinks')),
    theme: localStorage.getItem('goroseer.theme'),
  }), LEGACY_PREFIX);
  expect(stored.old).toEqual([null, null]);
  expect(stored.links.template).toBe(template);
  expect(stored.theme).toBe('dark');
});
