/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import { Tokenizer } from '@/lib/core/text/tokenizer';
import { boxFeatures } from './preprocess';
import type { PairInput, ImageInput } from '@/lib/core/model/batch';
import { cropObjects, rgbFromRgba } from './preprocess';
import type { ChallengeInput } from '@/lib/core/model/protocol';

/**
 * Browser side of the single preprocessing path (lib/browser/preprocess.ts): decode the PNG to exact
 * pixels, crop-and-resize the object boxes with tfjs on WebGPU (the CPU backend without WebGPU),
 * tokenize with the manifest's vocabulary. Runs in the model worker.
 */
export async function selectTfBackend(webgpu: boolean): Promise<'webgpu' | 'cpu'> {
  if (webgpu && (await tf.setBackend('webgpu').catch(() => false))) return 'webgpu';
  await tf.setBackend('cpu');
  return 'cpu';
}

/** The PNG's stored RGBA, with no colour management or premultiplication. */
async function decodePng(url: string): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`image ${url}: HTTP ${res.status}`);
  const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas in this worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { data: ctx.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height };
}

async function imageInput(image: ChallengeInput['left']): Promise<ImageInput> {
  const { data, width, height } = await decodePng(image.imageUrl);
  const rgb = rgbFromRgba(data, width, height);
  const crops = cropObjects(rgb, image.boxes);
  rgb.dispose();
  const values = (await crops.data()) as Float32Array;
  crops.dispose();
  return { crops: values, boxes: boxFeatures(image.boxes), count: image.boxes.length };
}

export async function challengePairInput(challenge: ChallengeInput, tokenizer: Tokenizer): Promise<PairInput> {
  const [left, right] = await Promise.all([imageInput(challenge.left), imageInput(challenge.right)]);
  return { ...tokenizer.encode(challenge.statement), images: [left, right] };
}
