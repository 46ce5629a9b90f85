/**
 * Builds the training dataset (format tob-dataset/1, training/README.md):
 *   npm run dataset:build -- --out .data/dataset [--seed 1] [--synthetic 150000] [--synthetic-val 3000]
 *                            [--nlvr-dir DIR] [--val-folds 4,5] [--nlvr-repeats 4]
 * Deterministic for a seed: the same options write the same bytes.
 */
import { parseArgs } from 'node:util';
import { buildDataset } from '@/lib/dataset/build';
import { vocabularySchema } from '@/lib/text/tokenizer';
import vocabJson from '@/lib/text/vocab.json';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.data/dataset' },
    seed: { type: 'string', default: '1' },
    synthetic: { type: 'string', default: '150000' },
    'synthetic-val': { type: 'string', default: '3000' },
    'nlvr-dir': { type: 'string' },
    'val-folds': { type: 'string', default: '4,5' },
    'nlvr-repeats': { type: 'string', default: '4' },
  },
});

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}

const started = Date.now();
const header = await buildDataset({
  outDir: values.out,
  vocab: vocabularySchema.parse(vocabJson),
  seed: count('seed', values.seed),
  synthetic: count('synthetic', values.synthetic),
  syntheticVal: count('synthetic-val', values['synthetic-val']),
  nlvrDir: values['nlvr-dir'] ?? process.env.NLVR1_DIR,
  valFolds: values['val-folds'].split(',').filter(Boolean).map((f) => count('val-folds', f)),
  nlvrRepeats: count('nlvr-repeats', values['nlvr-repeats']),
  log: (line) => console.error(`dataset: ${line}`),
});
console.log(JSON.stringify({ out: values.out, seconds: Math.round((Date.now() - started) / 1000), splits: header.splits }));
