import { BOX_SIZE, BOX_X, IMAGE_HEIGHT, IMAGE_WIDTH, type NlvrColor, type Scene, type SceneObject } from './types';

/**
 * Scene renderer reproducing NLVR's PNGs. Pure TypeScript (no Node, no DOM): the same code renders
 * in training scripts and in the browser.
 *
 * NLVR's PNGs bear the fingerprints of Skia's scan converter (evidently a browser canvas), which
 * this renderer copies: anti-aliasing by 4×4 supersampling (every edge alpha is a
 * multiple of 1/16: a triangle side of slope 2 gives alternating 4/16 and 12/16 pixels), and circles
 * flattened to polygons (4 conics → quads → line segments), not true circles: a size-20 circle is a
 * 16-gon, about 2% smaller in area than the circle, which visibly thins its anti-aliased rim.
 */

/** RGBA pixels, row-major, 4 bytes a pixel. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

type Rgb = readonly [number, number, number];

export const BOX_GREY: Rgb = [211, 211, 211];
export const GAP_GREY: Rgb = [128, 128, 128];
export const OBJECT_RGB: Record<NlvrColor, Rgb> = {
  Yellow: [255, 255, 0],
  Black: [0, 0, 0],
  '#0099ff': [0, 153, 255],
};

type Point = readonly [number, number];

/** Sub-samples per pixel side. */
const SAMPLES = 4;

/** The object's outline in image pixels at the given scale. Box b starts at BOX_X[b]. */
function outline(object: SceneObject, boxIndex: number, scale: number): Point[] {
  const x = (BOX_X[boxIndex]! + object.x_loc) * scale;
  const y = object.y_loc * scale;
  const s = object.size * scale;
  switch (object.type) {
    case 'square':
      return [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
      ];
    case 'triangle':
      // Apex up, inscribed in the square: apex at the top edge's midpoint, base on the bottom edge.
      return [
        [x + s / 2, y],
        [x + s, y + s],
        [x, y + s],
      ];
    case 'circle':
      return circleOutline(x + s / 2, y + s / 2, s / 2);
  }
}

/**
 * A circle as Skia flattens it. Its path is 4 quarter conics (weight √2/2); each becomes 2^p quads,
 * p the fewest halvings that bring the conic-to-quad error under 1/4 px (SkConic::computeQuadPOW2);
 * a quad spanning angle φ runs between two circle points with its control point where their tangents
 * meet; each quad is then cut into 2^q lines, q from its bulge in 1/64ths of a sub-sample
 * (SkQuadraticEdge's diff_to_shift).
 */
function circleOutline(cx: number, cy: number, r: number): Point[] {
  const w = Math.SQRT1_2;
  let conicError = Math.abs((w - 1) / (4 * (1 + w))) * r * Math.SQRT2;
  let quadsPerQuarter = 1;
  while (conicError > 0.25 && quadsPerQuarter < 16) {
    conicError /= 4;
    quadsPerQuarter *= 2;
  }
  const quads = 4 * quadsPerQuarter;
  const span = (2 * Math.PI) / quads;
  const at = (angle: number, radius: number): Point => [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  const points: Point[] = [];
  for (let q = 0; q < quads; q++) {
    const [p0, c, p2] = [at(q * span, r), at((q + 0.5) * span, r / Math.cos(span / 2)), at((q + 1) * span, r)];
    const dot6 = 64 * SAMPLES;
    const dx = Math.abs(((2 * c[0] - p0[0] - p2[0]) / 4) * dot6);
    const dy = Math.abs(((2 * c[1] - p0[1] - p2[1]) / 4) * dot6);
    const dist = (Math.floor(Math.max(dx, dy) + Math.min(dx, dy) / 2) + 16) >> 5;
    const lines = 1 << Math.min(6, Math.max(1, (32 - Math.clz32(dist)) >> 1));
    for (let i = 0; i < lines; i++) {
      const t = i / lines;
      const [a, b, d] = [(1 - t) * (1 - t), 2 * t * (1 - t), t * t];
      points.push([a * p0[0] + b * c[0] + d * p2[0], a * p0[1] + b * c[1] + d * p2[1]]);
    }
  }
  return points;
}

/** Where the horizontal line at height y crosses the convex polygon: [left, right], or null. */
function span(polygon: Point[], y: number): [number, number] | null {
  let left = Infinity;
  let right = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if (a[1] < y === b[1] < y) continue;
    const x = a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
    left = Math.min(left, x);
    right = Math.max(right, x);
  }
  return left <= right ? [left, right] : null;
}

function fill(raster: Raster, x0: number, x1: number, [r, g, b]: Rgb): void {
  for (let y = 0; y < raster.height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * raster.width + x) * 4;
      raster.data[i] = r;
      raster.data[i + 1] = g;
      raster.data[i + 2] = b;
      raster.data[i + 3] = 255;
    }
  }
}

/**
 * Paints the polygon over the raster. A sub-sample at the centre of each of a pixel's 4×4 cells is
 * inside when left < x ≤ right on its row (Skia's rounding of span ends); alpha = inside/16, and the
 * colour is blended "over" in 8 bits.
 */
function paint(raster: Raster, polygon: Point[], [r, g, b]: Rgb): void {
  const ys = polygon.map((p) => p[1]);
  const yStart = Math.max(0, Math.floor(Math.min(...ys)));
  const yEnd = Math.min(raster.height, Math.ceil(Math.max(...ys)));
  const counts = new Uint8Array(raster.width);
  const d = raster.data;
  for (let y = yStart; y < yEnd; y++) {
    counts.fill(0);
    let xStart = raster.width;
    let xEnd = 0;
    for (let j = 0; j < SAMPLES; j++) {
      const crossing = span(polygon, y + (j + 0.5) / SAMPLES);
      if (!crossing) continue;
      // Sub-sample s (of the row's width × SAMPLES) sits at x = (s + 0.5) / SAMPLES.
      const first = Math.max(0, Math.floor(crossing[0] * SAMPLES - 0.5) + 1);
      const last = Math.min(raster.width * SAMPLES - 1, Math.floor(crossing[1] * SAMPLES - 0.5));
      for (let s = first; s <= last; s++) counts[Math.floor(s / SAMPLES)]!++;
      xStart = Math.min(xStart, Math.floor(first / SAMPLES));
      xEnd = Math.max(xEnd, Math.floor(last / SAMPLES) + 1);
    }
    for (let x = xStart; x < xEnd; x++) {
      const alpha = Math.round((counts[x]! * 255) / (SAMPLES * SAMPLES));
      if (alpha === 0) continue;
      const i = (y * raster.width + x) * 4;
      d[i] = Math.round((r * alpha + d[i]! * (255 - alpha)) / 255);
      d[i + 1] = Math.round((g * alpha + d[i + 1]! * (255 - alpha)) / 255);
      d[i + 2] = Math.round((b * alpha + d[i + 2]! * (255 - alpha)) / 255);
    }
  }
}

/**
 * Renders a scene as NLVR draws it: 400×100 at scale 1; at scale k the same geometry drawn at
 * k× resolution (not upscaled), so edges stay crisp. Objects are painted in listed order.
 */
export function renderScene(scene: Scene, scale = 1): Raster {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  const raster: Raster = {
    width: IMAGE_WIDTH * scale,
    height: IMAGE_HEIGHT * scale,
    data: new Uint8ClampedArray(IMAGE_WIDTH * scale * IMAGE_HEIGHT * scale * 4),
  };
  fill(raster, 0, raster.width, GAP_GREY);
  for (const left of BOX_X) fill(raster, left * scale, (left + BOX_SIZE) * scale, BOX_GREY);
  scene.forEach((box, boxIndex) => {
    for (const object of box) paint(raster, outline(object, boxIndex, scale), OBJECT_RGB[object.color]);
  });
  return raster;
}

/** A pixel agrees when every channel (RGBA) is within this of the original. */
export const CHANNEL_TOLERANCE = 16;
/** Share of pixels whose channels are all within `tolerance`; rasters must have the same size. */
export function pixelAgreement(a: Raster, b: Raster, tolerance = CHANNEL_TOLERANCE): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`size mismatch: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  let agree = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i]! - b.data[i]!) <= tolerance &&
      Math.abs(a.data[i + 1]! - b.data[i + 1]!) <= tolerance &&
      Math.abs(a.data[i + 2]! - b.data[i + 2]!) <= tolerance &&
      Math.abs(a.data[i + 3]! - b.data[i + 3]!) <= tolerance
    ) {
      agree++;
    }
  }
  return agree / (a.width * a.height);
}
