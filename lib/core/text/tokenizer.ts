import { MAX_TOKENS } from '@/lib/core/io';
import * as z from '@/lib/core/zod';

/** Special tokens, always first in the vocabulary in this order. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const SEP_ID = 3;
/** Model I/O v1: T. NLVR sentences have at most 22 words, plus [CLS] and [SEP]. */
/** T of Model I/O v1 (lib/core/io). */
export { MAX_TOKENS };

const groundingSchema = z.object({
  colors: z.array(z.enum(['yellow', 'black', 'blue'])).optional(),
  shapes: z.array(z.enum(['square', 'circle', 'triangle'])).optional(),
  any: z.literal(true).optional(),
});

/** The vocabulary file shared with training/ (lib/core/text/vocab.json). */
export const vocabularySchema = z.object({
  format: z.literal('tob-vocab/1'),
  tokens: z.array(z.string().min(1)).min(SPECIAL_TOKENS.length),
  /** Words that name colours, shapes or any object (lib/core/text/lexicon.ts), for the weak alignment targets. */
  grounding: z.record(z.string(), groundingSchema),
});
export type Vocabulary = z.infer<typeof vocabularySchema>;

/** Lower-case words of letters and digits; everything else separates. */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[a-z0-9]+/g) ?? [];
}

export interface Encoded {
  ids: number[];
  attentionMask: number[];
  /** The words behind positions 1..n (position 0 is [CLS]); unknown ones map to [UNK]. */
  words: string[];
  truncated: boolean;
}

export class Tokenizer {
  private readonly index: Map<string, number>;

  constructor(readonly vocab: Vocabulary) {
    this.index = new Map(vocab.tokens.map((t, i) => [t, i]));
  }

  idOf(word: string): number {
    return this.index.get(word) ?? UNK_ID;
  }

  /** [CLS] w1 … wn [SEP] padded with [PAD] to MAX_TOKENS; words beyond MAX_TOKENS − 2 are dropped. */
  encode(text: string, maxTokens = MAX_TOKENS): Encoded {
    const all = words(text);
    const kept = all.slice(0, maxTokens - 2);
    const ids = [CLS_ID, ...kept.map((w) => this.idOf(w)), SEP_ID];
    const attentionMask = ids.map(() => 1);
    while (ids.length < maxTokens) {
      ids.push(PAD_ID);
      attentionMask.push(0);
    }
    return { ids, attentionMask, words: kept, truncated: kept.length < all.length };
  }
}
