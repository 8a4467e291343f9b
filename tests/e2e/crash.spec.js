// A crash's overview shows the goroutine that crashed right under its messages: its stack
// and a link to its group in the Goroutines view.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dump, groundTruth, repoRoot } from './corpus.js';
import { openTab, pasteAnywhere, screenshot, shownDiagnostics, waitForAnalyzer } from './page.js';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
});

/** The first goroutine's stack as the ground truth lists it (`FUNC FILE:LINE`). */
function firstStack(name) {
  const truth = groundTruth(name);
  const id = truth.first_goroutine.id;
  return { id, frames: truth.stacks.find((s) => s.example_goroutine === id).frames };
}

for (const name of ['panics/nil-deref.stderr.txt', 'panics/concurrent-map-writes.stderr.txt', 'panics/gotraceback-system.stderr.txt']) {
  test(`crash overview: the crashed goroutine's stack under the message (${name})`, async ({ page }) => {
    const { id, frames } = firstStack(name);
    await pasteAnywhere(page, dump(name));
    const crashed = page.locator('.crash .crashed-goroutine');
    await expect(crashed).toContainText(`goroutine ${id}`);
    // Under the message: the panic or fatal error comes first in the crash box.
    const order = await page.locator('.crash').evaluate((box) => [...box.children].map((c) => c.className));
    expect(order.indexOf('crashed-goroutine')).toBeGreaterThan(order.indexOf('panic'));
    const shown = await crashed.locator('.frame').evaluateAll((nodes) => nodes.map((n) =>
      `${n.querySelector('.fn').textContent} ${n.querySelector('.where')?.title ?? ''}`));
    expect(shown).toEqual(frames);
    await screenshot(page, `crash-${name.split('/')[1].replace('.stderr.txt', '')}`);

    // The link opens its group in the Goroutines view, expanded.
    const link = crashed.locator('button.crashed-group-link');
    const group = await link.getAttribute('data-group');
    await link.click();
    await expect(page.locator('.view-goroutines')).toBeVisible();
    const row = page.locator(`.group-row[data-group="${group}"]`);
    await expect(row).toHaveClass(/expanded/);
    await expect(row.locator('table.members tbody tr').first()).toHaveAttribute('data-goroutine', String(id));
  });
}

test('crash overview: a deadlock names no crashed goroutine', async ({ page }) => {
  await pasteAnywhere(page, dump('panics/deadlock.stderr.txt'));
  await expect(page.locator('.crash .panic')).toContainText('deadlock');
  await expect(page.locator('.crash .crashed-goroutine')).toHaveCount(0);
  await openTab(page, 'goroutines');
});

test('crash overview: a paste cut inside the crashed goroutine still shows the frames read', async ({ page }) => {
  // A crash pasted from an issue thread, cut in the middle of its second call line: the
  // goroutine is not counted (the dump is cut), but its frames read so far are on the page.
  const name = 'panics/concurrent-map-writes.stderr.txt';
  const { id, frames } = firstStack(name);
  const text = dump(name);
  const second = text.indexOf('main.main.func4(');
  expect(second).toBeGreaterThan(0);
  await pasteAnywhere(page, text.slice(0, second + 'main.main.fu'.length));
  const cut = page.locator('.cut-off .cut-off-goroutine');
  await expect(cut).toHaveCount(1);
  await expect(cut.locator('.cut-off-head')).toContainText(`goroutine ${id}`);
  await expect(cut.locator('.cut-off-head .badge')).toHaveText('running');
  const shown = await cut.locator('.frame').evaluateAll((nodes) => nodes.map((n) =>
    `${n.querySelector('.fn').textContent} ${n.querySelector('.where')?.title ?? ''}`));
  expect(shown).toEqual(frames.slice(0, 1));
  await screenshot(page, 'crash-cut-off');
});

test('a paste that starts inside a goroutine shows the frames read above its first header', async ({ page }) => {
  // Copied from a frame on: the first goroutine's header and first frame are above the
  // paste. Its other frames are shown as a goroutine cut off at the top.
  const name = 'panics/concurrent-map-writes.stderr.txt';
  const { frames } = firstStack(name);
  const lines = dump(name).split('\n');
  const header = lines.findIndex((l) => /^goroutine [1-9]/.test(l));
  await pasteAnywhere(page, lines.slice(header + 3).join('\n'));
  const cut = page.locator('.cut-off .cut-off-goroutine');
  await expect(cut).toHaveCount(1);
  await expect(cut.locator('.cut-off-head')).toContainText('cut above');
  const shown = await cut.locator('.frame').evaluateAll((nodes) => nodes.map((n) =>
    `${n.querySelector('.fn').textContent} ${n.querySelector('.where')?.title ?? ''}`));
  expect(shown).toEqual(frames.slice(1));
  expect(await shownDiagnostics(page)).toBe(0);
  for (const [width, scheme] of [[1400, 'light'], [420, 'dark']]) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `crash-cut-above-${width}-${scheme}`);
  }
});

test('crash overview: the threads\' system stacks of a GOTRACEBACK=crash dump, folded', async ({ page }) => {
  const name = 'panics/sigquit-gotraceback-crash.stderr.txt';
  const text = dump(name);
  const headers = text.split('\n').filter((l) => l.startsWith('goroutine 0 ') || l === 'runtime stack:');
  expect(headers.length).toBe(groundTruth(name).g0_thread_stacks);
  await pasteAnywhere(page, text);
  const box = page.locator('.crash details.thread-stacks');
  await expect(box).toHaveCount(1);
  await expect(box.locator('summary')).toContainText(`${headers.length} thread stacks`);
  // The signal each thread printed is one line, with how many times.
  const signals = text.split('\n').filter((l) => l === 'SIGQUIT: quit').length;
  expect(signals).toBe(headers.length);
  const signal = page.locator('.crash p', { hasText: 'SIGQUIT: quit' });
  await expect(signal).toHaveCount(1);
  await expect(signal.locator('.tag')).toHaveText(`×${signals}`);
  await box.locator('summary').click();
  await expect(box.locator('.thread-head')).toHaveText(headers);
  // Each stack shows its frames: the first thread's first frame is the line after its header.
  const first = text.split('\n')[text.split('\n').indexOf(headers[0]) + 1];
  await expect(box.locator('.thread-stack').first().locator('.frame .fn').first()).toHaveText(first.slice(0, first.indexOf('(')));
  await screenshot(page, 'crash-thread-stacks');
});

test('crash overview: a go test timeout names the alarm goroutine as the timer, not as the crash', async ({ page }) => {
  // `go test -timeout 2s` output (tests/fixtures/gen/testtimeout-parallel).
  const text = readFileSync(path.join(repoRoot, 'tests/fixtures/paste/test-timeout-parallel.txt'), 'utf8');
  await pasteAnywhere(page, text);
  const head = page.locator('.crash .crashed-goroutine .crashed-head');
  await expect(head.locator('.label')).toHaveText('timeout raised by');
  await expect(head.locator('.test-timer')).toHaveText('test timer');
  // A crash of the program's own still says where it crashed.
  await pasteAnywhere(page, dump('panics/nil-deref.stderr.txt'));
  await expect(head.locator('.label')).toHaveText('crashed in');
  await expect(head.locator('.test-timer')).toHaveCount(0);
});
