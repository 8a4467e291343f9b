// Playwright drives Debian's /usr/bin/chromium (never a downloaded browser).
// `cargo xtask test` serves www/ itself and passes GOROSEER_BASE_URL; run alone
// (`npx playwright test --config tests/e2e/playwright.config.js`) it starts
// `cargo xtask serve --no-build` (build once with `cargo xtask dist` first).
import { defineConfig } from '@playwright/test';

const port = 8123;
const baseURL = process.env.GOROSEER_BASE_URL ?? `http://127.0.0.1:${port}/`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ['line'],
    ['json', { outputFile: process.env.GOROSEER_E2E_JSON ?? '../../test-results/e2e.json' }],
  ],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: process.env.GOROSEER_BASE_URL
    ? undefined
    : {
      command: `cargo xtask serve --no-build --port ${port}`,
      cwd: '../..',
      url: baseURL,
      reuseExistingServer: true,
    },
});
