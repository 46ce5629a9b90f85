import { freeHeads, reported } from '@/lib/core/model/claims';
import { crossLayerPrecision, type Finding } from '@/lib/core/model/findings';
import { FAMILY_COLORS } from './line-chart';

interface Row {
  key: string;
  label: string;
  color: string;
  /** Lighter bars: the heads no loss trains, beside the same model's bars over all heads. */
  free: boolean;
  values: number[];
}

/** A family's bars over all heads and, when the loss also trains head 0 (attn_sup), over the other heads. */
function rowsOf(f: Finding): Row[] {
  const color = FAMILY_COLORS[f.family];
  const rows: Row[] = [{ key: f.family, label: f.family, color, free: false, values: crossLayerPrecision(reported(f).m.align_precision) }];
  const free = freeHeads(f);
  if (free) rows.push({ key: `${f.family}-free`, label: `${f.family}, heads no loss trains`, color, free: true, values: free });
  return rows;
}

/**
 * Grouped bars: alignment precision of each cross-modal layer, one bar per family over all heads (and one over the
 * heads no loss trains where head 0 is trained), numbers on the bars; chance as a dashed line.
 */
export function AlignmentBars({ findings }: { findings: readonly Finding[] }) {
  const chance = findings.find((f) => f.alignmentChance !== null)?.alignmentChance ?? null;
  const rows = findings.flatMap(rowsOf);
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
                <g key={r.key}>
                  <rect
                    x={x}
                    y={y(v)}
                    width={bar - 4}
                    height={plotH - (y(v) - top)}
                    fill={r.color}
                    fillOpacity={r.free ? 0.35 : 1}
                    stroke={r.color}
                    strokeWidth={r.free ? 1.5 : 0}
                  />
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
          <span key={r.key} className="flex items-center gap-1">
            <span
              aria-hidden
              className="inline-block h-3 w-3 border-[1.5px]"
              style={{ borderColor: r.color, background: r.free ? `${r.color}59` : r.color }}
            />
            {r.label}
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
