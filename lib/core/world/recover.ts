import { BOX_GREY, OBJECT_RGB, pixelAgreement, renderScene, type Raster } from './render';
import { BOX_SIZE, BOX_X, IMAGE_HEIGHT, IMAGE_WIDTH, NLVR_COLORS, SIZES, type NlvrColor, type Scene, type SceneObject, type Shape, type Size } from './types';

/**
 * An NLVR scene read back from its image: NLVR's 1,000-example training sample
 * (train-examples.html) comes as PNGs without structured representations. Each object is a blob of
 * one of the three colours on the box grey; anti-aliased rims are read as the share of the colour
 * in the pixel, so that a blob's area and centroid are those of the drawn outline. Size comes from
 * the blob's extent, shape from its area against the size's square (square 1, circle ≈ 0.77,
 * triangle 0.5), the corner from the centroid. Objects drawn apart are at least one grey pixel apart;
 * two same-coloured objects that touch make one blob that fits no single object, and the image is
 * refused rather than guessed. A recovered scene must also render back to the image.
 */

/** Share of pixels that must agree (fidelity.ts's tolerance) between the image and the recovered scene's render. */
export const RECOVERY_AGREEMENT = 0.995;

/** Why an image gave no scene. */
export class RecoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryError';
  }
}

const GREY = BOX_GREY[0];
/** A pixel belongs to a colour's blob from this share of the colour on. */
const MIN_SHARE = 0.1;
/** Largest distance (RGB units) between a pixel and the nearest grey-to-colour blend still read as that blend. */
const MAX_RESIDUAL = 24;

/** Each object colour as a direction from the box grey, and its squared length. */
const BLENDS = NLVR_COLORS.map((name) => {
  const d = OBJECT_RGB[name].map((v) => v - GREY);
  return { d, norm2: d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2 };
});

/** The object colour whose blend with the box grey best explains pixel i, and its share; null on grey or elsewhere. */
function colourShare(data: Uint8ClampedArray, i: number): [number, number] | null {
  const p = [data[i]! - GREY, data[i + 1]! - GREY, data[i + 2]! - GREY];
  if (Math.abs(p[0]!) + Math.abs(p[1]!) + Math.abs(p[2]!) < 6) return null;
  let best: [number, number] | null = null;
  let bestResidual = MAX_RESIDUAL;
  BLENDS.forEach(({ d, norm2 }, c) => {
    const share = (p[0]! * d[0]! + p[1]! * d[1]! + p[2]! * d[2]!) / norm2;
    const residual = Math.hypot(p[0]! - share * d[0]!, p[1]! - share * d[1]!, p[2]! - share * d[2]!);
    if (share >= MIN_SHARE && share <= 1.05 && residual < bestResidual) {
      bestResidual = residual;
      best = [c, Math.min(share, 1)];
    }
  });
  return best;
}

interface Blob {
  color: NlvrColor;
  area: number;
  cx: number;
  cy: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** 4-connected blobs of one colour inside box b. */
function blobs(raster: Raster, b: number): Blob[] {
  const x0 = BOX_X[b]!;
  const colour = new Int8Array(BOX_SIZE * BOX_SIZE).fill(-1);
  const share = new Float32Array(BOX_SIZE * BOX_SIZE);
  for (let y = 0; y < BOX_SIZE; y++) {
    for (let x = 0; x < BOX_SIZE; x++) {
      const hit = colourShare(raster.data, (y * raster.width + x0 + x) * 4);
      if (hit) [colour[y * BOX_SIZE + x], share[y * BOX_SIZE + x]] = hit;
    }
  }
  const found: Blob[] = [];
  const seen = new Uint8Array(BOX_SIZE * BOX_SIZE);
  for (let start = 0; start < colour.length; start++) {
    if (colour[start] === -1 || seen[start]) continue;
    const c = colour[start]!;
    const blob: Blob = { color: NLVR_COLORS[c]!, area: 0, cx: 0, cy: 0, x0: BOX_SIZE, x1: -1, y0: BOX_SIZE, y1: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const k = stack.pop()!;
      const x = k % BOX_SIZE;
      const y = (k - x) / BOX_SIZE;
      const a = share[k]!;
      blob.area += a;
      blob.cx += a * (x + 0.5);
      blob.cy += a * (y + 0.5);
      blob.x0 = Math.min(blob.x0, x);
      blob.x1 = Math.max(blob.x1, x);
      blob.y0 = Math.min(blob.y0, y);
      blob.y1 = Math.max(blob.y1, y);
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const n = ny * BOX_SIZE + nx;
        if (nx >= 0 && nx < BOX_SIZE && ny >= 0 && ny < BOX_SIZE && !seen[n] && colour[n] === c) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    blob.cx /= blob.area;
    blob.cy /= blob.area;
    found.push(blob);
  }
  return found;
}

/** Area of each shape as a share of its size's square, as NLVR draws it (circles are 16- to 24-gons). */
const SHAPE_FILL: Record<Shape, number> = { square: 1, circle: 0.77, triangle: 0.5 };

function objectOf(blob: Blob, box: number): SceneObject {
  const w = blob.x1 - blob.x0 + 1;
  const h = blob.y1 - blob.y0 + 1;
  const size = SIZES.reduce((a, b) => (Math.abs(b - Math.max(w, h)) < Math.abs(a - Math.max(w, h)) ? b : a)) as Size;
  if (Math.abs(w - size) > 1 || Math.abs(h - size) > 1) {
    throw new RecoveryError(`box ${box}: a ${blob.color} blob of ${w}×${h} px is no single object (objects touching?)`);
  }
  const fill = blob.area / (size * size);
  const type = (Object.keys(SHAPE_FILL) as Shape[]).reduce((a, b) => (Math.abs(SHAPE_FILL[b] - fill) < Math.abs(SHAPE_FILL[a] - fill) ? b : a));
  if (Math.abs(SHAPE_FILL[type] - fill) > 0.08) {
    throw new RecoveryError(`box ${box}: a ${blob.color} blob fills ${fill.toFixed(2)} of its ${size}-square: no shape`);
  }
  // the centroid of an apex-up triangle lies 2/3 of the way down its square; of the others, in the middle
  const x_loc = Math.round(blob.cx - size / 2);
  const y_loc = Math.round(blob.cy - (type === 'triangle' ? (2 * size) / 3 : size / 2));
  if (x_loc < 0 || y_loc < 0 || x_loc + size > BOX_SIZE || y_loc + size > BOX_SIZE) {
    throw new RecoveryError(`box ${box}: a ${size} ${type} at (${x_loc}, ${y_loc}) would extend past the box`);
  }
  return { x_loc, y_loc, size, type, color: blob.color };
}

/** The scene an NLVR image shows (objects of a box top to bottom, then left to right); throws RecoveryError. */
export function recoverScene(raster: Raster): Scene {
  if (raster.width !== IMAGE_WIDTH || raster.height !== IMAGE_HEIGHT) {
    throw new RecoveryError(`image is ${raster.width}×${raster.height}, expected ${IMAGE_WIDTH}×${IMAGE_HEIGHT}`);
  }
  const scene = [0, 1, 2].map((b) =>
    blobs(raster, b)
      .map((blob) => objectOf(blob, b))
      .sort((p, q) => p.y_loc - q.y_loc || p.x_loc - q.x_loc),
  ) as Scene;
  const agreement = pixelAgreement(renderScene(scene), raster);
  if (agreement < RECOVERY_AGREEMENT) {
    throw new RecoveryError(`the recovered scene renders to ${(100 * agreement).toFixed(2)} % of the image's pixels`);
  }
  return scene;
}
