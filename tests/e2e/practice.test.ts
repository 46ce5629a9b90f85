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

it('plays human-written NLVR pairs by default, and credits NLVR', async () => {
  const page = await browser.newPage();
  await page.goto(inject('baseURL'));
  await page.locator('section[data-challenge-id^="nlvr-"]').waitFor();
  expect(await page.locator('main').innerText()).toContain('CC-BY-4.0');
  await page.close();
});
