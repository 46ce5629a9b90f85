import * as z from '@/lib/core/zod';

/**
 * The leaderboard's model splits, in the order the site lists them, and the model the site loads
 * first: the one registry the server (scores, boards), /evaluate and scripts/models-verify.ts read.
 */
export const SPLITS = ['ranked-synthetic', 'nlvr-test-p'] as const;
export type SplitName = (typeof SPLITS)[number];
export const splitNameSchema = z.enum(SPLITS);

/** The split a page shows when none (or an unknown one) is asked for. */
export const DEFAULT_SPLIT: SplitName = 'ranked-synthetic';

/** A page's `?split=` value, or the default. */
export function splitOrDefault(value: string | undefined): SplitName {
  return SPLITS.find((s) => s === value) ?? DEFAULT_SPLIT;
}

export interface SplitInfo {
  title: string;
  /**
   * hidden: labels only the server knows; a submission is answered with its score on the public part
   * and ranked on the private part. public: anyone can look the labels up, so entries may be forged.
   */
  labels: 'hidden' | 'public';
  note: string;
}

export const SPLIT_INFO: Record<SplitName, SplitInfo> = {
  'ranked-synthetic': {
    title: 'Synthetic, hidden labels',
    labels: 'hidden',
    note:
      'Pairs generated from a server secret; labels exist only on the server. A submission is answered with its score on the public part of the split and ranked on the private part, whose scores appear after the day closes (UTC). Predict each image: ids are <challenge id>:left and <challenge id>:right.',
  },
  'nlvr-test-p': {
    title: 'NLVR test-P, public labels',
    labels: 'public',
    note: "Human-written NLVR statements. NLVR's labels are public, so entries here can be forged by lookup. Predict each image: ids are NLVR identifiers.",
  },
};

export { DEFAULT_MODEL_ID } from './ids';
