'use client';

import { formatBytes, formatMegabytes } from './format';
import { ModelSelects } from './model-selects';
import { useLoadProgress, type UseModel } from './use-model';

const BACKEND_NAME = { webgpu: 'WebGPU', wasm: 'WASM (CPU)' } as const;

/** Which model, where it runs and why, how far its loading is, and how fast it answered last. */
export function ModelStatus({ model }: { model: UseModel }) {
  const { status, models, choice, choose, enabled } = model;
  if (!choice || (status.state === 'none' && !enabled)) return null;
  const pick = (family: string, variant: string) => {
    const m = models.find((x) => x.family === family && x.quantization === variant) ?? models.find((x) => x.family === family);
    if (m) choose(m.id);
  };
  return (
    <div
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-sm max-sm:min-h-[4.5rem] max-sm:gap-1 max-sm:p-2 dark:bg-slate-900 dark:border-slate-700"
      data-testid="model-status"
      data-state={status.state}
      data-backend={status.state === 'ready' ? status.backend : undefined}
    >
      <div className="flex min-h-7 flex-wrap items-center gap-x-4 gap-y-2">
        <span className="font-semibold max-sm:sr-only">Model</span>
        {/* Before the first effect (and in the server's HTML) the panel holds its place without naming a model: the
            remembered choice is read from this browser's storage, which the server cannot see. */}
        {status.state !== 'none' && <ModelSelects models={models} family={choice.family} variant={choice.quantization} onChange={pick} />}
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
      {status.state === 'none' && <ProgressBar percent={0} label="Loading the model" text="Loading…" testId="model-progress-placeholder" />}
      {status.state === 'loading' && <Progress model={model} status={status} />}
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
function Progress({ model, status }: { model: UseModel; status: Loading }) {
  const bytes = useLoadProgress(model);
  const text = progressText(status.choice.id, status.phase, bytes ?? { loaded: 0, total: status.choice.bytes });
  return <ProgressBar percent={status.phase === 'start' ? 100 : percentOf(bytes)} pulse={status.phase === 'start'} label={`Loading ${status.choice.id}`} text={text} phase={status.phase} />;
}

function ProgressBar(props: { percent: number; pulse?: boolean; label: string; text: string; phase?: Loading['phase']; testId?: string }) {
  const { percent, pulse = false, label, text, phase, testId = 'model-progress' } = props;
  return (
    <div className="flex items-center gap-3" data-testid={testId} data-phase={phase}>
      <div
        className="h-2 w-full max-w-xs overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        {/* Scaled, not resized: the compositor animates it, with no layout on the page's main thread per frame. */}
        <div className={`h-full origin-left rounded-full bg-emerald-600 transition-transform ${pulse ? 'animate-pulse' : ''}`} style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      {/* One line on phones (the whole text is the bar's aria-valuetext): the panel keeps its height while loading. */}
      <span className="min-w-0 tabular-nums text-slate-600 max-sm:truncate dark:text-slate-300">{text}</span>
    </div>
  );
}

const percentOf = (bytes: { loaded: number; total: number } | null) => (bytes?.total ? Math.min(100, Math.round((100 * bytes.loaded) / bytes.total)) : 0);

/** The progress line: bytes as transferred (runtime and model together), then the start-up. */
export function progressText(modelId: string, phase: Loading['phase'], bytes: { loaded: number; total: number }): string {
  if (phase === 'start') return `Starting the model (${modelId})…`;
  return `Downloading the model (${modelId}) and its runtime: ${formatMegabytes(bytes.loaded, bytes.total)} (${percentOf(bytes)}%)`;
}


/** Where the model's verdict will be, while it still loads: the game goes on meanwhile. */
export function ModelPending({ model }: { model: UseModel }) {
  const { status } = model;
  if (status.state !== 'loading') return null;
  return <PendingNote model={model} status={status} />;
}

function PendingNote({ model, status }: { model: UseModel; status: Loading }) {
  const bytes = useLoadProgress(model) ?? { loaded: 0, total: status.choice.bytes };
  return (
    <p className="rounded-xl border border-dashed border-slate-300 p-3 text-sm text-slate-600 dark:border-slate-600 dark:text-slate-300" data-testid="model-verdict-loading" role="status">
      The model is still loading — its verdict will appear here. ({progressText(status.choice.id, status.phase, bytes)})
    </p>
  );
}
