// Every way a dump gets onto the page: drop (one or several files, gzip), file picker,
// examples, and cancelling a long parse. Numbers come from the corpus ground truth.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dumpBytes, groundTruth, repoRoot } from './corpus.js';
import { dropFiles, openExample, pasteAnywhere, recordProblems, shownStates, shownTotal, waitForAnalyzer } from './page.js';

const LEAK = 'goroutine-leak/goroutine.t70s.debug2.txt';
const LABELS = 'goroutine-labels/goroutine.debug2.txt';
const BIG = 'goroutine-100k-crawler/goroutine.debug2.txt.gz';
const BIG_TRUTH = BIG;

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
});

test('a dropped file is analysed', async ({ page }) => {
  const problems = recordProblems(page);
  await dropFiles(page, [{ name: 'goroutine.txt', bytes: dumpBytes(LEAK) }]);
  expect(await shownTotal(page)).toBe(groundTruth(LEAK).total_goroutines);
  expect(await shownStates(page)).toEqual(groundTruth(LEAK).by_state);
  expect(problems).toEqual([]);
});

test('a dropped .gz file is decompressed in the browser', async ({ page }) => {
  await dropFiles(page, [{ name: 'goroutine.txt.gz', bytes: gzipSync(dumpBytes(LABELS)) }]);
  expect(await shownTotal(page)).toBe(groundTruth(LABELS).total_goroutines);
  expect(await shownStates(page)).toEqual(groundTruth(LABELS).by_state);
});

test('a damaged .gz file fails with the reason, and the next file is analysed', async ({ page }) => {
  // The gunzip fails mid-file, after the worker has started writing the file into wasm
  // memory: the failure must reach the page, and the next file be read.
  const gzip = gzipSync(dumpBytes(LABELS));
  await dropFiles(page, [{ name: 'cut.txt.gz', bytes: gzip.subarray(0, gzip.length >> 1) }]);
  await expect(page.locator('#status')).toHaveText(/^Analysis failed: \S/);
  await expect(page.locator('[data-testid="total"]')).toHaveCount(0);
  await dropFiles(page, [{ name: 'goroutine.txt.gz', bytes: gzip }]);
  expect(await shownTotal(page)).toBe(groundTruth(LABELS).total_goroutines);
});

test('several dropped files become several dumps, one picker entry each', async ({ page }) => {
  await dropFiles(page, [
    { name: 'a.txt', bytes: dumpBytes(LEAK) },
    { name: 'b.txt.gz', bytes: gzipSync(dumpBytes(LABELS)) },
  ]);
  const totals = page.locator('[data-testid="total"]');
  await expect(totals).toHaveCount(2);
  expect(await totals.evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.value))))
    .toEqual([groundTruth(LEAK).total_goroutines, groundTruth(LABELS).total_goroutines]);
  await expect(page.locator('#profile-pick option')).toHaveCount(2);
});

test('the file picker takes files, gzipped or not', async ({ page }) => {
  await page.locator('#file-input').setInputFiles([
    { name: 'labels.txt.gz', mimeType: 'application/gzip', buffer: gzipSync(dumpBytes(LABELS)) },
  ]);
  expect(await shownTotal(page)).toBe(groundTruth(LABELS).total_goroutines);
});

test('an example from the corpus shows a real result', async ({ page }) => {
  await openExample(page, 'leak');
  expect(await shownTotal(page)).toBe(groundTruth(LEAK).total_goroutines);
  expect(await shownStates(page)).toEqual(groundTruth(LEAK).by_state);
});

test('cancel stops a long parse, and the next input is analysed by a fresh worker', async ({ page }) => {
  const problems = recordProblems(page);
  // Eight copies of the 100k dump (460 MB of text to parse): one alone is analysed in a
  // few hundred ms, sooner than a click can cancel it.
  const big = dumpBytes(BIG);
  await dropFiles(page, Array.from({ length: 8 }, (_, i) => ({ name: `big-${i}.txt.gz`, bytes: big })));
  await expect(page.locator('#progress')).toBeVisible();
  await page.locator('#cancel').click();
  await expect(page.locator('#status')).toHaveText('Cancelled.');
  await expect(page.locator('#progress')).toBeHidden();
  await expect(page.locator('[data-testid="total"]')).toHaveCount(0);
  await dropFiles(page, [{ name: 'goroutine.txt', bytes: dumpBytes(LEAK) }]);
  expect(await shownTotal(page)).toBe(groundTruth(LEAK).total_goroutines);
  expect(problems).toEqual([]);
});

test('the 100k-goroutine dump (gzipped) shows its total and states', async ({ page }) => {
  await dropFiles(page, [{ name: 'big.txt.gz', bytes: dumpBytes(BIG) }]);
  await expect(page.locator('#progress')).toBeVisible();
  const truth = groundTruth(BIG_TRUTH);
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  expect(await shownStates(page)).toEqual(truth.by_state);
});

test('text that is no dump is named, and nothing is offered as a pprof profile to save', async ({ page }) => {
  // Real `GODEBUG=gctrace=1` output of Go 1.27 (tests/fixtures/gen/notdump).
  const gctrace = readFileSync(path.join(repoRoot, 'tests/fixtures/notdump/gctrace.txt'), 'utf8');
  await pasteAnywhere(page, gctrace);
  await expect(page.getByTestId('incident-summary')).toContainText(/^No Go dump found in this input: it looks like .*gctrace/);
  await expect(page.locator('#download-pprof')).toBeHidden();
  await expect(page.locator('#download-json')).toBeVisible();
  // A dump after it: there is a profile to save again.
  await dropFiles(page, [{ name: 'goroutine.txt', bytes: dumpBytes(LEAK) }]);
  expect(await shownTotal(page)).toBe(groundTruth(LEAK).total_goroutines);
  await expect(page.locator('#download-pprof')).toBeVisible();
});

test('a debug=1 profile pasted without its header line says what the header would have told', async ({ page }) => {
  const profile = dumpBytes('goroutine-leak/goroutine.t15s.debug1.txt').toString('utf8');
  await pasteAnywhere(page, profile.slice(profile.indexOf('\n') + 1));
  await expect(page.locator('.profile .header-cut')).toHaveText(
    'Header line not in the input (cut above): read from the first record; its total is unknown.');
});
