'use client';

import { formatBytes, formatMegabytes } from './format';
import { ModelSelects } from './model-selects';
import type { UseModel } from './use-model';

const BACKEND_NAME = { webgpu: 'WebGPU', wasm: 'WASM (CPU)' } as const;

/** Which model, where it runs and why, how far its loading is, and how fast it answered last. */
export function ModelStatus({ model }: { model: UseModel }) {
  const { status, models, choice, choose } = model;
  if (status.state === 'none' || !choice) return null;
  const pick = (family: string, variant: string) => {
    const m = models.find((x) => x.family === family && x.quantization === variant) ?? models.find((x) => x.family === family);
    if (m) choose(m.id);
  };
  return (
    <div
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm max-sm:gap-1 max-sm:p-2 dark:bg-slate-900 dark:border-slate-700"
      data-testid="model-status"
      data-state={status.state}
      data-backend={status.state === 'ready' ? status.backend : undefined}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <span className="font-semibold max-sm:sr-only">Model</span>
        <ModelSelects models={models} family={choice.family} variant={choice.quantization} onChange={pick} />
        {status.state === 'ready' && (
          <span data-testid="model-ready" className="text-emerald-700 dark:text-emerald-400">
            ready on{' '}
            <strong data-testid="model-backend" title={status.info.backendReason}>
              {BACKEND_NAME[status.backend]}
            </strong>
            {status.lastLatencyMs !== null && (
              <span className="max-sm:hidden">
                {' '}
                · last answer in <span data-testid="model-latency">{Math.round(status.lastLatencyMs)} ms</span>
              </span>
            )}
          </span>
        )}
      </div>
      {status.state === 'loading' && <Progress status={status} />}
      {status.state === 'ready' && (
        <p className="text-xs text-slate-500 max-sm:hidden dark:text-slate-400">
          {status.info.modelId} · {formatBytes(status.info.bytes)}{' '}
          {status.info.downloadedBytes === 0 ? '(all from this browser’s cache)' : `(${formatBytes(status.info.downloadedBytes)} downloaded)`} · GPU adapter:{' '}
          <span data-testid="model-adapter">{status.info.adapter}</span> · crops on {status.info.preprocess === 'webgpu' ? 'WebGPU' : 'CPU'}
          {status.backend === 'wasm' && ` · ${status.info.threads} thread${status.info.threads === 1 ? '' : 's'}`} · loaded in{' '}
          {(status.info.loadMs / 1000).toFixed(1)} s
        </p>
      )}
      {status.state === 'ready' && (
        <p className="text-xs text-slate-600 max-sm:hidden dark:text-slate-300" data-testid="model-backend-reason" role="status">
          {status.info.backendReason}
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

type Loading = Extract<UseModel['status'], { state: 'loading' }>;

/** One indicator for everything the first verdict needs: the runtime's and the model's bytes, then the start-up. */
function Progress({ status }: { status: Loading }) {
  const starting = status.phase === 'start';
  const percent = starting ? 100 : status.total ? Math.min(100, Math.round((100 * status.loaded) / status.total)) : 0;
  return (
    <div className="flex items-center gap-3" data-testid="model-progress" data-phase={status.phase}>
      <div
        className="h-2 w-full max-w-xs overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
        role="progressbar"
        aria-label={`Loading ${status.choice.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={progressText(status)}
      >
        <div className={`h-full rounded-full bg-emerald-600 transition-[width] ${starting ? 'animate-pulse' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="tabular-nums text-slate-600 dark:text-slate-300">{progressText(status)}</span>
    </div>
  );
}

export function progressText(status: Loading): string {
  if (status.phase === 'start') return `Starting the model (${status.choice.id})…`;
  const percent = status.total ? Math.min(100, Math.round((100 * status.loaded) / status.total)) : 0;
  return `Downloading the model (${status.choice.id}) and its runtime: ${formatMegabytes(status.loaded, status.total)} (${percent}%)`;
}

/** Where the model's verdict will be, while it still loads: the game goes on meanwhile. */
export function ModelPending({ model }: { model: UseModel }) {
  const { status } = model;
  if (status.state !== 'loading') return null;
  return (
    <p className="rounded-xl border border-dashed border-slate-300 p-3 text-sm text-slate-600 dark:border-slate-600 dark:text-slate-300" data-testid="model-verdict-loading" role="status">
      The model is still loading — its verdict will appear here. ({progressText(status)})
    </p>
  );
}
