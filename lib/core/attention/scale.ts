/**
 * Viridis (matplotlib's perceptually uniform, colour-blind-safe sequential map), sampled at 9 stops:
 * dark purple for little attention, yellow for the most. Lightness rises monotonically, so the order
 * survives greyscale and every common colour-vision deficiency.
 */
export const VIRIDIS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'] as const;

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const STOPS = VIRIDIS.map(rgb);

/** The colour of v ∈ [0, 1] (clamped), as `rgb(r, g, b)`. */
export function viridis(v: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return `rgb(${a.map((c, k) => Math.round(c + f * (b[k]! - c))).join(', ')})`;
}

/** A CSS gradient of the whole scale, left (0) to right (1), for legends. */
export const VIRIDIS_GRADIENT = `linear-gradient(to right, ${VIRIDIS.join(', ')})`;

const luminance = (css: string) => {
  const [r, g, b] = (css.match(/\d+/g) ?? []).map((c) => {
    const x = Number(c) / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const INK_DARK = '#000000';
const INK_DARK_LUMINANCE = 0;

/** Text that stays readable on viridis(v): white or black, whichever contrasts more (at least 4.5:1 on every colour of the scale). */
export function inkOn(v: number): string {
  const bg = luminance(viridis(v));
  return (1.05 / (bg + 0.05) >= (bg + 0.05) / (INK_DARK_LUMINANCE + 0.05) ? '#ffffff' : INK_DARK);
}

/** The top of a view's scale: its largest weight (never 0, so an all-zero view stays dark). */
export const scaleMax = (weights: readonly number[]) => Math.max(1e-6, ...weights.filter(Number.isFinite));

/** Weights as people read them: two decimals. */
export const formatWeight = (w: number) => w.toFixed(2);
