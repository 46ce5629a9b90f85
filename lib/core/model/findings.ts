import * as z from '@/lib/core/zod';
import { FAMILIES, type Family } from './manifest';

/**
 * The committed findings of the training issue (Node only: reads files): each shipped model's metrics
 * (models/<family>/metrics.json, written by training/train.py) and its training log (models/<family>/train-log.jsonl). Read at build
 * time by /paper and by `npm run plot:curves`.
 */

const splitMetricsSchema = z.object({
  pairs: z.number(),
  image_acc: z.number(),
  pair_acc: z.number(),
  consistency: z.number().optional(),
  align_precision: z.record(z.string(), z.number()),
  /** The same over heads 1.. of each layer, those attn_sup leaves free (runs measured since round 11). */
  align_precision_other_heads: z.record(z.string(), z.number()).optional(),
});

export const runMetricsSchema = z.object({
  family: z.enum(FAMILIES),
  params: z.number(),
  steps: z.number(),
  minutes: z.number(),
  step: z.number(),
  val: splitMetricsSchema,
  test: splitMetricsSchema.optional(),
});

/** One finished run of a shipped recipe, as `training/seeds.py --json_out` writes it (the trainer's figures). */
const seedRunSchema = z
  .object({
    run: z.string(),
    family: z.enum(FAMILIES),
    minutes: z.number(),
    steps: z.number(),
    step: z.number(),
    val_image: z.number(),
    test_image: z.number(),
    test_pair: z.number(),
    test_consistency: z.number(),
    test_align: z.array(z.number()).min(1),
    /** The same over the heads no loss trains, for runs whose recipe trains head 0 (attn_sup > 0); null otherwise. */
    test_align_free: z.array(z.number()).min(1).nullable(),
  })
  .loose();
/** models/<family>/seeds.json: every run of the shipped recipe, the shipped one among them. */
export const seedsSchema = z.array(seedRunSchema).min(1);
export type SeedRun = z.infer<typeof seedRunSchema>;

const logRecordSchema = z
  .object({
    step: z.number().optional(),
    event: z.string().optional(),
    stage: z.string().optional(),
    split: z.string().optional(),
    loss_image: z.number().optional(),
    loss_pair: z.number().optional(),
    image_acc: z.number().optional(),
    align_precision: z.record(z.string(), z.number()).optional(),
    align_precision_other_heads: z.record(z.string(), z.number()).optional(),
    config: z.object({ attn_sup: z.number().optional(), learning_rate: z.number().optional() }).loose().optional(),
  })
  .loose();

export type SplitMetrics = z.infer<typeof splitMetricsSchema>;
export type RunMetrics = z.infer<typeof runMetricsSchema>;
export type LogRecord = z.infer<typeof logRecordSchema>;
export type Point = [number, number];

export interface Curves {
  /** Training loss, image + pair terms, by step. */
  loss: Point[];
  /** Validation per-image accuracy by step. */
  valAccuracy: Point[];
  /** Validation alignment precision of the last cross-modal layer (mean over heads) by step. */
  valAlignment: Point[];
  /** The same over the heads no loss trains, for a run that trains head 0 (attn_sup > 0); null otherwise. */
  valAlignmentFree: Point[] | null;
}

export interface Finding {
  family: Family;
  metrics: RunMetrics;
  curves: Curves;
  /** Weight of the loss on head 0 of each layer's word→object attention (train.py's attn_sup); 0 when off. */
  attnSup: number;
  /** The peak learning rate it was trained with (train.py's learning_rate). */
  learningRate: number;
  /**
   * Alignment precision of uniform attention over each scene's objects on the same data: the chance level the
   * precisions are read against (`npm run eval`'s `alignmentChance` on NLVR test-P, recorded with the fp32 export's
   * report); null when not recorded.
   */
  alignmentChance: number | null;
  /** Every run of its recipe (seeds), the shipped one among them. */
  seeds: SeedRun[];
}

/** Cross-modal layers' precisions in layer order (`cross_0`, `cross_1`, …), the alignment head left out. */
export function crossLayerPrecision(ap: Record<string, number>): number[] {
  return Object.keys(ap)
    .filter((k) => k.startsWith('cross_'))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((k) => ap[k]!);
}

export function parseTrainLog(text: string, source: string): LogRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = logRecordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${source}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export function curvesOf(log: readonly LogRecord[]): Curves {
  const train = log.filter((r) => r.stage === undefined && r.loss_image !== undefined && r.loss_pair !== undefined);
  const evals = log.filter((r) => r.event === 'eval' && r.split === 'val' && r.step !== undefined);
  const headTrained = (log.find((r) => r.event === 'start')?.config?.attn_sup ?? 0) > 0;
  return {
    loss: train.map((r) => [r.step!, r.loss_image! + r.loss_pair!]),
    valAccuracy: evals.map((r) => [r.step!, r.image_acc ?? 0]),
    valAlignment: evals.map((r) => [r.step!, crossLayerPrecision(r.align_precision ?? {}).at(-1) ?? 0]),
    valAlignmentFree: headTrained ? evals.map((r) => [r.step!, crossLayerPrecision(r.align_precision_other_heads ?? {}).at(-1) ?? 0]) : null,
  };
}
