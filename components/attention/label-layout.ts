/** A rectangle in image pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where each object's label goes: beside it (right, left, above, below, in that order), inside the image,
 * over no object and no label placed before it; null where there is no such place (the label is thinned out).
 * Objects are placed in `order` (most important first), so a thinned label is always a less important one.
 * `size(o)` is label o's size in image pixels; `gap` the space between an object and its label.
 */
export function placeLabels(
  boxes: readonly Rect[],
  order: readonly number[],
  size: (o: number) => { w: number; h: number },
  bounds: { w: number; h: number },
  gap: number,
): (Rect | null)[] {
  const placed: (Rect | null)[] = boxes.map(() => null);
  const taken: Rect[] = [];
  for (const o of order) {
    const b = boxes[o]!;
    const { w, h } = size(o);
    const midY = b.y + b.h / 2 - h / 2;
    const midX = b.x + b.w / 2 - w / 2;
    const candidates: Rect[] = [
      { x: b.x + b.w + gap, y: midY, w, h },
      { x: b.x - gap - w, y: midY, w, h },
      { x: midX, y: b.y - gap - h, w, h },
      { x: midX, y: b.y + b.h + gap, w, h },
    ];
    const spot = candidates.find(
      (c) => c.x >= 0 && c.y >= 0 && c.x + c.w <= bounds.w && c.y + c.h <= bounds.h && !taken.some((t) => overlaps(c, t)) && !boxes.some((other) => overlaps(c, other)),
    );
    if (spot) {
      placed[o] = spot;
      taken.push(spot);
    }
  }
  return placed;
}
