import { describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/core/errors';
import { NICKNAME_MAX, normalizeNickname } from '@/lib/core/game/nickname';

function refusal(raw: string): string {
  try {
    normalizeNickname(raw);
  } catch (err) {
    if (isDomainError(err) && err.code === 'invalid') return err.message;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('normalizeNickname', () => {
  it('folds compatibility forms (NFKC), composes marks, trims and collapses whitespace', () => {
    expect(normalizeNickname('  Ｐｌａｙｅｒ   One ')).toBe('Player One');
    expect(normalizeNickname('Cafe\u0301')).toBe('Café');
    expect(normalizeNickname('ﬁsh')).toBe('fish');
  });

  it('refuses empty, blank and invisible names', () => {
    for (const raw of ['', '   ', '\u3164', '\uFFA0', '\u2800', '\u2800\u2800', '\u115F\u1160', 'a\u3164b', 'x\u2800y']) {
      expect(refusal(raw), JSON.stringify(raw)).toMatch(/empty|invisible or blank/);
    }
  });

  it('refuses control, bidi, zero-width, private-use and separator characters', () => {
    for (const raw of ['\u202Eevil', 'bell\u0007', 'zero\u200Bwidth', 'join\u200Dme', 'a\u2066b', 'line\u2028sep', '\uE000private', 'soft\u00ADhyphen', 'tag\u{E0041}']) {
      expect(refusal(raw), JSON.stringify(raw)).toMatch(/invisible or blank/);
    }
  });

  it('allows emoji, ZWJ sequences, flags, keycaps and skin tones', () => {
    for (const name of ['👨‍👩‍👧‍👦', 'Ana 👩🏽‍💻', '🏳️‍🌈 team', '🇯🇵 Aiko', '1️⃣ first', '❤️‍🔥', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) {
      expect(normalizeNickname(name), name).toBe(name);
    }
  });

  it('allows one script with digits, punctuation and symbols; Japanese and Korean mixes count as one', () => {
    for (const name of ['Ёжик-42', 'Σωκράτης!', 'ลูกแมว', 'नमस्ते', 'さくら桜サクラ', '김치 漢字', 'Zoë_O’Neil #1', '<img src=x onerror=1>']) {
      expect(normalizeNickname(name), name).toBe(name);
    }
  });

  it('refuses mixed-script look-alikes', () => {
    expect(refusal('\u0430dmin')).toMatch(/mixes scripts \(Cyrillic, Latin\)/); // Cyrillic а + Latin dmin
    expect(refusal('pаypal')).toMatch(/mixes scripts/);
    expect(refusal('Αlpha')).toMatch(/Greek, Latin/); // Greek capital alpha
    expect(refusal('abc漢字')).toMatch(/Latin, Han/);
  });

  it('refuses stacked combining marks, keeps up to two on a letter', () => {
    expect(refusal('Z\u0301\u0302\u0303\u0304')).toMatch(/combining marks/);
    expect(refusal('a\u0300\u0301\u0302')).toMatch(/combining marks/);
    expect(normalizeNickname('กี่')).toBe('กี่'); // Thai: a vowel and a tone mark
  });

  it('limits the length in code points', () => {
    expect(normalizeNickname('x'.repeat(NICKNAME_MAX))).toHaveLength(NICKNAME_MAX);
    expect(refusal('x'.repeat(NICKNAME_MAX + 1))).toMatch(/longer than/);
  });
});
