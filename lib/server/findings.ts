import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILIES } from '@/lib/core/model/manifest';
import { curvesOf, parseTrainLog, runMetricsSchema, type Finding, type LogRecord } from '@/lib/core/model/findings';

/** The shipped models' findings and training logs, read from the working tree (Node). */

export function readTrainLog(path: string): LogRecord[] {
  return parseTrainLog(readFileSync(/*turbopackIgnore: true*/ path, 'utf8'), path);
}

/** The shipped models' findings, from `dir` (default models/ in the working directory). */
export function readFindings(dir = join(/*turbopackIgnore: true*/ process.cwd(), 'models')): Finding[] {
  return FAMILIES.map((family) => {
    const base = join(/*turbopackIgnore: true*/ dir, family);
    const metrics = runMetricsSchema.parse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ join(base, 'metrics.json'), 'utf8')));
    const log = readTrainLog(join(base, 'train-log.jsonl'));
    const attnSup = log.find((r) => r.event === 'start')?.config?.attn_sup ?? 0;
    return { family, metrics, curves: curvesOf(log), attnSup };
  });
}
