import { emergentAlignment, formatSpread, seedCount } from '@/lib/core/model/claims';
import type { Finding, SeedRun } from '@/lib/core/model/findings';
import { spread } from '@/lib/core/model/stats';
import { TableScroll } from '@/components/table-scroll';

const COLUMNS: { header: string; value: (r: SeedRun) => number; kind: 'share' | 'precision'; alignment?: true }[] = [
  { header: 'validation, per image', value: (r) => r.val_image, kind: 'share' },
  { header: 'test-P, per image', value: (r) => r.test_image, kind: 'share' },
  { header: 'test-P, pair', value: (r) => r.test_pair, kind: 'share' },
  { header: 'test-P, consistency', value: (r) => r.test_consistency, kind: 'share' },
  { header: 'test-P, last-layer alignment', value: (r) => r.test_align.at(-1) ?? 0, kind: 'precision', alignment: true },
];

/** Each shipped recipe over its seeds: mean ± sample standard deviation, the trainer's figures; the runs named below. */
export function SeedsTable({ findings }: { findings: readonly Finding[] }) {
  return (
    <div className="flex flex-col gap-2">
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
                  <span className="block text-xs font-normal whitespace-nowrap">{seedCount(f.seeds.length)}</span>
                </th>
                {COLUMNS.map((c) => (
                  <td key={c.header} className="py-2 pr-3 whitespace-nowrap">
                    {formatSpread(spread(f.seeds.map(c.value)), c.kind)}
                    {c.alignment && f.attnSup > 0 && (
                      <span className="block text-xs">heads no loss trains: {formatSpread(spread(f.seeds.map((r) => emergentAlignment(f, r))), 'precision')}</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Runs (their logs are in the repository&apos;s <code>runs/</code>):{' '}
        {findings.map((f, i) => (
          <span key={f.family}>
            {i > 0 && '; '}
            {f.family}: {f.seeds.map((r) => r.run).join(', ')}
          </span>
        ))}
        .
      </p>
    </div>
  );
}
