import { MISSPELLINGS } from '@/lib/core/text/lexicon';
import type { Rng } from '@/lib/core/world/rng';
import { choose } from './words';

/** NLVR's surface: capitals, final periods and typos, applied to a realised statement. */

/** NLVR slips in words the lexicon does not ground. */
const OTHER_TYPOS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\bat least\b/i, ['atleast', 'atleast', 'at lest', 'at leats']],
  [/\btouching\b/i, ['tocuhing', 'touchng']],
  [/\bexactly\b/i, ['exacly', 'exactely']],
  [/\bcolor\b/i, ['colr']],
  [/\btower\b/i, ['towr']],
];

/** One NLVR-like slip: a misspelt word, a glued article ("ablue"), a lost first letter ("ll towers"). */
function typo(rng: Rng, text: string): string {
  const tokens = text.split(' ');
  const misspellable = tokens.map((w, i) => [w.toLowerCase(), i] as const).filter(([w]) => MISSPELLINGS.has(w));
  return choose(rng, [
    [
      misspellable.length > 0 ? 4 : 0,
      () => {
        const [w, i] = rng.pick(misspellable);
        tokens[i] = rng.pick(MISSPELLINGS.get(w) ?? [w]);
        return tokens.join(' ');
      },
    ],
    [
      3,
      () => {
        const candidates = OTHER_TYPOS.filter(([re]) => re.test(text));
        if (candidates.length === 0) return text;
        const [re, forms] = rng.pick(candidates);
        return text.replace(re, rng.pick(forms));
      },
    ],
    [/\ba (yellow|black|blue)\b/.test(text) ? 1 : 0, () => text.replace(/\ba (yellow|black|blue)\b/, 'a$1')],
    // NLVR lost the capital of some sentences: "ll 3 towers have…", "t least two of the towers…".
    [/^(all|at) /i.test(text) ? 2 : 0, () => text.slice(1)],
    [0.5, () => text.replace(' ', '  ')],
  ]);
}

const TYPO_RATE = 0.1;

/** NLVR's surface: 25% start lower-case with no final period; the rest are capitalised, 68% with a period. */
export function style(rng: Rng, text: string): string {
  const cased = rng.chance(0.25) ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}${rng.chance(0.68) ? '.' : ''}`;
  return rng.chance(TYPO_RATE) ? typo(rng, cased) : cased;
}

export const MAX_WORDS = 22;
export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
