// Annotations on the Overview: evidence laid out to be read (one fact a row, lists of
// objects as tables, every dump string as text), and an annotation about many groups —
// 100k with exact grouping — linked to all of them although the page's report lists only
// the largest (`groupsTotal`, docs/json.md *Group pages*).
import { test, expect } from '@playwright/test';
import { dump, dumpBytes, groundTruth } from './corpus.js';
import { dropFiles, pasteAnywhere, recordProblems, recordWorkerTraffic, screenshot, waitForAnalyzer } from './page.js';

const CRAWLER = 'goroutine-100k-crawler/goroutine.debug2.txt.gz';
/** Links to single groups an annotation shows (`GROUP_LINKS` in www/src/overview-view.js). */
const GROUP_LINKS = 12;

/** The summary line's numbers: `[shown groups, all groups, shown goroutines, all goroutines]`. */
async function summaryNumbers(page) {
  const text = await page.locator('[data-testid="group-summary"]').textContent();
  return (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replaceAll(',', '')));
}

/** Every evidence row of `annotation`: does its value start right of its key (never under it)? */
async function valuesBesideKeys(annotation) {
  return annotation.locator('.evidence-row').evaluateAll((rows) => rows.map((row) => {
    const key = row.querySelector('dt').getBoundingClientRect();
    const value = row.querySelector('dd').getBoundingClientRect();
    return { key: row.dataset.key, beside: value.left >= key.right - 0.5 && value.top < key.bottom };
  }));
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('evidence: a crash\'s panics as a table, each fact on its own row', async ({ page }) => {
  await pasteAnywhere(page, dump('panics/nested-panics.stderr.txt'));
  const annotation = page.locator('.annotation[data-rule="panic"]');
  await expect(annotation).toBeVisible();
  // The panics the crash box lists, one table row each, in order, with their flags as words.
  const printed = await page.locator('.crash .panic .message').allTextContents();
  expect(printed.length).toBeGreaterThan(1);
  const table = annotation.locator('.evidence-row[data-key="panics"] table');
  await expect(table.locator('thead th')).toHaveText(['message', 'recovered', 'panicked again']);
  expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual(printed);
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText(/^(yes|no)$/);
  // No `key=value` run-on text, and every value starts beside its key.
  await expect(annotation.locator('.evidence')).not.toContainText('message=');
  for (const row of await valuesBesideKeys(annotation)) expect(row).toEqual({ key: row.key, beside: true });
  // The failing frame is one location: its function, then its file and line.
  await expect(annotation.locator('.evidence-row[data-key="site"] dd')).toHaveText(/^\S+ \S+\/main\.go:\d+$/);
  await expect(annotation.locator('.evidence-row[data-key="line"]')).toHaveCount(0);
  await screenshot(page, 'annotation-evidence-nested-panics');
});

test('evidence: likely lock holders as a table whose group links open the holder', async ({ page }) => {
  await pasteAnywhere(page, dump('goroutine-sync-contention/goroutine.debug2.txt'));
  // mutex-contention is about the same goroutines as the mutex's bottleneck finding: it
  // is folded into that card, under "also found by".
  const merged = page.locator('.annotation[data-rule="bottleneck"] details.merged-findings').first();
  await merged.locator(':scope > summary').click();
  const annotation = merged.locator('.annotation[data-rule="mutex-contention"]');
  const table = annotation.locator('.evidence-row[data-key="likelyHolders"] table');
  await expect(table.locator('thead th')).toHaveText(['call site', 'state', 'goroutines', 'group']);
  const holder = table.locator('tbody tr').first();
  await expect(holder.locator('td[data-key="site"] code')).toHaveText(/\.\(\*Store\)\.Rebuild$/);
  await expect(holder.locator('td[data-key="site"] .where')).toHaveText(/^store\.go:\d+$/);
  await expect(holder.locator('td[data-key="goroutines"]')).toHaveText(/^[\d,]+ goroutines?$/);
  // Shares read as percent, labels as the core wrote them.
  await expect(annotation.locator('.evidence-row[data-key="share"] dd')).toHaveText(/^\d+(\.\d)?%$/);
  await expect(annotation.locator('.evidence-row[data-key="site"] dt')).toHaveText('call site');
  for (const row of await valuesBesideKeys(annotation)) expect(row).toEqual({ key: row.key, beside: true });
  await screenshot(page, 'annotation-evidence-sync-contention');

  // Keyboard: the holder's group link is a button reached with Tab and pressed with Enter.
  const link = holder.locator('button.link');
  const group = await link.getAttribute('data-group');
  await link.focus();
  await page.keyboard.press('Enter');
  const row = page.locator(`.group-row[data-group="${group}"]`);
  await expect(row).toHaveClass(/expanded/);
  await expect(row.locator('.group-detail')).toContainText('Rebuild');
});

test('evidence: heap bytes in IEC units as the title says them, exact on hover; lists one item a line', async ({ page }) => {
  await pasteAnywhere(page, dump('heap-default-rate/heap.debug1.txt'));
  const retainer = page.locator('.annotation[data-rule="heap-top-retainer"]');
  const bytes = retainer.locator('.evidence-row[data-key="inuseBytes"] dd');
  await expect(bytes).toHaveText(/^\d+\.\d+ MiB$/);
  await expect(bytes).toHaveAttribute('title', /^[\d,]+ B$/);
  // The title says the same figure the same way.
  await expect(retainer.locator('.title')).toContainText(await bytes.textContent());
  await screenshot(page, 'annotation-evidence-heap');

  await pasteAnywhere(page, dump('goroutine-sync-contention/goroutine.debug2.txt'));
  const internal = page.locator('.annotation[data-rule="runtime-internal"]');
  await expect(internal.locator('.evidence-row[data-key="kinds"] li')).not.toHaveCount(0);
});

test('evidence: a hostile panic message stays text', async ({ page }) => {
  const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  const text = dump('panics/nil-deref.stderr.txt').replace(/^panic: .*$/m, `panic: ${payload}`);
  expect(text).toContain(payload);
  await pasteAnywhere(page, text);
  const cell = page.locator('.annotation[data-rule="panic"] .evidence-row[data-key="panics"] tbody td').first();
  await expect(cell).toHaveText(payload);
  await expect(page.locator('.annotation img, .annotation b')).toHaveCount(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('an annotation about 100k exact groups links to all of them; the page report stays small', async ({ page }) => {
  const truth = groundTruth(CRAWLER);
  const problems = recordProblems(page);
  await page.addInitScript(recordWorkerTraffic);
  // A fresh document, so the recorder is installed before the page's scripts.
  await page.goto('about:blank');
  await page.goto('/#groupBy=exact');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes: dumpBytes(CRAWLER) }]);
  await expect(page.locator('[data-testid="total"]')).toBeVisible({ timeout: 30_000 });
  // The report the page received: its groups' ids, not 100k of them per list (1.28 MB before).
  const sizes = await page.evaluate(() => window.__traffic.filter((m) => m.reportBytes != null).map((m) => m.reportBytes));
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.max(...sizes)).toBeLessThan(300_000);

  // channel-blocked, dominant-group and goroutine-count-high are folded into the
  // semaphore's bottleneck finding, about its waiters and its 64 holders.
  const annotation = page.locator('.annotation[data-rule="bottleneck"]');
  const all = annotation.locator('button.all-groups');
  await expect(all).toBeVisible();
  const total = Number(await all.getAttribute('data-groups'));
  expect(total).toBeGreaterThan(90_000);
  await expect(annotation.locator(':scope > .targets button[data-group]')).toHaveCount(GROUP_LINKS);
  const number = async (key) => Number((await annotation.locator(`.evidence-row[data-key="${key}"] dd`).first().textContent()).replace(/ goroutines?$/, '').replaceAll(',', ''));
  const goroutines = await number('goroutines') + await number('holderGoroutines');

  const title = await annotation.locator('.title').first().textContent();
  await all.click();
  await expect(page.locator('.view-goroutines [data-testid="annotation-filter"]')).toContainText(title);
  await expect.poll(async () => (await summaryNumbers(page))[0]).toBe(total);
  const [shown, groups, shownGoroutines, allGoroutines] = await summaryNumbers(page);
  expect([shown, shownGoroutines, allGoroutines]).toEqual([total, goroutines, truth.total_goroutines]);
  expect(groups).toBeGreaterThan(total);
  expect(page.url()).toMatch(/annotation=\d+/);
  // The last of them, far beyond the groups the page's report lists.
  await page.locator('.vlist').evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await expect.poll(async () => Number(await page.locator('.group-row').last().getAttribute('data-group'))).toBeGreaterThan(90_000);

  await page.locator('[data-testid="annotation-filter"] button').click();
  await expect.poll(async () => (await summaryNumbers(page))[0]).toBe(groups);
  await expect(page.locator('[data-testid="annotation-filter"]')).toBeHidden();
  expect(page.url()).not.toMatch(/annotation=/);
  expect(problems).toEqual([]);
});

test('a group created at a site of 100k exact groups links to every group created there', async ({ page }) => {
  const truth = groundTruth(CRAWLER);
  const created = {};
  for (const stack of truth.stacks) {
    for (const [creator, n] of Object.entries(stack.creators)) created[creator] = (created[creator] ?? 0) + n;
  }
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes: dumpBytes(CRAWLER) }]);
  await expect(page.locator('[data-testid="total"]')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => { location.hash = 'view=goroutines&groupBy=exact&group=99000'; });
  const row = page.locator('.group-row[data-group="99000"]');
  await expect(row).toHaveClass(/expanded/, { timeout: 30_000 });
  const site = await row.locator('.created-by .frame').first().evaluate((frame) =>
    `${frame.querySelector('.fn').textContent} ${frame.querySelector('.where')?.title ?? ''}`);
  const link = row.locator('button.site-groups');
  const groups = Number(await link.getAttribute('data-groups'));
  expect(groups).toBeGreaterThan(90_000);
  await link.click();
  await expect(page.locator('[data-testid="creator-filter"]')).toBeVisible();
  await expect.poll(async () => (await summaryNumbers(page))[0]).toBe(groups);
  expect((await summaryNumbers(page))[2]).toBe(created[site]);
  expect(page.url()).toMatch(/creator=\d+/);
  await page.locator('[data-testid="creator-filter"] button').click();
  await expect(page.locator('[data-testid="creator-filter"]')).toBeHidden();
  await expect.poll(async () => (await summaryNumbers(page))[2]).toBe(truth.total_goroutines);
});
