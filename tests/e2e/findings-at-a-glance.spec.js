// Findings at a glance: Compare's growth findings are one line each (details on a click)
// so the sparkline table is on the first screen; links name groups by what they do, not
// "group 6"; a bottleneck links to the finding it waits behind (`blockedBy`) and, in a
// deadlock, to each finding of the cycle (`cycle`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { repoRoot } from './corpus.js';
import { compareLeakSnapshots, openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

const bottleneck = (name) => readFileSync(path.join(repoRoot, 'tests/fixtures/bottleneck', name), 'utf8');
const truth = (scenario) => JSON.parse(bottleneck(`${scenario}.truth.json`));

/** How many lines of text `locator` (one element) takes. */
async function lines(locator) {
  return locator.evaluate((node) => Math.round(node.getBoundingClientRect().height / parseFloat(getComputedStyle(node).lineHeight)));
}

test('compare: the findings are one line each and the table starts on the first screen at 1400 px', async ({ page }) => {
  await compareLeakSnapshots(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  const view = page.locator('.view-compare');
  const findings = view.locator('.annotation');
  await expect(findings.first()).toBeVisible();
  expect(await findings.count()).toBeGreaterThan(1);
  for (const title of await view.locator('.annotation .title').all()) expect(await lines(title)).toBe(1);
  // The first rows of the sparkline table are in the first 900 px.
  const rows = view.locator('table.compare-table tbody tr');
  await expect(rows.nth(2)).toBeVisible();
  const box = await rows.nth(2).boundingBox();
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  // A finding opens to its sentence, evidence and links.
  const first = findings.first();
  await expect(first.locator('.detail')).toBeHidden();
  await first.locator('summary.annotation-head').click();
  await expect(first.locator('.detail')).toBeVisible();
  await expect(first.locator('.targets .link').first()).toBeVisible();

  // 420 px: no sideways scrolling, and the titles keep to two lines.
  await page.setViewportSize({ width: 420, height: 900 });
  await first.locator('summary.annotation-head').click();
  await expect(first.locator('.detail')).toBeHidden();
  for (const title of await view.locator('.annotation .title').all()) expect(await lines(title)).toBeLessThanOrEqual(2);
  expect(await page.evaluate(() => document.scrollingElement.scrollWidth)).toBeLessThanOrEqual(420);
});

test('group links say what the group does, as the Goroutines view names it', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, bottleneck('lockio.goroutine.debug2.txt'));
  const card = page.locator('.view-overview .annotation[data-rule="bottleneck"]').first();
  // Its own links (the targets line and the evidence tables), not those of merged findings.
  const links = card.locator(':scope > .targets .link[data-group], :scope > .evidence-block .link[data-group], :scope > .evidence .link[data-group]');
  await expect(card.locator(':scope > .targets .link[data-group]').first()).toBeVisible();
  const named = Object.fromEntries(await links.evaluateAll((nodes) => nodes.map((n) => [n.dataset.group, n.textContent.trim()])));
  expect(Object.keys(named).length).toBeGreaterThan(1);
  for (const text of Object.values(named)) expect(text).not.toMatch(/^group \d+$/);
  await openTab(page, 'goroutines');
  for (const [id, text] of Object.entries(named)) {
    await expect(page.locator(`.group-row[data-group="${id}"] .group-head .name`)).toHaveText(text);
  }
  // Compare's growth findings name their groups as the table does.
  await compareLeakSnapshots(page);
  const growth = page.locator('.view-compare .annotation[data-rule="goroutine-growth"]').first();
  await growth.locator('summary.annotation-head').click();
  const link = growth.locator('.targets .link[data-group]').first();
  const id = await link.getAttribute('data-group');
  await expect(link).not.toHaveText(/^group \d+$/);
  await expect(page.locator(`.compare-table tr[data-group="${id}"] td.fn .name`)).toHaveText(await link.innerText());
});

/** The bottleneck card of the Overview whose `resource` evidence is `resource`. */
function cardOf(page, resource) {
  return page.locator('.view-overview li.annotation[data-rule="bottleneck"]')
    .filter({ has: page.locator('.evidence-row[data-key="resource"] dd', { hasText: new RegExp(`^${resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

test('a bottleneck links to the one it waits behind, and a deadlock to each finding of its cycle', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);

  // transport: the Transport's connection pool is held by calls waiting for responses.
  const [pool, calls] = truth('transport').bottlenecks;
  await pasteAnywhere(page, bottleneck('transport.goroutine.debug2.txt'));
  const poolCard = cardOf(page, pool.resource);
  await expect(poolCard).toHaveCount(1);
  const behind = poolCard.locator('.chain.blocked-by .finding-link');
  await expect(behind).toHaveCount(1);
  await behind.click();
  const callsCard = cardOf(page, calls.resource);
  await expect(callsCard).toBeFocused();
  await expect(behind).toHaveText(await callsCard.locator('.annotation-head .title').innerText());
  await expect(callsCard.locator('.chain.blocked-by')).toHaveCount(0);

  // deadlock: each deadlocked resource's card shows the cycle through the other one.
  const deadlocked = truth('deadlock').bottlenecks.map((b) => b.resource);
  await pasteAnywhere(page, bottleneck('deadlock.goroutine.debug2.txt'));
  for (const resource of deadlocked) {
    const card = cardOf(page, resource);
    await expect(card).toHaveCount(1);
    const steps = card.locator('.chain.cycle .finding-link');
    await expect(steps).toHaveCount(deadlocked.length + 1);
    const titles = await steps.evaluateAll((nodes) => nodes.map((n) => n.querySelector('.name').title));
    expect(titles[0]).toBe(resource);
    expect(titles.at(-1)).toBe(resource);
    expect([...new Set(titles)].sort()).toEqual([...deadlocked].sort());
    const other = deadlocked.find((r) => r !== resource);
    await steps.nth(1).click();
    await expect(cardOf(page, other)).toBeFocused();
  }
});

test('debug=1: a group parked on a channel says so, inferred (debug=1 hides the runtime frames)', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  const [queue] = truth('consumer').bottlenecks;
  expect(queue.kind).toBe('channel');
  await pasteAnywhere(page, bottleneck('consumer.goroutine.debug1.txt'));
  await openTab(page, 'goroutines');
  const name = page.locator(`.group-row .group-head .name[title="${queue.waitFunction}"]`);
  await expect(name).toHaveCount(1);
  await expect(name).toHaveText(/ → chan or select \(inferred\)$/);
});
