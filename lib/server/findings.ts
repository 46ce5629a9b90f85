import { existsSync, readFileSync } from 'node:fs';
import * as z from '@/lib/core/zod';
import { join } from 'node:path';
import { FAMILIES, type Family } from '@/lib/core/model/manifest';
import { curvesOf, parseTrainLog, runMetricsSchema, seedsSchema, type Finding, type LogRecord } from '@/lib/core/model/findings';

/** The shipped models' findings and training logs, read from the working tree (Node). */

export function readTrainLog(path: string): LogRecord[] {
  return parseTrainLog(readFileSync(/*turbopackIgnore: true*/ path, 'utf8'), path);
}

/** The chance level `npm run eval -- --variant fp32 --record` stored beside an export (eval-variants.json); null when absent. */
function recordedChance(base: string): number | null {
  const file = join(/*turbopackIgnore: true*/ base, 'eval-variants.json');
  if (!existsSync(/*turbopackIgnore: true*/ file)) return null;
  const chance = recordedChanceSchema.parse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, 'utf8'))).fp32?.report.alignmentChance;
  return chance ?? null;
}
const recordedChanceSchema = z.object({ fp32: z.object({ report: z.object({ alignmentChance: z.number().optional() }).loose() }).loose().optional() }).loose();

/** The shipped models' findings, from `dir` (default models/ in the working directory). */
export function readFindings(dir = join(/*turbopackIgnore: true*/ process.cwd(), 'models')): Finding[] {
  return FAMILIES.map((family) => {
    const base = join(/*turbopackIgnore: true*/ dir, family);
    const metrics = runMetricsSchema.parse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ join(base, 'metrics.json'), 'utf8')));
    const log = readTrainLog(join(base, 'train-log.jsonl'));
    const config = log.find((r) => r.event === 'start')?.config;
    if (config?.learning_rate === undefined) throw new Error(`${base}/train-log.jsonl: its start event records no learning_rate`);
    const seeds = seedsSchema.parse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ join(base, 'seeds.json'), 'utf8')));
    return { family, metrics, curves: curvesOf(log), attnSup: config.attn_sup ?? 0, learningRate: config.learning_rate, alignmentChance: recordedChance(base), seeds };
  });
}

/** A shipped model's recipe: training/config/<family>.py as committed, what `train.py --config=` reads. */
export interface Recipe {
  family: Family;
  /** Relative to the repository root, as a command line names it. */
  path: string;
  text: string;
  /** Where its run writes its checkpoint (the file's `out_dir`). */
  outDir: string;
  /** The command that builds its dataset, from the file's header (`#   npm run dataset:build …`); null when the file names none. */
  datasetCommand: string | null;
}

/** A recipe file that does not say what the site needs to quote from it. */
export class RecipeError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'RecipeError';
  }
}

/** The shipped recipes, read from `root` (default the working directory): /paper quotes them, never a copy. */
export function readRecipes(root = process.cwd()): Recipe[] {
  return FAMILIES.map((family) => {
    const path = `training/config/${family}.py`;
    const text = readFileSync(/*turbopackIgnore: true*/ join(/*turbopackIgnore: true*/ root, path), 'utf8');
    const outDir = /^out_dir = '([^']+)'/m.exec(text)?.[1];
    if (outDir === undefined) throw new RecipeError(path, "no out_dir = '…' line");
    const datasetCommand = /^#\s+(npm run dataset:build .+)$/m.exec(text)?.[1] ?? null;
    return { family, path, text, outDir, datasetCommand };
  });
}


/** The shell commands that rebuild the shipped models from their recipes: dataset, training, export, evaluation. */
export function reproduceCommands(recipes: Recipe[]): string {
  const dataset = recipes.find((r) => r.datasetCommand !== null);
  if (!dataset) throw new RecipeError(recipes.map((r) => r.path).join(', '), 'no recipe names the command that builds its dataset');
  return [
    `# the dataset (the command in ${dataset.path}'s header)`,
    dataset.datasetCommand,
    ...recipes.map((r) => `OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=${r.path} &`),
    'wait',
    ...recipes.map((r) => `/usr/bin/python3 training/export.py --ckpt=${r.outDir}/ckpt.pt --id=${r.family}`),
    ...recipes.map((r) => `npm run eval -- --model ${r.family} --data ../shared/data/nlvr1/test.json`),
  ].join('\n');
}
