import type { Point } from '@/lib/core/model/findings';

export interface Series {
  label: string;
  color: string;
  dash?: string;
  points: Point[];
}

export const FAMILY_COLORS = { aligned: '#0072b2', baseline: '#d55e00' } as const; // Okabe–Ito: colour-blind safe

const W = 420;
const PLOT_H = 190;
const LEFT = 50;
const TOP = 30;

/** The height of a chart with n series: the axes, then one legend line per series. */
export const chartHeight = (n: number) => TOP + PLOT_H + 40 + 14 * n;

/**
 * A plain SVG line chart (no client code): rendered by /paper and, as static markup, by `npm run plot:curves`.
 * The legend sits below the axes so it never hides a curve.
 */
export function LineChart({ title, series, yRange, x = 0 }: { title: string; series: Series[]; yRange: [number, number]; x?: number }) {
  const w = W - LEFT - 20;
  const height = chartHeight(series.length);
  const xMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const [y0, y1] = yRange;
  const sx = (v: number) => LEFT + (v / xMax) * w;
  const sy = (v: number) => TOP + PLOT_H - ((Math.min(y1, Math.max(y0, v)) - y0) / (y1 - y0)) * PLOT_H;
  const ticks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4);
  return (
    <svg x={x} width={W} height={height} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title} fontFamily="sans-serif" className="h-auto w-full max-w-[420px]">
      <text x={LEFT} y={18} fontSize={13} fontWeight={600} fill="currentColor">
        {title}
      </text>
      <rect x={LEFT} y={TOP} width={w} height={PLOT_H} fill="none" stroke="#999" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LEFT} x2={LEFT + w} y1={sy(t)} y2={sy(t)} stroke="#8884" />
          <text x={LEFT - 6} y={sy(t) + 4} fontSize={10} textAnchor="end" fill="currentColor">
            {t.toFixed(2)}
          </text>
        </g>
      ))}
      <text x={LEFT + w / 2} y={TOP + PLOT_H + 28} fontSize={11} textAnchor="middle" fill="currentColor">
        step (0 … {xMax})
      </text>
      {series.map((s) => (
        <polyline
          key={s.label}
          fill="none"
          stroke={s.color}
          strokeWidth={1.8}
          strokeDasharray={s.dash}
          points={s.points.map(([px, py]) => `${sx(px).toFixed(1)},${sy(py).toFixed(1)}`).join(' ')}
        />
      ))}
      {series.map((s, i) => {
        const y = TOP + PLOT_H + 46 + 14 * i;
        return (
          <g key={s.label}>
            <line x1={LEFT} x2={LEFT + 20} y1={y} y2={y} stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
            <text x={LEFT + 24} y={y + 4} fontSize={10} fill="currentColor">
              {s.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
