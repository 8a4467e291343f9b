// Race detector reports (generated with `go run -race`, tests/fixtures/gen/racy): the
// Races tab lists each racing pair once and shows every report's two accesses side by
// side, with the numbers the report gives.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';
import { pasteAnywhere, recordProblems, screenshot, waitForAnalyzer } from './page.js';

const RACY = readFileSync(path.join(repoRoot, 'tests/fixtures/race/racy.stderr.txt'), 'utf8');
const REPORTS = RACY.split('\n').filter((l) => l === 'WARNING: DATA RACE').length;

for (const [width, scheme] of [[1400, 'light'], [420, 'dark']]) {
  test(`race reports at ${width}px, ${scheme}`, async ({ page }) => {
    const problems = recordProblems(page);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await waitForAnalyzer(page);
    await pasteAnywhere(page, RACY);
    const finding = page.locator('.annotation[data-rule="data-race"]');
    await expect(finding.first()).toBeVisible();
    const findings = await finding.count();
    await screenshot(page, `race-overview-${width}-${scheme}`);
    await page.getByRole('tab', { name: 'Races' }).click();
    await expect(page.locator('.race-report')).toHaveCount(REPORTS);
    // Two accesses a report, each with its stack.
    await expect(page.locator('.race-access')).toHaveCount(REPORTS * 2);
    const pairs = await page.locator('.race-pairs > li').count();
    expect(pairs).toBe(findings);
    await expect(page.locator('.race-pairs')).toContainText('main.remember');
    await screenshot(page, `race-${width}-${scheme}`);
    expect(problems).toEqual([]);
  });
}
