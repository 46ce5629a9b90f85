'use client';

import { formatBytes } from './format';
import { ModelSelects } from './model-selects';
import type { UseModel } from './use-model';

const BACKEND_NAME = { webgpu: 'WebGPU', wasm: 'WASM (CPU)' } as const;

/** Which model, where it runs, how far its download is, and how fast it answered last. */
export function ModelStatus({ model }: { model: UseModel }) {
  const { status, models, choice, choose } = model;
  if (status.state === 'none' || !choice) return null;
  const pick = (family: string, variant: string) => {
    const m = models.find((x) => x.family === family && x.quantization === variant) ?? models.find((x) => x.family === family);
    if (m) choose(m.id);
  };
  return (
    <div
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm dark:bg-slate-900 dark:border-slate-700"
      data-testid="model-status"
      data-state={status.state}
      data-backend={status.state === 'ready' ? status.backend : undefined}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <span className="font-semibold">Model</span>
        <ModelSelects models={models} family={choice.family} variant={choice.quantization} onChange={pick} />
        {status.state === 'ready' && (
          <span data-testid="model-ready" className="text-emerald-700 dark:text-emerald-400">
            ready on <strong data-testid="model-backend">{BACKEND_NAME[status.backend]}</strong>
            {status.lastLatencyMs !== null && <> · last answer in <span data-testid="model-latency">{Math.round(status.lastLatencyMs)} ms</span></>}
          </span>
        )}
      </div>
      {status.state === 'loading' && <Progress loaded={status.loaded} total={status.total} id={choice.id} />}
      {status.state === 'ready' && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {status.info.modelId} · {formatBytes(status.info.bytes)}{' '}
          {status.info.downloadedBytes === 0 ? '(all from this browser’s cache)' : `(${formatBytes(status.info.downloadedBytes)} downloaded)`} · GPU adapter:{' '}
          <span data-testid="model-adapter">{status.info.adapter}</span> · crops on {status.info.preprocess === 'webgpu' ? 'WebGPU' : 'CPU'}
          {status.backend === 'wasm' && ` · ${status.info.threads} thread${status.info.threads === 1 ? '' : 's'}`} · loaded in{' '}
          {(status.info.loadMs / 1000).toFixed(1)} s
        </p>
      )}
      {status.state === 'ready' && status.notice && (
        <p role="status" className="text-amber-700 dark:text-amber-400" data-testid="model-notice">
          {status.notice}
        </p>
      )}
      {status.state === 'ready' && status.backend === 'wasm' && !status.notice && (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="model-notice">
          No WebGPU here: the model runs on the CPU (WASM).
        </p>
      )}
      {status.state === 'error' && (
        <p role="alert" className="text-rose-700 dark:text-rose-400" data-testid="model-error">
          The model could not start: {status.message}
        </p>
      )}
    </div>
  );
}

function Progress({ loaded, total, id }: { loaded: number; total: number; id: string }) {
  const percent = total ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
  return (
    <div className="flex items-center gap-3" data-testid="model-progress">
      <div
        className="h-2 w-full max-w-xs overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
        role="progressbar"
        aria-label={`Downloading ${id}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={loaded}
      >
        <div className="h-full rounded-full bg-emerald-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span className="tabular-nums text-slate-600 dark:text-slate-300">
        Downloading {id}: {formatBytes(loaded)} of {formatBytes(total)} ({percent}%)
      </span>
    </div>
  );
}
