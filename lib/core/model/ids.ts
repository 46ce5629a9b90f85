/**
 * The model families and variants, and the model the site loads first: names only, so the game's first
 * scripts can read them without loading a schema library (manifest.ts and splits.ts build on them).
 */
export const FAMILIES = ['aligned', 'baseline'] as const;
export const VARIANTS = ['fp32', 'int8', 'q4'] as const;
export type Family = (typeof FAMILIES)[number];
export type Variant = (typeof VARIANTS)[number];

/** The model the game and /evaluate load first: `<family>-<variant>`. */
export const DEFAULT_MODEL_ID: `${Family}-${Variant}` = 'aligned-int8';
