import type { PixelBox } from '@/lib/core/world/types';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';
import { CROP_SIZE } from '@/lib/core/io';

/**
 * Crop-and-resize without tfjs, for the CPU path of the model worker: the arithmetic of tfjs-backend-cpu's
 * CropAndResize kernel (bilinear, extrapolation 0) and its float32 rounding — box coordinates stored as
 * float32, samples stored as float32, then divided by 255 and stored again — so the crops equal
 * `cropObjects` (lib/browser/preprocess.ts, what the training data used) exactly; tests/unit/crop.test.ts
 * proves it on real scenes. `rgba` is an H×W×4 raster (canvas ImageData, a decoded PNG); returns
 * [n, 3, S, S] channels first, values in [0, 1].
 */
export function cropBoxes(rgba: ArrayLike<number>, width: number, height: number, boxes: readonly PixelBox[], size = CROP_SIZE): Float32Array {
  const out = new Float32Array(boxes.length * 3 * size * size);
  const f = Math.fround;
  boxes.forEach((b, n) => {
    const [y1, x1, y2, x2] = [b.y / (height - 1), b.x / (width - 1), (b.y + b.h - 1) / (height - 1), (b.x + b.w - 1) / (width - 1)].map(f) as [number, number, number, number];
    const yScale = size > 1 ? ((y2 - y1) * (height - 1)) / (size - 1) : 0;
    const xScale = size > 1 ? ((x2 - x1) * (width - 1)) / (size - 1) : 0;
    for (let y = 0; y < size; y++) {
      const yAt = size > 1 ? y1 * (height - 1) + y * yScale : 0.5 * (y1 + y2) * (height - 1);
      if (yAt < 0 || yAt > height - 1) continue; // extrapolated: 0, as the array starts
      const [top, bottom, yLerp] = [Math.floor(yAt), Math.ceil(yAt), yAt - Math.floor(yAt)];
      for (let x = 0; x < size; x++) {
        const xAt = size > 1 ? x1 * (width - 1) + x * xScale : 0.5 * (x1 + x2) * (width - 1);
        if (xAt < 0 || xAt > width - 1) continue;
        const [left, right, xLerp] = [Math.floor(xAt), Math.ceil(xAt), xAt - Math.floor(xAt)];
        for (let c = 0; c < 3; c++) {
          const at = (row: number, col: number) => rgba[(row * width + col) * 4 + c]!;
          const upper = at(top, left) + (at(top, right) - at(top, left)) * xLerp;
          const lower = at(bottom, left) + (at(bottom, right) - at(bottom, left)) * xLerp;
          out[((n * 3 + c) * size + y) * size + x] = f(upper + (lower - upper) * yLerp) / 255;
        }
      }
    }
  });
  return out;
}

/** Box features of Model I/O v1: normalized x1, y1, x2, y2. */
export function boxFeatures(boxes: readonly PixelBox[]): Float32Array {
  return Float32Array.from(boxes.flatMap((b) => [b.x / IMAGE_WIDTH, b.y / IMAGE_HEIGHT, (b.x + b.w) / IMAGE_WIDTH, (b.y + b.h) / IMAGE_HEIGHT]));
}
