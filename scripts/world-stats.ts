/**
 * NLVR dev.json against the synthetic generator: scene statistics (layouts, tower heights, objects per
 * box, sizes / shapes / colours, objects against each wall) and sentence statistics (topics, length,
 * typos, labels). Prints JSON; docs/STATEMENTS.md quotes it.
 *   npx tsx scripts/world-stats.ts [--samples 2000] [--seed 1]
 * The NLVR files are found through NLVR1_DIR (default ../shared/data/nlvr1).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LEXICON } from '@/lib/core/text/lexicon';
import { readNlvrFile } from '@/lib/server/nlvr-files';
import { createRng } from '@/lib/core/world/rng';
import { generateScene, layoutOf, LAYOUTS } from '@/lib/core/world/scenes';
import { generateExample } from '@/lib/core/statements';
import { BOX_SIZE, COLOR_NAME, type Scene } from '@/lib/core/world/types';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } });
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples <= 0) throw new Error(`--samples must be a positive integer, got "${values.samples}"`);

/** Sentence topics, by keyword: the same rules for human and generated sentences. */
const TOPICS: Record<string, RegExp> = {
  tower: /\btowers?\b/i,
  'top / base / bottom': /\b(top|base|bottom|bases)\b/i,
  'edge / wall / side / corner': /\b(edge|wall|side|corner|roof)\b/i,
  box: /\b(box|boxes|grey squares?|gray squares?)\b/i,
  'number or quantifier': /\b(exactly|at ?least|t ?least|at most|more than|fewer than|less than|only|no more than|one|two|three|four|five|six|seven|\d+)\b/i,
  negation: /\b(no|not|none|without)\b/i,
  'on / over / above / below': /\b(on|over|above|below|under|beneath|higher|lower)\b/i,
  'and (conjunction or list)': /\band\b/i,
  'same / different': /\b(same|different)\b/i,
  'each / every / all': /\b(each|every|all|ll)\b/i,
};

const correctForms = new Set(['yellow', 'black', 'blue', 'square', 'squares', 'circle', 'circles', 'triangle', 'triangles', 'block', 'blocks', 'item', 'items', 'object', 'objects', 'shape', 'shapes']);
const OTHER_SLIPS = /\b(atleast|tleast|at lest|at leats|tocuhing|touchng|exacly|exactely|colr|towr|there isa)\b|^(ll|t) /i;
const hasSlip = (s: string) => OTHER_SLIPS.test(s) || s.toLowerCase().split(/[^a-z]+/).some((w) => LEXICON.has(w) && !correctForms.has(w));

function share(values: readonly boolean[]): number {
  return round(values.filter(Boolean).length / Math.max(1, values.length));
}
const round = (x: number) => Math.round(x * 1000) / 1000;

function histogram(values: readonly (string | number)[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const v of values) h[v] = (h[v] ?? 0) + 1;
  const total = values.length;
  return Object.fromEntries(Object.entries(h).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => [k, round(n / total)]));
}

function sentenceStats(sentences: readonly string[], labels: readonly boolean[]) {
  const lengths = sentences.map((s) => s.split(/\s+/).filter(Boolean).length);
  return {
    count: sentences.length,
    labelTrue: share(labels),
    meanWords: round(lengths.reduce((a, b) => a + b, 0) / lengths.length),
    maxWords: Math.max(...lengths),
    lowerCaseStart: share(sentences.map((s) => /^[a-z]/.test(s))),
    finalPeriod: share(sentences.map((s) => s.trimEnd().endsWith('.'))),
    withSlip: share(sentences.map(hasSlip)),
    topics: Object.fromEntries(Object.entries(TOPICS).map(([k, re]) => [k, share(sentences.map((s) => re.test(s)))])),
  };
}

function sceneStats(scenes: readonly Scene[]) {
  const towers = scenes.filter((s) => layoutOf(s) === 'tower');
  const scatter = scenes.filter((s) => layoutOf(s) === 'scatter');
  const objects = scatter.flatMap((s) => s.flat());
  const against = (pred: (o: (typeof objects)[number]) => boolean) => share(objects.map(pred));
  return {
    images: scenes.length,
    towerShare: share(scenes.map((s) => layoutOf(s) === 'tower')),
    towerHeights: histogram(towers.flatMap((s) => s.map((b) => b.length))),
    objectsPerBox: histogram(scatter.flatMap((s) => s.map((b) => b.length))),
    objectsPerImageMax: Math.max(0, ...scatter.map((s) => s.flat().length)),
    sizes: histogram(objects.map((o) => o.size)),
    shapes: histogram(objects.map((o) => o.type)),
    colors: histogram(scenes.flatMap((s) => s.flat()).map((o) => COLOR_NAME[o.color])),
    /** Scatter objects lying exactly against each wall. */
    againstBottom: against((o) => o.y_loc + o.size === BOX_SIZE),
    againstRight: against((o) => o.x_loc + o.size === BOX_SIZE),
    againstTop: against((o) => o.y_loc === 0),
    againstLeft: against((o) => o.x_loc === 0),
  };
}

const dir = process.env.NLVR1_DIR ?? '../shared/data/nlvr1';
const dev = await readNlvrFile(join(dir, 'dev.json'));

const rng = createRng(Number(values.seed));
const started = Date.now();
const generated = Array.from({ length: samples }, () => generateExample(rng));
const msPerExample = round((Date.now() - started) / samples);
// Raw scenes in the generator's layout mix, before any label-directed rejection.
const towerShare = generated.filter((g) => g.layout === 'tower').length / samples;
const raw = Array.from({ length: samples }, () => generateScene(rng, rng.chance(towerShare) ? LAYOUTS[0] : LAYOUTS[1]));

console.log(
  JSON.stringify(
    {
      nlvrDev: { sentences: sentenceStats(dev.map((e) => e.sentence), dev.map((e) => e.label)), scenes: sceneStats(dev.map((e) => e.scene)) },
      generator: {
        msPerExample,
        sentences: sentenceStats(generated.map((g) => g.text), generated.map((g) => g.label)),
        scenes: sceneStats(raw),
        families: histogram(generated.map((g) => g.family)),
      },
    },
    null,
    1,
  ),
);
