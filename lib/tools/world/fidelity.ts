import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NlvrImportError } from '@/lib/core/world/nlvr';
import { readNlvrBytes, readNlvrFile } from '@/lib/server/nlvr-files';
import { decodePng } from '@/lib/server/png';
import { pixelAgreement, renderScene } from '@/lib/core/world/render';

/**
 * How closely the renderer reproduces NLVR's own PNGs: the dev set's permutation-0 images, rendered
 * from their structured representations and compared pixel by pixel.
 */

const HIGH_AGREEMENT = 0.985;

export interface FidelityReport {
  images: number;
  medianAgreement: number;
  /** Share of images agreeing on at least 98.5% of their pixels. */
  shareAbove985: number;
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
