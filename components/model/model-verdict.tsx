'use client';

import type { Verdict } from '@/lib/core/model/protocol';
import type { Prediction } from './use-model';

const side = (p: number) => ({ value: p >= 0.5, confidence: Math.round(100 * Math.max(p, 1 - p)) });

function Call({ label, p, truth, testId }: { label: string; p: number; truth: boolean; testId: string }) {
  const { value, confidence } = side(p);
  return (
    <li data-testid={testId} data-verdict={String(value)} data-confidence={confidence} className="flex items-center gap-2">
      <span className="w-24 text-slate-500 dark:text-slate-400">{label}</span>
      <span className={value ? 'font-semibold text-emerald-700 dark:text-emerald-400' : 'font-semibold text-rose-700 dark:text-rose-400'}>{value ? 'true' : 'false'}</span>
      <span className="tabular-nums text-slate-600 dark:text-slate-300">{confidence}% sure</span>
      <span aria-label={value === truth ? 'model right' : 'model wrong'}>{value === truth ? '✓' : '✗'}</span>
    </li>
  );
}

/** The model's answer to the challenge just played: per image and for the pair, with confidence. */
export function ModelVerdict({
  result,
  modelId,
  labels,
}: {
  result: { prediction: Prediction } | { error: string } | null;
  modelId: string;
  labels: { pair: boolean; left: boolean; right: boolean };
}) {
  if (!result) return <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="model-verdict-pending">The model ({modelId}) is still thinking…</p>;
  if ('error' in result) return <p role="alert" className="text-sm text-rose-700 dark:text-rose-400" data-testid="model-verdict-error">The model failed on this challenge: {result.error}</p>;
  const v: Verdict = result.prediction.verdict;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm dark:bg-slate-900 dark:border-slate-700" data-testid="model-verdict" data-backend={result.prediction.backend}>
      <p className="mb-1 font-semibold">
        The model ({modelId}, {result.prediction.backend === 'webgpu' ? 'WebGPU' : 'WASM'}, {Math.round(result.prediction.latencyMs)} ms) says:
      </p>
      <ul className="flex flex-col gap-0.5">
        <Call label="true of both" p={v.pair} truth={labels.pair} testId="model-pair-verdict" />
        {Number.isFinite(v.left) && <Call label="left image" p={v.left} truth={labels.left} testId="model-left-verdict" />}
        {Number.isFinite(v.right) && <Call label="right image" p={v.right} truth={labels.right} testId="model-right-verdict" />}
      </ul>
    </div>
  );
}
