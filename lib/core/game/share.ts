import * as z from '@/lib/core/zod';
import { publicChallengeSchema } from './challenge';
import { INVISIBLE } from './nickname';

/**
 * A shared visualization (`tob-share/1`): everything /s/[id] needs to redraw it without the model —
 * the challenge's public data, the player's answer, the model's verdicts, and the word→object
 * attention of the chosen view, compactly encoded. At most SHARE_MAX_BYTES of JSON.
 */
export const SHARE_FORMAT = 'tob-share/1';
export const SHARE_MAX_BYTES = 64 * 1024;
export const MAX_WORDS = 32;

const probability = z.number().min(0).max(1);

/**
 * Attention of one image as a words × objects matrix of weights in [0, 1], each quantized to a byte
 * (round(255·w)), row-major, base64: 20 words × 20 objects is 400 bytes, 536 characters.
 */
const attentionMatrix = z.string().max(4096).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const shareDocSchema = z
  .object({
    format: z.literal(SHARE_FORMAT),
    challenge: publicChallengeSchema,
    /** The player's answer ("true of both?"), null when they did not answer. */
    answer: z.boolean().nullable(),
    /** The truth, when known to the player (practice); never for ranked challenges. */
    label: z.boolean().nullable(),
    model: z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a model id: lowercase letters, digits, . _ -'),
      /** p(true) of the pair, of the left image, of the right image. */
      pair: probability,
      left: probability,
      right: probability,
    }),
    /** The chosen view: a cross-modal layer and a head (null: mean over heads). */
    view: z.object({ layer: z.number().int().min(0).max(15), head: z.number().int().min(0).max(15).nullable() }),
    attention: z.object({
      /** The statement's tokens as the model read them. */
      words: z.array(z.string().min(1).max(32)).min(1).max(MAX_WORDS),
      /** The word the sharer was looking at: its row is the heat map of the Open Graph image. */
      focus: z.number().int().min(0),
      left: attentionMatrix,
      right: attentionMatrix,
    }),
  })
  .superRefine((doc, ctx) => {
    const { words, focus } = doc.attention;
    // Shown to everyone who opens the link: no bidi overrides or invisible characters to spoof it with.
    for (const [path, text] of [[['challenge', 'statement'], doc.challenge.statement], ...words.map((w, i) => [['attention', 'words', i], w] as const)] as const) {
      if (INVISIBLE.test(text)) ctx.addIssue({ code: 'custom', path: [...path], message: 'no control, formatting or invisible characters' });
    }
    if (focus >= words.length) ctx.addIssue({ code: 'custom', path: ['attention', 'focus'], message: 'focus must index a word' });
    for (const side of ['left', 'right'] as const) {
      const expected = words.length * doc.challenge[side].boxes.length;
      if (decodedLength(doc.attention[side]) !== expected) {
        ctx.addIssue({ code: 'custom', path: ['attention', side], message: `expected ${expected} bytes: words × objects of the ${side} image` });
      }
    }
  });

export type ShareDoc = z.infer<typeof shareDocSchema>;

function decodedLength(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return b64.length % 4 === 0 ? (b64.length / 4) * 3 - padding : -1;
}

/** words × objects weights in [0, 1] → base64 bytes. */
export function encodeAttention(matrix: readonly (readonly number[])[]): string {
  const bytes = Uint8Array.from(matrix.flat(), (w) => Math.round(Math.min(1, Math.max(0, w)) * 255));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The inverse of encodeAttention: `words` rows of `objects` weights in [0, 1]. */
export function decodeAttention(b64: string, words: number, objects: number): number[][] {
  const binary = atob(b64);
  return Array.from({ length: words }, (_, w) => Array.from({ length: objects }, (_, o) => binary.charCodeAt(w * objects + o) / 255));
}
