import { freeHeads, pct, reported } from '@/lib/core/model/claims';
import { crossLayerPrecision, type Finding } from '@/lib/core/model/findings';
import { TableScroll } from '@/components/table-scroll';

/** Both families' reported metrics, one row each. */
export function FindingsTable({ findings }: { findings: readonly Finding[] }) {
  const layers = Math.max(...findings.map((f) => crossLayerPrecision(reported(f).m.align_precision).length));
  return (
    <TableScroll label="Findings of both model families">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Accuracy, consistency and alignment precision of both model families</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className="py-2 pr-3">family</th>
            <th scope="col" className="py-2 pr-3">per-image accuracy</th>
            <th scope="col" className="py-2 pr-3">consistency</th>
            <th scope="col" className="py-2 pr-3">pair accuracy</th>
            {Array.from({ length: layers }, (_, l) => (
              <th key={l} scope="col" className="py-2 pr-3">
                alignment precision, layer {l + 1}
              </th>
            ))}
            <th scope="col" className="py-2 pr-3">training</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => {
            const { m } = reported(f);
            const precision = crossLayerPrecision(m.align_precision);
            // Where the loss trains head 0 (attn_sup), the heads it leaves free as well: what the first claim is judged on.
            const free = freeHeads(f);
            return (
              <tr key={f.family} className="border-b border-slate-200 dark:border-slate-700">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {f.family} {f.family === 'aligned' ? '(λ > 0)' : '(λ = 0)'}
                  {f.attnSup > 0 && <span className="block text-xs font-normal">first attention head of each layer also trained</span>}
                </th>
                <td className="py-2 pr-3">{pct(m.image_acc)}</td>
                <td className="py-2 pr-3">{pct(m.consistency)}</td>
                <td className="py-2 pr-3">{pct(m.pair_acc)}</td>
                {Array.from({ length: layers }, (_, l) => (
                  <td key={l} className="py-2 pr-3">
                    {precision[l]?.toFixed(2) ?? '—'}
                    {free && <span className="block text-xs">heads no loss trains: {free[l]?.toFixed(2) ?? '—'}</span>}
                  </td>
                ))}
                <td className="py-2 pr-3">
                  learning rate {f.learningRate.toExponential()}, {f.metrics.steps.toLocaleString('en')} steps, {f.metrics.minutes.toFixed(0)} min; selected step{' '}
                  {f.metrics.step.toLocaleString('en')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
