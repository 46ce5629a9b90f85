/** Practice modes: `endless` plays the pack shuffled; `balanced` alternates true and false statements in random pairs. */
export const PRACTICE_MODES = ['endless', 'balanced'] as const;
export type PracticeMode = (typeof PRACTICE_MODES)[number];

export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The order to play a pack in. Balanced: every consecutive pair holds one true and one false statement
 * (in random order), the smaller side recycled, so at any point the counts differ by at most one.
 */
export function practiceOrder<T extends { label: boolean }>(challenges: readonly T[], mode: PracticeMode, random: () => number = Math.random): T[] {
  const all = shuffled(challenges, random);
  const yes = all.filter((c) => c.label);
  const no = all.filter((c) => !c.label);
  if (mode === 'endless' || !yes.length || !no.length) return all;
  const n = Math.max(yes.length, no.length);
  return Array.from({ length: n }, (_, i) => (random() < 0.5 ? [yes[i % yes.length]!, no[i % no.length]!] : [no[i % no.length]!, yes[i % yes.length]!])).flat();
}
