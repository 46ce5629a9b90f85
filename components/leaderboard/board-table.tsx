'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { mineSnapshot, readMine, subscribeMine, type MineKind } from './mine';
import { TableScroll } from '@/components/table-scroll';

export interface BoardRow {
  id: string;
  cells: string[];
  /** A small badge after the first cell ("verified", "pending"). */
  badge?: string;
  /** Listed without a rank (a shipped model not yet scored, an entry waiting for its day to close). */
  unranked?: boolean;
  /** Its place when it is not its position in `rows`: a row of yours below the listed top, after a gap. */
  rank?: number;
}

/** A ranked table; rows this browser submitted (or the one named by ?me=) are highlighted. */
export function BoardTable({ columns, rows, kind, me }: { columns: string[]; rows: BoardRow[]; kind: MineKind; me?: string }) {
  const stored = useSyncExternalStore(subscribeMine, () => mineSnapshot(kind), () => '[]');
  // `stored` changes exactly when the list does; readMine parses it (and survives junk in storage).
  const mine = useMemo(() => new Set([...(stored === '[]' ? [] : readMine(kind)), ...(me ? [me] : [])]), [stored, kind, me]);
  if (rows.length === 0) return <p className="text-slate-600 dark:text-slate-300">No entries yet.</p>;
  return (
    <TableScroll label="Leaderboard">
      <table className="w-full border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300">
            <th className="whitespace-nowrap py-2 pr-3">#</th>
            {columns.map((c) => (
              <th key={c} className="whitespace-nowrap py-2 pr-3">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const own = mine.has(row.id);
            const gap = row.rank !== undefined && row.rank !== i + 1;
            return (
              <tr
                key={row.id}
                id={`row-${row.id}`}
                data-row-id={row.id}
                data-mine={own || undefined}
                data-rank={row.unranked ? undefined : (row.rank ?? i + 1)}
                className={`scroll-mt-24 border-b border-slate-200 dark:border-slate-800 ${gap ? 'border-t-4 border-t-slate-300 dark:border-t-slate-600' : ''} ${own ? 'bg-amber-100 font-semibold dark:bg-amber-950' : ''}`}
              >
                <td className="py-2 pr-3">{row.unranked ? '–' : (row.rank ?? i + 1)}</td>
                {row.cells.map((cell, c) => (
                  <td key={c} className="whitespace-nowrap py-2 pr-3">
                    {cell}
                    {c === 0 && row.badge && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-normal dark:bg-slate-700">{row.badge}</span>}
                    {c === 0 && own && <span className="ml-2 text-xs font-normal text-amber-800 dark:text-amber-300">you</span>}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
