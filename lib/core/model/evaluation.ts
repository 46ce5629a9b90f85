import * as z from '@/lib/core/zod';
import { imagesPackSchema, rankedPackSchema } from '@/lib/core/game/challenge';
import type { PixelBox } from '@/lib/core/world/types';
import type { ChallengeInput } from './protocol';
import { splitNameSchema } from './splits';

/**
 * Evaluating a model on a leaderboard split in the browser (/evaluate): the split's ids and pairs
 * (GET /api/models/splits/[split]), its inputs (a pack), the items to run — every pair of the split
 * (the pairs `npm run eval` scores) plus each image with no partner paired with itself, as
 * lib/tools/model/eval.ts does — and the submission for POST /api/models/scores.
 */

export const splitInfoSchema = z.object({
  split: splitNameSchema,
  title: z.string(),
  labels: z.enum(['hidden', 'public']),
  note: z.string(),
  source: z.string(),
  runnable: z.boolean(),
  ids: z.array(z.string()).min(1),
  pairs: z.array(z.tuple([z.string(), z.string()])),
});
export type SplitInfo = z.infer<typeof splitInfoSchema>;

interface SplitImage {
  statement: string;
  imageUrl: string;
  boxes: PixelBox[];
  /** Public labels only (NLVR). */
  label?: boolean;
}

/** The split's images by id, from its pack: the ranked pack (no labels) or the NLVR test images pack (public labels). */
export function splitImages(pack: unknown): Map<string, SplitImage> {
  const images = imagesPackSchema.safeParse(pack);
  if (images.success) return new Map(images.data.images.map(({ id, ...image }) => [id, image]));
  const ranked = rankedPackSchema.parse(pack);
  return new Map(
    ranked.challenges.flatMap((c) => [
      [`${c.id}:left`, { statement: c.statement, imageUrl: c.left.imageUrl, boxes: c.left.boxes }],
      [`${c.id}:right`, { statement: c.statement, imageUrl: c.right.imageUrl, boxes: c.right.boxes }],
    ]),
  );
}

export interface EvalItem {
  ids: readonly [string, string];
  /** A pair of the split: its "true of both" verdict is submitted. False: an image paired with itself, for its image verdict. */
  scored: boolean;
  input: ChallengeInput;
  /** "True of both", where labels are public. */
  truth?: boolean;
}

export class SplitInputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitInputsError';
  }
}

/**
 * The items to run, in order: the split's pairs, then every image in no pair paired with itself; a
 * model without `image_logits` also runs every other image paired with itself (its image verdict).
 */
export function evalItems(info: SplitInfo, images: ReadonlyMap<string, SplitImage>, { imageLogits }: { imageLogits: boolean }): EvalItem[] {
  const missing = info.ids.filter((id) => !images.has(id));
  if (missing.length) throw new SplitInputsError(`The split's pack lacks ${missing.length} of its ${info.ids.length} images (${missing.slice(0, 3).join(', ')}…); rebuild the packs.`);
  const image = (id: string) => images.get(id)!;
  const item = (a: string, b: string, scored: boolean): EvalItem => {
    const [x, y] = [image(a), image(b)];
    return {
      ids: [a, b],
      scored,
      input: { statement: x.statement, left: { imageUrl: x.imageUrl, boxes: x.boxes }, right: { imageUrl: y.imageUrl, boxes: y.boxes } },
      truth: x.label === undefined || y.label === undefined ? undefined : x.label && y.label,
    };
  };
  const paired = new Set(info.pairs.flat());
  const selfPaired = info.ids.filter((id) => !imageLogits || !paired.has(id));
  return [...info.pairs.map(([a, b]) => item(a, b, true)), ...selfPaired.map((id) => item(id, id, false))];
}

export interface ItemResult {
  pair: boolean;
  /** Per-image verdicts from `image_logits` (absent without it). */
  left?: boolean;
  right?: boolean;
  latencyMs: number;
}

/** Image verdicts: `image_logits` where the model has it (the first item with the image), else the image paired with itself. */
export function imagePredictions(items: readonly EvalItem[], results: readonly ItemResult[], imageLogits: boolean): Map<string, boolean> {
  const predictions = new Map<string, boolean>();
  items.forEach((item, i) => {
    const r = results[i]!;
    if (imageLogits) {
      if (!predictions.has(item.ids[0])) predictions.set(item.ids[0], r.left!);
      if (!predictions.has(item.ids[1])) predictions.set(item.ids[1], r.right!);
    } else if (!item.scored) predictions.set(item.ids[0], r.pair);
  });
  return predictions;
}

export function latencyStats(results: readonly ItemResult[]): { meanMs: number; p95Ms: number } {
  if (results.length === 0) return { meanMs: 0, p95Ms: 0 };
  const sorted = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  return { meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length, p95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! };
}

export interface RuntimeFacts {
  backend: 'webgpu' | 'wasm';
  adapter: string;
  bytes: number;
  meanMs: number;
  p95Ms: number;
  /** Why the model ran on this backend (ModelInfo.backendReason): the worker's choice, sent with the score. */
  backendReason?: string;
}

/** The body of POST /api/models/scores: every image once, every pair once (the model's own pair verdicts). */
export function submission(
  info: SplitInfo,
  items: readonly EvalItem[],
  results: readonly ItemResult[],
  model: { name: string; description: string; imageLogits: boolean },
  runtime: RuntimeFacts,
) {
  if (results.length !== items.length) throw new Error(`only ${results.length} of ${items.length} items have run`);
  const predictions = imagePredictions(items, results, model.imageLogits);
  return {
    split: info.split,
    model: { name: model.name, description: model.description },
    runtime: {
      backend: runtime.backend,
      adapter: runtime.adapter.slice(0, 120),
      bytes: runtime.bytes,
      latencyMs: runtime.meanMs,
      p95LatencyMs: runtime.p95Ms,
      ...(runtime.backendReason ? { backendReason: runtime.backendReason.slice(0, 200) } : {}),
    },
    predictions: info.ids.map((id) => ({ id, label: predictions.get(id)! })),
    pairs: items.flatMap((item, i) => (item.scored ? [{ ids: item.ids, label: results[i]!.pair }] : [])),
  };
}
