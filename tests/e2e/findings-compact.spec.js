// A finding is said once: its title, one sentence, the evidence rows that have a value
// (no "created by: –" rows), and long evidence folded behind "N more facts".
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { compareLeakSnapshots, pasteAnywhere, waitForAnalyzer } from './page.js';

/** Rows shown without a value, and the most evidence rows shown open in one finding. */
async function evidenceShape(scope) {
  return scope.locator('.annotation').evaluateAll((cards) => ({
    empty: cards.flatMap((card) => [...card.querySelectorAll('.evidence-row')]
      .filter((row) => row.querySelector('dd.missing, dd > .missing') || row.querySelector('dd')?.textContent.trim() === '–')
      .map((row) => `${card.dataset.rule}: ${row.dataset.key}`)),
    open: Math.max(0, ...cards.map((card) => [...card.querySelectorAll('.evidence-row')].filter((row) => row.querySelector('dt').checkVisibility()).length)),
  }));
}

test('overview findings: no empty evidence rows, long evidence folded', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  for (const name of ['goroutine-sync-contention/goroutine.debug2.txt', 'goroutine-leak/goroutine.t70s.debug2.txt', 'panics/nil-deref.stderr.txt']) {
    await pasteAnywhere(page, dump(name));
    await expect(page.locator('.view-overview .annotation').first()).toBeVisible();
    const shape = await evidenceShape(page.locator('.view-overview'));
    expect(shape.empty, name).toEqual([]);
    expect(shape.open, name).toBeLessThanOrEqual(5);
  }
});

test('compare findings: no empty evidence rows, at most five evidence rows open', async ({ page }) => {
  await compareLeakSnapshots(page);
  await expect(page.locator('.view-compare .annotation').first()).toBeVisible();
  const shape = await evidenceShape(page.locator('.view-compare'));
  expect(shape.empty).toEqual([]);
  expect(shape.open).toBeLessThanOrEqual(5);
});
