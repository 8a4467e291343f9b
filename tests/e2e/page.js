// One-line actions and readings on the goroscope page, so each test reads as a sentence.
import { expect } from '@playwright/test';

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
  await expect(page.locator('#version')).toContainText('goroscope');
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
