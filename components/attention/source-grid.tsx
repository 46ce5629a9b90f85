'use client';

import { sourceMatrix, type Explanation, type Source } from '@/lib/core/model/explain';
import { scaleMax, viridis } from '@/lib/core/attention/scale';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';

export const sourceName = (s: Source) => (s.kind === 'alignment' ? 'alignment head' : `layer ${s.layer + 1}, ${s.head === null ? 'mean over heads' : `head ${s.head + 1}`}`);
export const sameSource = (a: Source, b: Source) =>
  a.kind === b.kind && (a.kind === 'alignment' || (b.kind === 'cross' && a.layer === b.layer && a.head === b.head));

/** Both images, one above the other, tinted for one word by one source: a small multiple. */
function Mini({ challenge, explanation, source, word }: { challenge: PublicChallenge; explanation: Explanation; source: Source; word: number }) {
  const rows = explanation.images.map((image) => sourceMatrix(image, source)[word] ?? []);
  const max = scaleMax(rows.flat());
  const gap = 10;
  return (
    <svg viewBox={`0 0 ${IMAGE_WIDTH} ${2 * IMAGE_HEIGHT + gap}`} className="w-full" aria-hidden>
      {([challenge.left, challenge.right] as const).map((image, i) => (
        <g key={i} transform={`translate(0 ${i * (IMAGE_HEIGHT + gap)})`}>
          <image href={image.displayUrl} width={IMAGE_WIDTH} height={IMAGE_HEIGHT} />
          {image.boxes.map((b, o) => {
            const v = (rows[i]![o] ?? 0) / max;
            return <rect key={o} x={b.x} y={b.y} width={b.w} height={b.h} fill={viridis(v)} fillOpacity={0.2 + 0.6 * v} stroke={viridis(v)} strokeWidth={4} />;
          })}
        </g>
      ))}
    </svg>
  );
}

/**
 * Every source at a glance for the word in view: the alignment head, then each cross-modal layer's
 * heads and their mean. The selected one is the enlarged view; each is a button (Tab, Enter).
 */
export function SourceGrid({
  challenge,
  explanation,
  word,
  source,
  onSource,
}: {
  challenge: PublicChallenge;
  explanation: Explanation;
  word: number;
  source: Source;
  onSource: (s: Source) => void;
}) {
  const rows: { label: string; sources: Source[] }[] = [
    { label: 'Alignment head', sources: [{ kind: 'alignment' }] },
    ...Array.from({ length: explanation.layers }, (_, layer) => ({
      label: `Cross-modal layer ${layer + 1}`,
      sources: [...Array.from({ length: explanation.heads }, (_, head): Source => ({ kind: 'cross', layer, head })), { kind: 'cross', layer, head: null } as Source],
    })),
  ];
  const cell = (s: Source) => (s.kind === 'alignment' ? 'alignment head' : s.head === null ? 'mean' : `head ${s.head + 1}`);
  return (
    <div className="flex flex-col gap-2" role="group" aria-label="Attention sources: small multiples">
      {rows.map((row) => (
        <div key={row.label} className="flex flex-col gap-1">
          <p className="text-xs font-semibold text-slate-600 dark:text-slate-300">{row.label}</p>
          <div className="grid max-w-[35rem] grid-cols-5 gap-1.5">
            {row.sources.map((s) => {
              const on = sameSource(s, source);
              return (
                <button
                  key={cell(s)}
                  type="button"
                  aria-pressed={on}
                  data-source={s.kind === 'alignment' ? 'alignment' : `${s.layer}:${s.head ?? 'mean'}`}
                  onClick={() => onSource(s)}
                  className={`flex flex-col items-center gap-0.5 rounded-md bg-white p-1 text-[11px] ring-1 dark:bg-slate-800 ${
                    on ? 'ring-2 ring-rose-600 dark:ring-rose-400' : 'ring-slate-300 hover:ring-slate-500 dark:ring-slate-600'
                  }`}
                >
                  <Mini challenge={challenge} explanation={explanation} source={s} word={word} />
                  <span>
                    {s.kind === 'cross' && <span className="sr-only">layer {s.layer + 1}, </span>}
                    {cell(s)}
                    {s.kind === 'cross' && s.head === null && <span className="sr-only"> over heads</span>}
                  </span>
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
