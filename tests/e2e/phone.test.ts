import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { practicePackSchema, type PracticeChallenge } from '@/lib/core/game/challenge';
import { seriousViolations } from './axe';
import { launchBrowser, screenshot, VIEWPORTS } from './browser';

/**
 * Phone first, at 390×844 on a touch screen: the game fits the first screen, focus follows Next, key hints wait
 * for a keyboard, the viewer's weight labels never overlap on the densest scene, and every page passes axe-core in
 * both themes.
 */
let browser: Browser;
let context: BrowserContext;
const baseURL = inject('baseURL');

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true });
});
afterAll(async () => {
  await browser?.close();
});

/** The page's box of an element, asserted present. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  expect(b, selector).not.toBeNull();
  return b!;
}

/** Opens / and returns the practice pack the page downloaded. */
async function openGame(page: Page): Promise<PracticeChallenge[]> {
  const pack = page.waitForResponse((r) => /\/packs\/[0-9a-f]{64}\.json$/.test(new URL(r.url()).pathname));
  await page.goto(baseURL);
  const challenges = practicePackSchema.parse(await (await pack).json()).challenges;
  await page.locator('section[data-challenge-id]').waitFor();
  return challenges;
}

/**
 * Answers "true" and goes to the next challenge, by keyboard, and waits for it on screen: a key pressed while
 * "Loading challenges…" shows (Next before the pack is validated) has nothing to answer.
 */
async function answerAndNext(page: Page) {
  const id = await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id');
  await page.keyboard.press('t');
  await page.getByTestId('result').waitFor();
  await page.keyboard.press('n');
  await page.locator(`section[data-challenge-id]:not([data-challenge-id="${id}"])`).waitFor();
}

describe('phone first (390×844, touch)', () => {
  it('the statement, both images and the True/False buttons are on the first screen; no key hints until a key is pressed', async () => {
    const page = await context.newPage();
    await openGame(page);
    await page.locator('figure img').evaluateAll((imgs) => Promise.all((imgs as HTMLImageElement[]).map((img) => img.decode())));
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const selector of ['[data-testid=statement]', 'figure img >> nth=0', 'figure img >> nth=1', 'button:has-text("True of both")', 'button:has-text("False")']) {
      const b = await box(page, selector);
      expect(b.y, selector).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, `${selector} ends below the first screen`).toBeLessThanOrEqual(VIEWPORTS.phone.height);
    }
    await screenshot(page, 'phone-first-screen');
    // A touch screen has no keyboard hints; the first key press shows them.
    const hint = page.locator('button:has-text("True of both") kbd');
    expect(await hint.isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);
    await page.keyboard.press('Shift');
    expect(await hint.isVisible()).toBe(true);
    await page.close();
  });

  it('after Next, focus is on the new statement', async () => {
    const page = await context.newPage();
    await openGame(page);
    const first = await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id');
    await page.getByRole('button', { name: /True of both/ }).tap();
    await page.getByRole('button', { name: /^Next/ }).tap();
    await page.locator(`section[data-challenge-id]:not([data-challenge-id="${first}"])`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('statement');
    // And with the keyboard: answer, Next by key, focus on the statement again.
    await answerAndNext(page);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('statement');
    await page.close();
  });

  it('no two weight labels overlap in the viewer on the densest scene', { timeout: 400_000 }, async () => {
    const page = await context.newPage();
    const challenges = await openGame(page);
    const objects = (c: PracticeChallenge) => Math.max(c.left.boxes.length, c.right.boxes.length);
    const densest = challenges.reduce((a, b) => (objects(b) > objects(a) ? b : a));
    expect(objects(densest)).toBeGreaterThanOrEqual(6);
    // Play until it comes round (practice shuffles the pack; every challenge comes once per round).
    for (let i = 0; i <= challenges.length && (await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id')) !== densest.id; i++) {
      await answerAndNext(page);
    }
    expect(await page.locator('section[data-challenge-id]').getAttribute('data-challenge-id')).toBe(densest.id);
    await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-error]').first().waitFor({ timeout: 200_000 });
    await page.keyboard.press('t');
    await page.getByTestId('model-verdict').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: /^Why\?/ }).tap();
    await page.getByTestId('attention-aligned').waitFor();

    const overlapping = () =>
      page.getByTestId('aligned-scenes').evaluate((el) => {
        const rects = [...el.querySelectorAll('[data-testid=weight-label]')].map((l) => l.getBoundingClientRect());
        const pairs: string[] = [];
        rects.forEach((a, i) =>
          rects.slice(i + 1).forEach((b) => {
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) pairs.push(`${a.x},${a.y} × ${b.x},${b.y}`);
          }),
        );
        return { labels: rects.length, pairs };
      });
    const chips = page.getByRole('group', { name: /^Words, aligned/ }).getByRole('button');
    const grid = page.getByTestId('attention-aligned').getByRole('group', { name: /small multiples/ });
    // Every word, on the alignment head and on a cross-modal head; then with object numbers (wider labels).
    for (const source of ['alignment head', 'layer 2, head 1']) {
      await grid.getByRole('button', { name: source }).tap();
      for (let t = 0; t < (await chips.count()); t++) {
        await chips.nth(t).tap();
        const { labels, pairs } = await overlapping();
        expect(labels).toBeGreaterThan(0);
        expect(pairs, `${source}, word ${t}`).toEqual([]);
      }
    }
    await page.getByLabel('Show detected classes').check();
    expect((await overlapping()).pairs).toEqual([]);
    await page.getByTestId('aligned-scenes').scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-viewer-dense');
    await page.close();
  });

  it('every page passes axe-core in the light and the dark theme', async () => {
    const page = await context.newPage();
    for (const path of ['/', '/daily', '/leaderboard', '/leaderboard?tab=models', '/paper', '/evaluate', '/no-such-page']) {
      await page.goto(`${baseURL}${path}`);
      await page.locator('h1').first().waitFor();
      const found = await seriousViolations(page);
      expect(found, `${path}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
    }
    await page.close();
  });
});
