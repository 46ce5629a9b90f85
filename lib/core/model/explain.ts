import { COLOR_NAMES, SHAPES } from '@/lib/core/world/types';

/**
 * What the model looked at for one challenge, trimmed from Model I/O v1 outputs to the statement's real
 * words (positions 1..n, without [CLS] and [SEP]) and each image's real objects. Every matrix row is a word.
 */
export interface ImageExplanation {
  /** alignment[t][o]: the alignment head's distribution over this image's objects for word t. */
  alignment: number[][];
  /** cross[l][h][t][o]: word→object attention of cross-modal layer l, head h. */
  cross: number[][][][];
  /** detections[o][k]: class probabilities, DETECTION_CLASSES order (colours, then shapes). */
  detections: number[][];
}

export interface Explanation {
  /** The statement's words as the model read them. */
  words: string[];
  /** Per word: the model's vocabulary does not have it (read as [UNK]). */
  unknown: boolean[];
  layers: number;
  heads: number;
  images: [ImageExplanation, ImageExplanation];
}

/** `detections`' K classes: the object encoder's colour softmax, then its shape softmax (training/model.py). */
export const DETECTION_CLASSES = [...COLOR_NAMES, ...SHAPES] as const;
const COLORS = COLOR_NAMES.length;

export interface Output {
  dims: readonly number[];
  data: Float32Array;
}

/** The most probable colour and shape of one object, with their probabilities. */
export function detectedClass(probs: readonly number[]): { color: string; shape: string; colorP: number; shapeP: number } {
  const argmax = (from: number, to: number) => {
    let best = from;
    for (let k = from; k < to; k++) if (probs[k]! > probs[best]!) best = k;
    return best;
  };
  const c = argmax(0, COLORS);
  const s = argmax(COLORS, DETECTION_CLASSES.length);
  return { color: DETECTION_CLASSES[c]!, shape: DETECTION_CLASSES[s]!, colorP: probs[c]!, shapeP: probs[s]! };
}

/** Batch item 0 of `alignment`, `cross_attention` and `detections`, cut to `words` and the objects of each image. */
export function explain(
  outputs: { alignment: Output; cross_attention: Output; detections: Output },
  words: readonly string[],
  unknown: readonly boolean[],
  objects: readonly [number, number],
): Explanation {
  const [, , T, O] = outputs.alignment.dims as [number, number, number, number];
  const [, , L, H] = outputs.cross_attention.dims as [number, number, number, number];
  const K = outputs.detections.dims[3]!;
  if (K !== DETECTION_CLASSES.length) throw new Error(`detections has ${K} classes; expected ${DETECTION_CLASSES.length}`);
  if (words.length > T - 2) throw new Error(`${words.length} words do not fit T = ${T}`);
  const row = (data: Float32Array, at: number, n: number) => Array.from(data.subarray(at, at + n));
  // Word t of the statement is token t + 1 ([CLS] is token 0).
  const rows = (data: Float32Array, base: number, n: number) => words.map((_, t) => row(data, base + (t + 1) * O, n));
  const image = (i: 0 | 1): ImageExplanation => {
    const n = objects[i];
    if (n > O) throw new Error(`an image has ${n} objects; the model takes at most ${O}`);
    return {
      alignment: rows(outputs.alignment.data, i * T * O, n),
      cross: Array.from({ length: L }, (_, l) => Array.from({ length: H }, (_, h) => rows(outputs.cross_attention.data, ((i * L + l) * H + h) * T * O, n))),
      detections: Array.from({ length: n }, (_, o) => row(outputs.detections.data, (i * O + o) * K, K)),
    };
  };
  return { words: [...words], unknown: [...unknown], layers: L, heads: H, images: [image(0), image(1)] };
}

/** Word→object weights of one source: the alignment head, a layer's head, or a layer's mean over heads. */
export type Source = { kind: 'alignment' } | { kind: 'cross'; layer: number; head: number | null };

export function sourceMatrix(image: ImageExplanation, source: Source): number[][] {
  if (source.kind === 'alignment') return image.alignment;
  const layer = image.cross[source.layer];
  if (!layer) throw new RangeError(`no cross-modal layer ${source.layer}`);
  if (source.head !== null) return layer[source.head] ?? [];
  return layer[0]!.map((wordRow, t) => wordRow.map((_, o) => layer.reduce((sum, head) => sum + head[t]![o]!, 0) / layer.length));
}
