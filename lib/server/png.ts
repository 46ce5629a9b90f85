import { PNG } from 'pngjs';
import type { Raster } from '@/lib/core/world/render';

/** Node-only PNG helpers (pngjs); the browser decodes PNGs natively. */

export function encodePng(raster: Raster): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  // One filter (Sub) instead of pngjs's try-all-five: 4× faster on these flat scenes, a few KB larger.
  return PNG.sync.write(png, { filterType: 1 });
}

/** Any PNG (palette, grey, 16-bit…) as 8-bit RGBA. */
export function decodePng(buffer: Buffer): Raster {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}
