import { MAX_TOKENS, type Tokenizer, type Vocabulary } from '@/lib/core/text/tokenizer';
import type { NlvrExample } from '@/lib/core/world/nlvr';
import { groupByPresentation } from '@/lib/core/world/pairs';
import { COLOR_NAMES, SHAPES } from '@/lib/core/world/types';
import { batchFeeds, type PairInput } from '@/lib/core/model/batch';
import type { Outputs, RunModel } from './node-session';
import { pairKey, sentencePairs } from '@/lib/core/model/metrics';
import { MAX_OBJECTS } from '@/lib/browser/preprocess';
import { sceneInput, type SceneInput } from './scene-input';

export interface EvalReport {
  /** Examples (images) scored. */
  n: number;
  /** Per-image accuracy (null when the model has no `image_logits`). */
  accuracy: number | null;
  /** Share of presentations whose every image is predicted correctly. */
  consistency: number | null;
  /** "True of both" accuracy over every unordered pair of images of one presentation. */
  pairAccuracy: number;
  pairs: number;
  /** Per cross-modal layer: how often a grounded word's most-attended object (mean over heads) is one it names. */
  alignmentPrecision: number[];
  /**
   * The chance level of alignmentPrecision: the precision of uniform attention over each scene's objects,
   * i.e. the mean share of a scene's objects that a grounded word names, over the same words.
   */
  alignmentChance: number;
}

export interface EvalResult {
  report: EvalReport;
  /** identifier → predicted label, per image. */
  predictions: Map<string, boolean>;
  /** `pairKey(a, b)` → the model's "true of both" verdict (its `pair_logits`), for every scored pair. */
  pairVerdicts: Map<string, boolean>;
}

interface PairJob {
  a: NlvrExample;
  b: NlvrExample;
  /** False when an image of a one-image presentation is paired with itself (no pair verdict to score). */
  scored: boolean;
}

/** Every sentence pair of one presentation (metrics.ts); an image with no partner pairs with itself, for its image verdict only. */
function pairJobs(examples: readonly NlvrExample[]): PairJob[] {
  const { pairs, singles } = sentencePairs(examples);
  return [...pairs.map(([a, b]) => ({ a, b, scored: true })), ...singles.map((a) => ({ a, b: a, scored: false }))];
}

/** Does object o (ground truth) have the attributes a grounded word names? Generic words ("item") are skipped. */
function namedObjects(vocab: Vocabulary, word: string, input: SceneInput): boolean[] | null {
  const g = vocab.grounding[word];
  if (!g || g.any) return null;
  return input.colors.map(
    (c, o) => (!g.colors || g.colors.includes(COLOR_NAMES[c]!)) && (!g.shapes || g.shapes.includes(SHAPES[input.shapes[o]!]!)),
  );
}

class AlignmentCounter {
  hits: number[] = [];
  total = 0;
  /** Σ over counted words of (objects the word names) / (objects in the scene). */
  chance = 0;

  /** cross_attention [B, 2, L, H, T, O]: score image `side` of batch row b. */
  add(attention: Outputs[string], b: number, side: number, words: readonly string[], vocab: Vocabulary, input: SceneInput) {
    const [, , L = 0, H = 0, T = 0, O = 0] = attention.dims;
    if (this.hits.length === 0) this.hits = Array<number>(L).fill(0);
    words.forEach((word, w) => {
      const named = namedObjects(vocab, word, input);
      if (!named || !named.some(Boolean)) return;
      this.total++;
      this.chance += named.slice(0, input.count).filter(Boolean).length / input.count;
      const t = w + 1; // position 0 is [CLS]
      for (let l = 0; l < L; l++) {
        let best = -1;
        let bestScore = -Infinity;
        for (let o = 0; o < input.count; o++) {
          let score = 0;
          for (let h = 0; h < H; h++) score += attention.data[((((b * 2 + side) * L + l) * H + h) * T + t) * O + o]!;
          if (score > bestScore) [best, bestScore] = [o, score];
        }
        if (named[best]) this.hits[l]!++;
      }
    });
  }

  precision(): number[] {
    return this.hits.map((h) => (this.total ? h / this.total : 0));
  }

  chanceLevel(): number {
    return this.total ? this.chance / this.total : 0;
  }
}

/**
 * Runs the shipped path on NLVR-format examples: render → crops (tfjs CPU) → model, in batches.
 * Call `selectCpuBackend()` first.
 */
export async function evaluateExamples(
  run: RunModel,
  tokenizer: Tokenizer,
  examples: readonly NlvrExample[],
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvalResult> {
  const batchSize = opts.batchSize ?? 32;
  const inputs = new Map<string, SceneInput>();
  for (const ex of examples) {
    const input = sceneInput(ex.scene);
    if (!input) throw new RangeError(`${ex.identifier}: more than ${MAX_OBJECTS} objects; the model takes at most ${MAX_OBJECTS}`);
    inputs.set(ex.identifier, input);
  }
  const jobs = pairJobs(examples);
  const predictions = new Map<string, boolean>();
  const pairVerdicts = new Map<string, boolean>();
  const alignment = new AlignmentCounter();
  let pairCorrect = 0;
  let pairs = 0;
  for (let start = 0; start < jobs.length; start += batchSize) {
    const batch = jobs.slice(start, start + batchSize);
    const encoded = batch.map((j) => tokenizer.encode(j.a.sentence, MAX_TOKENS));
    const pairInputs: PairInput[] = batch.map((j, i) => ({ ...encoded[i]!, images: [inputs.get(j.a.identifier)!, inputs.get(j.b.identifier)!] }));
    const out = await run(batchFeeds(pairInputs));
    const pairLogits = out.pair_logits!.data;
    batch.forEach((job, b) => {
      if (job.scored) {
        const verdict = pairLogits[2 * b + 1]! > pairLogits[2 * b]!;
        pairVerdicts.set(pairKey(job.a.identifier, job.b.identifier), verdict);
        pairs++;
        if (verdict === (job.a.label && job.b.label)) pairCorrect++;
      }
      [job.a, job.b].forEach((ex, side) => {
        if (predictions.has(ex.identifier)) return;
        const image = out.image_logits?.data;
        if (image) predictions.set(ex.identifier, image[(2 * b + side) * 2 + 1]! > image[(2 * b + side) * 2]!);
        if (out.cross_attention) alignment.add(out.cross_attention, b, side, encoded[b]!.words, tokenizer.vocab, inputs.get(ex.identifier)!);
      });
    });
    opts.onProgress?.(Math.min(start + batchSize, jobs.length), jobs.length);
  }
  const scored = examples.filter((e) => predictions.has(e.identifier));
  const correct = (e: NlvrExample) => predictions.get(e.identifier) === e.label;
  const groups = [...groupByPresentation(scored).values()];
  return {
    predictions,
    pairVerdicts,
    report: {
      n: examples.length,
      accuracy: scored.length ? scored.filter(correct).length / scored.length : null,
      consistency: groups.length ? groups.filter((g) => g.every(correct)).length / groups.length : null,
      pairAccuracy: pairs ? pairCorrect / pairs : 0,
      pairs,
      alignmentPrecision: alignment.precision(),
      alignmentChance: alignment.chanceLevel(),
    },
  };
}
