// A big log read as a stream: real corpus dumps inside a Kubernetes (CRI) log of filler
// lines made here (never committed), picked from disk. The worker reads it with
// File.stream(): a progress bar with MB read, MB/s and dumps found, Cancel, the wasm memory
// bounded; then the Timeline tab lists every dump with the ground truth's totals.
import { test, expect } from '@playwright/test';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump, groundTruth } from './corpus.js';
import { screenshot, waitForAnalyzer } from './page.js';

const DUMPS = [
  'goroutine-leak/goroutine.t05s.debug2.txt',
  'goroutine-leak/goroutine.t15s.debug2.txt',
  'goroutine-leak/goroutine.t70s.debug2.txt',
];

const cri = (t) => `2026-12-02T07:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}.5Z stdout F `;

/** Writes a log of about `megabytes` MB: filler, then each dump, a minute apart; its dumps' first lines. */
function writeLog(file, megabytes) {
  const fd = openSync(file, 'w');
  let line = 0;
  const starts = [];
  const fillerBlock = (t) => {
    const lines = [];
    for (let i = 0; i < 10000; i += 1) lines.push(`${cri(t)}level=info msg="GET /api/orders/${i} 200" dur=3.${i % 10}ms`);
    return `${lines.join('\n')}\n`;
  };
  const blocks = Math.ceil((megabytes * 1e6) / fillerBlock(0).length / (DUMPS.length + 1));
  DUMPS.forEach((name, n) => {
    const t = 60 * (n + 1);
    const filler = fillerBlock(t - 1);
    for (let b = 0; b < blocks; b += 1) {
      writeSync(fd, filler);
      line += 10000;
    }
    starts.push(line + 1);
    const text = dump(name).trimEnd().split('\n').map((l) => `${cri(t)}${l}`);
    writeSync(fd, `${text.join('\n')}\n`);
    line += text.length;
  });
  const tail = fillerBlock(300);
  for (let b = 0; b < blocks; b += 1) writeSync(fd, tail);
  closeSync(fd);
  return starts;
}

let dir;
let log;
let starts;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'goroseer-stream-'));
  log = path.join(dir, 'pod.log');
  starts = writeLog(log, 120); // over the 64 MiB read whole
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Collects every text the progress line shows (window.__progress). */
async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const text = document.getElementById('progress-text');
    new MutationObserver(() => window.__progress.push(text.textContent))
      .observe(text, { childList: true, characterData: true, subtree: true });
  });
}

test('a big log streams with progress, and its Timeline shows every dump', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await recordProgress(page);
  await page.locator('#file-input').setInputFiles(log);
  const status = page.locator('#status');
  await expect(status).toContainText('read as a stream', { timeout: 90_000 });
  // The wasm memory stayed far below the file (≤ 256 MiB on any log).
  const memory = /wasm memory ([\d.]+) (MiB|KiB)/.exec(await status.textContent());
  expect(memory).not.toBeNull();
  expect(memory[2] === 'KiB' || Number(memory[1]) <= 256).toBe(true);
  const progress = await page.evaluate(() => window.__progress);
  expect(progress.some((t) => /^Reading [\d.]+ of [\d.]+ MB · \d+ MB\/s · \d+ dumps? found$/.test(t))).toBe(true);

  await page.locator('.tab[data-view="timeline"]').click();
  const rows = page.locator('.timeline-table tbody tr');
  await expect(rows).toHaveCount(DUMPS.length);
  for (const [i, name] of DUMPS.entries()) {
    const row = rows.nth(i);
    await expect(row.locator('td').nth(1)).toHaveText('goroutine');
    await expect(row.locator('td').nth(2)).toHaveText(`2026-12-02 07:0${i + 1}:00`);
    await expect(row.locator('td').nth(3)).toContainText(starts[i].toLocaleString('en-US'));
    await expect(row.locator('td').nth(4)).toHaveText(groundTruth(name).total_goroutines.toLocaleString('en-US'));
  }
  await expect(page.locator('.timeline-chart .timeline-dump')).toHaveCount(DUMPS.length);
  await screenshot(page, 'timeline-light-1400');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'timeline-dark-420');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1400, height: 900 });

  // Snapshots of one process: compared (the leak grows), and a bar opens its dump.
  await page.locator('#timeline-compare').click();
  await expect(page.locator('.view-compare')).toBeVisible();
  await page.locator('.tab[data-view="timeline"]').click();
  await page.locator('.timeline-chart .timeline-dump').nth(2).click();
  await expect(page.locator('#profile-pick')).toHaveValue('2');
  await expect(page.locator('.tab[data-view="goroutines"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#profile-pick option:checked')).toContainText(` · ${groundTruth(DUMPS[2]).total_goroutines}`);
});

test('a gzipped log far smaller than the stream threshold but expanding past it streams too', async ({ page }) => {
  test.setTimeout(120_000);
  // The same 120 MB log gzipped: a few MB on disk (read whole before, by its compressed size).
  const gz = path.join(dir, 'pod.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(log), { level: 6 }));
  expect(statSync(gz).size).toBeLessThan(64 * 1024 * 1024);
  await page.goto('/');
  await waitForAnalyzer(page);
  await page.locator('#file-input').setInputFiles(gz);
  await expect(page.locator('#status')).toContainText('read as a stream', { timeout: 90_000 });
  await page.locator('.tab[data-view="timeline"]').click();
  const rows = page.locator('.timeline-table tbody tr');
  await expect(rows).toHaveCount(DUMPS.length);
  for (const [i, name] of DUMPS.entries()) {
    await expect(rows.nth(i).locator('td').nth(4)).toHaveText(groundTruth(name).total_goroutines.toLocaleString('en-US'));
  }
});

/** A log of exactly `bytes` bytes: filler, each dump, filler; its last line padded to fit. */
function logOfSize(bytes) {
  const dumps = DUMPS.map((name, n) => Buffer.from(dump(name).trimEnd().split('\n').map((l) => `${cri(60 * (n + 1))}${l}\n`).join('')));
  const filler = `${cri(0)}level=info msg="GET /api/orders/7 200" dur=3.1ms\n`;
  const dumpBytes = dumps.reduce((sum, d) => sum + d.length, 0);
  const block = Buffer.from(filler.repeat(Math.floor((bytes - dumpBytes - 200) / filler.length / (DUMPS.length + 1))));
  const parts = dumps.flatMap((d) => [block, d]).concat(block);
  const last = `${cri(300)}padding `;
  const rest = bytes - parts.reduce((sum, part) => sum + part.length, 0) - last.length - 1;
  parts.push(Buffer.from(`${last}${'x'.repeat(rest)}\n`));
  const log = Buffer.concat(parts);
  expect(log.length).toBe(bytes);
  return log;
}

test('a gzipped log is streamed from one byte over 64 MiB once gunzipped, read whole at 64 MiB', async ({ page }) => {
  test.setTimeout(180_000);
  const limit = 64 * 1024 * 1024; // STREAM_ABOVE in worker.js
  await page.goto('/');
  await waitForAnalyzer(page);
  for (const [bytes, streamed] of [[limit + 1, true], [limit, false]]) {
    const gz = path.join(dir, `edge-${bytes}.log.gz`);
    writeFileSync(gz, gzipSync(logOfSize(bytes), { level: 1 }));
    await page.locator('#file-input').setInputFiles(gz);
    const status = page.locator('#status');
    await expect(status).toContainText(`${DUMPS.length} dumps`, { timeout: 90_000 });
    if (streamed) await expect(status).toContainText('read as a stream');
    else await expect(status).not.toContainText('stream');
    await page.locator('.tab[data-view="timeline"]').click();
    const rows = page.locator('.timeline-table tbody tr');
    await expect(rows).toHaveCount(DUMPS.length);
    for (const [i, name] of DUMPS.entries()) {
      await expect(rows.nth(i).locator('td').nth(4)).toHaveText(groundTruth(name).total_goroutines.toLocaleString('en-US'));
    }
    rmSync(gz);
  }
});

test('a streaming log can be cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitForAnalyzer(page);
  // 120 MB take a few hundred ms at least: Cancel finds the worker still reading.
  await page.locator('#file-input').setInputFiles(log);
  await expect(page.locator('#progress-text')).toContainText('found', { timeout: 30_000 });
  await page.locator('#cancel').click();
  await expect(page.locator('#status')).toHaveText('Cancelled.');
  await expect(page.locator('#progress')).toBeHidden();
});

test('a small log with several dumps has a Timeline too', async ({ page }) => {
  await page.goto('/');
  await waitForAnalyzer(page);
  const text = DUMPS.map((name, n) => dump(name).trimEnd().split('\n').map((l) => `${cri(60 * (n + 1))}${l}`).join('\n')).join('\n');
  await page.locator('#file-input').setInputFiles([{ name: 'small.log', mimeType: 'text/plain', buffer: Buffer.from(`${text}\n`) }]);
  await expect(page.locator('#status')).toContainText('3 dumps');
  await expect(page.locator('#status')).not.toContainText('stream');
  await page.locator('.tab[data-view="timeline"]').click();
  await expect(page.locator('.timeline-table tbody tr')).toHaveCount(3);
  await expect(page.locator('.timeline-table tbody tr').first().locator('td').nth(3)).toHaveText('1–947');
});
