import { LEXICON } from '@/lib/core/text/lexicon';
import { SPECIAL_TOKENS, words, type Vocabulary } from '@/lib/core/text/tokenizer';

/**
 * The vocabulary: special tokens, then every word of the given training sentences and of the grounding
 * lexicon, sorted (deterministic). Words of held-out text (NLVR test) are deliberately not included.
 */
export function buildVocabulary(sentences: Iterable<string>): Vocabulary {
  const seen = new Set<string>(LEXICON.keys());
  for (const s of sentences) for (const w of words(s)) seen.add(w);
  const tokens = [...SPECIAL_TOKENS, ...[...seen].sort()];
  const grounding = Object.fromEntries([...LEXICON].filter(([w]) => seen.has(w)).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { format: 'tob-vocab/1', tokens, grounding };
}
