// Several files dropped together open on the most useful screen: snapshots of one program
// on Compare; a goroutine dump, a heap and a block profile each with their own views, one
// picker to switch, and no Compare of things that cannot be compared.
import { test, expect } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { dumpBytes, repoRoot } from './corpus.js';
import { LEAK_SNAPSHOTS, dropFiles, openTab, screenshot, waitForAnalyzer } from './page.js';

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

// The corpus's whole goroutine-leak folder (debug=0/1/2 snapshots at 5 s, 15 s and 70 s and
// the leak profile): the core's `layout` says snapshots, so Compare opens and no Fleet is
// offered; the comparison names the files whose names carry no time instead of saying
// "times unknown"; the incident summary says the leak once, naming its dumps.
test('the leak folder: Compare, no Fleet, the untimed files named, the leak said once', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  const dir = path.join(repoRoot, 'tests/fixtures/corpus/goroutine-leak');
  const names = readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(path.join(dir, n)).isFile()).sort();
  await dropFiles(page, names.map((name) => ({ name, bytes: dumpBytes(`goroutine-leak/${name}`) })));
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="tab"][data-view="fleet"]')).toHaveCount(0);
  const compare = page.locator('.view-compare');
  await expect(compare).toBeVisible();
  await expect(compare).not.toContainText('times unknown');
  const untimed = names.filter((n) => !/\.t\d+s\./.test(n));
  expect(untimed.length).toBeGreaterThan(0);
  const note = compare.locator('p.hint', { hasText: 'no time in' });
  await expect(note).toHaveCount(1);
  for (const name of untimed.slice(0, 3)) await expect(note).toContainText(name.replace(/\.gz$/, ''));
  await expect(note).not.toContainText('goroutine.t05s');
  // The picker names each dump by its file.
  await expect(page.locator('#profile-pick option').first()).toContainText(names[0]);

  await openTab(page, 'overview');
  const summary = page.locator('[data-testid="incident-summary"]');
  const text = await summary.locator('.incident-text').textContent();
  expect(text.match(/goroutines leaked/g)).toHaveLength(1);
  expect(text).toContain('goroutineleak.debug1.txt');
  await expect(summary.locator('.incident-findings li', { hasText: 'goroutines leaked' })).toHaveCount(1);
  await screenshot(page, 'leak-folder-summary');
});
