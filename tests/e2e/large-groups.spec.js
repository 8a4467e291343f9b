// Exact grouping of the real 100k-goroutine dump: about 100,000 groups (arguments differ),
// which the page does not hold. It shows the first groups at once and asks the worker for
// the others as the list scrolls; filters and search run in wasm over every group, so
// they find groups the page never received; links open groups far down the list.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { dump, dumpBytes, groundTruth } from './corpus.js';
import { dropFiles, openTab, pasteAnywhere, recordProblems, recordWorkerTraffic, shownGroupCount, shownGroups, waitForAnalyzer } from './page.js';

const CRAWLER = 'goroutine-100k-crawler/goroutine.debug2.txt.gz';
const KEEPALIVE = 'goroutine-http-keepalive/goroutine.debug2.txt';
/** Groups in the report the page holds (`PAGE_REPORT` in www/src/analyzer.js). */
const PAGE_REPORT_GROUPS = 100;

const sum = (groups) => groups.reduce((n, g) => n + g.count, 0);

/** Goroutines whose stack (function or file) or creator function contains `needle`, per the ground truth. */
function truthMatching(truth, needle) {
  const has = (text) => text.toLowerCase().includes(needle.toLowerCase());
  return truth.stacks
    .filter((s) => s.frames.some(has) || Object.keys(s.creators).some((c) => has(c.split(' ')[0])))
    .reduce((n, s) => n + s.count, 0);
}

/** The summary line's numbers: `[shown groups, all groups, shown goroutines, all goroutines]`. */
async function summaryNumbers(page) {
  const text = await page.locator('[data-testid="group-summary"]').textContent();
  return (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replaceAll(',', '')));
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(recordWorkerTraffic);
});

test('exact grouping of 100k goroutines: first groups at once, filters and search over every group', async ({ page }) => {
  const truth = groundTruth(CRAWLER);
  const problems = recordProblems(page);
  await page.goto('/#view=goroutines&groupBy=exact');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes: dumpBytes(CRAWLER) }]);
  await expect(page.locator('.group-row').first()).toBeVisible();
  const all = await summaryNumbers(page);
  expect(all[0]).toBeGreaterThan(90_000);
  expect(all).toEqual([all[1], all[1], truth.total_goroutines, truth.total_goroutines]);
  expect(await page.locator('.group-row').count()).toBeLessThan(60);
  // The page was sent a report with a few groups and one page of them, not all 100k
  // (the complete report is ~105 MB of JSON); how fast is `cargo xtask bench`'s business.
  const received = await page.evaluate(() => window.__traffic.filter((m) => m.direction === 'in'));
  expect(Math.max(...received.map((m) => m.bytes))).toBeLessThan(5_000_000);
  expect(received.reduce((n, m) => n + m.groups, 0)).toBeLessThanOrEqual(2 * PAGE_REPORT_GROUPS);

  // Scrolling far down fetches the groups there.
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = list.scrollHeight * 0.6; });
  await expect.poll(async () => Number(await page.locator('.group-row').first().getAttribute('data-index'))).toBeGreaterThan(50_000);
  const deep = await shownGroups(page);
  expect(deep.every((g) => g.count === 1 && g.group > 50_000)).toBe(true);
  const asked = await page.evaluate(() => window.__traffic.filter((m) => m.method === 'groups').map((m) => m.args[0].offset));
  expect(Math.max(...asked)).toBeGreaterThan(50_000);
  expect(asked.length).toBeLessThan(20);

  // A state: its groups lie among all 100k, most beyond the groups the page was sent.
  await page.locator('#state-filter').selectOption('chan receive');
  await expect.poll(async () => (await summaryNumbers(page))[2]).toBe(truth.by_state['chan receive']);
  const inState = await summaryNumbers(page);
  expect(inState[0]).toBe(truth.by_state['chan receive']);
  await page.locator('.group-row .group-head').first().focus();
  await page.keyboard.press('End');
  await expect(page.locator('.group-row').last()).toHaveAttribute('data-state', 'chan receive');
  const lastId = Number(await page.locator('.group-row').last().getAttribute('data-group'));
  expect(lastId).toBeGreaterThanOrEqual(PAGE_REPORT_GROUPS);
  await page.locator('#state-filter').selectOption('');

  // Search (any case) by function, and by file, over every group.
  for (const needle of ['(*crawler).FETCH', 'waitgroup.go']) {
    await page.locator('#group-search').fill(needle);
    await expect.poll(async () => (await summaryNumbers(page))[2]).toBe(truthMatching(truth, needle));
  }
  await page.locator('#group-search').fill('acquire');
  await expect.poll(async () => (await summaryNumbers(page))[2]).toBe(truthMatching(truth, 'acquire'));
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await expect.poll(async () => Number(await page.locator('.group-row').last().getAttribute('data-group'))).toBe(all[1] - 1);
  await page.locator('#group-search').fill('no such function anywhere');
  await expect.poll(async () => shownGroupCount(page)).toBe(0);
  expect(problems).toEqual([]);
});

test('exact grouping: a link to a group far down the list opens it, and its creator link works', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes: dumpBytes(CRAWLER) }]);
  await expect(page.locator('[data-testid="total"]')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => { location.hash = 'view=goroutines&groupBy=exact&group=99000'; });
  const row = page.locator('.group-row[data-group="99000"]');
  await expect(row).toHaveClass(/expanded/, { timeout: 30_000 });
  await expect(row.locator('table.members tbody tr')).toHaveCount(1);
  const creator = row.locator('.creator-link').first();
  await expect(creator).toBeVisible();
  const target = await creator.getAttribute('data-group');
  await creator.click();
  await expect(page.locator(`.group-row[data-group="${target}"]`)).toHaveClass(/expanded/);
  expect(page.url()).toContain(`group=${target}`);
});

test('exact grouping beyond the page report: overview, Markdown and JSON count every group', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const truth = groundTruth(KEEPALIVE);
  await page.goto('/#groupBy=exact');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(KEEPALIVE));
  await expect(page.locator('[data-testid="total"]')).toBeVisible();
  const overviewGroups = page.locator('.fact', { has: page.locator('.label', { hasText: /^groups$/ }) }).locator('strong');
  const shownInOverview = Number((await overviewGroups.textContent()).replaceAll(',', ''));
  await openTab(page, 'goroutines');
  const [groups, allGroups, goroutines] = await summaryNumbers(page);
  expect(groups).toBe(allGroups);
  expect(groups).toBeGreaterThan(PAGE_REPORT_GROUPS);
  expect(goroutines).toBe(truth.total_goroutines);
  expect(shownInOverview).toBe(groups);

  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain(`in ${groups} groups`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-json').click()]);
  await expect(page.locator('.exports [role="status"]')).toHaveText('JSON saved');
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const saved = report.profiles[0].goroutines;
  // The complete report, as `goroseer --json` prints it: every group, no paging fields.
  expect(saved.groups).toHaveLength(groups);
  expect(sum(saved.groups)).toBe(truth.total_goroutines);
  expect(saved.groupsTotal).toBeUndefined();
  expect(saved.groupBy).toBe('exact');
});
