import { MAX_TOKENS, words } from './tokenizer';
import { MISSPELLINGS } from './lexicon';

/**
 * "Ask the model": a statement typed by a visitor, checked and read word by word the way the model's
 * tokenizer will read it. Known misspellings the model learned are kept (and named); other near
 * misspellings are mapped to the closest vocabulary word; anything else is read as [UNK] and marked.
 */
export const ASK_MAX_CHARS = 160;
export const ASK_MAX_WORDS = MAX_TOKENS - 2;
const ALLOWED = /^[A-Za-z0-9 .,;:!?'"()\-\n]*$/;

export type WordReading =
  | { typed: string; kind: 'known'; read: string }
  /** In the vocabulary as a misspelling the model learned from NLVR. */
  | { typed: string; kind: 'misspelling'; read: string; meant: string }
  /** Not in the vocabulary, but close to one word of it: that word is what the model reads. */
  | { typed: string; kind: 'corrected'; read: string }
  | { typed: string; kind: 'unknown'; read: string };

export type StatementReading = { ok: true; statement: string; words: WordReading[] } | { ok: false; error: string };

const CANONICAL = new Map([...MISSPELLINGS].flatMap(([word, slips]) => slips.map((s) => [s, word] as const)));

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), capped at cap + 1. */
export function editDistance(a: string, b: string, cap = 2): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return Math.min(d[a.length]![b.length]!, cap + 1);
}

/** The one vocabulary word (by its correct spelling) nearest to `word`: 1 edit for short words, 2 from 6 letters on. */
function nearest(word: string, vocabulary: readonly string[]): string | undefined {
  if (/^\d+$/.test(word)) return undefined;
  const cap = word.length >= 6 ? 2 : 1;
  let best = cap + 1;
  let found = new Set<string>();
  for (const token of vocabulary) {
    if (token.startsWith('[')) continue;
    const d = editDistance(word, token, cap);
    if (d > cap || d > best) continue;
    if (d < best) {
      best = d;
      found = new Set();
    }
    found.add(CANONICAL.get(token) ?? token);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

export function readStatement(text: string, vocabulary: readonly string[]): StatementReading {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'Type a statement about the two images.' };
  if (trimmed.length > ASK_MAX_CHARS) return { ok: false, error: `At most ${ASK_MAX_CHARS} characters, please (this has ${trimmed.length}).` };
  if (!ALLOWED.test(trimmed)) {
    const bad = [...new Set([...trimmed].filter((c) => !ALLOWED.test(c)))].join(' ');
    return { ok: false, error: `Only English letters, digits, spaces and . , ; : ! ? ' " ( ) - please; remove ${bad}.` };
  }
  const typed = words(trimmed);
  if (!typed.length) return { ok: false, error: 'Type at least one word.' };
  if (typed.length > ASK_MAX_WORDS) return { ok: false, error: `The model reads at most ${ASK_MAX_WORDS} words; this has ${typed.length}.` };
  const known = new Set(vocabulary);
  const readings = typed.map((w): WordReading => {
    if (known.has(w)) {
      const meant = CANONICAL.get(w);
      return meant ? { typed: w, kind: 'misspelling', read: w, meant } : { typed: w, kind: 'known', read: w };
    }
    const near = nearest(w, vocabulary);
    return near && known.has(near) ? { typed: w, kind: 'corrected', read: near } : { typed: w, kind: 'unknown', read: w };
  });
  return { ok: true, statement: readings.map((r) => r.read).join(' '), words: readings };
}
