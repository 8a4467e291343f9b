// A dropped .gz dump is gunzipped by the inflate worker (inflate-worker.js) while the
// analysis worker reads the goroutines that have arrived (FileBuffer.readAhead): the page
// shows exactly what it shows when the analysis worker gunzips the file itself, which it
// does when the inflate worker cannot start. Numbers come from the corpus ground truth.
import { test, expect } from '@playwright/test';
import { gunzipSync } from 'node:zlib';
import { dumpBytes, groundTruth } from './corpus.js';
import { dropFiles, openTab, recordProblems, shownGroups, shownStates, shownTotal, waitForAnalyzer } from './page.js';

const BIG = 'goroutine-100k-crawler/goroutine.debug2.txt.gz';

/** What the page shows of the dropped 100k-goroutine dump: total, states, findings, groups. */
async function shownAnalysis(page) {
  const total = await shownTotal(page);
  const states = await shownStates(page);
  const findings = await page.locator('.annotation').evaluateAll((cards) => cards.map((card) => card.textContent));
  await openTab(page, 'goroutines');
  const groups = await shownGroups(page);
  return { total, states, findings, groups };
}

/** What the analysis worker read of the last file: `{ bytes, readAhead }` (its mark). */
async function readMark(page) {
  const worker = page.workers().find((w) => new URL(w.url()).pathname.endsWith('/src/worker.js'));
  return worker.evaluate(() => performance.getEntriesByName('goroseer:read').at(-1)?.detail);
}

/** The inflate worker's marks, one per file it gunzipped (`detail.read`: its bytes). */
async function inflatedFiles(page) {
  const inflater = page.workers().find((w) => new URL(w.url()).pathname.endsWith('/src/inflate-worker.js'));
  if (!inflater) return null;
  return inflater.evaluate(() => performance.getEntriesByName('goroseer:inflated').map((m) => m.detail.read));
}

test('a gzipped dump is gunzipped on another thread and read as it arrives: the same analysis as without', async ({ page, browser }) => {
  const problems = recordProblems(page);
  const bytes = dumpBytes(BIG);
  const truth = groundTruth(BIG);
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes }]);
  const shown = await shownAnalysis(page);
  expect(shown.total).toBe(truth.total_goroutines);
  expect(shown.states).toEqual(truth.by_state);
  expect(shown.findings.length).toBeGreaterThan(0);
  // The inflate worker gunzipped the whole file, and most of it was read as it arrived.
  await expect.poll(() => inflatedFiles(page)).toEqual([bytes.length]);
  const read = await readMark(page);
  expect(read.bytes).toBe(gunzipSync(bytes).length);
  expect(read.readAhead).toBeGreaterThan(read.bytes * 0.8);
  expect(problems).toEqual([]);

  // The same page with the inflate worker's script missing: the analysis worker gunzips
  // and reads the file itself, and shows the same.
  const context = await browser.newContext();
  const alone = await context.newPage();
  await alone.route('**/inflate-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  const aloneProblems = recordProblems(alone);
  await alone.goto('/');
  await waitForAnalyzer(alone);
  await dropFiles(alone, [{ name: 'goroutine.debug2.txt.gz', bytes }]);
  expect(await shownAnalysis(alone)).toEqual(shown);
  expect(await inflatedFiles(alone)).toBeNull();
  // Read ahead all the same, as the worker gunzipped it.
  expect((await readMark(alone)).readAhead).toBeGreaterThan(read.bytes * 0.8);
  // Only the missing script itself was a problem.
  expect(aloneProblems.filter((p) => !p.includes('inflate-worker') && !p.includes('404'))).toEqual([]);
  await context.close();
});

test('a damaged .gz file fails in the inflate worker with the reason, and the next file is analysed', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  const bytes = dumpBytes(BIG);
  // The first 200 KB of the file: gunzipping stops where the data ends.
  await dropFiles(page, [{ name: 'cut.txt.gz', bytes: bytes.subarray(0, 200_000) }]);
  await expect(page.locator('#status')).toHaveText(/^Analysis failed: \S/);
  await expect(page.locator('[data-testid="total"]')).toHaveCount(0);
  await dropFiles(page, [{ name: 'goroutine.debug2.txt.gz', bytes }]);
  expect(await shownTotal(page)).toBe(groundTruth(BIG).total_goroutines);
});
