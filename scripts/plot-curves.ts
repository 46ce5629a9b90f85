/**
 * Training curves as an SVG, from training logs (default: those shipped with the models):
 *   npm run plot:curves -- [--logs aligned=models/aligned/train-log.jsonl,baseline=…] [--out docs/img/training-curves.svg]
 * A label containing "aligned" or "baseline" takes that family's colour.
 * Left: training loss (image + pair terms) by step; right: validation per-image accuracy (NLVR dev
 * folds) and the last cross-modal layer's alignment precision by step.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    logs: { type: 'string', default: 'aligned=models/aligned/train-log.jsonl,baseline=models/baseline/train-log.jsonl' },
    out: { type: 'string', default: 'docs/img/training-curves.svg' },
  },
});

type Point = [number, number];
interface Series { label: string; color: string; dash?: string; points: Point[] }

const COLORS: Record<string, string> = { aligned: '#0072b2', baseline: '#d55e00' };

function readLog(path: string) {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function panel(title: string, series: Series[], x0: number, yRange: [number, number]): string {
  const W = 420, H = 260, left = 50, top = 30, w = W - left - 20, h = H - top - 40;
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const [y0, y1] = yRange;
  const sx = (x: number) => x0 + left + (x / xMax) * w;
  const sy = (y: number) => top + h - ((y - y0) / (y1 - y0)) * h;
  const ticks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4);
  return [
    `<text x="${x0 + left}" y="18" font-size="13" font-weight="600">${title}</text>`,
    `<rect x="${x0 + left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
    ...ticks.map((t) => `<text x="${x0 + left - 6}" y="${sy(t) + 4}" font-size="10" text-anchor="end">${t.toFixed(2)}</text><line x1="${x0 + left}" x2="${x0 + left + w}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`),
    `<text x="${x0 + left + w / 2}" y="${top + h + 28}" font-size="11" text-anchor="middle">step (0 … ${xMax})</text>`,
    ...series.map((s) => `<polyline fill="none" stroke="${s.color}" stroke-width="1.8" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(Math.min(y1, Math.max(y0, y))).toFixed(1)}`).join(' ')}"/>`),
    // Legend below the axis, so it never hides a curve.
    ...series.map((s, i) => `<line x1="${x0 + left}" x2="${x0 + left + 20}" y1="${H + 6 + 14 * i}" y2="${H + 6 + 14 * i}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/><text x="${x0 + left + 24}" y="${H + 10 + 14 * i}" font-size="10">${s.label}</text>`),
  ].join('\n');
}

const runs = values.logs.split(',').map((entry) => {
  const [label, path] = entry.split('=');
  if (!label || !path) throw new Error(`--logs wants label=path pairs, got "${entry}"`);
  return { id: label, path };
});
const loss: Series[] = [];
const val: Series[] = [];
for (const { id, path } of runs) {
  const log = readLog(path);
  const color = Object.entries(COLORS).find(([family]) => id.includes(family))?.[1] ?? '#333';
  const train = log.filter((r) => typeof r.loss_image === 'number' && r.stage === undefined);
  loss.push({ label: id, color, points: train.map((r) => [r.step as number, (r.loss_image as number) + (r.loss_pair as number)]) });
  const evals = log.filter((r) => r.event === 'eval' && r.split === 'val');
  val.push({ label: `${id}: val per-image accuracy`, color, points: evals.map((r) => [r.step as number, r.image_acc as number]) });
  const lastLayer = (r: Record<string, unknown>) => {
    const ap = r.align_precision as Record<string, number>;
    return ap[Object.keys(ap).filter((k) => k.startsWith('cross_')).sort().at(-1)!]!;
  };
  val.push({ label: `${id}: alignment precision, last cross layer`, color, dash: '4 3', points: evals.map((r) => [r.step as number, lastLayer(r)]) });
}
const lossValues = loss.flatMap((s) => s.points.map((p) => p[1]));
const lossRange: [number, number] = [Math.floor(Math.min(...lossValues) * 10) / 10, Math.ceil(Math.max(...lossValues) * 10) / 10];
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="860" height="330" font-family="sans-serif" style="background:#fff">
${panel('Training loss (image + pair)', loss, 0, lossRange)}
${panel('Validation (NLVR dev folds 4–5)', val, 430, [0, 1])}
</svg>
`;
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, svg);
console.log(JSON.stringify({ out: values.out, runs: runs.map((r) => r.id) }));
