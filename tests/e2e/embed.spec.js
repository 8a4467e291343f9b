// www/embed.html: a wiki-like page with <goroseer-viewer> (inline dump, src file) and
// the whole analyzer in an iframe.
import { test, expect } from '@playwright/test';
import { groundTruth } from './corpus.js';
import { recordProblems, shownGroups } from './page.js';

test('the embed page analyses an inline dump, a src file and an iframe', async ({ page, context, baseURL }) => {
  const problems = recordProblems(page);
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto('/embed.html');

  const inline = page.locator('#inline-viewer');
  await expect(inline).toHaveAttribute('data-ready', 'true');
  await expect(inline.locator('.crash .message')).toHaveText('runtime error: invalid memory address or nil pointer dereference');

  const fromSrc = page.locator('#src-viewer');
  await expect(fromSrc).toHaveAttribute('data-ready', 'true');
  const truth = groundTruth('goroutine-sync-contention/goroutine.debug2.txt');
  const groups = await shownGroups(fromSrc);
  expect(groups.length).toBeGreaterThan(0);
  await fromSrc.locator('#state-filter').selectOption('sync.Mutex.Lock');
  await expect.poll(async () => (await shownGroups(fromSrc)).reduce((n, g) => n + g.count, 0)).toBe(truth.by_state['sync.Mutex.Lock']);

  const frame = page.frameLocator('#frame-viewer');
  await page.locator('#frame-viewer').scrollIntoViewIfNeeded();
  await expect(frame.locator('.view-goroutines')).toBeVisible();
  expect(await frame.locator('[data-testid="group-summary"]').textContent()).toContain(groundTruth('goroutine-leak/goroutine.t70s.debug2.txt').total_goroutines.toLocaleString('en-US'));

  await page.screenshot({ path: 'tests/e2e/screenshots/embed.png', fullPage: true });
  const origin = new URL(baseURL).origin;
  expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
  expect(problems).toEqual([]);
});
