import * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '@/lib/world/types';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/world/types';

/** Model I/O v1: S (crop side) and O (max objects per image). */
export const CROP_SIZE = 16;
export const MAX_OBJECTS = 20;

/**
 * Crop-and-resize every object box of one image to S×S, channels first, values in [0, 1].
 * The single preprocessing path: Node (tfjs CPU backend) for the training data, the browser
 * (tfjs WebGPU backend) for inference. `pixels` is an RGB or RGBA image of H×W with 0..255 values.
 * Returns a tensor [n, 3, S, S]; the caller disposes it.
 */
export function cropObjects(pixels: tf.Tensor3D, boxes: readonly PixelBox[], size = CROP_SIZE): tf.Tensor4D {
  if (boxes.length === 0) return tf.zeros([0, 3, size, size]);
  return tf.tidy(() => {
    const [h, w] = pixels.shape;
    const rgb = pixels.shape[2] === 3 ? pixels : pixels.slice([0, 0, 0], [h, w, 3]);
    const image = rgb.toFloat().div(255).expandDims(0) as tf.Tensor4D;
    // cropAndResize maps normalized coordinate c to pixel c·(dim − 1): sample pixel centres x … x + w − 1.
    const coords = boxes.flatMap((b) => [b.y / (h - 1), b.x / (w - 1), (b.y + b.h - 1) / (h - 1), (b.x + b.w - 1) / (w - 1)]);
    const crops = tf.image.cropAndResize(image, tf.tensor2d(coords, [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), [size, size], 'bilinear');
    return crops.transpose([0, 3, 1, 2]) as tf.Tensor4D;
  });
}

/** Box features of Model I/O v1: normalized x1, y1, x2, y2. */
export function boxFeatures(boxes: readonly PixelBox[]): Float32Array {
  return Float32Array.from(boxes.flatMap((b) => [b.x / IMAGE_WIDTH, b.y / IMAGE_HEIGHT, (b.x + b.w) / IMAGE_WIDTH, (b.y + b.h) / IMAGE_HEIGHT]));
}
