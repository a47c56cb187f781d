/// <reference lib="dom" />
/**
 * results/index.html: after runs of several experiments (a sweep, a single run, a forecast) it
 * lists every results folder, newest first, with its status and headline, its links lead to the
 * folders' pages, and it opens in headless Chromium without errors; `pipesim index` rewrites it.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

it('lists every results folder with its status, headline and pages, and opens cleanly in Chromium', async () => {
  const root = tempDir();
  expect((await pipesim(['run', 'experiments/mmc.yaml', '--horizon', '1d', '--out', root, '--no-progress'])).code).toBe(0);
  expect((await pipesim(['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '2d', '--replications', '2', '--out', root, '--no-progress'])).code).toBe(0);
  expect((await pipesim(['forecast', 'experiments/capacity.yaml', '--horizon', '1d', '--replications', '2', '--set', 'forecast.growth=[1]', '--out', root, '--workers', '2'])).code).toBe(0);
  const index = path.join(root, 'index.html');
  expect(existsSync(index)).toBe(true);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(index).href);
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => ({
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      links: [...tr.querySelectorAll('a')].map((a) => (a as HTMLAnchorElement).href),
    })));
    expect(errors).toEqual([]);
    // Newest first: the forecast, the sweep, the single run.
    expect(rows.map((r) => [r.cells[1], r.cells[2], r.cells[3]])).toEqual([
      ['capacity', 'forecast', 'complete'], ['small-sweep', 'sweep', 'complete'], ['mmc', 'sweep', 'complete'],
    ]);
    expect(rows[1]!.cells[4]).toBe('4 scenario(s)');
    expect(rows[1]!.cells[5]).toMatch(/^small-sweep: 4 scenario\(s\), 8 run\(s\)\./);
    expect(rows[2]!.cells[5]).toMatch(/Mean wait .*bottleneck server/);
    expect(rows[0]!.cells[5]).toMatch(/today|needs|carries|short/);
    for (const r of rows) {
      expect(r.links.some((l) => l.endsWith('/report.html'))).toBe(true);
      for (const link of r.links) expect(existsSync(new URL(link))).toBe(true);
    }
  } finally {
    await browser.close();
  }

  // A folder deleted by hand leaves the page stale until `pipesim index` rewrites it.
  rmSync(onlyRunDir(root, 'mmc', readdirSync), { recursive: true });
  const rewritten = await pipesim(['index', root]);
  expect(rewritten.code).toBe(0);
  expect(rewritten.stdout).toBe(`${index}: 2 results folder(s)\n`);
  expect((await pipesim(['index', path.join(root, 'nowhere')])).code).toBe(2);
});
