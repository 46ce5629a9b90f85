/**
 * Nicknames cross a trust boundary and are shown to everyone, so they are normalized (NFKC: full-width
 * and compatibility forms fold to their plain letters, then composed as in NFC), trimmed, inner
 * whitespace collapsed, limited in length, and refused when they hold control, format (bidi
 * overrides, zero-width), private-use, unassigned or separator characters, or stacks of combining marks.
 */
export const NICKNAME_MAX = 24;

export class NicknameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NicknameError';
  }
}

/** Control, format (bidi, zero-width), private-use, unassigned, surrogate, line and paragraph separators. */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;
const MARK_STACK = /\p{M}{3,}/u;

export function normalizeNickname(raw: string): string {
  if (INVISIBLE.test(raw)) throw new NicknameError('The nickname contains control, formatting or invisible characters.');
  const name = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (INVISIBLE.test(name)) throw new NicknameError('The nickname contains control, formatting or invisible characters.');
  if (MARK_STACK.test(name)) throw new NicknameError('The nickname stacks too many combining marks.');
  const length = [...name].length;
  if (length === 0) throw new NicknameError('The nickname is empty.');
  if (length > NICKNAME_MAX) throw new NicknameError(`The nickname is longer than ${NICKNAME_MAX} characters.`);
  return name;
}
