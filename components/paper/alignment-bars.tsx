import { reported } from '@/lib/core/model/claims';
import { crossLayerPrecision, type Finding } from '@/lib/core/model/findings';
import { FAMILY_COLORS } from './line-chart';

/** Grouped bars: alignment precision of each cross-modal layer, one bar per family, numbers on the bars; chance as a dashed line. */
export function AlignmentBars({ findings }: { findings: readonly Finding[] }) {
  const chance = findings.find((f) => f.alignmentChance !== null)?.alignmentChance ?? null;
  const rows = findings.map((f) => ({ family: f.family, values: crossLayerPrecision(reported(f).m.align_precision) }));
  const layers = Math.max(...rows.map((r) => r.values.length));
  const right = 70; // room for the chance line's label
  const W = 420 + right;
  const H = 200;
  const left = 40;
  const top = 10;
  const plotH = H - top - 40;
  const group = (W - left - right) / Math.max(layers, 1);
  const bar = (group - 20) / Math.max(rows.length, 1);
  const y = (v: number) => top + plotH - v * plotH;
  return (
    <figure className="flex flex-col gap-2">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Alignment precision by cross-modal layer" fontFamily="sans-serif" className="max-w-full">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={left} x2={W - right} y1={y(t)} y2={y(t)} stroke="#8884" />
            <text x={left - 6} y={y(t) + 4} fontSize={10} textAnchor="end" fill="currentColor">
              {t.toFixed(2)}
            </text>
          </g>
        ))}
        {Array.from({ length: layers }, (_, l) => (
          <g key={l}>
            {rows.map((r, i) => {
              const v = r.values[l] ?? 0;
              const x = left + l * group + 10 + i * bar;
              return (
                <g key={r.family}>
                  <rect x={x} y={y(v)} width={bar - 4} height={plotH - (y(v) - top)} fill={FAMILY_COLORS[r.family]} />
                  <text x={x + (bar - 4) / 2} y={y(v) - 4} fontSize={10} textAnchor="middle" fill="currentColor">
                    {v.toFixed(2)}
                  </text>
                </g>
              );
            })}
            <text x={left + l * group + group / 2} y={H - 22} fontSize={11} textAnchor="middle" fill="currentColor">
              cross layer {l + 1}
            </text>
          </g>
        ))}
        {chance !== null && (
          <g data-testid="chance-line">
            <line x1={left} x2={W - right + 4} y1={y(chance)} y2={y(chance)} stroke="currentColor" strokeDasharray="4 3" />
            <text x={W - right + 8} y={y(chance) + 4} fontSize={10} fill="currentColor">
              chance {chance.toFixed(2)}
            </text>
          </g>
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 text-sm">
        {rows.map((r) => (
          <span key={r.family} className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-3 w-3" style={{ background: FAMILY_COLORS[r.family] }} />
            {r.family}
          </span>
        ))}
        {chance !== null && (
          <span className="flex items-center gap-1">
            <span aria-hidden className="inline-block w-4 border-t border-dashed border-current" />
            chance
          </span>
        )}
      </figcaption>
    </figure>
  );
}
