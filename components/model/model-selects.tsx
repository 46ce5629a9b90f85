'use client';

import { FAMILIES, VARIANTS } from '@/lib/core/model/ids';
import type { ModelChoice } from '@/lib/core/model/protocol';
import { formatBytes } from './format';

/**
 * The two model pickers: family (aligned / baseline) and weights (variant, with its size). Only combinations
 * that are published are offered. `stacked` puts each label above its select (forms) instead of beside it.
 */
export function ModelSelects({
  models,
  family,
  variant,
  onChange,
  disabled = false,
  stacked = false,
}: {
  models: readonly ModelChoice[];
  family: string;
  variant: string;
  onChange: (family: string, variant: string) => void;
  disabled?: boolean;
  stacked?: boolean;
}) {
  const label = stacked ? 'flex flex-col text-sm' : 'flex items-center gap-1';
  const select = `rounded border border-slate-300 px-1 dark:border-slate-600 ${stacked ? 'py-1' : 'py-0.5'}`;
  return (
    <>
      <label className={label}>
        <span className="text-slate-500 dark:text-slate-400">family</span>
        <select className={select} name="family" value={family} onChange={(e) => onChange(e.target.value, variant)} aria-label="Model family" disabled={disabled}>
          {FAMILIES.filter((f) => models.some((m) => m.family === f)).map((f) => (
            <option key={f} value={f}>
              {f === 'aligned' ? 'aligned (with alignment loss)' : 'baseline (without)'}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        <span className="text-slate-500 dark:text-slate-400">weights</span>
        <select className={select} name="variant" value={variant} onChange={(e) => onChange(family, e.target.value)} aria-label="Model variant" disabled={disabled}>
          {VARIANTS.filter((v) => models.some((m) => m.family === family && m.quantization === v)).map((v) => (
            <option key={v} value={v}>
              {v} · {formatBytes(models.find((m) => m.family === family && m.quantization === v)!.bytes)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
