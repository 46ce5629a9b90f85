import { describe, expect, it } from 'vitest';
import { claimVerdicts } from '@/lib/core/model/claims';
import type { Finding, SeedRun, SplitMetrics } from '@/lib/core/model/findings';

/** A run of the recipe as training/seeds.py records it. */
const seed = (family: Finding['family'], image: number, last: number, freeLast?: number): SeedRun => ({
  run: `${family}-${image}`,
  family,
  minutes: 43,
  steps: 10,
  step: 10,
  val_image: image,
  test_image: image,
  test_pair: image,
  test_consistency: image / 2,
  test_align: [0.3, last],
  test_align_free: freeLast === undefined ? null : [0.2, freeLast],
});

function finding(family: Finding['family'], test: SplitMetrics, attnSup = 0, alignmentChance: number | null = null, seeds?: SeedRun[]): Finding {
  return {
    family,
    attnSup,
    learningRate: 2e-3,
    alignmentChance,
    seeds: seeds ?? [seed(family, test.image_acc, test.align_precision.cross_1!, attnSup > 0 ? test.align_precision_other_heads?.cross_1 : undefined)],
    curves: { loss: [], valAccuracy: [], valAlignment: [], valAlignmentFree: null },
    metrics: { family, params: 1, steps: 10, minutes: 1, step: 10, val: test, test },
  };
}

const split = (image_acc: number, last: number, otherLast?: number): SplitMetrics => ({
  pairs: 100,
  image_acc,
  pair_acc: image_acc,
  align_precision: { cross_0: 0.3, cross_1: last, alignment_head: 1 },
  ...(otherLast === undefined ? {} : { align_precision_other_heads: { cross_0: 0.3, cross_1: otherLast } }),
});

describe('the paper claims, judged on the shipped findings', () => {
  it('judges emergence on the last layer averaged over heads when no head is trained', () => {
    const [emerge, improve] = claimVerdicts([finding('aligned', split(0.7, 0.8)), finding('baseline', split(0.56, 0.4))]);
    expect(emerge!.held).toBe(true);
    expect(emerge!.evidence).toContain('aligned 0.80, baseline 0.40');
    expect(emerge!.evidence).not.toContain('first head');
    expect(improve!.held).toBe(true);
  });

  it('judges emergence on the untrained heads when attention head 0 is trained toward the targets', () => {
    const findings = [finding('aligned', split(0.7, 0.9, 0.42), 1), finding('baseline', split(0.56, 0.4))];
    const [emerge] = claimVerdicts(findings);
    expect(emerge!.held).toBe(false); // 0.42 against 0.40: within the margin, though all heads say 0.90
    expect(emerge!.evidence).toContain('aligned 0.42, baseline 0.40');
    expect(emerge!.short).toContain('0.42 with the loss, 0.40 without');
    expect(emerge!.evidence).toContain('first head');
  });

  it('holds emergence to the chance level too: above the baseline is not enough when both are near uniform attention', () => {
    const [near] = claimVerdicts([finding('aligned', split(0.7, 0.5), 0, 0.48), finding('baseline', split(0.56, 0.4))]);
    expect(near!.held).toBe(false);
    expect(near!.evidence).toContain('(chance) scores 0.48');
    const [above] = claimVerdicts([finding('aligned', split(0.7, 0.8), 0, 0.38), finding('baseline', split(0.56, 0.4))]);
    expect(above!.held).toBe(true);
  });

  it('calls a gap between the shipped models within seed noise when the seeds spread more than it', () => {
    const noisy = [seed('aligned', 0.76, 0.3), seed('aligned', 0.7, 0.35), seed('aligned', 0.73, 0.4)];
    const [emerge, improve] = claimVerdicts([finding('aligned', split(0.76, 0.3), 0, 0.37, noisy), finding('baseline', split(0.72, 0.74))]);
    expect(improve!.held).toBe(false); // 76 % against 72 % shipped, but 73.0 ± 3.0 % over seeds against 72 %
    expect(improve!.evidence).toContain('aligned 73.0 ± 3.0 % (3 seeds), baseline 72.0 % (1 seed): a gap within seed noise.');
    expect(improve!.evidence).not.toContain('Welch'); // one baseline seed: no test
    expect(improve!.short).toContain('72.0 % without; within seed noise');
    expect(emerge!.held).toBe(false);
    // 0.35 ± 0.05 against 0.74: the aligned recipe behind by more than its spread, which "within seed noise" would hide
    expect(emerge!.evidence).toContain('aligned 0.35 ± 0.05 (3 seeds), baseline 0.74 (1 seed): the baseline ahead beyond seed noise.');
    expect(emerge!.short).toContain('0.74 without; the baseline ahead over seeds');
    const close = [seed('aligned', 0.76, 0.7), seed('aligned', 0.7, 0.8), seed('aligned', 0.73, 0.75)];
    const [emergeClose] = claimVerdicts([finding('aligned', split(0.76, 0.75), 0, 0.37, close), finding('baseline', split(0.72, 0.72))]);
    expect(emergeClose!.held).toBe(false); // 0.75 ± 0.05 against 0.72: ahead, within the spread
    expect(emergeClose!.short).toContain('0.72 without; within seed noise');
    const tight = [seed('aligned', 0.8, 0.8), seed('aligned', 0.81, 0.82), seed('aligned', 0.79, 0.81)];
    const baselines = [seed('baseline', 0.6, 0.4), seed('baseline', 0.62, 0.41)];
    const [emerges, improves] = claimVerdicts([finding('aligned', split(0.8, 0.8), 0, 0.37, tight), finding('baseline', split(0.6, 0.4), 0, null, baselines)]);
    expect(improves!.held).toBe(true);
    expect(improves!.evidence).not.toContain('seed noise');
    expect(improves!.evidence).toMatch(/Welch's t-test: t = −?\d+\.\d\d, \d+\.\d degrees of freedom, p = (< 0\.001|0\.\d\d) \(two-sided\)\.$/);
    expect(emerges!.held).toBe(true);
    expect(emerges!.evidence).toContain("Welch's t-test");
    // Against the aligned family: a minus sign, not a hyphen.
    const [reversed] = claimVerdicts([finding('aligned', split(0.8, 0.3), 0, 0.37, noisy), finding('baseline', split(0.6, 0.7), 0, null, [seed('baseline', 0.6, 0.7), seed('baseline', 0.6, 0.74)])]);
    expect(reversed!.held).toBe(false);
    expect(reversed!.evidence).toMatch(/Welch's t-test: t = −\d+\.\d\d, /);
  });

  it('judges a head-0-trained recipe over its seeds on the untrained heads too', () => {
    const baselines = [seed('baseline', 0.6, 0.4), seed('baseline', 0.62, 0.42)];
    // All heads align (head 0 is taught), the free heads as little as the baseline's: not shown.
    const taught = [seed('aligned', 0.77, 0.98, 0.72), seed('aligned', 0.77, 0.87, 0.42), seed('aligned', 0.76, 0.9, 0.4)];
    const [notShown] = claimVerdicts([finding('aligned', split(0.77, 0.98, 0.72), 0.3, 0.37, taught), finding('baseline', split(0.6, 0.4), 0, null, baselines)]);
    expect(notShown!.held).toBe(false); // the shipped pair's free heads are ahead (0.72 against 0.40), the recipe's are not
    expect(notShown!.evidence).toContain("Over each recipe's seeds (the aligned recipe's heads no loss trains, all of the baseline's): aligned 0.51 ± 0.18 (3 seeds)");
    expect(notShown!.evidence).toContain('a gap within seed noise');
    const emerging = [seed('aligned', 0.77, 0.98, 0.72), seed('aligned', 0.77, 0.87, 0.7)];
    const [shown] = claimVerdicts([finding('aligned', split(0.77, 0.98, 0.72), 0.3, 0.37, emerging), finding('baseline', split(0.6, 0.4), 0, null, baselines)]);
    expect(shown!.held).toBe(true);
    expect(shown!.evidence).toContain('aligned 0.71 ± 0.01 (2 seeds), baseline 0.41 ± 0.01 (2 seeds); Welch');
    // A seed row without the untrained heads cannot be judged.
    const missing = [seed('aligned', 0.77, 0.98)];
    expect(() => claimVerdicts([finding('aligned', split(0.77, 0.98, 0.72), 0.3, 0.37, missing), finding('baseline', split(0.6, 0.4))])).toThrow(/test_align_free/);
  });

  it('refuses a head-0-trained model whose metrics lack the untrained heads', () => {
    expect(() => claimVerdicts([finding('aligned', split(0.7, 0.9), 1), finding('baseline', split(0.56, 0.4))])).toThrow(
      /align_precision_other_heads/,
    );
  });
});
