'use client';

import type { Verdict } from '@/lib/core/model/protocol';
import type { Prediction } from './use-model';

const pct = (p: number) => `${Math.round(100 * p)} %`;
const side = (p: number) => ({ value: p >= 0.5, confidence: Math.round(100 * Math.max(p, 1 - p)) });

/** "right" or "wrong" against the truth, in words as well as colour. */
function Mark({ right }: { right: boolean }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-semibold ${right ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300' : 'bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300'}`}
    >
      {right ? '✓ right' : '✗ wrong'}
    </span>
  );
}

function Call({ label, p, truth, testId }: { label: string; p: number; truth: boolean; testId: string }) {
  const { value, confidence } = side(p);
  return (
    <li data-testid={testId} data-verdict={String(value)} data-confidence={confidence} data-right={String(value === truth)} className="flex flex-wrap items-center gap-x-2">
      <span className="w-24 text-slate-600 dark:text-slate-300">{label}</span>
      <span className={`w-10 font-semibold ${value ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'}`}>{value ? 'true' : 'false'}</span>
      <span className="w-24 tabular-nums text-slate-600 dark:text-slate-300">p(true) {pct(p)}</span>
      <Mark right={value === truth} />
    </li>
  );
}

/**
 * The pair rule in one line: "true of both" needs both images true, so the model's p(both) is the product of
 * its per-image p(true) — said with the numbers when the model's pair output is that product (the shipped models),
 * as the rule alone otherwise (a visitor's model may have its own pair head).
 */
export function pairRule(v: Verdict): string {
  const rule = 'True of both only if both images are';
  if (!Number.isFinite(v.left) || !Number.isFinite(v.right) || Math.abs(v.left * v.right - v.pair) > 0.01) return `${rule}.`;
  return `${rule}: p(both) = p(left) × p(right) = ${pct(v.left)} × ${pct(v.right)} = ${pct(v.pair)}, so ${v.pair >= 0.5 ? 'true' : 'false'} of both.`;
}

/** The model's answer to the challenge just played: for the pair and per image, each marked right or wrong against the truth. */
export function ModelVerdict({
  result,
  modelId,
  labels,
}: {
  result: { prediction: Prediction } | { error: string } | null;
  modelId: string;
  labels: { pair: boolean; left: boolean; right: boolean };
}) {
  if (!result) return <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="model-verdict-pending">The model ({modelId}) is still thinking…</p>;
  if ('error' in result) return <p role="alert" className="text-sm text-rose-700 dark:text-rose-400" data-testid="model-verdict-error">The model failed on this challenge: {result.error}</p>;
  const v: Verdict = result.prediction.verdict;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900" data-testid="model-verdict" data-backend={result.prediction.backend}>
      <p className="mb-1 font-semibold">
        The model ({modelId}, {result.prediction.backend === 'webgpu' ? 'WebGPU' : 'WASM'}, {Math.round(result.prediction.latencyMs)} ms) says:
      </p>
      <ul className="flex flex-col gap-1">
        <Call label="true of both" p={v.pair} truth={labels.pair} testId="model-pair-verdict" />
        {Number.isFinite(v.left) && <Call label="left image" p={v.left} truth={labels.left} testId="model-left-verdict" />}
        {Number.isFinite(v.right) && <Call label="right image" p={v.right} truth={labels.right} testId="model-right-verdict" />}
      </ul>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-300" data-testid="pair-rule">
        {pairRule(v)}
      </p>
    </div>
  );
}
