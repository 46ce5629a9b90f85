import 'server-only';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readNlvrBytes, readNlvrFile, NlvrImportError } from './nlvr';
import { decodePng } from './png';
import { renderScene, type Raster } from './render';

/**
 * How closely the renderer reproduces NLVR's own PNGs: the dev set's permutation-0 images, rendered
 * from their structured representations and compared pixel by pixel.
 */

/** A pixel agrees when every channel (RGBA) is within this of the original. */
export const CHANNEL_TOLERANCE = 16;
const HIGH_AGREEMENT = 0.985;

export interface FidelityReport {
  images: number;
  medianAgreement: number;
  /** Share of images agreeing on at least 98.5% of their pixels. */
  shareAbove985: number;
}

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

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Agreement of every dev example's render (permutation 0) with NLVR's PNG, keyed by identifier. */
export async function devAgreements(nlvrDir: string): Promise<Map<string, number>> {
  const isDir = await stat(nlvrDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new NlvrImportError(nlvrDir, null, 'no such directory (expected NLVR files: dev.json and dev-images/)');
  const examples = await readNlvrFile(join(nlvrDir, 'dev.json'));
  const result = new Map<string, number>();
  for (const { identifier, scene } of examples) {
    const file = join(nlvrDir, 'dev-images', `dev-${identifier}-0.png`);
    result.set(identifier, pixelAgreement(renderScene(scene), decodePng(await readNlvrBytes(file, 'image'))));
  }
  return result;
}

export function summarize(agreements: Iterable<number>): FidelityReport {
  const sorted = [...agreements].sort((x, y) => x - y);
  if (sorted.length === 0) throw new RangeError('no images to summarize');
  return {
    images: sorted.length,
    medianAgreement: median(sorted),
    shareAbove985: sorted.filter((a) => a >= HIGH_AGREEMENT).length / sorted.length,
  };
}
