import { describe, expect, it } from 'vitest';
import { CLS_ID, MAX_TOKENS, PAD_ID, SEP_ID, Tokenizer, UNK_ID, vocabularySchema, words } from '@/lib/core/text/tokenizer';
import { buildVocabulary } from '@/lib/tools/vocab-build';
import vocabJson from '@/lib/core/text/vocab.json';

describe('tokenizer', () => {
  const vocab = vocabularySchema.parse(vocabJson);
  const tok = new Tokenizer(vocab);

  it('splits on anything but letters and digits, lower-cased', () => {
    expect(words('There is a BLUE  block, touching the edge.')).toEqual(['there', 'is', 'a', 'blue', 'block', 'touching', 'the', 'edge']);
    expect(words("there's 2 towers")).toEqual(['there', 's', '2', 'towers']);
  });

  it('encodes [CLS] words [SEP] padded to T, with a matching mask', () => {
    const e = tok.encode('There is a yellow circle');
    expect(e.ids).toHaveLength(MAX_TOKENS);
    expect(e.ids[0]).toBe(CLS_ID);
    expect(e.ids[6]).toBe(SEP_ID);
    expect(e.ids.slice(7).every((id) => id === PAD_ID)).toBe(true);
    expect(e.attentionMask).toEqual(e.ids.map((id) => (id === PAD_ID ? 0 : 1)));
    expect(e.ids.slice(1, 6).map((id) => vocab.tokens[id])).toEqual(['there', 'is', 'a', 'yellow', 'circle']);
  });

  it('maps unknown words to [UNK] and truncates long statements', () => {
    expect(tok.encode('zyzzyva').ids[1]).toBe(UNK_ID);
    const long = tok.encode(Array(40).fill('block').join(' '));
    expect(long.truncated).toBe(true);
    expect(long.ids.at(-1)).toBe(SEP_ID);
    expect(long.words).toHaveLength(MAX_TOKENS - 2);
  });

  it('keeps the grounding of colour, shape and generic words in the shared vocabulary', () => {
    expect(vocab.grounding.yellow).toEqual({ colors: ['yellow'] });
    expect(vocab.grounding.triangles).toEqual({ shapes: ['triangle'] });
    expect(vocab.grounding.squere).toEqual({ shapes: ['square'] });
    expect(vocab.grounding.block).toEqual({ any: true });
    expect(vocab.grounding.tower).toBeUndefined();
  });

  it('builds a deterministic vocabulary: specials first, then sorted words', () => {
    const v = buildVocabulary(['a tower', 'the blue tower']);
    expect(v.tokens.slice(0, 4)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]']);
    const rest = v.tokens.slice(4);
    expect(rest).toEqual([...rest].sort());
    expect(rest).toContain('tower');
    expect(buildVocabulary(['the blue tower', 'a tower'])).toEqual(v);
  });
});
