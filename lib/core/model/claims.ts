import { crossLayerPrecision, type Finding, type SeedRun, type SplitMetrics } from './findings';
import { spread, welch, type Spread } from './stats';

export interface ClaimVerdict {
  claim: string;
  held: boolean;
  evidence: string;
  /** The claim and its numbers in a few words, for the home page ("words find their objects: 0.49 vs 0.36"). */
  short: string;
}

/** The split the findings report: NLVR test-P when the trainer evaluated it, validation otherwise. */
export function reported(f: Finding): { split: 'test' | 'val'; m: SplitMetrics } {
  return f.metrics.test ? { split: 'test', m: f.metrics.test } : { split: 'val', m: f.metrics.val };
}

/**
 * The reported alignment precision per cross-modal layer over the heads no loss trains, where the recipe trains
 * head 0 toward the targets (attn_sup): alignment there is taught, so that is where it can emerge. Null otherwise.
 */
export function freeHeads(f: Finding): number[] | null {
  if (f.attnSup === 0) return null;
  const maps = reported(f).m.align_precision_other_heads;
  if (!maps) throw new Error(`the ${f.family} model trains attention head 0 but its metrics lack align_precision_other_heads`);
  return crossLayerPrecision(maps);
}

/** A share as a percentage with one decimal; `—` when not measured. */
export const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(1)} %`);
/** Differences smaller than this (one point of accuracy, 0.05 of precision) are not called an effect. */
const ACCURACY_MARGIN = 0.01;
const PRECISION_MARGIN = 0.05;

/** `x` as `mean ± std`: shares as percentages with one decimal (`73.1 ± 2.8 %`), precisions with two (`0.44 ± 0.11`). */
export function formatSpread(x: Spread, kind: 'share' | 'precision'): string {
  const [scale, digits, unit] = kind === 'share' ? [100, 1, ' %'] : [1, 2, ''];
  const num = (v: number) => (scale * v).toFixed(digits);
  return `${num(x.mean)}${x.std === null ? '' : ` ± ${num(x.std)}`}${unit}`;
}

export const seedCount = (n: number) => `${n} seed${n === 1 ? '' : 's'}`;

/** `x` as `mean ± std (n seeds)`. */
const describeSpread = (x: Spread, kind: 'share' | 'precision') => `${formatSpread(x, kind)} (${seedCount(x.n)})`;

/** Welch's t-test on the two families' seeds, as a clause (`; Welch's t-test: t = 1.85, 3.7 degrees of freedom, p = 0.14`); empty under two seeds a family. */
function welchNote(a: Spread, b: Spread): string {
  const w = welch(a, b);
  return w ? `; Welch's t-test: t = ${w.t.toFixed(2).replace('-', '−')}, ${w.df.toFixed(1)} degrees of freedom, p = ${w.p < 0.001 ? '< 0.001' : w.p.toFixed(2)} (two-sided)` : '';
}

/**
 * The gap between the families' seed means against seed noise (at least `margin`, and at least the larger of the
 * two families' standard deviations, those measured: a family with one seed has none): the aligned recipe ahead
 * by more than it, behind by more than it, or within it.
 */
function seedGap(a: Spread, b: Spread, margin: number): 'ahead' | 'behind' | 'noise' {
  const noise = Math.max(margin, a.std ?? 0, b.std ?? 0);
  const gap = a.mean - b.mean;
  return gap >= noise ? 'ahead' : gap <= -noise ? 'behind' : 'noise';
}

/** How a seed gap reads after the figures (evidence, short line): nothing when the aligned recipe is ahead beyond noise. */
const GAP_NOTE = { ahead: '', noise: ': a gap within seed noise', behind: ': the baseline ahead beyond seed noise' } as const;
const GAP_SHORT = { ahead: '', noise: '; within seed noise', behind: '; the baseline ahead over seeds' } as const;

const lastLayer = (align: readonly number[]) => align.at(-1) ?? 0;

/**
 * A run's last-layer alignment precision on test-P where alignment can emerge: over the heads no loss trains when
 * its recipe trains head 0 toward the targets (attn_sup), over all heads otherwise.
 */
export function emergentAlignment(f: Finding, r: SeedRun): number {
  if (f.attnSup === 0) return lastLayer(r.test_align);
  if (!r.test_align_free) throw new Error(`${f.family} run ${r.run}: its recipe trains attention head 0, but its row has no test_align_free`);
  return lastLayer(r.test_align_free);
}

/**
 * The paper's two claims, judged on the committed metrics of the two families: the shipped pair's gap, and
 * the gap between their recipes' seed means, which must be more than seed noise (seedGap).
 */
export function claimVerdicts(findings: readonly Finding[]): ClaimVerdict[] {
  const aligned = findings.find((f) => f.family === 'aligned');
  const baseline = findings.find((f) => f.family === 'baseline');
  if (!aligned || !baseline) throw new Error('claimVerdicts needs both the aligned and the baseline findings');
  const a = reported(aligned);
  const b = reported(baseline);
  const split = a.split === 'test' ? 'NLVR test-P' : 'validation';
  // When the loss also trains head 0 of the attention (attn_sup), the claim is judged on the aligned model's
  // other heads, against all of the baseline's (none trained).
  const aFree = freeHeads(aligned);
  const supervised = aFree !== null;
  const aLast = lastLayer(aFree ?? crossLayerPrecision(a.m.align_precision));
  const bLast = lastLayer(crossLayerPrecision(b.m.align_precision));
  const heads = supervised ? ', over the heads no loss trains (the aligned model\'s first head in each layer is trained toward the targets)' : '';
  // Above the baseline is not enough: both may sit at the precision of attention spread evenly over the objects.
  const chance = aligned.alignmentChance;
  const aboveChance = chance === null || aLast - chance >= PRECISION_MARGIN;
  const chanceNote = chance === null ? '' : `; attention spread evenly over each scene's objects (chance) scores ${chance.toFixed(2)}`;
  // Over seeds (the trainer's figures), on the same heads as the shipped pair.
  const seedAlign = [aligned, baseline].map((f) => spread(f.seeds.map((r) => emergentAlignment(f, r)))) as [Spread, Spread];
  const seedHeads = supervised ? ' (the aligned recipe\'s heads no loss trains, all of the baseline\'s)' : '';
  const seedAcc = [aligned, baseline].map((f) => spread(f.seeds.map((r) => r.test_image))) as [Spread, Spread];
  const alignGap = seedGap(...seedAlign, PRECISION_MARGIN);
  const seedAlignNote = ` Over each recipe's seeds${seedHeads}: aligned ${describeSpread(seedAlign[0], 'precision')}, baseline ${describeSpread(seedAlign[1], 'precision')}${GAP_NOTE[alignGap]}${welchNote(...seedAlign)}.`;
  const accGap = seedGap(...seedAcc, ACCURACY_MARGIN);
  const seedAccNote = ` Over each recipe's seeds (the trainer's count): aligned ${describeSpread(seedAcc[0], 'share')}, baseline ${describeSpread(seedAcc[1], 'share')}${GAP_NOTE[accGap]}${welchNote(...seedAcc)}.`;
  return [
    {
      claim: 'Weak object–word supervision makes word–object alignment emerge in the cross-modal attention.',
      held: aLast - bLast >= PRECISION_MARGIN && aboveChance && alignGap === 'ahead',
      evidence: `alignment precision of the last cross-modal layer on ${split}${heads}: aligned ${aLast.toFixed(2)}, baseline ${bLast.toFixed(2)}${chanceNote}.${seedAlignNote}`,
      short: `words attend to the objects they name (alignment precision ${aLast.toFixed(2)} with the loss, ${bLast.toFixed(2)} without${GAP_SHORT[alignGap]})`,
    },
    {
      claim: 'It improves the vision–language reasoning task.',
      held: a.m.image_acc - b.m.image_acc >= ACCURACY_MARGIN && accGap === 'ahead',
      evidence: `per-image accuracy on ${split}: aligned ${pct(a.m.image_acc)}, baseline ${pct(b.m.image_acc)}; "true of both" pair accuracy ${pct(a.m.pair_acc)} vs ${pct(b.m.pair_acc)}.${seedAccNote}`,
      short: `it answers better (${pct(a.m.image_acc)} of images right with the loss, ${pct(b.m.image_acc)} without${GAP_SHORT[accGap]})`,
    },
  ];
}
