import type { Curves } from '@/lib/core/model/findings';
import { chartHeight, FAMILY_COLORS, LineChart, type Series } from './line-chart';

export interface Run {
  label: string;
  curves: Curves;
}

// The rest of the Okabe–Ito palette, for runs beyond one per family
const OTHER_COLORS = ['#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/**
 * One colour per run: the first run whose label names a family ("aligned", "baseline") takes that family's
 * colour, every other run the next of OTHER_COLORS (they repeat only past seven runs).
 */
export function runColors(labels: readonly string[]): string[] {
  const taken = new Set<string>();
  let next = 0;
  return labels.map((label) => {
    const family = Object.entries(FAMILY_COLORS).find(([name]) => label.includes(name))?.[1];
    if (family && !taken.has(family)) {
      taken.add(family);
      return family;
    }
    return OTHER_COLORS[next++ % OTHER_COLORS.length]!;
  });
}

/** The height of the taller chart, the validation one: two legend lines per run (accuracy, alignment precision). */
export const trainingCurvesHeight = (runs: number) => chartHeight(2 * runs);

/**
 * The two training-curve charts: training loss (image + pair) by step, and validation per-image accuracy with
 * the last cross-modal layer's alignment precision. `x` offsets the second chart when both share one SVG.
 */
export function TrainingCurves({ runs, secondX }: { runs: Run[]; secondX?: number }) {
  const colors = runColors(runs.map((r) => r.label));
  const loss: Series[] = runs.map((r, i) => ({ label: r.label, color: colors[i]!, points: r.curves.loss }));
  const val: Series[] = runs.flatMap((r, i) => [
    { label: `${r.label}: val per-image accuracy`, color: colors[i]!, points: r.curves.valAccuracy },
    { label: `${r.label}: alignment precision, last cross layer`, color: colors[i]!, dash: '4 3', points: r.curves.valAlignment },
  ]);
  const values = loss.flatMap((s) => s.points.map((p) => p[1]));
  const lossRange: [number, number] = values.length
    ? [Math.floor(Math.min(...values) * 10) / 10, Math.ceil(Math.max(...values) * 10) / 10]
    : [0, 1];
  return (
    <>
      <LineChart title="Training loss (image + pair)" series={loss} yRange={lossRange} />
      <LineChart title="Validation (NLVR dev folds 4–5)" series={val} yRange={[0, 1]} x={secondX} />
    </>
  );
}
