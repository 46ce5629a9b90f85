/**
 * NLVR (v1) structured representation, exactly as in dev.json / test.json:
 * three boxes, each a list of objects with a top-left corner in the box's 100×100 units.
 */
export const NLVR_COLORS = ['Yellow', 'Black', '#0099ff'] as const;
export const SHAPES = ['square', 'circle', 'triangle'] as const;
export const SIZES = [10, 20, 30] as const;

export type NlvrColor = (typeof NLVR_COLORS)[number];
export type Shape = (typeof SHAPES)[number];
export type Size = (typeof SIZES)[number];

/** Friendly colour names used by the semantics, the lexicon and the UI. */
export const COLOR_NAMES = ['yellow', 'black', 'blue'] as const;
export type ColorName = (typeof COLOR_NAMES)[number];
export const COLOR_NAME: Record<NlvrColor, ColorName> = { Yellow: 'yellow', Black: 'black', '#0099ff': 'blue' };
export const NLVR_COLOR: Record<ColorName, NlvrColor> = { yellow: 'Yellow', black: 'Black', blue: '#0099ff' };

export interface SceneObject {
  x_loc: number;
  y_loc: number;
  size: Size;
  type: Shape;
  color: NlvrColor;
}

/** One of the three grey boxes of an image. */
export type SceneBox = SceneObject[];
/** A whole 400×100 image: always three boxes, left to right. */
export type Scene = [SceneBox, SceneBox, SceneBox];

/** An object's bounding box in image pixels (the public form: no colour, no shape). */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const IMAGE_WIDTH = 400;
export const IMAGE_HEIGHT = 100;
export const BOX_SIZE = 100;
/** Left edge of box b in image pixels. */
export const BOX_X = [0, 150, 300] as const;
