import { DomainError } from '@/lib/core/errors';

/**
 * Nicknames cross a trust boundary and are shown to everyone, so they are normalized (NFKC: full-width
 * and compatibility forms fold to their plain letters, then composed as in NFC), trimmed, inner
 * spaces collapsed and limited in length; and refused when they
 * - hold control, format (bidi overrides, zero-width), private-use, unassigned, separator or default-
 *   ignorable characters, or blank look-alikes (U+3164 HANGUL FILLER, U+2800 BRAILLE PATTERN BLANK),
 *   outside an emoji sequence: emoji ZWJ sequences, flags, keycaps and skin tones are allowed;
 * - mix scripts (Cyrillic "а" in "аdmin"): letters of one script only, apart from digits, punctuation,
 *   symbols and emoji; Japanese (Han, Hiragana, Katakana) and Korean (Hangul, Han) count as one;
 * - stack three or more combining marks on one letter (decomposed: Vietnamese ệ has two).
 */
export const NICKNAME_MAX = 24;

export class NicknameError extends DomainError {
  constructor(message: string) {
    super('invalid', message, { issues: [{ path: 'nickname', message }] });
  }
}

/** Control, format (bidi, zero-width), private-use, unassigned, surrogate, separators, default-ignorables, blank patterns. */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
const MARK_STACK = /\p{M}{3,}/u;
const LETTER = /\p{L}/u;
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Scripts told apart; a letter of any other script counts as 'Other'. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
] as const;
/** Script sets that one writing system mixes. */
const WRITING_SYSTEMS = [new Set(['Han', 'Hiragana', 'Katakana']), new Set(['Han', 'Hangul']), new Set(['Han', 'Bopomofo'])];

// Built on first use: the `v` flag (RGI_Emoji) needs a 2023 engine, and share.ts brings this module to browsers.
let patterns: { emoji: RegExp; scripts: [string, RegExp][] } | undefined;
function compiled() {
  patterns ??= {
    emoji: new RegExp('\\p{RGI_Emoji}', 'gv'),
    scripts: SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')]),
  };
  return patterns;
}

function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const ch of text) {
    if (!LETTER.test(ch) || NEUTRAL.test(ch)) continue;
    found.add(compiled().scripts.find(([, re]) => re.test(ch))?.[0] ?? 'Other');
  }
  return found;
}

export function normalizeNickname(raw: string): string {
  const name = raw.normalize('NFKC').replace(/\p{Zs}+/gu, ' ').trim();
  const length = [...name].length;
  if (length === 0) throw new NicknameError('The nickname is empty.');
  if (length > NICKNAME_MAX) throw new NicknameError(`The nickname is longer than ${NICKNAME_MAX} characters.`);
  // Emoji sequences may hold ZWJ, variation selectors and tags; what is around them may not.
  const text = name.replace(compiled().emoji, ' ');
  if (INVISIBLE.test(text)) throw new NicknameError('The nickname contains control, formatting, invisible or blank characters.');
  // Counted decomposed: NFKC may have folded one of the marks into a precomposed letter.
  if (MARK_STACK.test(text.normalize('NFD'))) throw new NicknameError('The nickname stacks too many combining marks.');
  const scripts = scriptsOf(text);
  if (scripts.size > 1 && !WRITING_SYSTEMS.some((system) => [...scripts].every((s) => system.has(s)))) {
    throw new NicknameError(`The nickname mixes scripts (${[...scripts].join(', ')}); use letters of one script.`);
  }
  return name;
}
