/** An integer command-line option of at least `min`, or a loud error naming the option. */
export function intOption(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

/** A probability (a number in [0, 1]) command-line option, or a loud error naming the option. */
export function probabilityOption(name: string, text: string): number {
  const p = Number(text);
  if (text.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new Error(`--${name} must be a number in [0, 1], got "${text}"`);
  return p;
}
