// The served site: paste a real debug=2 dump, see the numbers of its ground truth.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { pasteAnywhere, recordProblems, shownDiagnostics, shownStates, shownTotal, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';

test('pasting a debug=2 dump anywhere shows the total and the count per state', async ({ page }) => {
  const problems = recordProblems(page);
  const truth = groundTruth(SYNC);
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(SYNC));
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  expect(await shownStates(page)).toEqual(truth.by_state);
  expect(await shownDiagnostics(page)).toBe(0);
  await page.screenshot({ path: 'tests/e2e/screenshots/first-slice.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('text typed into the textarea is analysed with the button', async ({ page }) => {
  const truth = groundTruth('goroutine-misc-states/goroutine.debug2.txt');
  await page.goto('/');
  await page.locator('#dump').fill(dump('goroutine-misc-states/goroutine.debug2.txt'));
  await page.getByRole('button', { name: 'Analyze' }).click();
  expect(await shownTotal(page)).toBe(truth.total_goroutines);
  expect(await shownStates(page)).toEqual(truth.by_state);
});

test('text that is no dump is reported as diagnostics, not an error', async ({ page }) => {
  const problems = recordProblems(page);
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, 'hello\nworld\n');
  await expect(page.locator('[data-testid="diagnostics"]')).toHaveAttribute('data-value', '2');
  await expect(page.locator('.profile')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a state name with markup in it renders as inert text', async ({ page }) => {
  const problems = recordProblems(page);
  await page.goto('/');
  await waitForAnalyzer(page);
  const state = '<img src=x onerror="window.__pwned=1">';
  await pasteAnywhere(page, `goroutine 1 [${state}]:\nmain.main()\n\t/app/main.go:12 +0x1d\n`);
  expect(await shownStates(page)).toEqual({ [state]: 1 });
  await expect(page.locator('tr[data-state] th')).toHaveText(state);
  await expect(page.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(problems).toEqual([]);
});
