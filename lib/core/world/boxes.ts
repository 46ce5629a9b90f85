import * as z from '@/lib/core/zod';
import { BOX_X, IMAGE_HEIGHT, IMAGE_WIDTH, type PixelBox, type Scene } from './types';

/**
 * Object boxes in image pixels (scale 1): box 0's objects in listed order, then box 1's, then box 2's.
 * This is the public form of a scene: where objects are, never their colour or shape.
 */
export function objectBoxes(scene: Scene): PixelBox[] {
  return scene.flatMap((box, b) => box.map((o) => ({ x: BOX_X[b]! + o.x_loc, y: o.y_loc, w: o.size, h: o.size })));
}

/** A public box as it crosses a trust boundary (share payloads, challenge JSON): inside the 400×100 image. */
export const pixelBoxSchema = z
  .object({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    w: z.number().int().positive(),
    h: z.number().int().positive(),
  })
  .refine((b) => b.x + b.w <= IMAGE_WIDTH && b.y + b.h <= IMAGE_HEIGHT, 'box must lie inside the 400×100 image');
