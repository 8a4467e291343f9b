// The incident summary leads the Overview and the Markdown export: on the dump of a
// service whose DB pool, redis pool and price-cache mutex are all saturated
// (tests/fixtures/gen/bottleneck, ground truth written by the program itself).
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { repoRoot } from './corpus.js';
import { pasteAnywhere, recordProblems, screenshot, waitForAnalyzer } from './page.js';

const fixture = (name) => fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bottleneck', name), 'utf8');
const truth = JSON.parse(fixture('service.truth.json'));

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('the incident summary comes first and ranks the bottlenecks the program built', async ({ page }) => {
  const problems = recordProblems(page);
  await pasteAnywhere(page, fixture('service.goroutine.debug2.txt'));
  const summary = page.locator('[data-testid="incident-summary"]');
  await expect(summary).toBeVisible();
  // First on the Overview, above the dump's facts and cards.
  expect(await summary.evaluate((node) => node.parentElement.firstElementChild === node)).toBe(true);
  await expect(summary.locator('~ .facts')).toHaveCount(1);
  const text = await summary.locator('.incident-text').textContent();
  const affected = truth.bottlenecks.map((b) => b.waiters + b.holders);
  const sum = affected.reduce((a, b) => a + b, 0);
  expect(text).toMatch(new RegExp(`^${truth.bottlenecks.length} bottlenecks hold ${sum} of ${truth.goroutines} goroutines: `));
  // Ranked by goroutines affected: the order the program's numbers give.
  const ranked = [...truth.bottlenecks].sort((a, b) => (b.waiters + b.holders) - (a.waiters + a.holders));
  const items = summary.locator('.incident-findings li');
  await expect(items).toHaveCount(ranked.length);
  for (const [i, b] of ranked.entries()) {
    const short = b.resource.slice(b.resource.lastIndexOf('/') + 1);
    await expect(items.nth(i)).toContainText(`${b.waiters} goroutines wait for the`);
    await expect(items.nth(i)).toContainText(short);
    // Each holder function and the most affected label are in the sentence.
    expect(text).toContain(b.holderFunction.slice(b.holderFunction.lastIndexOf('/') + 1));
    const [value, n] = Object.entries(b.waiterLabels.route).sort((x, y) => y[1] - x[1])[0];
    expect(text).toContain(`route=${value} ${n}`);
  }
  await screenshot(page, 'incident-summary-1400');
  // The top of the page, for the README.
  await page.screenshot({ path: 'tests/e2e/screenshots/incident-summary-top.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'incident-summary-420-dark');

  // A ranked finding opens the Goroutines view filtered to its goroutines.
  await page.setViewportSize({ width: 1400, height: 900 });
  await items.first().locator('button.link').click();
  await expect(page.locator('[data-testid="annotation-filter"]')).toContainText(`${ranked[0].waiters} goroutines wait for the`);
  expect(page.url()).toMatch(/annotation=\d+/);
  expect(problems).toEqual([]);
});

test('the Markdown export leads with the incident summary', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await pasteAnywhere(page, fixture('service.goroutine.debug2.txt'));
  const text = await page.locator('[data-testid="incident-summary"] .incident-text').textContent();
  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('## goroseer summary');
  // Markdown specials in the sentence are escaped; unescaped it is the page's sentence.
  expect(lines[2].replace(/^\*\*|\*\*$/g, '').replace(/\\(.)/g, '$1')).toBe(text);
});
