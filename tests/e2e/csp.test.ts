import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';

/**
 * The site's Content-Security-Policy (next.config.js) must not break the game: the model worker, its
 * WebAssembly ('wasm-unsafe-eval') and WebGPU run under it, and the home page's model reaches a verdict,
 * with no violation reported by the page or its worker.
 */
let browser: Browser;
const baseURL = inject('baseURL');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function playOnce(page: Page, backend: 'webgpu' | 'wasm') {
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
  expect(await page.getByTestId('model-status').getAttribute('data-backend')).toBe(backend);
  await page.getByRole('button', { name: /True of both/ }).click();
  const verdict = page.getByTestId('model-verdict');
  await verdict.waitFor({ timeout: 120_000 });
  expect(await page.getByTestId('model-pair-verdict').getAttribute('data-verdict')).toMatch(/^(true|false)$/);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
}

describe('under the Content-Security-Policy', () => {
  it('the home page’s model loads in its worker on WebGPU and reaches a verdict', async () => {
    const context = await browser.newContext();
    await playOnce(await context.newPage(), 'webgpu');
    await context.close();
  });

  it('and on WASM, in a browser without WebGPU', async () => {
    const noGpu = await launchBrowser({ webgpu: false });
    try {
      await playOnce(await (await noGpu.newContext()).newPage(), 'wasm');
    } finally {
      await noGpu.close();
    }
  });
});
