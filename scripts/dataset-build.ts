/**
 * Builds the training dataset (format tob-dataset/1, training/README.md):
 *   npm run dataset:build -- --out .data/dataset [--seed 1] [--synthetic 150000] [--synthetic-val 3000]
 *                            [--contrast 0.5]
 *                            [--nlvr-dir DIR] [--val-folds 4,5] [--nlvr-repeats 4] [--nlvr-train-sample]
 * Deterministic for a seed: the same options write the same bytes.
 */
import { parseArgs } from 'node:util';
import { intOption, probabilityOption } from '@/lib/tools/cli';
import { buildDataset } from '@/lib/tools/dataset/build';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.data/dataset' },
    seed: { type: 'string', default: '1' },
    synthetic: { type: 'string', default: '150000' },
    'synthetic-val': { type: 'string', default: '3000' },
    contrast: { type: 'string', default: '0' },
    'nlvr-dir': { type: 'string' },
    'val-folds': { type: 'string', default: '4,5' },
    'nlvr-repeats': { type: 'string', default: '4' },
    'nlvr-train-sample': { type: 'boolean', default: false },
  },
});

const nlvrDir = values['nlvr-dir'] ?? process.env.NLVR1_DIR;
if (values['nlvr-train-sample'] && !nlvrDir) throw new Error('--nlvr-train-sample reads the sample from the NLVR directory: give --nlvr-dir (or NLVR1_DIR)');
const started = Date.now();
const header = await buildDataset({
  outDir: values.out,
  vocab: vocabularySchema.parse(vocabJson),
  seed: intOption('seed', values.seed, 0),
  synthetic: intOption('synthetic', values.synthetic, 0),
  syntheticVal: intOption('synthetic-val', values['synthetic-val'], 0),
  contrast: probabilityOption('contrast', values.contrast),
  nlvrDir,
  valFolds: values['val-folds'].split(',').filter(Boolean).map((f) => intOption('val-folds', f, 0)),
  nlvrRepeats: intOption('nlvr-repeats', values['nlvr-repeats'], 0),
  nlvrTrainSample: values['nlvr-train-sample'],
  log: (line) => console.error(`dataset: ${line}`),
});
console.log(JSON.stringify({ out: values.out, seconds: Math.round((Date.now() - started) / 1000), splits: header.splits }));
