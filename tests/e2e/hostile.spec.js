// A dump with markup in function names, label values and a panic message (made by
// editing real dumps) renders as inert text in every view and in the Markdown export.
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { openTab, pasteAnywhere, recordProblems, waitForAnalyzer } from './page.js';

const LABEL = '<img src=x onerror=window.__pwned=1>';
const FUNCTION = 'handler.<svg/onload=window.__pwned=2>';
const PANIC = '<script>window.__pwned=3</script><b>bold</b>';

function hostileDump() {
  const goroutines = dump('goroutine-labels/goroutine.debug2.txt')
    .replaceAll('tenant: acme', `tenant: ${LABEL}`)
    .replaceAll('handler.waitForDB()', `${FUNCTION}()`);
  const crash = dump('panics/nil-deref.stderr.txt')
    .replace('runtime error: invalid memory address or nil pointer dereference', PANIC);
  return `${goroutines}\n${crash}`;
}

/** Elements a browser would run or load, and any on* attribute, inside the result. */
async function activeContent(page) {
  return page.locator('#result').evaluate((root) => {
    const found = [...root.querySelectorAll('script, img, iframe, object, embed, b')].map((n) => n.tagName);
    for (const node of root.querySelectorAll('*')) {
      for (const attr of node.attributes) if (attr.name.startsWith('on')) found.push(`${node.tagName}[${attr.name}]`);
    }
    return found;
  });
}

test('markup in function names, labels and panic messages stays text everywhere', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const problems = recordProblems(page);
  await page.goto('/');
  await waitForAnalyzer(page);
  await pasteAnywhere(page, hostileDump());
  await expect(page.locator('.crash .message')).toHaveText(PANIC);
  expect(await activeContent(page)).toEqual([]);

  await openTab(page, 'goroutines');
  await expect(page.locator('.group-row .chip', { hasText: LABEL }).first()).toBeVisible();
  const row = page.locator('.group-row', { hasText: FUNCTION }).first();
  await row.locator('.group-head').click();
  await expect(row.locator('.stack .fn', { hasText: FUNCTION }).first()).toHaveText(`github.com/acme/gateway/internal/${FUNCTION}`);
  await expect(row.locator('table.members tbody tr').first()).toBeVisible();
  expect(await activeContent(page)).toEqual([]);

  await openTab(page, 'charts');
  await page.locator('#flame-search').fill('svg');
  await expect(page.locator('canvas.flame-canvas')).toHaveAttribute('data-matches', /[1-9]/);
  expect(await activeContent(page)).toEqual([]);

  await page.locator('#copy-markdown').click();
  await expect(page.locator('.exports [role="status"]')).toHaveText('Markdown copied');
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain('`<script>window.__pwned=3</script><b>bold</b>`');

  await page.waitForTimeout(200);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await page.screenshot({ path: 'tests/e2e/screenshots/hostile.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('markup in record stacks, a crashed goroutine\'s frames and the flame graph announcement stays text', async ({ page }) => {
  const problems = recordProblems(page);
  await page.goto('/');
  await waitForAnalyzer(page);
  const heap = dump('heap-memprofilerate1/heap.debug1.txt').replaceAll('render.Churn+', `${FUNCTION}+`);
  await pasteAnywhere(page, heap);
  await openTab(page, 'heap');
  await page.locator('#heap-table').selectOption('records');
  const record = page.locator('.table-slot tr[data-record]', { hasText: FUNCTION }).first();
  await record.locator('button.expand').click();
  await expect(page.locator('.detail-row .fn', { hasText: FUNCTION }).first()).toHaveText(`github.com/acme/catalog/internal/${FUNCTION}`);
  expect(await activeContent(page)).toEqual([]);

  const crash = dump('panics/nil-deref.stderr.txt').replaceAll('orders.Total(', `orders.${FUNCTION}(`);
  await pasteAnywhere(page, crash);
  await expect(page.locator('.crashed-goroutine .fn').first()).toHaveText(`github.com/acme/orders/internal/orders.${FUNCTION}`);
  expect(await activeContent(page)).toEqual([]);
  await openTab(page, 'charts');
  await page.locator('canvas.flame-canvas').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.flame-status')).toContainText(FUNCTION);
  expect(await activeContent(page)).toEqual([]);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(problems).toEqual([]);
});
