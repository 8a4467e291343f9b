// The flame graph from the keyboard: the canvas takes focus; arrow keys walk the call tree
// (Up caller, Down heaviest callee, Left/Right neighbours), Enter zooms into the selected
// frame, Escape/Backspace zoom out; each selection is announced in a live region.
import { test, expect } from '@playwright/test';
import { dump, groundTruth } from './corpus.js';
import { openTab, pasteAnywhere, screenshot, shownTotal, waitForAnalyzer } from './page.js';

const SYNC = 'goroutine-sync-contention/goroutine.debug2.txt';

/** Weights per function path from the outermost caller, from the ground truth's stacks. */
function weights(truth, path) {
  const out = new Map();
  for (const stack of truth.stacks) {
    const functions = stack.frames.map((f) => f.split(' ')[0]).reverse();
    if (functions.length <= path.length || path.some((fn, i) => functions[i] !== fn)) continue;
    const next = functions[path.length];
    out.set(next, (out.get(next) ?? 0) + stack.count);
  }
  return out;
}

/** The functions of `map` with the largest weight (ties all count). */
function heaviest(map) {
  const max = Math.max(...map.values());
  return [...map].filter(([, w]) => w === max).map(([fn]) => fn);
}

test('flame graph: arrow keys select frames, Enter zooms, Escape and Backspace zoom out', async ({ page }) => {
  const truth = groundTruth(SYNC);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, dump(SYNC));
  await shownTotal(page);
  await openTab(page, 'charts');
  const canvas = page.locator('canvas.flame-canvas');
  await expect(canvas).toHaveAttribute('data-nodes', /[1-9]/);
  await expect(canvas).toHaveAttribute('aria-label', /Flame graph/);
  const status = page.locator('.flame-status');
  await expect(status).toHaveAttribute('aria-live', 'polite');

  // Tab reaches the canvas; Down selects the heaviest outermost caller.
  await page.locator('#flame-search').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(canvas).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const roots = weights(truth, []);
  const root = await canvas.getAttribute('data-selected');
  expect(heaviest(roots)).toContain(root);
  await expect(status).toContainText(`${root}: ${roots.get(root).toLocaleString('en-US')}`);

  // Down again: its heaviest callee; Up: back to the caller.
  await page.keyboard.press('ArrowDown');
  const child = await canvas.getAttribute('data-selected');
  expect(heaviest(weights(truth, [root]))).toContain(child);
  await expect(status).toContainText(child);
  await page.keyboard.press('ArrowUp');
  await expect(canvas).toHaveAttribute('data-selected', root);

  // Right and Left walk the outermost callers in order of weight.
  if (roots.size > 1) {
    await page.keyboard.press('ArrowRight');
    const sibling = await canvas.getAttribute('data-selected');
    expect(sibling).not.toBe(root);
    expect(roots.get(sibling)).toBeLessThanOrEqual(roots.get(root));
    await page.keyboard.press('ArrowLeft');
    await expect(canvas).toHaveAttribute('data-selected', root);
  }

  // Enter zooms into the selection; Down + Enter goes one deeper; Backspace, then Escape,
  // zoom back out one level at a time.
  await page.keyboard.press('Enter');
  await expect(canvas).toHaveAttribute('data-focus', root);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(canvas).toHaveAttribute('data-focus', child);
  await screenshot(page, 'flame-keyboard');
  await page.keyboard.press('Backspace');
  await expect(canvas).toHaveAttribute('data-focus', root);
  await page.keyboard.press('Escape');
  await expect(canvas).toHaveAttribute('data-focus', '');
});
