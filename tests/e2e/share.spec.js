// Share and redact, with no server: "Copy link" puts the dump (deflated, base64url) in the
// URL fragment with the view state; opening the link shows the same dump and view with no
// request beyond the page's own files. "Redact" (hash key `redact=1`) has the core replace
// label values, argument values, panic values and source paths before anything is shown,
// exported or shared.
import { inflateRawSync } from 'node:zlib';
import { test, expect } from '@playwright/test';
import { dump } from './corpus.js';
import { openTab, pasteAnywhere, waitForAnalyzer } from './page.js';

const LABELS = 'goroutine-labels/goroutine.debug2.txt';
const PANIC = 'panics/recovered-then-new-panic.stderr.txt';

/** What must not leave the browser from `text`: label values, panic values, source directories. */
function secrets(text) {
  const out = new Set();
  for (const [, list] of text.matchAll(/^goroutine \d+ \[[^\]]*\] \{(.*)\}:$/gm)) {
    for (const pair of list.split(', ')) out.add(pair.split(': ')[1]);
  }
  for (const [, value] of text.matchAll(/^\s*panic: (.*?)(?: \[recovered\])?$/gm)) {
    if (!value.startsWith('runtime error: ')) out.add(value);
  }
  for (const [, dir] of text.matchAll(/^\t(\/.+)\/[^/]+\/[^/]+\.go:\d+/gm)) out.add(`${dir}/`);
  // Values also spelled in function names (the structure, kept) cannot be told apart.
  const functions = [...text.matchAll(/^(\S+)\(/gm)].map((m) => m[1]).join('\n');
  return [...out].filter((s) => s.length >= 3 && !functions.includes(s));
}

/** The inputs carried by a share link (decoded here, in node, as the page would). */
function linkInputs(url) {
  const d = new URLSearchParams(new URL(url).hash.slice(1)).get('d');
  const json = inflateRawSync(Buffer.from(d, 'base64url')).toString('utf8');
  return JSON.parse(json).inputs;
}

async function makeLink(page) {
  await page.locator('#copy-link').click();
  const field = page.locator('#share-link');
  await expect(field).toBeVisible();
  await expect(page.locator('#share-out')).toContainText(/characters/);
  return field.inputValue();
}

test('a link carries the dump and the view; opening it fetches nothing else', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  const text = dump(LABELS);
  await pasteAnywhere(page, text);
  await openTab(page, 'goroutines');
  await page.locator('.group-row .group-head').nth(1).click();
  const groups = await page.locator('.group-row').count();
  const url = await makeLink(page);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(url).toContain('view=goroutines');
  expect(linkInputs(url)[0].text).toBe(text);

  const other = await context.newPage();
  const requests = [];
  other.on('request', (r) => requests.push(r.url()));
  await other.setViewportSize({ width: 1280, height: 900 });
  await other.goto(url);
  await expect(other.locator('.view-goroutines')).toBeVisible();
  await expect(other.locator('.group-row')).toHaveCount(groups);
  await expect(other.locator('.group-row').nth(1)).toHaveClass(/expanded/);
  const origin = new URL(baseURL).origin;
  for (const r of requests) {
    expect(new URL(r).origin, r).toBe(origin);
    expect(r, 'the dump is never sent').not.toContain('d=');
  }
});

test('redacted: views, link, Markdown and JSON hold no label value, panic text or path', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  for (const name of [LABELS, PANIC]) {
    const text = dump(name);
    const hidden = secrets(text);
    expect(hidden.length, name).toBeGreaterThan(1);
    await pasteAnywhere(page, text);
    await expect(page.locator('#redact')).toBeVisible();
    if (!(await page.locator('#redact').isChecked())) await page.locator('#redact').check();
    await expect(page).toHaveURL(/redact=1/);
    await openTab(page, 'goroutines');
    await page.locator('.group-row .group-head').first().click();
    await expect(page.locator('.group-detail .stack .frame').first()).toBeVisible();
    const shownText = await page.locator('main').innerText();
    const url = await makeLink(page);
    const [carried] = linkInputs(url);
    await page.locator('#copy-markdown').click();
    await expect(page.locator('.exports [role="status"]')).toContainText('Markdown copied');
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-json').click()]);
    const json = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(json).toContain('"profiles"');
    for (const secret of hidden) {
      expect(shownText, `${name}: page shows ${secret}`).not.toContain(secret);
      expect(carried.text, `${name}: link holds ${secret}`).not.toContain(secret);
      expect(markdown, `${name}: Markdown holds ${secret}`).not.toContain(secret);
      expect(json, `${name}: JSON holds ${secret}`).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    // The structure stays: the same functions, as the original dump names them.
    expect(carried.text).toContain('github.com/acme/');
  }
});
