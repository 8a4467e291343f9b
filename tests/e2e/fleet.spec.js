// A fleet dropped on the page: six replicas' goroutine dumps (tests/fixtures/fleet, made by
// tests/fixtures/gen/fleet), as loose files and as a .tar.gz made here. The Overview
// names the replica unlike the others and the Fleet tab shows it, with the ground truth's counts.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dropFiles, screenshot, waitForAnalyzer } from './page.js';

const FLEET = 'tests/fixtures/fleet';
const truth = JSON.parse(readFileSync(`${FLEET}/truth.json`, 'utf8'));
const sick = truth.find((p) => p.leaking);
const others = truth.filter((p) => !p.leaking).map((p) => p.blockedSends);
const dump = (pod) => readFileSync(`${FLEET}/${pod}/goroutines.txt`);

/** A ustar archive of `files` ([{ name, bytes }]), as `tar` writes one. */
function tar(files) {
  const blocks = [];
  for (const { name, bytes } of files) {
    const header = Buffer.alloc(512);
    const field = (text, at, length) => header.write(text, at, length, 'ascii');
    field(name, 0, 100);
    field('0000644\0', 100, 8);
    field('0000000\0', 108, 8);
    field('0000000\0', 116, 8);
    field(`${bytes.length.toString(8).padStart(11, '0')}\0`, 124, 12);
    field('00000000000\0', 136, 12);
    field('        ', 148, 8);
    field('0', 156, 1);
    field('ustar\0', 257, 6);
    field('00', 263, 2);
    const sum = header.reduce((a, b) => a + b, 0);
    field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(header, bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

async function expectFleet(page) {
  // The Overview says it is a fleet, with its finding, and leads to the Fleet tab.
  await expect(page.locator('#fleet-banner .fleet-finding')).toContainText(`${sick.pod}: ${sick.blockedSends} goroutines`);
  await page.locator('#open-fleet').click();
  await expect(page.locator('.view-fleet')).toBeVisible();
  await expect(page.locator('#fleet-layout')).toHaveAttribute('data-layout', 'fleet');
  const finding = page.locator('.fleet-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText(`${sick.pod}: ${sick.blockedSends} goroutines in example.com/fleet/relay.(*Fanout).send [chan send]`);
  await expect(finding).toContainText(`the other ${others.length} replicas have ${Math.min(...others)}–${Math.max(...others)}`);
  // The heat map: the outlier's cell is the sick replica's, most unlike the others first.
  const outlier = page.locator('#fleet-heat td.outlier');
  await expect(outlier).toHaveCount(1);
  await expect(outlier).toHaveText(String(sick.blockedSends));
  await expect(page.locator('#fleet-heat thead th.process').first()).toHaveAttribute('title', sick.pod);
  for (const pod of truth) {
    const row = page.locator('#fleet-processes tbody tr', { hasText: pod.pod });
    await expect(row.locator('td').nth(1)).toHaveText(pod.goroutines.toLocaleString('en-US'));
  }
}

test('six replicas dropped as files: the Fleet tab names the leaking one', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, truth.map((p) => ({ name: `${p.pod}.goroutines.txt`, bytes: dump(p.pod) })));
  await expectFleet(page);
  await screenshot(page, 'fleet');
  // A process opens on its goroutines.
  await page.locator('.fleet-finding button.link').click();
  await expect(page.locator('.view-goroutines')).toBeVisible();
  await expect(page.locator('#profile-pick option:checked')).toContainText(sick.goroutines.toLocaleString('en-US'));
});

test('the same fleet dropped as one .tar.gz of folders', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await waitForAnalyzer(page);
  const archive = gzipSync(tar(truth.map((p) => ({ name: `pods/${p.pod}/goroutines.txt`, bytes: dump(p.pod) }))));
  await dropFiles(page, [{ name: 'fleet.tar.gz', bytes: archive }]);
  await expectFleet(page);
  await expect(page.locator('.view-fleet')).not.toContainText('null');
  await screenshot(page, 'fleet-narrow-dark');
});

// The core's guess can be overridden in one visible place: read as snapshots, the Fleet tab
// goes and Compare opens; read as a fleet again, the Fleet tab and its banner come back.
test('the fleet read as snapshots and back, with the Read as switch', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, truth.map((p) => ({ name: `${p.pod}.goroutines.txt`, bytes: dump(p.pod) })));
  await expect(page.locator('#fleet-banner')).toBeVisible();
  const reading = page.locator('#reading-pick');
  await expect(reading).toHaveValue('fleet');
  await reading.selectOption('snapshots');
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="tab"][data-view="fleet"]')).toHaveCount(0);
  await expect(page.locator('#reading-pick')).toHaveValue('snapshots');
  await page.locator('#reading-pick').selectOption('fleet');
  await expect(page.locator('[role="tab"][data-view="fleet"]')).toHaveCount(1);
  await expect(page.locator('#fleet-banner .fleet-finding')).toContainText(`${sick.pod}: ${sick.blockedSends} goroutines`);
});

// The file picker gives no folders: six replicas' files all named goroutines.txt. Each dump
// gets a name of its own from the core, in the Compare columns and in the Fleet heat map.
test('loose files of one name: every dump has a column head of its own', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await waitForAnalyzer(page);
  await dropFiles(page, truth.map((p) => ({ name: 'goroutines.txt', bytes: dump(p.pod) })));
  const names = truth.map((_, i) => `goroutines.txt (${i + 1})`);
  await expect(page.locator('[role="tab"][data-view="compare"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.compare-table thead th.per-dump')).toHaveText(names);
  await page.locator('#reading-pick').selectOption('fleet');
  await page.locator('#open-fleet').click();
  const heads = page.locator('#fleet-heat thead th.process');
  await expect(heads).toHaveCount(truth.length);
  const titles = await heads.evaluateAll((ths) => ths.map((th) => th.title));
  expect([...titles].sort()).toEqual([...names].sort());
  await expect(heads.first()).toHaveAttribute('title', names[truth.indexOf(sick)]);
});
