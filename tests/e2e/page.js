// One-line actions and readings on the goroseer page, so each test reads as a sentence.
import { expect } from '@playwright/test';
import { dumpBytes } from './corpus.js';

/** Pastes `text` onto the page body, the way Ctrl+V outside the textarea does. */
export async function pasteAnywhere(page, text) {
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/plain', content);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Waits until the analyzer's wasm is running (the footer shows its version). */
export async function waitForAnalyzer(page) {
  await expect(page.locator('#version')).toContainText('goroseer');
  // And the views kept out of the first load, fetched right after (viewer.js preloadViews).
  await expect(page.locator('html')).toHaveAttribute('data-views-loaded', 'true');
}

/** The total goroutine count shown for the first dump. */
export async function shownTotal(page) {
  const total = page.locator('[data-testid="total"]').first();
  await expect(total).toBeVisible();
  return Number(await total.getAttribute('data-value'));
}

/** `{ state: count }` as shown in the state table of the first dump. */
export async function shownStates(page) {
  const profile = page.locator('.profile').first();
  await expect(profile).toBeVisible();
  const rows = profile.locator('tr[data-state]');
  const states = {};
  for (const row of await rows.all()) {
    states[await row.getAttribute('data-state')] = Number(await row.getAttribute('data-count'));
  }
  return states;
}

/** The diagnostics count shown. */
export async function shownDiagnostics(page) {
  return Number(await page.locator('[data-testid="diagnostics"]').getAttribute('data-value'));
}

/** Collects uncaught errors, console errors and CSP violations of `page`. */
export function recordProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

/**
 * Drops files on the page the way a file manager does. `files` are
 * `[{ name, bytes: Buffer }]`; they travel into the page as base64.
 */
export async function dropFiles(page, files) {
  await page.evaluate((list) => {
    const data = new DataTransfer();
    for (const { name, base64 } of list) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], name));
    }
    const target = document.querySelector('main');
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files.map(({ name, bytes }) => ({ name, base64: bytes.toString('base64') })));
}

/** The corpus' three dumps of one leaking program, in time order. */
export const LEAK_SNAPSHOTS = ['t05s', 't15s', 't70s'].map((t) => `goroutine-leak/goroutine.${t}.debug2.txt`);

/** Opens the page, drops the leak snapshots together and opens the Compare tab. */
export async function compareLeakSnapshots(page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, LEAK_SNAPSHOTS.map((name) => ({ name: name.split('/')[1], bytes: dumpBytes(name) })));
  // Snapshots of one program open on Compare.
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
  await openTab(page, 'compare');
}

/** Opens the result tab `view` (overview, goroutines, heap, contention, charts). */
export async function openTab(page, view, scope = page) {
  await scope.locator(`[role="tab"][data-view="${view}"]`).click();
  await expect(scope.locator(`.view-${view}`)).toBeVisible();
}

/** Picks an example from the examples menu and waits for its result. */
export async function openExample(page, id) {
  await page.locator('#example').selectOption(id);
  await expect(page.locator('#status')).toContainText('example');
}

/** The goroutine group rows shown: `[{ count, state }]`. */
export async function shownGroups(scope) {
  await expect(scope.locator('[data-testid="group-summary"]')).toBeVisible();
  return scope.locator('.group-row').evaluateAll((rows) =>
    rows.map((row) => ({ count: Number(row.dataset.count), state: row.dataset.state, group: Number(row.dataset.group) })));
}

/** The number of groups the Goroutines view says it shows (all of them, not only those in view). */
export async function shownGroupCount(scope) {
  return Number(await scope.locator('[data-testid="group-summary"]').getAttribute('data-shown'));
}

/** Saves a screenshot of the page for people to look at (tests/e2e/screenshots). */
export async function screenshot(page, name) {
  await page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * Installed before the page's scripts: records the size of every message between the page
 * and its worker (`window.__traffic`), to see how much of the analysis the page receives;
 * `reportBytes` is the JSON size of a report the worker sends (null for other messages).
 */
export function recordWorkerTraffic() {
  window.__traffic = [];
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ({ data }) => {
        const report = data?.report ?? data?.value;
        window.__traffic.push({
          direction: 'in', type: data?.type, bytes: JSON.stringify(data ?? null).length,
          groups: data?.value?.groups?.length ?? 0,
          reportBytes: report?.profiles ? JSON.stringify(report).length : null,
        });
      });
    }

    postMessage(message, ...rest) {
      window.__traffic.push({ direction: 'out', type: message?.type, method: message?.method, args: message?.args ?? [] });
      super.postMessage(message, ...rest);
    }
  };
}
