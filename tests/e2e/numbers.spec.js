// One voice for numbers: a value reads the same in Overview, Compare and the Markdown
// export, and the export says what it leaves out instead of silently cutting tables.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { compareLeakSnapshots, pasteAnywhere, shownTotal, waitForAnalyzer } from './page.js';

const MISC = 'goroutine-misc-states/goroutine.debug2.txt';

async function copiedMarkdown(page) {
  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  return page.evaluate(() => navigator.clipboard.readText());
}

test('Markdown export says how many groups and states it leaves out', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForAnalyzer(page);
  const truth = groundTruth(MISC);
  await pasteAnywhere(page, dump(MISC));
  await shownTotal(page);
  const groups = Number(await page.locator('.fact', { hasText: 'groups' }).locator('strong').textContent());
  const markdown = await copiedMarkdown(page);
  const rows = markdown.split('\n').filter((line) => /^\| [\d,]+ \|/.test(line));
  expect(groups).toBeGreaterThan(rows.length);
  expect(markdown).toContain(`${groups - rows.length} more group${groups - rows.length === 1 ? '' : 's'}`);
  // Every state is listed, or the rest counted.
  const states = Object.keys(truth.by_state);
  const stateLine = markdown.split('\n').find((line) => line.startsWith('- states:'));
  const listed = states.filter((s) => stateLine.includes(`\`${s}\``)).length;
  if (listed < states.length) expect(stateLine).toContain(`${states.length - listed} more`);
  expect(markdown).not.toMatch(/\b1 goroutines\b|\b1 groups\b|\b1 dumps\b/);
});

test('a growth rate reads the same in the finding and in the Compare table', async ({ page }) => {
  await compareLeakSnapshots(page);
  const finding = page.locator('.view-compare .annotation').first();
  await expect(finding).toBeVisible();
  const rate = (await finding.locator('.evidence-row[data-unit="goroutines_per_minute"] dd').first().textContent()).trim();
  const group = await finding.locator('.targets button[data-group]').first().getAttribute('data-group');
  const trend = await page.locator(`.compare-table tr[data-group="${group}"] td.trend`).textContent();
  expect(trend).toContain(rate);
  // Totals: the Overview's count and the Compare line agree on the format.
  const last = (await page.locator('.view-compare .headline strong').textContent()).trim().split(' → ').pop();
  expect(last).toMatch(/^\d{1,3}(,\d{3})*$/);
  await expect(page.locator('.view-compare')).not.toContainText(/across 1 dumps|\b1 goroutines\b/);
});
