/**
 * Training curves as an SVG, from training logs (default: those shipped with the models):
 *   npm run plot:curves -- [--logs aligned=models/aligned/train-log.jsonl,baseline=…] [--out docs/img/training-curves.svg]
 * A label containing "aligned" or "baseline" takes that family's colour. The charts are the ones /paper shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { TrainingCurves, trainingCurvesHeight } from '@/components/paper/training-curves';
import { curvesOf } from '@/lib/core/model/findings';
import { readTrainLog } from '@/lib/server/findings';

const { values } = parseArgs({
  options: {
    logs: { type: 'string', default: 'aligned=models/aligned/train-log.jsonl,baseline=models/baseline/train-log.jsonl' },
    out: { type: 'string', default: 'docs/img/training-curves.svg' },
  },
});

const runs = values.logs.split(',').map((entry) => {
  const [label, path] = entry.split('=');
  if (!label || !path) throw new Error(`--logs wants label=path pairs, got "${entry}"`);
  return { label, curves: curvesOf(readTrainLog(path)) };
});
const charts = renderToStaticMarkup(createElement(TrainingCurves, { runs, secondX: 430 }));
const height = trainingCurvesHeight(runs) + 10;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="860" height="${height}" style="background:#fff;color:#111">\n${charts}\n</svg>\n`;
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, svg);
console.log(JSON.stringify({ out: values.out, runs: runs.map((r) => r.label) }));
