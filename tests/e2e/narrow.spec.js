// Every view at a phone's width (420 px), light and dark, on real dumps: the page never
// scrolls sideways (wide tables scroll inside their own box), and the goroutine rows still
// show state and location. Screenshots land in tests/e2e/screenshots/narrow-*.
import { test, expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';
import { dropFiles, LEAK_SNAPSHOTS, screenshot, waitForAnalyzer } from './page.js';

const INPUTS = [
  ['sync', ['goroutine-sync-contention/goroutine.debug2.txt']],
  ['leak', LEAK_SNAPSHOTS],
  ['heap', ['heap-default-rate/heap.debug1.txt']],
  ['block', ['block-mutex/block.debug1.txt']],
  ['panic', ['panics/nil-deref.stderr.txt']],
  ['debug1', ['goroutine-labels/goroutine.debug1.txt']],
];

/** The elements sticking out of the viewport on the right (for the failure message). */
function overflowing() {
  const width = window.innerWidth;
  const out = [];
  for (const node of document.querySelectorAll('body *')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    // Inside a box that scrolls on its own: not the page's overflow.
    let clipped = false;
    for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && p.getBoundingClientRect().right <= width + 0.5) {
        clipped = true;
        break;
      }
    }
    if (!clipped) out.push(`${node.tagName.toLowerCase()}.${[...node.classList].join('.')} right=${Math.round(box.right)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out: out.slice(0, 8) };
}

async function expectNoSideways(page, where) {
  const result = await page.evaluate(overflowing);
  expect(result.scrollWidth, `${where}: page ${result.scrollWidth} px wide in ${result.innerWidth} px; ${result.out.join(', ')}`)
    .toBeLessThanOrEqual(result.innerWidth);
}

for (const scheme of ['light', 'dark']) {
  for (const [name, files] of INPUTS) {
    test(`420 px ${scheme}: ${name}, no view scrolls sideways`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 420, height: 900 });
      await page.goto('/');
      await waitForAnalyzer(page);
      await dropFiles(page, files.map((file) => ({ name: file.split('/').pop(), bytes: dumpBytes(file) })));
      // One dump opens on its Overview, snapshots of one program on Compare.
      await expect(page.locator(files.length > 1 ? '.view-compare' : '.view-overview')).toBeVisible();
      await expect(page.locator('[role="tab"]').first()).toBeVisible();
      const views = await page.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.dataset.view));
      for (const view of views) {
        await page.locator(`[role="tab"][data-view="${view}"]`).click();
        await expect(page.locator(`.view-${view}`)).toBeVisible();
        if (view === 'goroutines') {
          const head = page.locator('.group-row .group-head').first();
          await expect(head).toBeVisible();
          if (name !== 'debug1') {
            await expect(head.locator('.badge')).toBeVisible();
          }
          await expect(head.locator('.where')).toBeVisible();
          await head.click();
          await expect(page.locator('.group-detail').first()).toBeVisible();
        }
        if (view === 'compare') {
          await page.locator('.compare-table tbody tr.clickable').first().click();
          await expect(page.locator('.compare-table .detail-row').first()).toBeVisible();
        }
        // Views finish drawing asynchronously (charts, members): let them settle.
        await page.waitForTimeout(300);
        await expectNoSideways(page, `${name} ${view}`);
        await screenshot(page, `narrow-${scheme}-${name}-${view}`);
      }
    });
  }
}
