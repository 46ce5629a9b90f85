import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { evaluateExamples } from '@/lib/tools/model/eval';
import { pairKey } from '@/lib/core/model/metrics';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { packModel } from '@/lib/tools/pack';
import { exampleModel, wrongInputsModel } from '@/lib/tools/pack/example';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { launchBrowser, screenshot } from './browser';

/** NLVR subset for the browser-vs-eval check: the first items of the nlvr-test-p split (its pairs, in the split's order). */
const NLVR_SUBSET = 16;
const nlvrDir = process.env.NLVR1_DIR;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openEvaluate(query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${inject('baseURL')}/evaluate${query}`);
  return { context, page, errors };
}

async function loadShipped(page: Page) {
  await page.getByRole('button', { name: 'Load aligned-int8' }).click();
  await page.locator('[data-testid="model-state"][data-state="ready"]').waitFor({ timeout: 120_000 });
}

async function runToEnd(page: Page) {
  await page.locator('[data-testid="split-info"]').waitFor();
  await page.getByRole('button', { name: /^Evaluate/ }).click();
  await page.locator('[data-testid="progress"][data-state="done"]').waitFor({ timeout: 170_000 });
  const progress = page.getByTestId('progress');
  return { done: Number(await progress.getAttribute('data-done')), total: Number(await progress.getAttribute('data-total')) };
}

async function upload(page: Page, name: string, bytes: Uint8Array) {
  await page.getByLabel('Your own ONNX model').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

/** Drops a file on the model section, as a visitor dragging it from their desktop. */
async function drop(page: Page, name: string, bytes: Uint8Array) {
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(data)], name));
      return t;
    },
    { name, data: [...bytes] },
  );
  await page.locator('section[aria-labelledby="model-heading"]').dispatchEvent('drop', { dataTransfer: transfer });
}

describe('/evaluate', () => {
  it('is linked from the site navigation', async () => {
    const { context, page } = await openEvaluate();
    await page.goto(`${inject('baseURL')}/`);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Evaluate', exact: true }).click();
    await page.waitForURL(/\/evaluate$/);
    await context.close();
  });

  it('evaluates the shipped int8 model on the ranked split on WebGPU, submits, and shows the row', async () => {
    const { context, page, errors } = await openEvaluate();
    await loadShipped(page);
    const facts = page.getByTestId('facts');
    expect(await facts.getAttribute('data-backend')).toBe('webgpu');
    const info = page.getByTestId('split-info');
    await info.waitFor();
    const pairs = Number(await info.getAttribute('data-pairs'));
    const { done, total } = await runToEnd(page);
    // The shipped model has image_logits: one item per pair (every ranked image is in a pair).
    expect(total).toBe(pairs);
    expect(done).toBe(total);
    expect(await facts.innerText()).toMatch(/mean latency per item\s+\d+\.\d ms/);
    expect(await facts.innerText()).toMatch(/p95 latency per item\s+\d+\.\d ms/);
    expect(await page.getByTestId('running-score').innerText()).toMatch(/Labels are hidden/);
    await page.getByLabel('Model name').fill('e2e aligned-int8');
    await page.getByRole('button', { name: 'Submit' }).click();
    const entry = page.getByTestId('entry');
    await entry.waitFor();
    const id = await entry.getAttribute('data-entry-id');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await entry.innerText()).toContain('webgpu');
    await screenshot(page, 'evaluate-ranked-submitted');
    await page.getByRole('link', { name: /See it on the leaderboard/ }).click();
    const row = page.locator(`tr[data-row-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-mine')).toBe('true');
    expect(await row.innerText()).toContain('e2e aligned-int8');
    expect(await row.innerText()).toMatch(/p95 \d+/);
    await screenshot(page, 'evaluate-leaderboard-row');
    await page.getByRole('link', { name: 'Evaluate a model in your browser' }).click();
    await page.waitForURL(/\/evaluate\?split=ranked-synthetic$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a dropped random-bytes file and a model with wrong inputs, then runs the minimal example model', async () => {
    const { context, page, errors } = await openEvaluate();
    const error = page.getByTestId('model-error');
    await drop(page, 'random.onnx', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    await error.waitFor();
    expect(await error.innerText()).toContain('This file is not an ONNX model');

    await upload(page, 'wrong-inputs.onnx', wrongInputsModel());
    await page.getByText('this model does not match Model I/O v1').waitFor();
    const text = await error.innerText();
    expect(text).toContain('missing input input_ids: int64 [B, 24]');
    expect(text).toContain('missing input object_crops: float32 [B, 2, 20, 3, 16, 16]');
    expect(text).toContain('unexpected input pixel_values');
    await screenshot(page, 'evaluate-wrong-inputs');

    // The page stays usable: the minimal example model of docs/MODEL-CONTRACT.md runs and submits.
    await upload(page, 'example.onnx', exampleModel());
    await page.locator('[data-testid="model-state"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('model-state').innerText()).toContain('no image_logits');
    const pairs = Number(await page.getByTestId('split-info').getAttribute('data-pairs'));
    const images = Number(await page.getByTestId('split-info').getAttribute('data-images'));
    const { done, total } = await runToEnd(page);
    expect(total).toBe(pairs + images); // every image also paired with itself
    expect(done).toBe(total);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByTestId('entry').waitFor();
    expect(await page.getByTestId('entry').innerText()).toContain('example');
    expect(errors).toEqual([]);
    await context.close();
  });

  it.skipIf(!nlvrDir)(
    `gives, on the first ${NLVR_SUBSET} NLVR test-P pairs, the verdicts npm run eval's path gives in Node; pauses, resumes and cancels`,
    async () => {
      const { context, page, errors } = await openEvaluate(`?split=nlvr-test-p&limit=${NLVR_SUBSET}`);
      await loadShipped(page);
      const { done } = await runToEnd(page);
      expect(done).toBe(NLVR_SUBSET);
      expect(await page.getByRole('button', { name: 'Submit' }).isDisabled()).toBe(true);
      const rows = await page.getByTestId('item-result').evaluateAll((els) => els.map((e) => ({ ids: e.getAttribute('data-ids')!, verdict: e.getAttribute('data-verdict') === 'true' })));
      expect(rows).toHaveLength(NLVR_SUBSET);
      const right = Number(await page.getByTestId('running-score').getAttribute('data-right'));
      await screenshot(page, 'evaluate-nlvr-subset');

      // Node: the same packed int8 model (packing is deterministic), WASM, the eval path, over the presentations involved.
      const packed = await packModel(join('models', 'aligned'), { variant: 'int8' });
      const session = await createNodeSession(packed.graph, 1, packed.shards.map((s) => ({ path: s.name, data: s.bytes })));
      const ids = new Set(rows.flatMap((r) => r.ids.split(' ')));
      const all = await readNlvrFile(join(nlvrDir!, 'test.json'));
      const presentations = new Set(all.filter((e) => ids.has(e.identifier)).map((e) => e.presentation));
      await selectCpuBackend();
      const node = await evaluateExamples(session.run, new Tokenizer(vocabularySchema.parse(vocabJson)), all.filter((e) => presentations.has(e.presentation)));
      const labels = new Map(all.map((e) => [e.identifier, e.label]));
      for (const r of rows) expect({ ids: r.ids, verdict: node.pairVerdicts.get(pairKey(...(r.ids.split(' ') as [string, string]))) }).toEqual(r);
      expect(right).toBe(rows.filter((r) => { const [a, b] = r.ids.split(' '); return r.verdict === (labels.get(a!)! && labels.get(b!)!); }).length);

      // The whole split: pause, resume, cancel.
      await page.goto(`${inject('baseURL')}/evaluate?split=nlvr-test-p`);
      await loadShipped(page);
      await page.locator('[data-testid="split-info"]').waitFor();
      await page.getByRole('button', { name: /^Evaluate/ }).click();
      await page.locator('[data-testid="progress"]:not([data-done="0"])').waitFor();
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.locator('[data-testid="progress"][data-state="paused"]').waitFor();
      const paused = Number(await page.getByTestId('progress').getAttribute('data-done'));
      expect(paused).toBeLessThan(Number(await page.getByTestId('progress').getAttribute('data-total')));
      expect(await page.getByTestId('progress').innerText()).toMatch(/items\/s · .* left/);
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.locator(`[data-testid="progress"][data-state="running"]:not([data-done="${paused}"])`).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.locator('[data-testid="progress"][data-state="cancelled"]').waitFor();
      expect(await page.getByRole('button', { name: 'Submit' }).isDisabled()).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    },
    300_000,
  );
});
