import type { Page } from 'playwright-core';
import { readCatalog } from '@/lib/server/catalog';
import type { Golden } from '@/lib/core/model/golden';
import type { Backend, BackendPolicy, ChallengeInput, GraphOptimization, ModelChoice, ModelInfo, PredictTimings, Verdict } from '@/lib/core/model/protocol';

/**
 * Drives the real model worker (lib/browser/model.worker.ts, as the site serves it) through its message
 * protocol from inside a page: parity tests and `npm run bench:model` load any variant on a chosen
 * backend and run golden feeds or challenges, without the game's UI around it.
 */

/** The published models in a catalog, with the URLs the local blob route serves them at. */
export async function publishedModels(catalogFile: string): Promise<ModelChoice[]> {
  const catalog = await readCatalog(catalogFile);
  return catalog.models.map((m) => ({ id: m.id, family: m.family, quantization: m.quantization, bytes: m.bytes, manifestUrl: `/blob/${m.manifestPath}`, baseUrl: '/blob/' }));
}

/**
 * Opens the game once to learn the model worker's script URL (Turbopack names it by content), then moves
 * to a quiet same-origin, cross-origin-isolated document (a manifest's JSON) so the game's own worker
 * does not compete for the CPU and GPU.
 */
export async function openHarness(page: Page, baseURL: string, quiet: ModelChoice): Promise<string> {
  const worker = page.waitForEvent('worker', { predicate: (w) => w.url().includes('/_next/') });
  await page.goto(baseURL);
  const url = (await worker).url();
  await page.goto(new URL(quiet.manifestUrl, baseURL).href);
  return url;
}

/** Starts a worker in the page; returns its slot. Threads are fixed for a worker's life. */
export async function startWorker(page: Page, workerUrl: string): Promise<number> {
  return page.evaluate((url) => {
    const w = window as unknown as { __tob?: Worker[]; __tobId?: number };
    w.__tob ??= [];
    // Turbopack's worker entry is a classic script (importScripts) that loads the bundled module.
    w.__tob.push(new Worker(url));
    return w.__tob.length - 1;
  }, workerUrl);
}

type Reply = { type: string; message?: string } & Record<string, unknown>;

/** One request → its final reply (progress skipped), inside the page. */
async function call(page: Page, slot: number, body: Record<string, unknown>): Promise<Reply> {
  const reply = await page.evaluate(
    ({ slot, body }) => {
      const w = window as unknown as { __tob: Worker[]; __tobId?: number };
      const worker = w.__tob[slot]!;
      const id = (w.__tobId = (w.__tobId ?? 0) + 1);
      // Int64 feeds cross page.evaluate as numbers; the protocol wants BigInt64Array / Float32Array.
      const msg = { ...body, id } as Record<string, unknown>;
      if (body.feeds) {
        msg.feeds = Object.fromEntries(
          Object.entries(body.feeds as Record<string, { dtype: string; dims: number[]; data: number[] }>).map(([k, t]) => [
            k,
            { ...t, data: t.dtype === 'int64' ? BigInt64Array.from(t.data, (x) => BigInt(x)) : Float32Array.from(t.data) },
          ]),
        );
      }
      // No named functions in here: tsx's __name helper does not exist in the page.
      return new Promise<Record<string, unknown>>((resolve) => {
        const done = new AbortController();
        worker.addEventListener(
          'message',
          (e: MessageEvent<{ id: number; type: string; outputs?: Record<string, { dims: number[]; data: Float32Array }> }>) => {
            if (e.data.id !== id || e.data.type === 'progress') return;
            done.abort();
            const outputs = e.data.outputs && Object.fromEntries(Object.entries(e.data.outputs).map(([k, t]) => [k, { dims: t.dims, data: Array.from(t.data) }]));
            resolve({ ...e.data, ...(outputs ? { outputs } : {}) });
          },
          { signal: done.signal },
        );
        worker.addEventListener('error', (e) => resolve({ type: 'error', message: `worker failed to start: ${e.message}` }), { signal: done.signal });
        worker.postMessage(msg);
      });
    },
    { slot, body },
  );
  if (reply.type === 'error') throw new Error(`model worker: ${String(reply.message)}`);
  return reply as Reply;
}

export async function loadIn(page: Page, slot: number, model: ModelChoice, backend: BackendPolicy, threads?: number, optimization?: GraphOptimization): Promise<ModelInfo> {
  return (await call(page, slot, { type: 'load', model, backend, threads, optimization })).info as ModelInfo;
}

export async function runGolden(page: Page, slot: number, golden: Golden): Promise<{ outputs: Record<string, { dims: number[]; data: number[] }>; latencyMs: number }> {
  const reply = await call(page, slot, { type: 'run', feeds: golden.inputs });
  return reply as unknown as { outputs: Record<string, { dims: number[]; data: number[] }>; latencyMs: number };
}

type PredictReply = { verdict: Verdict; latencyMs: number; timings: PredictTimings; backend: Backend };
export async function predictIn(page: Page, slot: number, challenge: ChallengeInput): Promise<PredictReply> {
  return (await call(page, slot, { type: 'predict', challenge })) as unknown as PredictReply;
}

export async function stopWorker(page: Page, slot: number): Promise<void> {
  await page.evaluate((slot) => (window as unknown as { __tob: Worker[] }).__tob[slot]!.terminate(), slot);
}
