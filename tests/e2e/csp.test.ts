import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';

/**
 * The site's Content-Security-Policy (next.config.js) must not break the game: the model worker, its
 * WebAssembly ('wasm-unsafe-eval') and WebGPU run under it: the home page's model reaches a verdict on
 * WASM, then moves to WebGPU, with no violation reported by the page or its worker.
 */
let browser: Browser;
const baseURL = inject('baseURL');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Collects CSP violations the page or its worker reports, and page errors; checks the document's policy. */
async function open(page: Page) {
  const violations: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(baseURL);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  const status = page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-error]').first();
  await status.waitFor({ timeout: 150_000 });
  if (await page.getByTestId('model-error').count()) throw new Error(await page.getByTestId('model-error').innerText());
  return { violations, errors };
}

async function answer(page: Page): Promise<string | null> {
  await page.getByRole('button', { name: /True of both/ }).click();
  const verdict = page.getByTestId('model-verdict');
  await verdict.waitFor({ timeout: 120_000 });
  expect(await page.getByTestId('model-pair-verdict').getAttribute('data-verdict')).toMatch(/^(true|false)$/);
  return verdict.getAttribute('data-backend');
}

describe('under the Content-Security-Policy', () => {
  it('the home page’s model answers in its worker on WASM, with no violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { violations, errors } = await open(page);
    expect(await answer(page)).toBe('wasm');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('and moves to WebGPU (its own runtime, started in the worker) and answers there, with no violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // SwiftShader is slower than WASM, so the worker would rightly stay on WASM: this switch makes it move (model.test.ts).
    await page.addInitScript(() => localStorage.setItem('tob-webgpu', 'always'));
    const { violations, errors } = await open(page);
    await answer(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=model-status]')?.getAttribute('data-backend') === 'webgpu', null, { timeout: 480_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    await answer(page);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
