import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateExamples } from '@/lib/tools/model/eval';
import { evalItems, splitInfoSchema, submission, type ItemResult, type SplitInfo } from '@/lib/core/model/evaluation';
import { pairKey } from '@/lib/core/model/metrics';
import { createNodeSession } from '@/lib/tools/model/node-session';
import { selectCpuBackend } from '@/lib/tools/model/scene-input';
import { packModel } from '@/lib/tools/pack';
import { Tokenizer, vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { createSite, jsonRequest, newClient, nlvrDir, type Site } from './server-harness';

/**
 * The browser's submission path (lib/core/model/evaluation.ts → POST /api/models/scores) fed with the
 * verdicts `npm run eval` computes for the shipped aligned int8 model on NLVR test.json: the server's
 * scores must be eval's figures exactly, and the split's pairs eval's pairs. (That the browser gives
 * the same verdicts as Node is tests/e2e/evaluate.test.ts.)
 */
describe.skipIf(!nlvrDir)('scoring a browser submission on nlvr-test-p', () => {
  let site: Site;
  let routes: { split: typeof import('@/app/api/models/splits/[split]/route'); scores: typeof import('@/app/api/models/scores/route') };
  beforeAll(async () => {
    site = await createSite('PGlite');
    vi.resetModules();
    routes = { split: await import('@/app/api/models/splits/[split]/route'), scores: await import('@/app/api/models/scores/route') };
  });
  afterAll(() => site?.close());

  it("equals npm run eval's accuracy, consistency and pair accuracy for aligned int8", async () => {
    const res = await routes.split.GET(new Request('http://localhost/api/models/splits/nlvr-test-p'), { params: Promise.resolve({ split: 'nlvr-test-p' }) });
    const info: SplitInfo = splitInfoSchema.parse(await res.json());
    const examples = await readNlvrFile(join(nlvrDir!, 'test.json'));
    expect(info.ids).toEqual(examples.map((e) => e.identifier));

    const packed = await packModel(join('models', 'aligned'), { variant: 'int8' });
    const session = await createNodeSession(packed.graph, 1, packed.shards.map((s) => ({ path: s.name, data: s.bytes })));
    await selectCpuBackend();
    const { report, predictions, pairVerdicts } = await evaluateExamples(session.run, new Tokenizer(vocabularySchema.parse(vocabJson)), examples);
    // The split's pairs are exactly the pairs eval scores, in the same order.
    expect(info.pairs.map(([a, b]) => pairKey(a, b))).toEqual([...pairVerdicts.keys()]);
    expect(info.pairs).toHaveLength(report.pairs);

    // What the page would have measured, item by item, had the browser given eval's verdicts.
    const images = new Map(examples.map((e) => [e.identifier, { statement: e.sentence, imageUrl: `${e.identifier}.png`, boxes: [] }]));
    const items = evalItems(info, images, { imageLogits: true });
    const results: ItemResult[] = items.map((item) => ({
      pair: item.scored ? pairVerdicts.get(pairKey(...item.ids))! : predictions.get(item.ids[0])!,
      left: predictions.get(item.ids[0])!,
      right: predictions.get(item.ids[1])!,
      latencyMs: 1,
    }));
    const body = submission(info, items, results, { name: 'aligned-int8 (eval verdicts)', description: '', imageLogits: true }, { backend: 'wasm', adapter: 'test', bytes: 1, meanMs: 1, p95Ms: 1 });
    const posted = await routes.scores.POST(jsonRequest('/api/models/scores', body, { 'x-forwarded-for': newClient() }));
    expect(posted.status).toBe(201);
    const { entry } = (await posted.json()) as { entry: { accuracy: number; consistency: number; pairAccuracy: number; n: number } };
    console.log(JSON.stringify({ eval: { accuracy: report.accuracy, consistency: report.consistency, pairAccuracy: report.pairAccuracy, pairs: report.pairs }, server: entry }));
    expect(entry.pairAccuracy).toBe(report.pairAccuracy);
    expect(entry.accuracy).toBe(report.accuracy);
    expect(entry.consistency).toBe(report.consistency);
    expect(entry.n).toBe(report.n);
  }, 600_000);

  it('refuses pair verdicts that miss, repeat or invent a pair, naming them', async () => {
    const res = await routes.split.GET(new Request('http://localhost/api/models/splits/nlvr-test-p'), { params: Promise.resolve({ split: 'nlvr-test-p' }) });
    const info = splitInfoSchema.parse(await res.json());
    const [first, second] = info.pairs;
    const pairs = [
      ...info.pairs.slice(2).map((ids) => ({ ids, label: true })),
      { ids: [first![1], first![0]], label: true }, // either order names the pair
      { ids: first, label: false },
      { ids: [info.ids[0], 'nope'], label: true },
    ];
    const body = { split: 'nlvr-test-p', model: { name: 'bad pairs' }, runtime: { backend: 'wasm', bytes: 1, latencyMs: 1 }, predictions: info.ids.map((id) => ({ id, label: true })), pairs };
    const posted = await routes.scores.POST(jsonRequest('/api/models/scores', body, { 'x-forwarded-for': newClient() }));
    expect(posted.status).toBe(422);
    const answer = (await posted.json()) as Record<string, unknown>;
    expect(answer.error).toMatch(/1 missing, 1 unknown, 1 repeated/);
    expect(answer.missingPairs).toEqual([pairKey(...second!)]);
    expect(answer.duplicatePairs).toEqual([pairKey(...first!)]);
    expect(answer.extraPairs).toEqual([pairKey(info.ids[0]!, 'nope')]);
  });
});
