'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { mineSnapshot, readMine, subscribeMine, type MineKind } from './mine';

export interface BoardRow {
  id: string;
  cells: string[];
  /** A small badge after the first cell ("verified", "pending"). */
  badge?: string;
  /** Listed without a rank (a shipped model not yet scored). */
  unranked?: boolean;
}

/** A ranked table; rows this browser submitted (or the one named by ?me=) are highlighted. */
export function BoardTable({ columns, rows, kind, me }: { columns: string[]; rows: BoardRow[]; kind: MineKind; me?: string }) {
  const stored = useSyncExternalStore(subscribeMine, () => mineSnapshot(kind), () => '[]');
  // `stored` changes exactly when the list does; readMine parses it (and survives junk in storage).
  const mine = useMemo(() => new Set([...(stored === '[]' ? [] : readMine(kind)), ...(me ? [me] : [])]), [stored, kind, me]);
  if (rows.length === 0) return <p className="text-slate-500">No entries yet.</p>;
  return (
    <table className="w-full border-collapse text-left text-sm">
      <thead>
        <tr className="border-b border-slate-300 text-slate-500">
          <th className="py-2 pr-3">#</th>
          {columns.map((c) => (
            <th key={c} className="py-2 pr-3">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const own = mine.has(row.id);
          return (
            <tr key={row.id} data-row-id={row.id} data-mine={own || undefined} className={`border-b border-slate-200 ${own ? 'bg-amber-100 font-semibold' : ''}`}>
              <td className="py-2 pr-3">{row.unranked ? '–' : rows.indexOf(row) + 1}</td>
              {row.cells.map((cell, c) => (
                <td key={c} className="py-2 pr-3">
                  {cell}
                  {c === 0 && row.badge && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-normal">{row.badge}</span>}
                  {c === 0 && own && <span className="ml-2 text-xs font-normal text-amber-800">you</span>}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
