// Several files dropped together open on the most useful screen: snapshots of one program
// on Compare; a goroutine dump, a heap and a block profile each with their own views, one
// picker to switch, and no Compare of things that cannot be compared.
import { test, expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';
import { LEAK_SNAPSHOTS, dropFiles, openTab, waitForAnalyzer } from './page.js';

test('snapshots of one program open on Compare', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, LEAK_SNAPSHOTS.map((name) => ({ name: name.split('/')[1], bytes: dumpBytes(name) })));
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.view-compare')).toBeVisible();
  expect(page.url()).toContain('view=compare');
});

test('mixed kinds: each input with its own views, no Compare', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  const files = ['goroutine-sync-contention/goroutine.debug2.txt', 'heap-default-rate/heap.debug1.txt', 'block-mutex/block.debug1.txt'];
  await dropFiles(page, files.map((name) => ({ name: name.replace('/', '-'), bytes: dumpBytes(name) })));
  await expect(page.locator('#profile-pick option')).toHaveCount(3);
  await expect(page.locator('label[for="profile-pick"]')).toHaveText('Dump (3)');
  await expect(page.locator('[role="tab"][data-view="overview"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveCount(0);
  await expect(page.locator('[role="tab"][data-view="fleet"]')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(/Compare of 1 dump/);
  // Each input has its own views.
  const pick = async (kind) => {
    const index = await page.locator('#profile-pick option').evaluateAll((options, k) => options.findIndex((o) => o.textContent.includes(k)), kind);
    expect(index).toBeGreaterThanOrEqual(0);
    await page.locator('#profile-pick').selectOption({ index });
  };
  await pick('heap');
  await openTab(page, 'heap');
  await pick('block');
  await openTab(page, 'contention');
  await pick('goroutine');
  await openTab(page, 'goroutines');
});
