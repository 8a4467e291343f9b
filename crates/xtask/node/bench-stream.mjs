// A big log picked on the page in real Chromium and read as a stream in the worker: MB/s
// from pick to the report on screen, the wasm memory the worker reports (its
// `memory.buffer.byteLength`, shown in the status line), dumps found and the longest
// main-thread task meanwhile. Usage: node bench-stream.mjs <site URL> <log file>
import { statSync } from 'node:fs';
import { chromium } from 'playwright';

const [siteUrl, logPath] = process.argv.slice(2);
const size = statSync(logPath).size;

function instrument() {
  window.__bench = { longTasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const page = await (await browser.newContext()).newPage();
await page.addInitScript(instrument);
await page.goto(siteUrl);
await page.waitForFunction(() => document.getElementById('version')?.textContent);
const started = await page.evaluate(() => performance.now());
await page.locator('#file-input').setInputFiles(logPath);
await page.waitForFunction(() => /read as a stream|failed/.test(document.getElementById('status').textContent), null, { timeout: 600_000, polling: 200 });
const result = await page.evaluate((t0) => ({
  ms: performance.now() - t0,
  status: document.getElementById('status').textContent,
  longest: Math.max(0, ...window.__bench.longTasks.filter((t) => t.start + t.duration >= t0).map((t) => t.duration)),
}), started);
await browser.close();
const memory = /wasm memory ([\d.]+) (\w+)/.exec(result.status);
const dumps = /: (\d+) dumps?/.exec(result.status);
console.log(`log streaming, page (Chromium, worker File.stream) on a ${(size / 1e6).toFixed(0)} MB journald log: `
  + `${(result.ms / 1000).toFixed(2)} s = ${(size / 1e6 / (result.ms / 1000)).toFixed(0)} MB/s, ${dumps?.[1] ?? '?'} dumps, `
  + `wasm memory ${memory ? `${memory[1]} ${memory[2]}` : '?'} (bound ≤ 256 MiB), longest main-thread task ${result.longest.toFixed(0)} ms (target < 50 ms)`);
if (!memory) process.exitCode = 1;
