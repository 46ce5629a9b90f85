import * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '@/lib/core/world/types';

import { CROP_SIZE, MAX_OBJECTS } from '@/lib/core/io';

export { CROP_SIZE, MAX_OBJECTS };
// The box features have no tfjs in them: the model worker's CPU path imports them from ./crop alone.
export { boxFeatures } from './crop';

/**
 * Crop-and-resize every object box of one image to S×S, channels first, values in [0, 1].
 * The reference path: Node (tfjs CPU backend) for the training data and the browser's WebGPU path
 * (tfjs WebGPU backend); the browser's CPU path uses `cropBoxes` (./crop.ts), proven equal to it.
 * `rgb` is an H×W×3 image with 0..255 values (what `tf.browser.fromPixels` returns). Returns a tensor [n, 3, S, S]; the caller disposes it.
 */
export function cropObjects(rgb: tf.Tensor3D, boxes: readonly PixelBox[], size = CROP_SIZE): tf.Tensor4D {
  if (boxes.length === 0) return tf.zeros([0, 3, size, size]) as tf.Tensor4D;
  return tf.tidy(() => {
    const [h, w] = rgb.shape;
    // Functional ops only (chained tensor methods are not registered in a minimal tfjs bundle).
    const image = tf.expandDims<tf.Tensor4D>(tf.cast(rgb, 'float32'), 0);
    // cropAndResize maps normalized coordinate c to pixel c·(dim − 1): sample pixel centres x … x + w − 1.
    const coords = boxes.flatMap((b) => [b.y / (h - 1), b.x / (w - 1), (b.y + b.h - 1) / (h - 1), (b.x + b.w - 1) / (w - 1)]);
    const crops = tf.image.cropAndResize(image, tf.tensor2d(coords, [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), [size, size], 'bilinear');
    // Scale after cropping: bilinear sampling is linear, and the crops are far smaller than the image.
    return tf.transpose(tf.div<tf.Tensor4D>(crops, 255), [0, 3, 1, 2]);
  });
}

/** RGBA bytes (a rendered raster, canvas ImageData) → H×W×3 values for `cropObjects`. */
export function rgbFromRgba(rgba: ArrayLike<number>, width: number, height: number): tf.Tensor3D {
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgb[p] = rgba[q]!;
    rgb[p + 1] = rgba[q + 1]!;
    rgb[p + 2] = rgba[q + 2]!;
  }
  return tf.tensor3d(rgb, [height, width, 3]);
}
