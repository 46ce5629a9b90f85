import type { Curves } from '@/lib/model/findings';
import { chartHeight, FAMILY_COLORS, LineChart, type Series } from './line-chart';

export interface Run {
  label: string;
  curves: Curves;
}

function colorOf(label: string): string {
  return Object.entries(FAMILY_COLORS).find(([family]) => label.includes(family))?.[1] ?? '#333';
}

/** The height of the taller chart, the validation one: two legend lines per run (accuracy, alignment precision). */
export const trainingCurvesHeight = (runs: number) => chartHeight(2 * runs);

/**
 * The two training-curve charts: training loss (image + pair) by step, and validation per-image accuracy with
 * the last cross-modal layer's alignment precision. `x` offsets the second chart when both share one SVG.
 */
export function TrainingCurves({ runs, secondX }: { runs: Run[]; secondX?: number }) {
  const loss: Series[] = runs.map((r) => ({ label: r.label, color: colorOf(r.label), points: r.curves.loss }));
  const val: Series[] = runs.flatMap((r) => [
    { label: `${r.label}: val per-image accuracy`, color: colorOf(r.label), points: r.curves.valAccuracy },
    { label: `${r.label}: alignment precision, last cross layer`, color: colorOf(r.label), dash: '4 3', points: r.curves.valAlignment },
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
