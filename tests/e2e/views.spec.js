// Each view on real dumps: Overview (annotations link to groups), Goroutines (filters,
// grouping, expand/collapse, members, creator link), Heap, Contention, Charts and the
// flame graph. Screenshots of each land in tests/e2e/screenshots for people to look at.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import {
  openExample, openTab, pasteAnywhere, screenshot, shownGroupCount, shownGroups,
  shownTotal, waitForAnalyzer,
} from './page.js';

const LEAK = 'goroutine-leak/goroutine.t70s.debug2.txt';
const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';
const LABELS = 'goroutine-labels/goroutine.debug2.txt';
const HEAP = 'heap-memprofilerate1/heap.debug1.txt';
const MUTEX = 'block-mutex/mutex.debug1.txt';

const sum = (groups) => groups.reduce((n, g) => n + g.count, 0);

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('overview: annotations by severity, each linking to its groups', async ({ page }) => {
  await pasteAnywhere(page, dump(SYNC));
  await shownTotal(page);
  // The findings themselves, not those merged into one ("also found by"), which keep
  // their own severities inside their card.
  const annotations = page.locator('.annotation:not(details.merged-findings .annotation)');
  expect(await annotations.count()).toBeGreaterThan(0);
  const severities = await annotations.evaluateAll((nodes) => nodes.map((n) => n.dataset.severity));
  const rank = { critical: 0, warning: 1, info: 2 };
  expect(severities).toEqual([...severities].sort((a, b) => rank[a] - rank[b]));
  await screenshot(page, 'overview');
  const link = page.locator('.annotation .targets button').first();
  const group = Number(await link.getAttribute('data-group'));
  await link.click();
  await expect(page.locator('.view-goroutines')).toBeVisible();
  const row = page.locator(`.group-row[data-group="${group}"]`);
  await expect(row).toHaveClass(/expanded/);
  expect(page.url()).toContain(`group=${group}`);
});

test('overview: a crash shows its panic message', async ({ page }) => {
  await openExample(page, 'nil-deref');
  await expect(page.locator('.crash .panic .message')).toHaveText('runtime error: invalid memory address or nil pointer dereference');
});

test('goroutines: groups by count, state filter and minimum wait match the ground truth', async ({ page }) => {
  const truth = groundTruth(LEAK);
  await pasteAnywhere(page, dump(LEAK));
  await shownTotal(page);
  await openTab(page, 'goroutines');
  const all = await shownGroups(page);
  expect(sum(all)).toBe(truth.total_goroutines);
  expect(all.map((g) => g.count)).toEqual([...all.map((g) => g.count)].sort((a, b) => b - a));
  await screenshot(page, 'goroutines');

  await page.locator('#state-filter').selectOption('chan send');
  await expect.poll(async () => sum(await shownGroups(page))).toBe(truth.by_state['chan send']);
  await page.locator('#state-filter').selectOption('');

  // Groups waiting at least a minute: every goroutine counted with minutes ≥ 1 is in one.
  await page.locator('#min-wait').fill('1');
  await page.locator('#min-wait').dispatchEvent('change');
  const waiting = Object.entries(truth.by_state_and_minutes)
    .filter(([key]) => Number(key.split('|')[1]) >= 1).reduce((n, [, c]) => n + c, 0);
  await expect.poll(async () => (await shownGroups(page)).length).toBeLessThan(all.length);
  expect(sum(await shownGroups(page))).toBeGreaterThanOrEqual(waiting);
});

test('goroutines: search by function, file and label; hide runtime-internal', async ({ page }) => {
  const truth = groundTruth(LABELS);
  await pasteAnywhere(page, dump(LABELS));
  await shownTotal(page);
  await openTab(page, 'goroutines');
  // Ground truth keys look like `{handler: /api/orders, tenant: globex}`; the page
  // shows and searches labels as `key=value`.
  const [label, labelCount] = Object.entries(truth.by_labels).find(([key]) => key.includes('globex'));
  const pair = label.replace(/^\{|\}$/g, '').split(/,\s*/)[1].replace(': ', '=');
  await page.locator('#group-search').fill(pair);
  await expect.poll(async () => sum(await shownGroups(page))).toBe(labelCount);
  await expect(page.locator('.group-row .chip', { hasText: pair }).first()).toBeVisible();

  await page.locator('#group-search').fill('main.go');
  await expect.poll(async () => (await shownGroups(page)).length).toBeGreaterThan(0);
  await page.locator('#group-search').fill('no such function anywhere');
  await expect.poll(async () => shownGroupCount(page)).toBe(0);
  await page.locator('#group-search').fill('');
  await expect(page.locator('[data-testid="group-summary"]')).toContainText(`${truth.total_goroutines} of ${truth.total_goroutines} goroutines`);

  // The goroutine writing the dump is the runtime's business: hidden on request.
  const before = await shownGroupCount(page);
  await page.locator('#hide-runtime').check();
  await expect.poll(async () => shownGroupCount(page)).toBeLessThan(before);
  expect(await page.locator('.group-row', { hasText: 'debugdump' }).count()).toBe(0);
});

test('goroutines: typing a search filters as it goes and keeps the field and its text', async ({ page }) => {
  const truth = groundTruth(LABELS);
  await pasteAnywhere(page, dump(LABELS));
  await shownTotal(page);
  await openTab(page, 'goroutines');
  const [, globex] = Object.entries(truth.by_labels).find(([key]) => key.includes('globex'));
  await page.locator('#group-search').click();
  // Slower than the search's debounce, so the list filters between keystrokes.
  await page.keyboard.type('tenant=glo', { delay: 200 });
  await expect(page.locator('#group-search')).toBeFocused();
  await expect(page.locator('#group-search')).toHaveValue('tenant=glo');
  await expect.poll(async () => sum(await shownGroups(page))).toBe(globex);
});

test('goroutines: grouping level switch regroups in the worker', async ({ page }) => {
  await pasteAnywhere(page, dump(SYNC));
  const total = await shownTotal(page);
  await openTab(page, 'goroutines');
  const byLines = await shownGroupCount(page);
  await page.locator('#group-by').selectOption('top:1');
  await expect.poll(async () => shownGroupCount(page)).toBeLessThanOrEqual(byLines);
  expect(sum(await shownGroups(page))).toBe(total);
  await page.locator('#group-by').selectOption('exact');
  await expect.poll(async () => shownGroupCount(page)).toBeGreaterThanOrEqual(byLines);
  expect(page.url()).toContain('groupBy=exact');
});

test('goroutines: expand shows the stack by origin, members paged, creator link; collapse hides', async ({ page }) => {
  await pasteAnywhere(page, dump(LEAK));
  await shownTotal(page);
  await openTab(page, 'goroutines');
  const first = page.locator('.group-row').first();
  const head = first.locator('.group-head');
  await head.click();
  await expect(head).toHaveAttribute('aria-expanded', 'true');
  await expect(first.locator('.stack .frame').first()).toBeVisible();
  const origins = await first.locator('.stack .frame').evaluateAll((nodes) => nodes.map((n) => n.dataset.origin));
  expect(origins).toContain('own');
  await expect(first.locator('table.members tbody tr')).toHaveCount(20);
  await first.locator('.more-members').click();
  await expect(first.locator('table.members tbody tr')).toHaveCount(40);
  const ids = await first.locator('table.members tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.goroutine));
  expect(new Set(ids).size).toBe(40);
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = 0; });
  await screenshot(page, 'goroutines-expanded');

  const creator = first.locator('.creator-link').first();
  await expect(creator).toBeVisible();
  const target = await creator.getAttribute('data-group');
  await creator.click();
  await expect(page.locator(`.group-row[data-group="${target}"]`)).toHaveClass(/expanded/);

  await page.locator(`.group-row[data-group="${target}"] .group-head`).click();
  await expect(page.locator(`.group-row[data-group="${target}"] .group-detail`)).toHaveCount(0);
});

test('goroutines: keyboard moves between groups and opens them', async ({ page }) => {
  await pasteAnywhere(page, dump(LEAK));
  await shownTotal(page);
  await openTab(page, 'goroutines');
  await page.locator('.group-row .group-head').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('.group-row').nth(1).locator('.group-head')).toHaveAttribute('aria-expanded', 'true');
});

test('goroutines: 10,000 groups render only the rows in view', async ({ page }) => {
  // One real goroutine of the leak dump, repeated with a different line each time, so
  // every copy is its own group.
  const block = dump(LEAK).split('\n\n').find((b) => b.includes('fetch.go:22'));
  const copies = Array.from({ length: 10_000 }, (_, i) =>
    block.replace(/^goroutine \d+/, `goroutine ${i + 1}`).replace('fetch.go:22', `fetch.go:${i + 1}`));
  await pasteAnywhere(page, `${copies.join('\n\n')}\n`);
  expect(await shownTotal(page)).toBe(10_000);
  await openTab(page, 'goroutines');
  expect(await shownGroupCount(page)).toBe(10_000);
  expect(await page.locator('.group-row').count()).toBeLessThan(100);
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = list.scrollHeight / 2; });
  await expect.poll(async () => Number(await page.locator('.group-row').first().getAttribute('data-index'))).toBeGreaterThan(2_500);
  expect(await page.locator('.group-row').count()).toBeLessThan(100);
});

test('heap: by function, records sortable, samples and MemStats', async ({ page }) => {
  const truth = groundTruth(HEAP);
  await pasteAnywhere(page, dump(HEAP));
  await expect(page.locator('.profile[data-kind="heap"]')).toBeVisible();
  await openTab(page, 'heap');
  await expect(page.locator('table.data tbody tr').first()).toBeVisible();
  await screenshot(page, 'heap');
  await page.locator('#heap-table').selectOption('records');
  await expect(page.locator('.table-slot table.data tbody tr')).toHaveCount(truth.records);
  // Sorted by in-use bytes, largest first; one click on the header reverses it.
  const column = () => page.locator('.table-slot table.data tbody tr td:nth-child(2)').allTextContents();
  const header = page.locator('button.sort[data-column="inuse_space"]');
  await expect(header).toContainText('▼');
  await header.click();
  await expect(page.locator('button.sort[data-column="inuse_space"]')).toContainText('▲');
  expect((await column())[0]).toMatch(/^0 B$|^−/);
  await page.locator('#heap-sample').selectOption('alloc_objects');
  await expect(page.locator('button.sort[data-column="alloc_objects"]')).toContainText('▼');
  const derived = page.locator('.memstats dt');
  expect(await derived.count()).toBeGreaterThan(5);
  await expect(page.locator('.memstats')).toContainText('live heap');
});

test('contention: mutex profile totals and records', async ({ page }) => {
  const truth = groundTruth(MUTEX);
  await pasteAnywhere(page, dump(MUTEX));
  await openTab(page, 'contention');
  await expect(page.locator('.view-contention .facts')).toContainText(`${truth.contentions_as_pprof_reads_text} contentions`);
  await expect(page.locator('.view-contention table.data').last().locator('tbody tr')).toHaveCount(truth.records);
  // The by-function table sorts by its headers too.
  const byFunction = page.locator('.view-contention table.data').first();
  await byFunction.locator('button.sort[data-column="cum"]').click();
  await expect(byFunction.locator('button.sort[data-column="cum"]')).toContainText('▼');
  const cums = await byFunction.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(cums.length).toBeGreaterThan(1);
  await screenshot(page, 'contention');
});

test('charts: state and wait histograms, flame graph zoom and search', async ({ page }) => {
  const truth = groundTruth(SYNC);
  await pasteAnywhere(page, dump(SYNC));
  await shownTotal(page);
  await openTab(page, 'charts');
  const bars = page.locator('[data-testid="state-chart"] rect');
  await expect(bars).toHaveCount(Object.keys(truth.by_state).length);
  await expect(page.locator('[data-testid="wait-chart"] rect').first()).toBeVisible();
  const canvas = page.locator('canvas.flame-canvas');
  await expect(canvas).toHaveAttribute('data-nodes', /[1-9]/);
  await screenshot(page, 'charts');
  // Click the first frame under "all" (the heaviest caller, at the left): zoom into it.
  await canvas.click({ position: { x: 8, y: 30 } });
  await expect(canvas).not.toHaveAttribute('data-focus', '');
  await page.keyboard.press('Escape');
  await expect(canvas).toHaveAttribute('data-focus', '');
  await page.locator('#flame-search').fill('Mutex');
  await expect(canvas).toHaveAttribute('data-matches', /[1-9]/);
  await page.locator('#flame-search').fill('no such function anywhere');
  await expect(canvas).toHaveAttribute('data-matches', '0');
});

test('charts: heap flame graph by bytes', async ({ page }) => {
  await pasteAnywhere(page, dump(HEAP));
  await openTab(page, 'charts');
  await expect(page.locator('canvas.flame-canvas')).toHaveAttribute('data-nodes', /[1-9]/);
  await expect(page.locator('#flame-sample')).toHaveValue('inuse_space');
});
