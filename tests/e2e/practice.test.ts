import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startSite } from '@/lib/tools/site';
import { launchBrowser, screenshot, VIEWPORTS } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(Object.entries(VIEWPORTS))('practice at %s width', (name, viewport) => {
  it('plays three challenges: answer, see the verdict per image, next', async () => {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseURL'));
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const section = page.locator('section[data-challenge-id]');
      await section.waitFor();
      const id = await section.getAttribute('data-challenge-id');
      expect(id).toBeTruthy();
      seen.add(id!);
      const statement = await page.getByTestId('statement').innerText();
      expect(statement.length).toBeGreaterThan(5);
      // Both images must really load (decoded with a width), not just be present.
      const widths = await page.locator('figure img').evaluateAll((imgs) =>
        Promise.all((imgs as HTMLImageElement[]).map((img) => img.decode().then(() => img.naturalWidth))),
      );
      expect(widths).toEqual([800, 800]);
      if (round === 0) await screenshot(page, `practice-${name}-question`);
      // Alternate mouse and keyboard answers.
      if (round % 2 === 0) await page.getByRole('button', { name: /True of both/ }).click();
      else await page.keyboard.press('f');
      const result = await page.getByTestId('result').innerText();
      expect(result).toMatch(/^(Correct!|Not quite\.) The statement is (true of both images|false of both images|not true of both: it is false of the (left|right) image)\.$/);
      const left = await page.getByTestId('left-verdict').innerText();
      const right = await page.getByTestId('right-verdict').innerText();
      // The explanation must agree with the per-image verdicts.
      const bothTrue = left === 'true here' && right === 'true here';
      expect(result.includes('true of both images')).toBe(bothTrue);
      if (round === 0) await screenshot(page, `practice-${name}-answered`);
      if (round === 1) await page.keyboard.press('n');
      else await page.getByRole('button', { name: /Next/ }).click();
    }
    expect(seen.size).toBe(3);
    await expect(page.getByTestId('score').innerText()).resolves.toMatch(/Played\s*3/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('is on screen from the server’s HTML: statement, both images, the answer buttons (disabled until a script can take the answer), the model panel’s place', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
  const page = await context.newPage();
  await page.goto(inject('baseURL'));
  const id = await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id');
  expect(id).toMatch(/^nlvr-/);
  expect((await page.getByTestId('statement').innerText()).length).toBeGreaterThan(5);
  const widths = await page.locator('figure img').evaluateAll((imgs) => Promise.all((imgs as HTMLImageElement[]).map((img) => img.decode().then(() => img.naturalWidth))));
  expect(widths).toEqual([800, 800]);
  for (const name of [/True of both/, /False/]) expect(await page.getByRole('button', { name }).isDisabled()).toBe(true);
  expect(await page.getByTestId('model-status').getAttribute('data-state')).toBe('none');
  expect(await page.getByTestId('model-progress-placeholder').innerText()).toBe('Loading…');
  // The published models and the challenge on screen, for the model to start loading and answering before the page hydrates.
  const embedded = JSON.parse((await page.locator('script#tob-models').textContent()) ?? 'null') as { models: { id: string }[]; first: { id: string } };
  expect(embedded.models.map((m) => m.id)).toContain('aligned-int8');
  expect(embedded.first.id).toBe(id);
  await screenshot(page, 'practice-phone-server-html');
  await context.close();
});

it('runs no schema code on the page’s main thread: the pack is validated in a worker, with zod’s used parts only', async () => {
  // Every script the page loads on its main thread (Next.js's chunks and the early start among them), read as served.
  const html = await (await fetch(inject('baseURL'))).text();
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => new URL(m[1]!, inject('baseURL')).href);
  expect(scripts.length).toBeGreaterThan(3);
  for (const src of scripts) {
    const code = await (await fetch(src)).text();
    // zod's schemas carry their internals under `_zod`, a property name no minifier renames.
    expect(code.includes('_zod'), `${src} carries zod`).toBe(false);
  }
  // Yet the pack arrives, validated: the mode picker turns on once it is in.
  const page = await browser.newPage({ viewport: VIEWPORTS.phone });
  const loaded: string[] = [];
  page.on('requestfinished', (req) => void (req.resourceType() === 'script' || /\.js$/.test(new URL(req.url()).pathname) ? loaded.push(req.url()) : 0));
  await page.goto(inject('baseURL'));
  await expect.poll(() => page.getByTestId('practice-mode').isEnabled(), { timeout: 60_000 }).toBe(true);
  await page.locator('[data-testid=model-status][data-state=ready]').waitFor({ timeout: 120_000 });
  await page.close();
  // The workers' scripts carry zod, but only the parts the site uses (lib/core/zod.ts): none of its locales.
  const workerOnly = [...new Set(loaded)].filter((src) => !scripts.includes(src));
  const codes = await Promise.all(workerOnly.map(async (src) => [src, await (await fetch(src)).text()] as const));
  expect(codes.filter(([, code]) => code.includes('_zod')).length, workerOnly.join(' ')).toBeGreaterThan(0);
  for (const [src, code] of codes) expect(/Ungültig|inválid|無効/.test(code), `${src} carries zod's locales`).toBe(false);
});

it('starts no model where there is no game: the page whose challenges are still being prepared', async () => {
  // The same build on an empty store: no catalog, so no pack and no models.
  const dir = mkdtempSync(join(tmpdir(), 'tob-empty-'));
  const site = await startSite({ ...process.env, BLOB_DIR: join(dir, 'blob'), CATALOG_FILE: join(dir, 'catalog.json'), DB_DIR: join(dir, 'db'), SECRET_FILE: join(dir, 'secret'), NEXT_TELEMETRY_DISABLED: '1' });
  const page = await browser.newPage({ viewport: VIEWPORTS.phone });
  try {
    await page.goto(site.url);
    await page.getByText('The challenges are being prepared.').waitFor();
    // A worker the early start made before the page was parsed is stopped once the page shows no game.
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('model-status').count()).toBe(0);
  } finally {
    await page.close();
    site.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('moves focus to the new statement when Next comes before the pack has arrived', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The pack (fetched by its worker) is held back until the visitor has asked for the next challenge.
  await context.route('**/blob/packs/**', async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(inject('baseURL'));
  const first = await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id');
  const answer = page.getByRole('button', { name: /True of both/ });
  await expect.poll(() => answer.isEnabled()).toBe(true);
  await answer.click();
  await page.getByRole('button', { name: /^Next/ }).click();
  await expect.poll(() => page.getByText('Loading challenges…').isVisible()).toBe(true);
  release();
  await page.locator(`section[data-challenge-id]:not([data-challenge-id="${first}"])`).waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('statement');
  await context.close();
});

it('hydrates the server’s challenge in place: the same challenge, answerable, and nothing on the page moves while the model loads', async () => {
  const page = await browser.newPage({ viewport: VIEWPORTS.phone });
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: number; __firstId?: string | null };
    w.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    document.addEventListener('DOMContentLoaded', () => (w.__firstId = document.querySelector('section[data-challenge-id]')?.getAttribute('data-challenge-id')));
  });
  await page.goto(inject('baseURL'));
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-error]').first().waitFor({ timeout: 200_000 });
  expect(await page.getByTestId('model-status').getAttribute('data-state')).toBe('ready');
  const { firstId, shifts } = await page.evaluate(() => {
    const w = window as unknown as { __shifts: number; __firstId?: string | null };
    return { firstId: w.__firstId, shifts: w.__shifts };
  });
  expect(firstId).toMatch(/^nlvr-/);
  expect(await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id')).toBe(firstId);
  expect(await page.getByRole('button', { name: /True of both/ }).isEnabled()).toBe(true);
  // Layout shift as browsers score it (0.1 is "good" in Core Web Vitals): the game was in the HTML, the panel held its place.
  expect(shifts).toBeLessThan(0.1);
  await page.close();
});

it('plays human-written NLVR pairs by default, and credits NLVR', async () => {
  const page = await browser.newPage();
  await page.goto(inject('baseURL'));
  await page.locator('section[data-challenge-id^="nlvr-"]').waitFor();
  expect(await page.locator('main').innerText()).toContain('CC-BY-4.0');
  await page.close();
});
