// Accessibility: axe-core (through @axe-core/playwright) finds no serious or critical
// violation in any view, light and dark, with a dump loaded.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { dump, dumpBytes } from './corpus.js';
import { LEAK_SNAPSHOTS, dropFiles, openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

/** Serious and critical violations on the page as it is, as readable lines. */
async function violations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? v.help}`));
}

const FLEET = 'tests/fixtures/fleet';
const FLEET_PODS = JSON.parse(readFileSync(`${FLEET}/truth.json`, 'utf8')).map((p) => p.pod);

const SETUPS = [
  ['goroutine dump', async (page) => pasteAnywhere(page, dump('goroutine-sync-contention/goroutine.debug2.txt')),
    ['overview', 'goroutines', 'charts']],
  ['heap profile', async (page) => pasteAnywhere(page, dump('heap-default-rate/heap.debug1.txt')), ['overview', 'heap', 'charts']],
  ['block profile', async (page) => pasteAnywhere(page, dump('block-mutex/block.debug1.txt')), ['contention']],
  // Snapshots of one program have no Fleet view (the report's layout says so); a fleet has.
  ['three snapshots', async (page) => dropFiles(page, LEAK_SNAPSHOTS.map((name) => ({ name: name.split('/')[1], bytes: dumpBytes(name) }))),
    ['compare', 'overview']],
  ['a fleet', async (page) => dropFiles(page, FLEET_PODS.map((pod) => ({ name: `${pod}.goroutines.txt`, bytes: readFileSync(`${FLEET}/${pod}/goroutines.txt`) }))),
    ['overview', 'fleet']],
];

for (const scheme of ['light', 'dark']) {
  for (const [what, load, views] of SETUPS) {
    test(`axe: ${what}, ${scheme}: no serious or critical violation`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto('/');
      await waitForAnalyzer(page);
      expect(await violations(page), 'landing page').toEqual([]);
      await load(page);
      await expect(page.locator('.viewer-bar [role="tab"]').first()).toBeVisible();
      for (const view of views) {
        await openTab(page, view);
        if (view === 'goroutines') {
          await page.locator('.group-row .group-head').first().click();
          await expect(page.locator('.group-detail').first()).toBeVisible();
        }
        // Charts and tables draw after the tab opens.
        await page.waitForTimeout(300);
        expect(await violations(page), `${view}`).toEqual([]);
      }
    });
  }
}
