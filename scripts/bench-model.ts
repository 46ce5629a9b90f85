/**
 * The model in the browser, measured in one run (docs/PERFORMANCE.md, "The model in the browser"):
 *   npm run bench:model -- [--visits 5] [--challenges 10] [--models aligned-int8] [--no-build] [--no-doc] [--url URL --blob-dir DIR --catalog FILE] [--visits-only]
 * Builds and starts the site on a throwaway store (as the e2e setup does; or measures a running one with --url),
 * then in headless Chromium, for cold visits (empty profile) and warm revisits, without WebGPU (the WASM path)
 * and with it (SwiftShader here): bytes moved by kind, navigation → model ready, navigation → the model's
 * verdict on the first challenge on screen (answering as soon as the buttons show), the worker's start-up
 * phases, and answer → verdict in the game; per challenge in one worker, fetch / decode / preprocess / run
 * for WASM (1 thread, all threads) and WebGPU; the graph optimisation levels' session creation and outputs;
 * and Node (onnxruntime-web WASM, 1 thread, the same CPU crops) on the same challenges as the floor.
 * Prints JSON; writes its table into docs/PERFORMANCE.md between its own markers. `--visits-only`: the visits
 * alone (what any version of the site can be measured on). `--before FILE`: such a run's JSON, for the
 * before/after columns; `--doc-from FILE`: write the doc from a saved run's JSON instead of measuring.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { intOption } from '@/lib/tools/cli';
import { replaceMarked } from '@/lib/tools/marked';
import { practiceEntry, readCatalog } from '@/lib/server/catalog';
import { practicePackSchema, type PracticeChallenge } from '@/lib/core/game/challenge';
import { batchFeeds } from '@/lib/core/model/batch';
import { goldenSchema } from '@/lib/core/model/golden';
import { manifestSchema, type ModelManifest } from '@/lib/core/model/manifest';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { boxFeatures, cropBoxes } from '@/lib/browser/crop';
import { GRAPH_OPTIMIZATIONS, START_MARKS, type ModelChoice, type PredictTimings } from '@/lib/core/model/protocol';
import type { BlobStore } from '@/lib/server/storage';
import { createLocalBlobStore } from '@/lib/server/storage/local';
import { Tokenizer } from '@/lib/core/text/tokenizer';
import { decodePng } from '@/lib/server/png';
import { launchBrowser } from '@/tests/e2e/browser';
import { startSite } from '@/tests/e2e/global-setup';
import { loadIn, openHarness, predictIn, publishedModels, runGolden, startWorker, stopWorker } from '@/tests/e2e/model-harness';

const { values } = parseArgs({
  options: {
    visits: { type: 'string', default: '5' },
    challenges: { type: 'string', default: '10' },
    models: { type: 'string', default: 'aligned-int8' },
    'no-build': { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
    url: { type: 'string' },
    'blob-dir': { type: 'string' },
    catalog: { type: 'string' },
    'visits-only': { type: 'boolean', default: false },
    before: { type: 'string' },
    'doc-from': { type: 'string' },
  },
});
const VISITS = intOption('visits', values.visits, 1);
const N = intOption('challenges', values.challenges, 1);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const medianOf = <T extends Record<string, number>>(rows: T[]): T =>
  Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, median(rows.map((r) => r[k]!).filter(Number.isFinite))])) as T;
const log = (msg: string) => console.error(`bench:model: ${msg}`);

/** What a URL is, for the bytes table. */
function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (path.startsWith('/ort/')) return 'runtime';
  if (path.startsWith('/blob/models/')) return 'model';
  if (/\.png$/.test(path) || path.startsWith('/blob/packs/images') || path.includes('/images/')) return 'images';
  if (path.startsWith('/blob/')) return 'data';
  if (path.startsWith('/_next/')) return 'page scripts and styles';
  return 'page';
}

/**
 * Installed before the page's scripts: records when the model's panel says ready and when its verdict shows,
 * in the page's performance time (ms since navigation start), and answers "True of both" as soon as it can.
 */
function recorder() {
  const w = window as unknown as { __bench: Record<string, number> };
  w.__bench = {};
  // Inline callbacks only: tsx's __name helper for named functions does not exist in the page.
  new MutationObserver(() => {
    const t = performance.now();
    if (w.__bench.ready === undefined && document.querySelector('[data-testid=model-status][data-state=ready]')) w.__bench.ready = t;
    if (w.__bench.verdict === undefined && document.querySelector('[data-testid=model-verdict]')) w.__bench.verdict = t;
    if (w.__bench.answered === undefined) {
      // The server's HTML has the buttons, disabled until the page's script can take the answer.
      const button = [...document.querySelectorAll('button')].find((b) => /True of both/.test(b.textContent ?? '') && !b.disabled);
      if (button) {
        w.__bench.answered = t;
        button.click();
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

interface Visit {
  readyMs: number;
  verdictMs: number;
  answeredMs: number;
  backend: string;
  reason: string;
  /** Worker start-up marks, ms since navigation. */
  phases: Record<string, number>;
  bytes: Record<string, number>;
}

/** One visit: navigation → ready → first verdict, the worker's marks and the bytes transferred by kind. */
async function visit(page: Page, url: string): Promise<Visit> {
  const transferred: Record<string, number> = {};
  const count = async (request: import('playwright-core').Request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    // A response from the HTTP cache moved no bytes (Chromium reports its headers size as 0).
    if (!sizes || !response || sizes.responseHeadersSize <= 0) return;
    const kind = kindOf(request.url());
    transferred[kind] = (transferred[kind] ?? 0) + sizes.responseBodySize + sizes.responseHeadersSize;
  };
  const pending: Promise<void>[] = [];
  const onFinished = (r: import('playwright-core').Request) => pending.push(count(r));
  page.on('requestfinished', onFinished);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __bench: { verdict?: number } }).__bench.verdict !== undefined, null, { timeout: 300_000, polling: 100 });
  const marks = await page.evaluate(() => (window as unknown as { __bench: Record<string, number> }).__bench);
  const status = page.getByTestId('model-status');
  // The model's worker is the one with start-up marks (the pack's worker, if still there, has none).
  const candidates = await Promise.all(
    page.workers().filter((w) => w.url().includes('/_next/')).map(async (w) => ({
      w,
      marks: await w.evaluate(() => performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime }))).catch(() => []),
    })),
  );
  const found = candidates.find((c) => c.marks.some((m) => m.name === 'workerStarted'));
  const worker = found?.w;
  const workerMarks = found?.marks ?? [];
  // The worker's time origin is its creation: from there to workerStarted, its scripts load and evaluate.
  const workerCreated = worker ? await worker.evaluate(() => performance.timeOrigin).catch(() => null) : null;
  const origin = await page.evaluate(() => performance.timeOrigin);
  await Promise.all(pending);
  page.off('requestfinished', onFinished);
  return {
    readyMs: marks.ready!,
    verdictMs: marks.verdict!,
    answeredMs: marks.answered!,
    backend: (await status.getAttribute('data-backend')) ?? 'none',
    reason: await reasonOf(page),
    phases: {
      ...(workerCreated ? { workerCreated: workerCreated - origin } : {}),
      ...Object.fromEntries(workerMarks.filter((m) => (START_MARKS as readonly string[]).includes(m.name)).map((m) => [m.name, m.at - origin])),
    },
    bytes: transferred,
  };
}

/** The panel's "why this backend" line (none on versions before it). */
const reasonOf = (page: Page) => page.evaluate(() => document.querySelector('[data-testid=model-backend-reason]')?.textContent ?? '');

/** Answer → the model's verdict on screen, challenge after challenge (a visitor reads each for `readMs` first). */
async function playIn(page: Page, challenges: number, readMs: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < challenges; i++) {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: /True of both/ }).waitFor();
    await page.waitForTimeout(readMs);
    ms.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const started = performance.now();
            new MutationObserver((_, observer) => {
              if (!document.querySelector('[data-testid=model-verdict]')) return;
              observer.disconnect();
              resolve(performance.now() - started);
            }).observe(document, { subtree: true, childList: true, attributes: true });
            [...document.querySelectorAll('button')].find((b) => /True of both/.test(b.textContent ?? ''))!.click();
          }),
      ),
    );
  }
  return ms;
}

async function visits(browser: Browser, url: string, model: ModelChoice, webgpu: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((id) => localStorage.setItem('tob-model', id), model.id);
  await context.addInitScript(recorder);
  const page = await context.newPage();
  log(`${webgpu ? 'WebGPU on' : 'WASM'}: cold visit`);
  const cold = await visit(page, url);
  const warm: Visit[] = [];
  for (let i = 0; i < VISITS; i++) {
    log(`${webgpu ? 'WebGPU on' : 'WASM'}: warm visit ${i + 1}`);
    warm.push(await visit(page, url));
  }
  // Wait for the background WebGPU session to settle, then play: answer → verdict with the next one precomputed.
  if (webgpu) await page.waitForFunction(() => !/while WebGPU starts/.test(document.querySelector('[data-testid=model-backend-reason]')?.textContent ?? ''), null, { timeout: 600_000 });
  const settled = { backend: (await page.getByTestId('model-status').getAttribute('data-backend')) ?? 'none', reason: await reasonOf(page) };
  const answerToVerdictMs = await playIn(page, N, 500);
  await context.close();
  const summary = (v: Visit) => ({ readyMs: v.readyMs, verdictMs: v.verdictMs, ...v.phases });
  return {
    cold: { ...summary(cold), bytes: cold.bytes, backend: cold.backend, reason: cold.reason },
    warm: { ...medianOf(warm.map(summary)), bytes: warm[0]!.bytes, backend: warm[0]!.backend, reason: warm[0]!.reason, verdictMsEach: warm.map((v) => Math.round(v.verdictMs)) },
    settled,
    answerToVerdictMs: median(answerToVerdictMs),
  };
}

/** onnxruntime-web WASM in Node on the same files (read from the site's blob store), 1 thread, the browser's CPU crops. */
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
    return { crops: cropBoxes(raster.data, raster.width, raster.height, img.boxes), boxes: boxFeatures(img.boxes), count: img.boxes.length };
  };
  const once = async (c: PracticeChallenge) => {
    const started = performance.now();
    await run(batchFeeds([{ ...tokenizer.encode(c.statement), images: [image(c.left), image(c.right)] }]));
    return performance.now() - started;
  };
  await once(challenges[0]!);
  const ms = [];
  for (const c of challenges) ms.push(await once(c));
  return median(ms);
}

type Game = Result['models'][number]['game'];
const before = values.before ? (JSON.parse(readFileSync(values.before, 'utf8')) as { date: string; models: { id: string; game: Game }[] }) : null;
if (values['doc-from']) {
  writeDoc(JSON.parse(readFileSync(values['doc-from'], 'utf8')) as Result);
  process.exit(0);
}

const site = values.url
  ? { baseURL: values.url, catalogFile: values.catalog!, blobDir: values['blob-dir']!, stop: () => {} }
  : await startSite({ build: !values['no-build'] });
const browsers = { wasm: await launchBrowser({ webgpu: false }), webgpu: await launchBrowser() };
try {
  const catalog = await readCatalog(site.catalogFile);
  const store = createLocalBlobStore(site.blobDir);
  const packBlob = await store.get(practiceEntry(catalog)!.path);
  const pack = practicePackSchema.parse(JSON.parse(new TextDecoder().decode(packBlob!.body)));
  const challenges = pack.challenges.slice(0, N);
  const wanted = values.models.split(',');
  const models = (await publishedModels(site.catalogFile)).filter((m) => wanted.includes(m.id));
  if (models.length === 0) throw new Error(`no published model matches --models ${values.models}`);

  const results = [];
  for (const model of models) {
    const game = { wasm: await visits(browsers.wasm, site.baseURL, model, false), webgpu: await visits(browsers.webgpu, site.baseURL, model, true) };
    if (values['visits-only']) {
      results.push({ id: model.id, game });
      continue;
    }
    log(`node reference ${model.id}`);
    const nodeMs = await nodeReference(store, model, challenges);

    const page = await browsers.webgpu.newPage();
    const workerUrl = await openHarness(page, site.baseURL, model);
    const hardwareThreads = await page.evaluate(() => navigator.hardwareConcurrency);
    const configs = [
      { name: 'wasm-1', backend: 'wasm' as const, threads: 1 },
      { name: `wasm-${hardwareThreads}`, backend: 'wasm' as const, threads: hardwareThreads },
      { name: 'webgpu', backend: 'webgpu' as const, threads: undefined },
    ];
    const perChallenge: Record<string, PredictTimings & { totalMs: number; adapter: string }> = {};
    for (const config of configs) {
      log(`per challenge ${model.id} on ${config.name}`);
      const slot = await startWorker(page, workerUrl);
      const info = await loadIn(page, slot, model, config.backend, config.threads);
      await predictIn(page, slot, challenges[0]!);
      const rows = [];
      // Every challenge's images are new to this worker but the first's: fetch and decode are counted.
      for (const c of challenges.slice(1)) {
        const p = await predictIn(page, slot, c);
        rows.push({ ...p.timings, totalMs: p.latencyMs });
      }
      perChallenge[config.name] = { ...medianOf(rows), adapter: info.adapter };
      await stopWorker(page, slot);
    }

    const golden = goldenSchema.parse(JSON.parse(readFileSync(`models/${model.family}/golden.json`, 'utf8')));
    const optimization: Record<string, { sessionMs: number; maxAbsDiff: number }> = {};
    let reference: Record<string, number[]> | null = null;
    for (const level of GRAPH_OPTIMIZATIONS) {
      log(`graph optimisation ${level}`);
      const slot = await startWorker(page, workerUrl);
      const info = await loadIn(page, slot, model, 'wasm', 1, level);
      const { outputs } = await runGolden(page, slot, golden);
      const flat = Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, t.data]));
      reference ??= flat;
      const diff = Math.max(0, ...Object.entries(flat).flatMap(([k, xs]) => xs.map((x, i) => Math.abs(x - reference![k]![i]!))));
      optimization[level] = { sessionMs: info.marks.sessionCreated! - Math.max(info.marks.modelDownloaded!, info.marks.runtimeReady!), maxAbsDiff: diff };
      await stopWorker(page, slot);
    }
    await page.close();
    results.push({ id: model.id, bytes: model.bytes, nodeMs, game, perChallenge, optimization });
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), chromium: browsers.wasm.version() },
    visits: VISITS,
    challenges: N,
    runtimeFiles: JSON.parse(readFileSync(`public/ort/${JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')).version}/files.json`, 'utf8')) as Record<string, { bytes: number; br: number; gz: number }>,
    models: results,
  };
  console.log(JSON.stringify(result, null, 2));
  if (!values['no-doc'] && !values['visits-only']) writeDoc(result as Result);
} finally {
  await browsers.wasm.close();
  await browsers.webgpu.close();
  site.stop();
}

type Result = {
  date: string;
  machine: { cpu: string; cores: number; chromium: string };
  visits: number;
  challenges: number;
  runtimeFiles: Record<string, { bytes: number; br: number; gz: number }>;
  models: {
    id: string;
    nodeMs: number;
    game: Record<'wasm' | 'webgpu', { cold: Record<string, unknown>; warm: Record<string, unknown>; settled: { backend: string; reason: string }; answerToVerdictMs: number }>;
    perChallenge: Record<string, PredictTimings & { totalMs: number; adapter: string }>;
    optimization: Record<string, { sessionMs: number; maxAbsDiff: number }>;
  }[];
};

function writeDoc(r: Result) {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const ms = (x: unknown) => (typeof x !== 'number' || !Number.isFinite(x) ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
  const mb = (x: number) => `${(x / 1e6).toFixed(2)} MB`;
  const lines = [
    `Measured by \`npm run bench:model\` on ${r.date.slice(0, 10)}: ${r.machine.cpu}, ${r.machine.cores} cores, headless Chromium ${r.machine.chromium},`,
    `loopback, \`next start\`. Warm figures are medians of ${r.visits} revisits; per-challenge figures medians over ${r.challenges - 1} practice challenges.`,
    'Times are from navigation start. "WASM" is a browser without WebGPU; "WebGPU on" has SwiftShader, a CPU implementation',
    'of WebGPU, which says that the path works and nothing about a real GPU.',
    '',
  ];
  for (const m of r.models) {
    const was = before?.models.find((b) => b.id === m.id)?.game;
    const ratio = (after: unknown, then: unknown) => (typeof after === 'number' && typeof then === 'number' && then > 0 ? ` (${(after / then).toFixed(2)}×)` : '');
    const cell = (side: 'wasm' | 'webgpu', visit: 'cold' | 'warm', k: string) => `${ms(m.game[side][visit][k])}${ratio(m.game[side][visit][k], was?.[side][visit][k])}`;
    const phaseRows = (['readyMs', 'verdictMs', 'workerCreated', ...START_MARKS] as const).map((k) => {
      const label = k === 'readyMs' ? 'navigation → model ready' : k === 'verdictMs' ? '**navigation → first verdict on screen**' : k === 'workerCreated' ? 'worker created (its scripts requested)' : `worker: ${k}`;
      const then = was ? ` ${ms(was.wasm.cold[k])} | ${ms(was.wasm.warm[k])} | ${ms(was.webgpu.cold[k])} | ${ms(was.webgpu.warm[k])} |` : '';
      return `| ${label} |${then} ${cell('wasm', 'cold', k)} | ${cell('wasm', 'warm', k)} | ${cell('webgpu', 'cold', k)} | ${cell('webgpu', 'warm', k)} |`;
    });
    const bytes = (b: unknown) => b as Record<string, number>;
    const kinds = [...new Set([...Object.keys(bytes(m.game.wasm.cold.bytes)), ...Object.keys(bytes(m.game.webgpu.cold.bytes))])].sort();
    const total = (b: Record<string, number>) => Object.values(b).reduce((a, x) => a + x, 0);
    const c = m.perChallenge;
    const wasmAll = Object.keys(c).find((k) => k.startsWith('wasm-') && k !== 'wasm-1')!;
    lines.push(
      `### ${m.id}`,
      '',
      was
        ? `Before: the site at ${before!.date.slice(0, 10)}'s measurement of the commit before this work (\`--visits-only --before\`), same machine and bench; after (ratio after / before).`
        : '',
      '',
      `| phase |${was ? ' before: WASM cold | before: WASM warm | before: WebGPU on, cold | before: WebGPU on, warm |' : ''} WASM cold | WASM warm | WebGPU on, cold | WebGPU on, warm |`,
      `|---|${was ? '---:|---:|---:|---:|' : ''}---:|---:|---:|---:|`,
      ...phaseRows,
      `| backend of the first verdict |${was ? ` ${was.wasm.cold.backend} | ${was.wasm.warm.backend} | ${was.webgpu.cold.backend} | ${was.webgpu.warm.backend} |` : ''} ${m.game.wasm.cold.backend} | ${m.game.wasm.warm.backend} | ${m.game.webgpu.cold.backend} | ${m.game.webgpu.warm.backend} |`,
      '',
      `Backend once settled, WebGPU on: ${m.game.webgpu.settled.backend} (“${m.game.webgpu.settled.reason}”). Warm first verdicts, WASM: ${(m.game.wasm.warm.verdictMsEach as number[]).map(ms).join(', ')}.`,
      '',
      `| bytes transferred |${was ? ' before: WASM cold |' : ''} WASM cold | WASM warm | WebGPU on, cold | WebGPU on, warm |`,
      `|---|${was ? '---:|' : ''}---:|---:|---:|---:|`,
      ...kinds.map(
        (k) =>
          `| ${k} |${was ? ` ${n(bytes(was.wasm.cold.bytes)[k] ?? 0)} |` : ''} ${n(bytes(m.game.wasm.cold.bytes)[k] ?? 0)} | ${n(bytes(m.game.wasm.warm.bytes)[k] ?? 0)} | ${n(bytes(m.game.webgpu.cold.bytes)[k] ?? 0)} | ${n(bytes(m.game.webgpu.warm.bytes)[k] ?? 0)} |`,
      ),
      `| **total** |${was ? ` ${mb(total(bytes(was.wasm.cold.bytes)))} |` : ''} **${mb(total(bytes(m.game.wasm.cold.bytes)))}** | ${mb(total(bytes(m.game.wasm.warm.bytes)))} | ${mb(total(bytes(m.game.webgpu.cold.bytes)))} | ${mb(total(bytes(m.game.webgpu.warm.bytes)))} |`,
      '',
      `In the game, answer → verdict on screen (the next challenge's verdict computed while the visitor reads, 500 ms here): WASM ${ms(m.game.wasm.answerToVerdictMs)}, WebGPU on ${ms(m.game.webgpu.answerToVerdictMs)}${was ? ` (before: ${ms(was.wasm.answerToVerdictMs)} and ${ms(was.webgpu.answerToVerdictMs)})` : ''}.`,
      'One worker `predict` per challenge, nothing precomputed (images new to the worker):',
      '',
      '| per challenge | fetch | decode | preprocess | run | total | total / Node |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...Object.entries(c).map(([k, t]) => `| ${k} | ${ms(t.fetchMs)} | ${ms(t.decodeMs)} | ${ms(t.preprocessMs)} | ${ms(t.runMs)} | ${ms(t.totalMs)} | ${(t.totalMs / m.nodeMs).toFixed(2)}× |`),
      `| Node, WASM 1 thread (decode + crops + run; the floor) | | | | | ${ms(m.nodeMs)} | 1× |`,
      '',
      `${wasmAll} / wasm-1: ${(c[wasmAll]!.totalMs / c['wasm-1']!.totalMs).toFixed(2)}×; webgpu / wasm-1: ${(c.webgpu!.totalMs / c['wasm-1']!.totalMs).toFixed(2)}×.`,
      '',
      '| graph optimisation | session creation (WASM, 1 thread) | max abs output difference vs `disabled` (golden pairs) |',
      '|---|---:|---:|',
      ...Object.entries(m.optimization).map(([k, o]) => `| ${k} | ${ms(o.sessionMs)} | ${o.maxAbsDiff.toExponential(1)} |`),
      '',
    );
  }
  const rt = Object.entries(r.runtimeFiles).filter(([f]) => f.endsWith('.wasm'));
  lines.push('Runtime builds (public/ort, scripts/copy-ort.mjs), bytes as served:', '', '| file | bytes | brotli | gzip |', '|---|---:|---:|---:|', ...rt.map(([f, s]) => `| ${f} | ${n(s.bytes)} | ${n(s.br)} | ${n(s.gz)} |`));
  const file = 'docs/PERFORMANCE.md';
  writeFileSync(file, replaceMarked(readFileSync(file, 'utf8'), 'bench:model', lines.join('\n')));
  log(`wrote the tables into ${file}`);
}
