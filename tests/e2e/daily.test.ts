import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, VIEWPORTS } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NICKNAME = 'E2E <i>tester</i>';

describe('daily ranked run', () => {
  let permalink = '';
  let shareText = '';

  it('plays ten challenges, then shows the score and the share text built by the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseURL')}/daily`);
    await page.getByRole('button', { name: /Start today/ }).click();
    for (let i = 0; i < 10; i++) {
      await page.locator(`section[data-daily-index="${i}"]`).waitFor();
      if (i === 0) await screenshot(page, 'daily-question');
      if (i % 2 === 0) await page.getByRole('button', { name: /True of both/ }).click();
      else await page.keyboard.press('f');
    }
    // The 10th answer was the F key: it must not land in the nickname field, which opens focused.
    expect(await page.getByLabel(/nickname/).inputValue()).toBe('');
    await page.getByLabel(/nickname/).fill(NICKNAME);
    await page.getByRole('button', { name: /Submit my answers/ }).click();
    const score = await page.getByTestId('daily-score').innerText();
    expect(score).toMatch(/^\d+\/10 — rank \d+ today$/);
    // Until the day closes the share text gives the score alone: no 🟩/🟥 grid.
    shareText = await page.getByTestId('share-text').innerText();
    const lines = shareText.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^True of both\\? \\d{4}-\\d{2}-\\d{2} ${score.split('/')[0]}/10$`));
    permalink = lines[1]!;
    expect(permalink).toMatch(/\/daily\/r\/[0-9a-f]{32}$/);
    expect(await page.getByTestId('answers-later').isVisible()).toBe(true);
    await screenshot(page, 'daily-result');

    // "rank N today" leads to the board, scrolled to your row, highlighted.
    const rank = score.match(/rank (\d+)/)![1]!;
    await page.getByTestId('rank-link').click();
    await page.waitForURL(/\/leaderboard\?tab=humans&board=today&me=[0-9a-f]{32}#row-/);
    const mine = page.locator('tr[data-mine]');
    await mine.waitFor();
    expect(await mine.innerText()).toContain(NICKNAME);
    expect(await mine.getAttribute('data-rank')).toBe(rank);
    expect(await mine.isVisible()).toBe(true);
    await screenshot(page, 'leaderboard-humans');

    // A second complete run from the same browser is practice.
    await page.goto(`${inject('baseURL')}/daily`);
    await page.getByRole('button', { name: /Start today/ }).click();
    for (let i = 0; i < 10; i++) {
      await page.locator(`section[data-daily-index="${i}"]`).waitFor();
      await page.keyboard.press('t');
    }
    await page.getByLabel(/nickname/).fill(NICKNAME);
    await page.getByRole('button', { name: /Submit my answers/ }).click();
    expect(await page.getByTestId('daily-score').innerText()).toMatch(/^\d+\/10 — practice run$/);
    expect(await page.getByTestId('practice-note').isVisible()).toBe(true);
    expect(await page.getByTestId('share-text').innerText()).not.toMatch(/[🟩🟥]/u);
    await page.goto(`${inject('baseURL')}/leaderboard`);
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByText('pending').first().waitFor();
    await screenshot(page, 'leaderboard-models');
    expect(errors).toEqual([]);
    await context.close();
  });

  // The result and your row on the board at phone width and in dark mode too (desktop light is above).
  for (const [width, colorScheme] of [['phone', 'light'], ['phone', 'dark'], ['desktop', 'dark']] as const) {
    it(`shows the result and your row on the board: ${width}, ${colorScheme}`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS[width], colorScheme });
      const page = await context.newPage();
      await page.goto(`${inject('baseURL')}/daily`);
      await page.getByRole('button', { name: /Start today/ }).click();
      for (let i = 0; i < 10; i++) {
        await page.locator(`section[data-daily-index="${i}"]`).waitFor();
        await page.keyboard.press(i % 3 ? 'f' : 't');
      }
      await page.getByLabel(/nickname/).fill(`${width} ${colorScheme}`);
      await page.getByRole('button', { name: /Submit my answers/ }).click();
      await page.getByTestId('rank-link').waitFor();
      await screenshot(page, `daily-result-${width}-${colorScheme}`);
      await page.getByTestId('rank-link').click();
      const mine = page.locator('tr[data-mine]');
      await mine.waitFor();
      expect(await mine.innerText()).toContain(`${width} ${colorScheme}`);
      await screenshot(page, `leaderboard-humans-${width}-${colorScheme}`);
      await context.close();
    });
  }

  it('opens the shared permalink in a fresh browser context', async () => {
    expect(permalink).not.toBe('');
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(permalink);
    expect(res?.status()).toBe(200);
    // The nickname is shown as text: its markup is not parsed.
    expect(await page.getByTestId('run-title').innerText()).toContain(NICKNAME);
    expect(await page.locator('main i').count()).toBe(0);
    // Which answers were right appears only after the day closes.
    expect(await page.getByTestId('run-grid').count()).toBe(0);
    expect(await page.getByTestId('answers-later').innerText()).toContain('after the day closes');
    await screenshot(page, 'daily-permalink');
    await context.close();
  });
});

describe('shared visualization', () => {
  it('stores a share, redraws it in a fresh context with its Open Graph image, and 404s unknown ids', async () => {
    const base = inject('baseURL');
    const context = await browser.newContext();
    const { challenges } = (await (await context.request.get(`${base}/api/daily`)).json()) as {
      challenges: { statement: string; left: { boxes: unknown[] }; right: { boxes: unknown[] } }[];
    };
    const challenge = { ...challenges[0]!, statement: '<b>bold?</b> there is a blue circle' };
    const words = ['<b>', 'there', 'is', 'a', 'blue', 'circle'];
    const row = (n: number, w: number) => Array.from({ length: n }, (_, o) => String.fromCharCode(o === w % n ? 255 : 20)).join('');
    const matrix = (n: number) => Buffer.from(words.map((_, w) => row(n, w)).join(''), 'latin1').toString('base64');
    const doc = {
      format: 'tob-share/1',
      challenge,
      answer: true,
      label: null,
      model: { id: 'aligned-int8', pair: 0.62, left: 0.8, right: 0.77 },
      view: { layer: 1, head: null },
      attention: { words, focus: 4, left: matrix(challenge.left.boxes.length), right: matrix(challenge.right.boxes.length) },
    };
    const created = await context.request.post(`${base}/api/shares`, { data: doc, headers: { origin: base } });
    expect(created.status()).toBe(201);
    const { url } = (await created.json()) as { url: string };
    await context.close();

    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await fresh.newPage();
    expect((await page.goto(url))?.status()).toBe(200);
    expect(await page.getByTestId('share-statement').innerText()).toContain('<b>bold?</b>');
    expect(await page.locator('[data-testid="share-statement"] b').count()).toBe(0);
    expect(await page.title()).toContain('<b>bold?</b>');
    await page.getByRole('button', { name: 'circle' }).click();
    expect(await page.getByRole('button', { name: 'circle' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'share-page');
    const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(ogImage).toMatch(/\/s\/[0-9a-f]{32}\/og\.png$/);
    const og = await fresh.request.get(ogImage!);
    expect(og.status()).toBe(200);
    expect(og.headers()['content-type']).toBe('image/png');
    const ogPage = await fresh.newPage();
    await ogPage.goto(ogImage!);
    await screenshot(ogPage, 'share-og-image');

    const missing = await page.goto(`${base}/s/${'0'.repeat(32)}`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Nothing here');
    expect((await page.goto(`${base}/s/not-an-id`))?.status()).toBe(404);
    await fresh.close();
  });
});
