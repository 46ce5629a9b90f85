import type { Tokenizer } from '@/lib/core/text/tokenizer';
import type { PairInput, ImageInput } from '@/lib/core/model/batch';
import type { ChallengeInput, PredictTimings } from '@/lib/core/model/protocol';
import type { PixelBox } from '@/lib/core/world/types';
import { boxFeatures, cropBoxes } from './crop';

/**
 * Browser side of the preprocessing (runs in the model worker): fetch each PNG once and decode it once to
 * its exact stored pixels (kept for the next requests: the game asks for a challenge before it shows and
 * again when it does), crop-and-resize the object boxes — `cropBoxes` on the CPU path, tfjs on WebGPU
 * (./tf-crops.ts) — and tokenize with the manifest's vocabulary. No tfjs here.
 */

export interface Raster {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** One image's crops, [n, 3, S, S] in [0, 1]. */
export type Crops = (raster: Raster, boxes: readonly PixelBox[]) => Promise<Float32Array>;
export const cpuCrops: Crops = async (r, boxes) => cropBoxes(r.data, r.width, r.height, boxes);

type Decoded = { raster: Raster; fetchMs: number; decodeMs: number };
const RECENT_IMAGES = 16;
const decoded = new Map<string, Promise<Decoded>>();

/** The PNG's stored RGBA, with no colour management or premultiplication. */
async function decode(url: string): Promise<Decoded> {
  const started = performance.now();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`image ${url}: HTTP ${res.status}`);
  const blob = await res.blob();
  const fetched = performance.now();
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas in this worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const raster = { data: ctx.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height };
  return { raster, fetchMs: fetched - started, decodeMs: performance.now() - fetched };
}

/** Decoded once per URL among the recent ones; a failed fetch is forgotten so that asking again retries. */
function raster(url: string): Promise<Decoded> {
  const hit = decoded.get(url);
  if (hit) {
    decoded.delete(url); // most recent last
    decoded.set(url, hit);
    return hit.then((d) => ({ ...d, fetchMs: 0, decodeMs: 0 }));
  }
  const job = decode(url);
  decoded.set(url, job);
  job.catch(() => decoded.delete(url));
  if (decoded.size > RECENT_IMAGES) decoded.delete(decoded.keys().next().value!);
  return job;
}

/** Starts fetching and decoding a challenge's two images now (a predict waiting behind the model's load finds them ready). */
export function warmImages(challenge: ChallengeInput): void {
  for (const img of [challenge.left, challenge.right]) raster(img.imageUrl).catch(() => {}); // the predict itself reports a failure
}

export async function challengePairInput(challenge: ChallengeInput, tokenizer: Tokenizer, crops: Crops): Promise<{ input: PairInput; timings: Omit<PredictTimings, 'runMs'> }> {
  const [left, right] = await Promise.all([raster(challenge.left.imageUrl), raster(challenge.right.imageUrl)]);
  const started = performance.now();
  const image = async (d: Decoded, img: ChallengeInput['left']): Promise<ImageInput> => ({ crops: await crops(d.raster, img.boxes), boxes: boxFeatures(img.boxes), count: img.boxes.length });
  const images: [ImageInput, ImageInput] = [await image(left, challenge.left), await image(right, challenge.right)];
  const input = { ...tokenizer.encode(challenge.statement), images };
  return { input, timings: { fetchMs: left.fetchMs + right.fetchMs, decodeMs: left.decodeMs + right.decodeMs, preprocessMs: performance.now() - started } };
}
