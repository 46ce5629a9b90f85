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

/** The series each run draws on the validation chart: accuracy, alignment precision, and that of the free heads where head 0 is trained. */
function validationSeries(r: Run, color: string): Series[] {
  const series: Series[] = [
    { label: `${r.label}: val per-image accuracy`, color, points: r.curves.valAccuracy },
    { label: `${r.label}: alignment precision, last cross layer`, color, dash: '4 3', points: r.curves.valAlignment },
  ];
  if (r.curves.valAlignmentFree) {
    series.push({ label: `${r.label}: the same, heads no loss trains`, color, dash: '1 3', points: r.curves.valAlignmentFree });
  }
  return series;
}

/** The height of the taller chart, the validation one: a legend line per series. */
export const trainingCurvesHeight = (runs: readonly Run[]) => chartHeight(runs.flatMap((r) => validationSeries(r, '')).length);

/**
 * The two training-curve charts: training loss (image + pair) by step, and validation per-image accuracy with
 * the last cross-modal layer's alignment precision. `x` offsets the second chart when both share one SVG.
 */
export function TrainingCurves({ runs, secondX }: { runs: Run[]; secondX?: number }) {
  const colors = runColors(runs.map((r) => r.label));
  const loss: Series[] = runs.map((r, i) => ({ label: r.label, color: colors[i]!, points: r.curves.loss }));
  const val: Series[] = runs.flatMap((r, i) => validationSeries(r, colors[i]!));
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
