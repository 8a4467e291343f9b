// pprof protobuf profiles dropped on the page: recognised by content, shown in the same
// views as the text forms (goroutine debug=0 groups, with the report's note that the form
// has no states or ids), and a CPU profile's top table and flame graph, whose first rows
// are those of `go tool pprof -top` on the same file (tests/fixtures/cpu, made by its
// generate.sh). Nothing may be "not understood".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { dumpBytes, repoRoot } from './corpus.js';
import { dropFiles, openTab, recordProblems, screenshot, shownGroups, shownTotal, waitForAnalyzer } from './page.js';

const GOROUTINES = 'goroutine-labels/goroutine.debug0.pb.gz';
const CPU = path.join(repoRoot, 'tests/fixtures/cpu');

/** The total of `-raw` ground truth for a corpus profile. */
function rawTotal(name) {
  const dir = path.dirname(name);
  const file = path.join(repoRoot, 'tests/fixtures/corpus', dir, 'groundtruth/pprof', `${path.basename(name)}.raw.totals.json`);
  return Object.values(JSON.parse(readFileSync(file, 'utf8')).totals)[0];
}

/** Function names of a `go tool pprof -top` table, in its order. */
function topFunctions(file) {
  const lines = readFileSync(path.join(CPU, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('flat'));
  return lines.slice(start + 1).filter(Boolean).map((l) => l.trim().split(/\s+/).slice(5).join(' ').replace(/ \(inline\)$/, ''));
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('a goroutine debug=0 profile shows its groups and says what the form lacks', async ({ page }) => {
  const problems = recordProblems(page);
  await dropFiles(page, [{ name: 'goroutine', bytes: dumpBytes(GOROUTINES) }]);
  expect(await shownTotal(page)).toBe(rawTotal(GOROUTINES));
  await expect(page.locator('.profile h2').first()).toContainText('pprof');
  await expect(page.locator('.pprof-note').first()).toContainText('no goroutine ids, states or wait times');
  await expect(page.getByText('not understood')).toHaveCount(0);
  await screenshot(page, 'pprof-goroutine-overview');
  await openTab(page, 'goroutines');
  const groups = await shownGroups(page);
  expect(groups.reduce((n, g) => n + g.count, 0)).toBe(rawTotal(GOROUTINES));
  await screenshot(page, 'pprof-goroutine-groups');
  expect(problems).toEqual([]);
});

test('a CPU profile shows pprof\'s top table, a flame graph and a label filter', async ({ page }) => {
  const problems = recordProblems(page);
  await dropFiles(page, [{ name: 'cpu.pb.gz', bytes: readFileSync(path.join(CPU, 'cpu.pb.gz')) }]);
  await expect(page.locator('.profile h2').first()).toContainText('cpu dump · pprof');
  await expect(page.getByText('not understood')).toHaveCount(0);
  await openTab(page, 'cpu');
  const names = () => page.locator('[data-testid="cpu-top"] td.fn').allTextContents();
  const expected = topFunctions('cpu.pb.gz.top-cpu.txt');
  // Ties in flat are ordered by name by both; the first rows have distinct values.
  await expect.poll(async () => (await names()).slice(0, 3)).toEqual(expected.slice(0, 3));
  expect((await names()).length).toBe(expected.length);
  await expect(page.locator('.flame-canvas')).toBeVisible();
  await screenshot(page, 'pprof-cpu-1400');

  await page.locator('#cpu-tag').selectOption('route=/v1/quote');
  const focused = topFunctions('cpu.pb.gz.tagfocus-quote.top-cpu.txt');
  await expect.poll(async () => (await names()).slice(0, 2)).toEqual(focused.slice(0, 2));
  expect((await names()).length).toBe(focused.length);

  await page.locator('#cpu-sample').selectOption('samples');
  await expect(page.locator('#cpu-sample')).toHaveValue('samples');
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'pprof-cpu-420');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1400, height: 900 });
  await screenshot(page, 'pprof-cpu-1400-dark');
  expect(problems).toEqual([]);
});

test('a binary file that is not a profile gets one clear message', async ({ page }) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  await dropFiles(page, [{ name: 'profile.pb', bytes: png }]);
  await expect(page.getByText('not a Go dump or pprof profile: looks like a PNG image')).toBeAttached();
});

test('a debug=2 text dump downloads as pprof and reads back with the same total', async ({ page }) => {
  const text = 'goroutine-sync-contention/goroutine.debug2.txt';
  await dropFiles(page, [{ name: 'goroutines.txt', bytes: dumpBytes(text) }]);
  const total = await shownTotal(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#download-pprof').click(),
  ]);
  expect(download.suggestedFilename()).toBe('goroutine.pb.gz');
  const bytes = readFileSync(await download.path());
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  await dropFiles(page, [{ name: 'goroutine.pb.gz', bytes }]);
  await expect(page.locator('.profile h2').first()).toContainText('pprof');
  expect(await shownTotal(page)).toBe(total);
});

test('two go test CPU profiles compare by function as pprof -base does', async ({ page }) => {
  const problems = recordProblems(page);
  const dir = path.join(repoRoot, 'tests/fixtures/gotest');
  await dropFiles(page, ['cpu.naive.pb.gz', 'cpu.fast.pb.gz'].map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) })));
  await openTab(page, 'compare');
  const table = page.locator('.compare-table[data-family="cpu"]');
  await expect(table).toBeVisible();
  // pprof -top -base naive fast, sorted by |flat Δ|: the same first functions.
  const lines = readFileSync(path.join(dir, 'cpu.base-naive.top-cpu.txt'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith('flat'));
  const expected = lines.slice(start + 1, start + 4).map((l) => l.trim().split(/\s+/).slice(5).join(' ').replace(/ \(inline\)$/, ''));
  await expect.poll(async () => (await table.locator('td.fn').allTextContents()).slice(0, 3)).toEqual(expected);
  await screenshot(page, 'pprof-compare-cpu-1400');
  await page.locator('.compare-profiles select').selectOption('samples');
  await expect(page.locator('.compare-profiles h3')).toContainText('samples');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'pprof-compare-cpu-420-dark');
  expect(problems).toEqual([]);
});

test('heap, allocs, block, mutex and threadcreate protobuf profiles each open their own view', async ({ page }) => {
  const problems = recordProblems(page);
  const cases = [
    ['heap-default-rate/heap.debug0.pb.gz', 'heap', 'heap', 'inuse_space'],
    // An allocs profile says `default_sample_type: alloc_space`: opened there, as pprof does.
    ['heap-default-rate/allocs.debug0.pb.gz', 'heap', 'heap', 'alloc_space'],
    ['block-mutex/block.debug0.pb.gz', 'block', 'contention', null],
    ['block-mutex/mutex.debug0.pb.gz', 'mutex', 'contention', null],
    ['goroutine-misc-states/threadcreate.debug0.pb.gz', 'threadcreate', 'charts', null],
  ];
  for (const [name, kind, view, sample] of cases) {
    await page.goto('/');
    await waitForAnalyzer(page);
    await dropFiles(page, [{ name: path.basename(name), bytes: dumpBytes(name) }]);
    await expect(page.locator('.profile h2').first()).toContainText(`${kind} dump · pprof`);
    await expect(page.getByText('not understood')).toHaveCount(0);
    await openTab(page, view);
    if (sample) await expect(page.locator('#heap-sample')).toHaveValue(sample);
  }
  expect(problems).toEqual([]);
});
