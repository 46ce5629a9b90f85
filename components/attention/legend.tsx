import { formatWeight, VIRIDIS_GRADIENT } from '@/lib/core/attention/scale';

/** The colour scale with numbers: 0, half and the top of the view's scale. */
export function Legend({ max, caption }: { max: number; caption: string }) {
  return (
    <figure className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300" data-testid="legend" data-max={max.toFixed(4)}>
      <div className="h-3 w-56 max-w-full rounded" style={{ background: VIRIDIS_GRADIENT }} role="img" aria-label={`Colour scale from 0 (dark purple) to ${formatWeight(max)} (yellow)`} />
      <div className="flex w-56 max-w-full justify-between font-mono tabular-nums" aria-hidden>
        <span>0</span>
        <span>{formatWeight(max / 2)}</span>
        <span>{formatWeight(max)}</span>
      </div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
