'use client';

import { useRef, type KeyboardEvent } from 'react';
import { formatWeight, inkOn, viridis } from '@/lib/core/attention/scale';

/**
 * The statement as word chips: click, or arrow keys (Home / End) to pick a word; hover previews it.
 * `weights` (the reverse direction) tints each chip by how much that word attends to a chosen object.
 */
export function WordChips({
  words,
  unknown,
  selected,
  onSelect,
  onPreview,
  weights,
  label = 'Words of the statement',
}: {
  words: readonly string[];
  unknown?: readonly boolean[];
  selected: number;
  onSelect: (t: number) => void;
  onPreview?: (t: number | null) => void;
  weights?: { values: readonly number[]; max: number; object: string };
  label?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (e: KeyboardEvent, t: number) => {
    const to = { ArrowRight: t + 1, ArrowDown: t + 1, ArrowLeft: t - 1, ArrowUp: t - 1, Home: 0, End: words.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(words.length - 1, to));
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div
      className="flex flex-wrap gap-1.5"
      role="group"
      aria-label={weights ? `${label}, with their weights on ${weights.object}` : label}
      data-testid="word-chips"
      onMouseLeave={() => onPreview?.(null)}
    >
      {words.map((word, t) => {
        const w = weights?.values[t];
        const v = w === undefined ? 0 : w / weights!.max;
        const oov = unknown?.[t] ?? false;
        return (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            tabIndex={t === selected ? 0 : -1}
            aria-pressed={t === selected}
            data-word={word}
            data-weight={w?.toFixed(4)}
            onClick={() => onSelect(t)}
            onKeyDown={(e) => move(e, t)}
            onMouseEnter={() => onPreview?.(t)}
            onFocus={() => onPreview?.(null)}
            title={oov ? 'Not in the model’s vocabulary: it reads [UNK]' : undefined}
            className={`rounded-md px-2 py-1 font-mono text-sm ring-1 motion-safe:transition-colors ${
              t === selected ? 'ring-2 ring-rose-600 dark:ring-rose-400' : 'ring-slate-300 dark:ring-slate-600'
            } ${oov ? 'line-through decoration-rose-600 decoration-2' : ''} ${w === undefined ? (t === selected ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'bg-white text-slate-800 hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700') : ''}`}
            style={w === undefined ? undefined : { backgroundColor: viridis(v), color: inkOn(v) }}
          >
            {word}
            {oov && <span className="sr-only"> (not in the model’s vocabulary)</span>}
            {w !== undefined && <span className="text-[10px]"> {formatWeight(w)}</span>}
          </button>
        );
      })}
    </div>
  );
}
