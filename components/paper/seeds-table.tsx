import { describeSpread, pct } from '@/lib/core/model/claims';
import { spread, type Finding, type SeedRun } from '@/lib/core/model/findings';
import { TableScroll } from '@/components/table-scroll';

const COLUMNS: { header: string; value: (r: SeedRun) => number; format: (v: number) => string }[] = [
  { header: 'validation, per image', value: (r) => r.val_image, format: pct },
  { header: 'test-P, per image', value: (r) => r.test_image, format: pct },
  { header: 'test-P, pair', value: (r) => r.test_pair, format: pct },
  { header: 'test-P, consistency', value: (r) => r.test_consistency, format: pct },
  { header: 'test-P, last-layer alignment', value: (r) => r.test_align.at(-1) ?? 0, format: (v) => v.toFixed(2) },
];

/** Each shipped recipe over its seeds: mean ± sample standard deviation, the trainer's figures. */
export function SeedsTable({ findings }: { findings: readonly Finding[] }) {
  return (
    <TableScroll label="Both recipes over their seeds">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Mean and standard deviation of each recipe&apos;s figures over its seeds</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className="py-2 pr-3">recipe</th>
            {COLUMNS.map((c) => (
              <th key={c.header} scope="col" className="py-2 pr-3">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.family} className="border-b border-slate-200 dark:border-slate-700" data-testid={`seeds-${f.family}`}>
              <th scope="row" className="py-2 pr-3 font-medium">
                {f.family}
                <span className="block text-xs font-normal">{f.seeds.map((r) => r.run).join(', ')}</span>
              </th>
              {COLUMNS.map((c) => (
                <td key={c.header} className="py-2 pr-3 whitespace-nowrap">
                  {describeSpread(spread(f.seeds.map(c.value)), c.format)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
