/**
 * The model in the browser, measured in one run (docs/PERFORMANCE.md, "The model in the browser"):
 *   npm run bench:model -- [--challenges 10] [--models aligned-int8,aligned-fp32] [--no-build] [--no-doc]
 * Builds and starts the site on a throwaway store (as the e2e setup does), then in headless Chromium: bytes per
 * variant and of the ORT runtime files, cold and cached load to the first verdict in the game, per-challenge
 * latency on WASM (1 thread, all threads) and WebGPU; in Node, onnxruntime-web WASM as the CPU reference.
 * Prints JSON; writes its table into docs/PERFORMANCE.md between its own markers.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-web';
import type { Page } from 'playwright-core';
import { intOption } from '@/lib/tools/cli';
import { practiceEntry, readCatalog } from '@/lib/server/catalog';
import { practicePackSchema, type PracticeChallenge } from '@/lib/core/game/challenge';
import { batchFeeds } from '@/lib/core/model/batch';
import { manifestSchema, type ModelManifest } from '@/lib/core/model/manifest';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { boxFeatures, cropObjects, rgbFromRgba } from '@/lib/browser/preprocess';
import type { ModelChoice } from '@/lib/core/model/protocol';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import type { BlobStore } from '@/lib/server/storage';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { Tokenizer } from '@/lib/core/text/tokenizer';
import { decodePng } from '@/lib/server/png';
import { launchBrowser } from '@/tests/e2e/browser';
import { startSite } from '@/tests/e2e/global-setup';
import { loadIn, openHarness, predictIn, publishedModels, startWorker, stopWorker } from '@/tests/e2e/model-harness';

const { values } = parseArgs({
  options: {
    challenges: { type: 'string', default: '10' },
    models: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
  },
});
const N = intOption('challenges', values.challenges, 1);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (msg: string) => console.error(`bench:model: ${msg}`);

function runtimeFiles() {
  const dir = join('public/ort', ort.env.versions.web!);
  return readdirSync(dir).map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, bytes: statSync(join(dir, file)).size, gzipBytes: gzipSync(bytes).byteLength };
  });
}

/** Navigation to the model's first verdict in the game: start the page, wait for "ready", answer, wait for the verdict. */
async function toFirstVerdict(page: Page, navigate: () => Promise<unknown>) {
  const started = Date.now();
  await navigate();
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-error]').first().waitFor({ timeout: 300_000 });
  if (await page.getByTestId('model-error').count()) throw new Error(await page.getByTestId('model-error').innerText());
  const ready = Date.now() - started;
  await page.getByRole('button', { name: /True of both/ }).click();
  await page.getByTestId('model-verdict').waitFor({ timeout: 300_000 });
  return { readyMs: ready, verdictMs: Date.now() - started, backend: await page.getByTestId('model-status').getAttribute('data-backend') };
}

/** onnxruntime-web WASM in Node on the same files (read from the site's blob store), 1 thread, same preprocessing on tfjs CPU. */
async function nodeReference(store: BlobStore, model: ModelChoice, challenges: readonly PracticeChallenge[]) {
  const get = async (url: string) => {
    const blob = await store.get(url.replace(/^\/blob\//, ''));
    if (!blob) throw new Error(`${url} is not in the blob store`);
    return blob.body;
  };
  const manifest: ModelManifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(await get(model.manifestUrl))));
  const shards = await Promise.all(manifest.shards.map(async (s) => ({ path: s.name, data: await get(`/blob/${s.path}`) })));
  const { run } = await createNodeSession(await get(`/blob/${manifest.graph.path}`), 1, shards);
  const tokenizer = new Tokenizer(manifest.vocabulary);
  const pngs = new Map<string, Buffer>();
  for (const c of challenges) for (const img of [c.left, c.right]) pngs.set(img.imageUrl, Buffer.from(await get(img.imageUrl)));
  const image = (img: PracticeChallenge['left']) => {
    const raster = decodePng(pngs.get(img.imageUrl)!);
    const crops = cropObjects(rgbFromRgba(raster.data, raster.width, raster.height), img.boxes);
    const input = { crops: crops.dataSync() as Float32Array, boxes: boxFeatures(img.boxes), count: img.boxes.length };
    crops.dispose();
    return input;
  };
  const once = async (c: PracticeChallenge) => {
    const started = performance.now();
    await run(batchFeeds([{ ...tokenizer.encode(c.statement), images: [image(c.left), image(c.right)] }]));
    return performance.now() - started;
  };
  await once(challenges[0]!);
  const ms = [];
  for (const c of challenges) ms.push(await once(c));
  return ms;
}

const site = await startSite({ build: !values['no-build'] });
const browser = await launchBrowser();
try {
  const catalog = await readCatalog(site.catalogFile);
  const packBlob = await createLocalBlobStore(site.blobDir).get(practiceEntry(catalog)!.path);
  const pack = practicePackSchema.parse(JSON.parse(new TextDecoder().decode(packBlob!.body)));
  const challenges = pack.challenges.slice(0, N);
  const wanted = values.models?.split(',');
  const models = (await publishedModels(site.catalogFile)).filter((m) => !wanted || wanted.includes(m.id));
  if (models.length === 0) throw new Error(`no published model matches --models ${values.models}`);

  await selectCpuBackend();
  const store = createLocalBlobStore(site.blobDir);
  const node: Record<string, { medianMs: number }> = {};
  for (const model of models) {
    log(`node reference ${model.id}`);
    node[model.id] = { medianMs: median(await nodeReference(store, model, challenges)) };
  }

  const load: Record<string, { cold: Awaited<ReturnType<typeof toFirstVerdict>>; cached: Awaited<ReturnType<typeof toFirstVerdict>> }> = {};
  for (const model of models) {
    log(`load ${model.id}`);
    const context = await browser.newContext();
    await context.addInitScript((id) => localStorage.setItem('tob-model', id), model.id);
    const page = await context.newPage();
    const cold = await toFirstVerdict(page, () => page.goto(site.baseURL));
    const cached = await toFirstVerdict(page, () => page.reload());
    load[model.id] = { cold, cached };
    await context.close();
  }

  const page = await browser.newPage();
  const workerUrl = await openHarness(page, site.baseURL, models[0]!);
  const hardwareThreads = await page.evaluate(() => navigator.hardwareConcurrency);
  const configs = [
    { name: 'wasm-1', backend: 'wasm' as const, threads: 1 },
    { name: `wasm-${hardwareThreads}`, backend: 'wasm' as const, threads: hardwareThreads },
    { name: 'webgpu', backend: 'webgpu' as const, threads: undefined },
  ];
  const latency: Record<string, Record<string, { medianMs: number; meanMs: number; threads: number; adapter: string }>> = {};
  for (const config of configs) {
    const slot = await startWorker(page, workerUrl);
    for (const model of models) {
      log(`latency ${model.id} on ${config.name}`);
      const info = await loadIn(page, slot, model, config.backend, config.threads);
      await predictIn(page, slot, challenges[0]!);
      const ms = [];
      for (const c of challenges) ms.push((await predictIn(page, slot, c)).latencyMs);
      (latency[model.id] ??= {})[config.name] = { medianMs: median(ms), meanMs: ms.reduce((a, b) => a + b, 0) / ms.length, threads: info.threads, adapter: info.adapter };
    }
    await stopWorker(page, slot);
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), chromium: browser.version(), adapter: Object.values(latency)[0]?.webgpu?.adapter ?? 'none' },
    challenges: challenges.length,
    runtime: runtimeFiles(),
    models: models.map((m) => ({
      id: m.id,
      bytes: m.bytes,
      coldToVerdictMs: load[m.id]!.cold.verdictMs,
      cachedToVerdictMs: load[m.id]!.cached.verdictMs,
      loadBackend: load[m.id]!.cold.backend,
      latency: latency[m.id]!,
      nodeWasm1Ms: node[m.id]!.medianMs,
    })),
  };
  console.log(JSON.stringify(result, null, 2));
  if (!values['no-doc']) writeDoc(result, configs.map((c) => c.name));
} finally {
  await browser.close();
  site.stop();
}

type Result = {
  date: string;
  machine: { cpu: string; cores: number; chromium: string; adapter: string };
  challenges: number;
  runtime: { file: string; bytes: number; gzipBytes: number }[];
  models: { id: string; bytes: number; coldToVerdictMs: number; cachedToVerdictMs: number; loadBackend: string | null; latency: Record<string, { medianMs: number }>; nodeWasm1Ms: number }[];
};

function writeDoc(r: Result, configs: string[]) {
  const n = (x: number) => x.toLocaleString('en-US');
  const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const [wasm1, wasmAll, webgpu] = configs as [string, string, string];
  const lines = [
    `Measured by \`npm run bench:model\` on ${r.date.slice(0, 10)}: ${r.machine.cpu}, ${r.machine.cores} cores, headless Chromium ${r.machine.chromium},`,
    `WebGPU adapter: ${r.machine.adapter}. Per-challenge latency is the median over ${r.challenges} practice challenges of one worker`,
    '`predict` (decode both PNGs, crop-and-resize on tfjs, tokenize, run), after one unmeasured challenge.',
    '',
    '**SwiftShader is a CPU implementation of WebGPU:** its WebGPU numbers say that the WebGPU path works, nothing',
    'about its speed on a real GPU. The WASM and Node numbers are CPU numbers on this shared machine.',
    '',
    'Bytes a visitor downloads once (then Cache Storage / HTTP cache): the ORT runtime files',
    '',
    '| file | bytes | gzip |',
    '|---|---:|---:|',
    ...r.runtime.map((f) => `| ${f.file} | ${n(f.bytes)} | ${n(f.gzipBytes)} |`),
    '',
    `| model | bytes | cold load → first verdict | cached load → first verdict | ${wasm1} | ${wasmAll} | ${webgpu} | Node WASM 1 thread | ${wasmAll} / ${wasm1} | ${webgpu} / ${wasm1} | ${wasm1} / Node |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.models.map((m) => {
      const [a, b, c] = [m.latency[wasm1]!.medianMs, m.latency[wasmAll]!.medianMs, m.latency[webgpu]!.medianMs];
      return `| ${m.id} | ${n(m.bytes)} | ${ms(m.coldToVerdictMs)} | ${ms(m.cachedToVerdictMs)} | ${ms(a)} | ${ms(b)} | ${ms(c)} | ${ms(m.nodeWasm1Ms)} | ${ratio(b, a)} | ${ratio(c, a)} | ${ratio(a, m.nodeWasm1Ms)} |`;
    }),
  ];
  const file = 'docs/PERFORMANCE.md';
  const [start, end] = ['<!-- bench:model:start -->', '<!-- bench:model:end -->'];
  const doc = readFileSync(file, 'utf8');
  const block = `${start}\n${lines.join('\n')}\n${end}`;
  const at = doc.indexOf(start);
  const stop = doc.indexOf(end);
  if (at < 0 || stop < 0) throw new Error(`${file} has no ${start} … ${end} block (docs/PERFORMANCE.md, "The model in the browser")`);
  writeFileSync(file, doc.slice(0, at) + block + doc.slice(stop + end.length));
  log(`wrote the table into ${file}`);
}
