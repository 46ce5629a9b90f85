import * as z from '@/lib/core/zod';
import { pixelBoxSchema } from '@/lib/core/world/boxes';

/** Contract v1 (docs/ARCHITECTURE.md, "Contracts"): what the browser gets. Boxes are object boxes in image pixels. */
export const challengeImageSchema = z.object({
  /** 400×100 PNG, the model's input. */
  imageUrl: z.string().min(1),
  /** The same scene drawn at 2× for crisp display. */
  displayUrl: z.string().min(1),
  boxes: z.array(pixelBoxSchema).max(20),
});

export const publicChallengeSchema = z.object({
  id: z.string().min(1).max(80),
  statement: z.string().min(1).max(300),
  left: challengeImageSchema,
  right: challengeImageSchema,
});

/** Practice challenges carry their labels; ranked ones never do. */
export const practiceChallengeSchema = publicChallengeSchema.extend({
  label: z.boolean(),
  leftLabel: z.boolean(),
  rightLabel: z.boolean(),
});

export const packSourceSchema = z.enum(['nlvr', 'synthetic']);
export const packKindSchema = z.enum(['practice', 'ranked', 'images']);

export const practicePackSchema = z.object({
  format: z.literal('tob-pack/1'),
  name: z.string(),
  kind: z.literal('practice'),
  source: packSourceSchema,
  challenges: z.array(practiceChallengeSchema).min(1),
});

export const rankedPackSchema = z.object({
  format: z.literal('tob-pack/1'),
  name: z.string(),
  kind: z.literal('ranked'),
  source: packSourceSchema,
  challenges: z.array(publicChallengeSchema).min(1),
});

/**
 * Single images with their statement, for evaluating models on a split of images (NLVR test-P:
 * `packs:build` with NLVR). The labels are NLVR's public ones.
 */
export const imagesPackSchema = z.object({
  format: z.literal('tob-pack/1'),
  name: z.string(),
  kind: z.literal('images'),
  source: packSourceSchema,
  images: z.array(
    z.object({
      id: z.string().min(1).max(80),
      statement: z.string().min(1).max(300),
      imageUrl: z.string().min(1),
      boxes: z.array(pixelBoxSchema).max(20),
      label: z.boolean(),
    }),
  ),
});

export const packSchema = z.discriminatedUnion('kind', [practicePackSchema, rankedPackSchema, imagesPackSchema]);

export type PublicChallenge = z.infer<typeof publicChallengeSchema>;
export type PracticeChallenge = z.infer<typeof practiceChallengeSchema>;
export type PracticePack = z.infer<typeof practicePackSchema>;
export type RankedPack = z.infer<typeof rankedPackSchema>;
export type ImagesPack = z.infer<typeof imagesPackSchema>;
export type Pack = z.infer<typeof packSchema>;
export type PackSource = z.infer<typeof packSourceSchema>;
