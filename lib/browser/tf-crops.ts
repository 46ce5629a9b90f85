import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import type { Crops } from './browser-input';
import { cropObjects, rgbFromRgba } from './preprocess';

/**
 * The crops on WebGPU (tfjs): imported by the model worker only when it builds a WebGPU session, so the
 * CPU path never downloads or starts tfjs. Null when tfjs gets no WebGPU backend (the CPU crops then).
 */
export async function webgpuCrops(): Promise<Crops | null> {
  if (!(await tf.setBackend('webgpu').catch(() => false))) return null;
  return async (r, boxes) => {
    const rgb = rgbFromRgba(r.data, r.width, r.height);
    const crops = cropObjects(rgb, boxes);
    rgb.dispose();
    const values = (await crops.data()) as Float32Array;
    crops.dispose();
    return values;
  };
}
