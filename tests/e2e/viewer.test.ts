import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { seriousViolations } from './axe';
import { launchBrowser, screenshot, SCREENSHOT_DIR, VIEWPORTS } from './browser';
import { publishedModels } from './model-harness';

/**
 * The attention viewer in Chromium on WebGPU: play a challenge, open "Why?", switch word, layer and head,
 * pick an object, compare with the baseline (loaded only then), ask a typed statement, export a PNG and
 * share; axe-core on /, the viewer and /paper; desktop and phone screenshots in test-results/screenshots.
 */
let browser: Browser;
const baseURL = inject('baseURL');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function modelReady(page: Page) {
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-error]').first().waitFor({ timeout: 150_000 });
  const error = page.getByTestId('model-error');
  if (await error.count()) throw new Error(await error.innerText());
}

/** Plays the challenge on screen and opens the viewer on the model's explanation. */
async function playAndOpenViewer(page: Page) {
  await page.goto(baseURL);
  await modelReady(page);
  await page.keyboard.press('t');
  await page.getByTestId('model-verdict').waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: /^Why\?/ }).click();
  await page.getByTestId('attention-aligned').waitFor();
}

const weights = (page: Page, panel: string) =>
  page.locator(`[data-testid=${panel}-scenes] [data-weight]`).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-weight'))));

async function expectNoSeriousViolations(page: Page, where: string) {
  const found = await seriousViolations(page);
  expect(found, `${where}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
}

describe('attention viewer', () => {
  it('desktop: words, layers and heads, objects, the baseline side by side, Ask the model, PNG, share, accessibility', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The game loads aligned-int8; its counterpart baseline-int8's manifest must not be fetched before Compare.
    const baseline = (await publishedModels(inject('catalogFile'))).find((m) => m.id === 'baseline-int8');
    expect(baseline).toBeDefined();
    const baselineRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === baseline!.manifestUrl) baselineRequests.push(r.url());
    });

    await page.goto(baseURL);
    await page.locator('section[data-challenge-id]').waitFor();
    await expectNoSeriousViolations(page, '/');

    await playAndOpenViewer(page);
    const viewer = page.getByTestId('attention-viewer');
    const chips = page.getByRole('group', { name: /^Words, aligned/ }).getByRole('button');
    // each chip's word (its text also carries, for screen readers, a note on words the model does not know)
    const words = await chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-word') ?? ''));
    expect(words.length).toBeGreaterThan(2);
    const statement = (await page.getByTestId('statement').innerText()).toLowerCase();
    for (const w of words) expect(statement).toContain(w.toLowerCase());

    // Switch word: the enlarged view follows, and its weights change.
    const scenes = page.getByTestId('aligned-scenes');
    expect(await scenes.getAttribute('data-source')).toBe('alignment');
    const before = { word: await scenes.getAttribute('data-word'), weights: await weights(page, 'aligned') };
    const other = words.findIndex((w) => w !== before.word);
    await chips.nth(other).click();
    expect(await scenes.getAttribute('data-word')).toBe(words[other]);
    expect(await chips.nth(other).getAttribute('aria-pressed')).toBe('true');
    // Keyboard: arrows move the selection along the chips.
    await chips.nth(other).focus();
    await page.keyboard.press(other === words.length - 1 ? 'ArrowLeft' : 'ArrowRight');
    const moved = other === words.length - 1 ? other - 1 : other + 1;
    expect(await chips.nth(moved).getAttribute('aria-pressed')).toBe('true');
    expect(await scenes.getAttribute('data-word')).toBe(words[moved]);
    await chips.nth(other).click();
    expect(await weights(page, 'aligned')).not.toEqual(before.weights);
    // The alignment head is a distribution over each image's objects.
    const leftObjects = await page.locator('[data-testid=aligned-scenes] [data-testid^=heat-left-]').count();
    const alignLeft = (await weights(page, 'aligned')).slice(0, leftObjects);
    expect(alignLeft.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);

    // Layer × head small multiples: each head, then the mean over heads, which is their average.
    const grid = page.getByTestId('attention-aligned').getByRole('group', { name: /small multiples/ });
    const perHead: number[][] = [];
    const heads = await grid.locator('[data-source^="1:"]').count();
    expect(heads).toBe(5); // four heads and the mean
    for (let h = 0; h < heads - 1; h++) {
      await grid.locator(`[data-source="1:${h}"]`).click();
      expect(await scenes.getAttribute('data-source')).toBe(`1:${h}`);
      perHead.push(await weights(page, 'aligned'));
    }
    await grid.getByRole('button', { name: 'layer 2, mean over heads' }).click();
    const mean = await weights(page, 'aligned');
    mean.forEach((m, o) => expect(m).toBeCloseTo(perHead.reduce((s, w) => s + w[o]!, 0) / perHead.length, 3));
    await grid.getByRole('button', { name: 'layer 1, head 2' }).click();
    expect(await scenes.getAttribute('data-source')).toBe('0:1');
    expect(await page.getByTestId('legend').first().innerText()).toMatch(/0\s+\d\.\d\d\s+\d\.\d\d/);

    // The reverse direction: pick an object, the chips carry each word's weight on it.
    await page.getByTestId('attention-aligned').getByTestId('heat-left-0').click();
    const chipWeights = await chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-weight')));
    expect(chipWeights.every((w) => w !== null && Number(w) >= 0)).toBe(true);
    await page.getByLabel('Show detected classes').check();
    expect(await page.getByTestId('aligned-classes-left').innerText()).toMatch(/^1: (yellow|black|blue) (square|circle|triangle)/);
    await screenshot(page, 'viewer-desktop');
    await expectNoSeriousViolations(page, 'the viewer');
    await page.keyboard.press('Escape');
    expect(await chips.first().getAttribute('data-weight')).toBeNull();

    // Aligned vs baseline: the baseline model downloads only now, then shows the same word and source.
    expect(baselineRequests).toEqual([]);
    await viewer.getByRole('button', { name: /^Compare with baseline/ }).click();
    await page.getByTestId('attention-baseline').waitFor({ timeout: 150_000 });
    expect(baselineRequests.length).toBeGreaterThan(0);
    expect(await page.getByTestId('baseline-scenes').getAttribute('data-word')).toBe(words[other]);
    expect(await page.getByTestId('baseline-scenes').getAttribute('data-source')).toBe('0:1');
    const baseChips = page.getByRole('group', { name: /^Words, baseline/ }).getByRole('button');
    await baseChips.nth(0).click();
    expect(await scenes.getAttribute('data-word')).toBe(words[0]);
    expect(await page.getByTestId('baseline-verdict').getAttribute('data-verdict')).toMatch(/^(true|false)$/);
    // For the screenshot: the alignment head on a colour or shape word, where the two families differ most.
    const named = words.findIndex((w) => /^(yellow|black|blue|squares?|circles?|triangles?)$/.test(w));
    if (named >= 0) await chips.nth(named).click();
    await grid.getByRole('button', { name: 'alignment head' }).click();
    expect(await page.getByTestId('baseline-scenes').getAttribute('data-source')).toBe('alignment');
    await screenshot(page, 'viewer-compare-desktop');
    await grid.getByRole('button', { name: 'layer 1, head 2' }).click();

    // Ask the model: limits first, then a statement with a learned misspelling, a near miss and an unknown word.
    const input = page.getByRole('textbox', { name: /Ask the model/ });
    await input.fill('x'.repeat(170));
    expect(await page.getByTestId('ask-error').innerText()).toContain('At most 160 characters');
    await input.fill('there is a <b>');
    expect(await page.getByTestId('ask-error').innerText()).toContain('remove < >');
    await input.fill('there is a yelow circlle and a purple block');
    const reading = await page.getByTestId('ask-reading').innerText();
    expect(reading).toContain('circlle → circle');
    expect(reading).toContain('yelow (= yellow)');
    await page.locator('[data-testid=attention-aligned][data-statement="there is a yelow circle and a purple block"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('viewer-statement').innerText()).toContain('Your statement: “there is a yelow circle and a purple block”');
    const purple = page.getByRole('group', { name: /^Words, aligned/ }).getByRole('button', { name: /purple \(not in the model’s vocabulary\)/ });
    await purple.waitFor({ timeout: 60_000 });
    await page.getByRole('group', { name: /^Words, baseline/ }).getByRole('button', { name: /^purple/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('aligned-verdict').getAttribute('data-verdict')).toMatch(/^(true|false)$/);
    await screenshot(page, 'viewer-ask-desktop');

    // Export: a PNG of both panels.
    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download PNG' }).click()]);
    const png = PNG.sync.read(readFileSync((await download.path())!));
    await download.saveAs(`${SCREENSHOT_DIR}/viewer-export.png`);
    expect(download.suggestedFilename()).toMatch(/^true-of-both-.*-L1H2\.png$/);
    expect([png.width, png.height]).toEqual([2 * 840, 70 + 2 * 250 + 110]);

    // Share the view: a tob-share/1 permalink that redraws it without the model.
    await viewer.getByRole('button', { name: 'Share this view' }).click();
    const link = await page.getByTestId('share-link').getAttribute('href');
    expect(link).toMatch(/\/s\/[0-9a-f]{32}$/);
    const shared = await context.newPage();
    await shared.goto(link!);
    expect(await shared.getByTestId('share-statement').innerText()).toContain('there is a yelow circle and a purple block');
    expect(await shared.locator('main').innerText()).toContain('layer 1, head 2');

    // Next challenge: "Why?" and the comparison stay open, on the same baseline worker (no second download).
    const fetched = baselineRequests.length;
    await page.keyboard.press('n');
    await page.keyboard.press('t');
    await page.getByTestId('model-verdict').waitFor({ timeout: 120_000 });
    await page.getByTestId('attention-baseline').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('viewer-statement').innerText()).toContain('The challenge');
    expect(baselineRequests.length).toBe(fetched);

    await page.goto(`${baseURL}/paper`);
    await page.locator('h1').waitFor();
    await expectNoSeriousViolations(page, '/paper');
    // The precisions are read against chance, and the paper and the data are a click away.
    expect(await page.getByTestId('alignment-chance').innerText()).toMatch(/^chance is 0\.\d\d$/);
    for (const href of ['https://arxiv.org/abs/1912.03063', 'https://lil.nlp.cornell.edu/nlvr/']) expect(await page.locator(`main a[href="${href}"]`).count()).toBeGreaterThan(0);
    // Each recipe over its seeds (models/<family>/seeds.json), with error bars where there are several, and how the baseline was tuned.
    expect(await page.getByTestId('seeds-aligned').innerText()).toMatch(/\d+ seeds[^]*\d+\.\d ± \d+\.\d %/);
    expect(await page.getByTestId('seeds-baseline').innerText()).toMatch(/\d+ seeds?[^]*\d+\.\d( ± \d+\.\d)? %/);
    expect(await page.getByRole('heading', { name: 'How the baseline was tuned' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('phone, dark theme, reduced motion: the same viewer fits, and chips do not animate', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, colorScheme: 'dark', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await playAndOpenViewer(page);
    const chips = page.getByRole('group', { name: /^Words, aligned/ }).getByRole('button');
    await chips.last().click();
    const grid = page.getByTestId('attention-aligned').getByRole('group', { name: /small multiples/ });
    await grid.getByRole('button', { name: 'layer 2, head 4' }).click();
    expect(await page.getByTestId('aligned-scenes').getAttribute('data-source')).toBe('1:3');
    expect(await chips.first().evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await page.getByRole('textbox', { name: /Ask the model/ }).fill('a black square');
    await page.locator('[data-testid=attention-aligned][data-statement="a black square"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'viewer-phone-dark');
    await expectNoSeriousViolations(page, 'the viewer, phone, dark');
    await context.close();

    const light = await browser.newContext({ viewport: VIEWPORTS.phone });
    const lightPage = await light.newPage();
    await playAndOpenViewer(lightPage);
    expect(await lightPage.getByRole('group', { name: /^Words, aligned/ }).getByRole('button').first().evaluate((el) => getComputedStyle(el).transitionDuration)).not.toBe('0s');
    await screenshot(lightPage, 'viewer-phone');
    await light.close();
  });
});

describe('practice modes and score', () => {
  it('balanced: each pair of challenges holds one true and one false statement; you vs the model is counted', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(baseURL);
    await modelReady(page);
    await page.getByTestId('practice-mode').selectOption('balanced');
    // Keys typed into the mode menu stay there: leave it before answering with the keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const truths: boolean[] = [];
    let correct = 0;
    for (let round = 0; round < 4; round++) {
      await page.keyboard.press('t');
      const result = await page.getByTestId('result').innerText();
      truths.push(result.includes('true of both images'));
      if (result.startsWith('Correct!')) correct++;
      await page.getByTestId('model-verdict').waitFor({ timeout: 120_000 });
      await page.getByTestId('score-model').filter({ hasText: `of ${round + 1}` }).waitFor();
      await page.keyboard.press('n');
    }
    expect(truths[0]).not.toBe(truths[1]);
    expect(truths[2]).not.toBe(truths[3]);
    expect(await page.getByTestId('score-accuracy').innerText()).toBe(`${Math.round((100 * correct) / 4)}%`);
    expect(await page.getByTestId('score-model').innerText()).toMatch(/^\d+% of 4$/);
    await page.close();
  });
});
