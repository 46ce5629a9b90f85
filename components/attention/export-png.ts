import { formatWeight, inkOn, VIRIDIS, viridis } from '@/lib/core/attention/scale';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { IMAGE_WIDTH } from '@/lib/core/world/types';

/** One model's view to draw: its title, the two images' weights for the word in view and the scale's top. */
export interface ExportPanel {
  title: string;
  caption: string;
  rows: readonly [readonly number[], readonly number[]];
  max: number;
}

const SCALE = 2; // display PNGs are drawn at 2×: 800×200
const PAD = 20;
const COLUMN = 800 + 2 * PAD;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`could not load ${url}`));
    img.src = url;
  });
}

/** The visualization as a PNG: the statement, then per model its title, both images with their tints and weights, and the legend. */
export async function renderPng(challenge: Pick<PublicChallenge, 'statement' | 'left' | 'right'>, panels: readonly ExportPanel[]): Promise<Blob> {
  const images = await Promise.all([loadImage(challenge.left.displayUrl), loadImage(challenge.right.displayUrl)]);
  const canvas = document.createElement('canvas');
  canvas.width = COLUMN * panels.length;
  canvas.height = 70 + 2 * (200 + 50) + 110;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#0f172a';
  ctx.font = '600 24px system-ui, sans-serif';
  ctx.fillText(`“${challenge.statement}”`, PAD, 40, canvas.width - 2 * PAD);
  panels.forEach((panel, p) => {
    const x0 = p * COLUMN + PAD;
    let y = 70;
    ctx.fillStyle = '#0f172a';
    ctx.font = '600 18px system-ui, sans-serif';
    ctx.fillText(panel.title, x0, y + 4, 800);
    y += 20;
    ([challenge.left, challenge.right] as const).forEach((image, i) => {
      ctx.fillStyle = '#334155';
      ctx.font = '14px system-ui, sans-serif';
      ctx.fillText(`${i === 0 ? 'Left' : 'Right'} image`, x0, y + 16);
      const top = y + 24;
      ctx.drawImage(images[i]!, x0, top, 800, 200);
      image.boxes.forEach((b, o) => {
        const w = panel.rows[i]![o] ?? 0;
        const v = w / panel.max;
        const [bx, by, bw, bh] = [x0 + b.x * SCALE, top + b.y * SCALE, b.w * SCALE, b.h * SCALE];
        // A frame only, as on the page: a fill would change the object's colour.
        ctx.strokeStyle = viridis(v);
        ctx.lineWidth = 6;
        ctx.strokeRect(bx - 4, by - 4, bw + 8, bh + 8);
        const text = formatWeight(w);
        ctx.font = '12px ui-monospace, monospace';
        const tw = ctx.measureText(text).width + 6;
        // Beside the object, away from the image's right edge (as on the page).
        const tx = b.x + b.w > IMAGE_WIDTH - 40 ? bx - tw - 8 : bx + bw + 8;
        const ty = by + bh / 2 - 8;
        ctx.fillStyle = viridis(v);
        ctx.fillRect(tx, ty, tw, 15);
        ctx.fillStyle = inkOn(v);
        ctx.fillText(text, tx + 3, ty + 12);
      });
      y = top + 200 + 26;
    });
    const gradient = ctx.createLinearGradient(x0, 0, x0 + 300, 0);
    VIRIDIS.forEach((c, k) => gradient.addColorStop(k / (VIRIDIS.length - 1), c));
    ctx.fillStyle = gradient;
    ctx.fillRect(x0, y, 300, 14);
    ctx.fillStyle = '#334155';
    ctx.font = '12px ui-monospace, monospace';
    ctx.fillText('0', x0, y + 30);
    ctx.fillText(formatWeight(panel.max / 2), x0 + 138, y + 30);
    ctx.fillText(formatWeight(panel.max), x0 + 270, y + 30);
    ctx.font = '14px system-ui, sans-serif';
    ctx.fillText(panel.caption, x0, y + 56, 800);
  });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}

/** Saves a blob through a temporary link. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
