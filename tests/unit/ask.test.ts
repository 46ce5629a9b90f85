import { describe, expect, it } from 'vitest';
import { ASK_MAX_CHARS, ASK_MAX_WORDS, editDistance, readStatement } from '@/lib/core/text/ask';
import { vocabularySchema } from '@/lib/core/text/tokenizer';
import vocabJson from '@/lib/core/text/vocab.json';

const vocab = vocabularySchema.parse(vocabJson).tokens;

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('yellow', 'yellow')).toBe(0);
    expect(editDistance('yelllow', 'yellow')).toBe(1);
    expect(editDistance('cirlce', 'circle')).toBe(1);
    expect(editDistance('bleu', 'blue')).toBe(1);
    expect(editDistance('purple', 'yellow')).toBe(3);
  });
});

describe('readStatement', () => {
  it('reads known words as they are', () => {
    const r = readStatement('There is a blue circle.', vocab);
    expect(r).toEqual({ ok: true, statement: 'there is a blue circle', words: expect.any(Array) });
    expect(r.ok && r.words.every((w) => w.kind === 'known')).toBe(true);
  });

  it('names misspellings the model learned, maps near misspellings, marks unknown words', () => {
    const r = readStatement('a yelow trianglle and a purple bleu sqaure', vocab);
    if (!r.ok) throw new Error(r.error);
    const byWord = Object.fromEntries(r.words.map((w) => [w.typed, w]));
    expect(byWord.yelow).toEqual({ typed: 'yelow', kind: 'misspelling', read: 'yelow', meant: 'yellow' });
    expect(byWord.trianglle).toEqual({ typed: 'trianglle', kind: 'corrected', read: 'triangle' });
    expect(byWord.bleu).toEqual({ typed: 'bleu', kind: 'corrected', read: 'blue' });
    expect(byWord.purple).toEqual({ typed: 'purple', kind: 'unknown', read: 'purple' });
    expect(r.statement).toBe('a yelow triangle and a purple blue sqaure');
  });

  it('maps a slip near both a word and its learned misspelling to the word', () => {
    const r = readStatement('yeloow', vocab);
    expect(r.ok && r.words[0]).toEqual({ typed: 'yeloow', kind: 'corrected', read: 'yellow' });
  });

  it('leaves numbers it does not know unknown', () => {
    const r = readStatement('12 blocks', vocab);
    expect(r.ok && r.words[0]!.kind).toBe('unknown');
  });

  it('explains what is too long, too many words or a character it does not take', () => {
    expect(readStatement('   ', vocab)).toEqual({ ok: false, error: 'Type a statement about the two images.' });
    expect(readStatement('a'.repeat(ASK_MAX_CHARS + 1), vocab)).toMatchObject({ ok: false, error: expect.stringContaining(`At most ${ASK_MAX_CHARS} characters`) });
    expect(readStatement(Array(ASK_MAX_WORDS + 1).fill('a').join(' '), vocab)).toMatchObject({ ok: false, error: expect.stringContaining(`at most ${ASK_MAX_WORDS} words`) });
    expect(readStatement('a <b> #1', vocab)).toMatchObject({ ok: false, error: expect.stringContaining('remove < > #') });
    expect(readStatement('…', vocab)).toMatchObject({ ok: false });
  });
});
