'use client';

import { useMemo, useState } from 'react';
import { TableScroll } from '@/components/table-scroll';
import { formatBytes } from '@/components/model/format';
import { ModelSelects } from '@/components/model/model-selects';
import { MAX_MODEL_BYTES } from '@/lib/core/model/contract';
import { latencyStats } from '@/lib/core/model/evaluation';
import { FAMILIES, VARIANTS } from '@/lib/core/model/manifest';
import type { ModelChoice } from '@/lib/core/model/protocol';
import { DEFAULT_MODEL_ID, type SplitInfo, type SplitName } from '@/lib/core/model/splits';
import { useEvaluation, type RunState, type ScoredEntry } from './use-evaluation';

const BACKEND_NAME = { webgpu: 'WebGPU', wasm: 'WASM (CPU)' } as const;
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const box = 'flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900';
const button = 'rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-40 dark:bg-slate-100 dark:text-slate-900';
const secondary = 'rounded-md px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 disabled:opacity-40 dark:ring-slate-600';

function duration(s: number): string {
  if (!Number.isFinite(s)) return '–';
  return s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}

function Progress({ run }: { run: RunState }) {
  const done = run.results.length;
  const rate = run.activeMs > 0 ? done / (run.activeMs / 1000) : 0;
  const left = rate > 0 ? (run.total - done) / rate : Infinity;
  const share = run.total ? done / run.total : 0;
  return (
    <div className="flex flex-col gap-1" data-testid="progress" data-done={done} data-total={run.total} data-state={run.state}>
      <div role="progressbar" aria-label="Items evaluated" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={done} className="h-3 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <div className="h-full bg-sky-600" style={{ width: `${(100 * share).toFixed(2)}%` }} />
      </div>
      <p className="text-sm tabular-nums text-slate-600 dark:text-slate-300">
        {done} / {run.total} items · {rate.toFixed(1)} items/s · {run.state === 'running' || run.state === 'paused' ? `${duration(left)} left` : run.state}
      </p>
    </div>
  );
}

function Facts({ run, info }: { run: RunState; info: { backend: 'webgpu' | 'wasm'; adapter: string; bytes: number; modelId: string; preprocess: string } }) {
  const { meanMs, p95Ms } = latencyStats(run.results);
  const rows: [string, string][] = [
    ['model', info.modelId],
    ['backend', `${BACKEND_NAME[info.backend]} (crops on ${info.preprocess})`],
    ['adapter', info.adapter],
    ['model bytes', `${info.bytes.toLocaleString('en')} (${formatBytes(info.bytes)})`],
    ['mean latency per item', run.results.length ? ms(meanMs) : '–'],
    ['p95 latency per item', run.results.length ? ms(p95Ms) : '–'],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="facts" data-backend={info.backend} data-bytes={info.bytes}>
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const SHOWN_RESULTS = 200;

/** Per-item verdicts as they come; with public labels, whether each is right and the running pair accuracy. */
function Results({ run, publicLabels }: { run: RunState; publicLabels: boolean }) {
  const scored = run.results.flatMap((r, i) => (run.items[i]!.scored ? [{ r, item: run.items[i]!, i }] : []));
  const right = scored.filter(({ r, item }) => item.truth === r.pair).length;
  const trueCount = scored.filter(({ r }) => r.pair).length;
  const recent = scored.slice(-SHOWN_RESULTS).reverse();
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm" data-testid="running-score" data-right={publicLabels ? right : undefined} data-scored={scored.length}>
        {publicLabels
          ? `Pair accuracy so far: ${right} / ${scored.length} (${pct(scored.length ? right / scored.length : null)}) — labels are public on this split.`
          : `${scored.length} pairs predicted, ${trueCount} of them "true of both". Labels are hidden: the server scores the submission.`}
      </p>
      {publicLabels && recent.length > 0 && (
        <div className="max-h-80 overflow-y-auto">
          <table className="w-full border-collapse text-left text-xs">
            <thead>
              <tr className="border-b border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300">
                <th className="py-1 pr-2">#</th>
                <th className="py-1 pr-2">images</th>
                <th className="py-1 pr-2">statement</th>
                <th className="py-1 pr-2">model</th>
                <th className="py-1 pr-2">truth</th>
              </tr>
            </thead>
            <tbody>
              {recent.map(({ r, item, i }) => (
                <tr key={i} data-testid="item-result" data-ids={item.ids.join(' ')} data-verdict={r.pair} data-right={item.truth === r.pair} className="border-b border-slate-200 dark:border-slate-700">
                  <td className="py-1 pr-2 tabular-nums">{i + 1}</td>
                  <td className="py-1 pr-2 whitespace-nowrap">{item.ids.join(' + ')}</td>
                  <td className="py-1 pr-2">{item.input.statement}</td>
                  <td className="py-1 pr-2">{r.pair ? 'true of both' : 'not both'}</td>
                  <td className="py-1 pr-2">
                    {item.truth ? 'true of both' : 'not both'} <span aria-label={item.truth === r.pair ? 'right' : 'wrong'}>{item.truth === r.pair ? '✓' : '✗'}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Entry({ entry, part, url, replayed }: { entry: ScoredEntry; part: 'public' | 'all'; url: string; replayed: boolean }) {
  const r = entry.runtime;
  return (
    <div className="flex flex-col gap-2" data-testid="entry" data-entry-id={entry.publicId} data-pair-accuracy={entry.pairAccuracy ?? ''} data-accuracy={entry.accuracy}>
      <p className="text-sm font-semibold">{replayed ? 'This submission was already scored; here is its row.' : 'Scored by the server. Your row on the board:'}</p>
      {part === 'public' && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="entry-part">
          These figures are on the public part of the split ({entry.n} images). The board ranks entries on the private part, whose figures appear after the day closes (00:00 UTC).
        </p>
      )}
      <TableScroll label="Your row on the board">
        <table className="w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300">
              {['Model', 'Accuracy', 'Consistency', 'Pair accuracy', 'Runtime', 'Size', 'Latency'].map((c) => (
                <th key={c} className="py-1 pr-3">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="bg-amber-100 font-semibold dark:bg-amber-900">
              <td className="py-1 pr-3">{entry.modelName}</td>
              <td className="py-1 pr-3">{pct(entry.accuracy)}</td>
              <td className="py-1 pr-3">{pct(entry.consistency)}</td>
              <td className="py-1 pr-3">{pct(entry.pairAccuracy)}</td>
              <td className="py-1 pr-3">
                {r.backend}
                {r.adapter ? ` · ${r.adapter}` : ''}
              </td>
              <td className="py-1 pr-3">{(r.bytes / 1e6).toFixed(1)} MB</td>
              <td className="py-1 pr-3">
                {r.latencyMs.toFixed(0)} ms{r.p95LatencyMs === undefined ? '' : ` (p95 ${r.p95LatencyMs.toFixed(0)})`}
              </td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      <a href={url} className="text-sm font-semibold text-sky-700 underline-offset-4 hover:underline dark:text-sky-300">
        See it on the leaderboard →
      </a>
    </div>
  );
}

/** /evaluate: pick or bring a model, run it over a split in the model worker, submit, see the row. */
export function Evaluator({ models, splits, initialSplit, limit }: { models: ModelChoice[]; splits: ({ name: SplitName } & Pick<SplitInfo, 'title' | 'labels'>)[]; initialSplit: SplitName; limit?: number }) {
  const ev = useEvaluation(initialSplit, limit);
  const split = ev.splitName;
  const defaultChoice = models.find((m) => m.id === DEFAULT_MODEL_ID) ?? models[0];
  const [family, setFamily] = useState<string>(defaultChoice?.family ?? FAMILIES[0]);
  const [variant, setVariant] = useState<string>(defaultChoice?.quantization ?? VARIANTS[1]);
  const choice = models.find((m) => m.family === family && m.quantization === variant);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);
  const publicLabels = splits.find((s) => s.name === split)?.labels === 'public';
  const running = ev.run.state === 'running' || ev.run.state === 'paused';
  const modelName = name || (ev.model.state === 'ready' ? ev.model.info.modelId.replace(/\.onnx$/i, '').slice(0, 64) : '');
  const itemCount = useMemo(() => (ev.split.state === 'ready' ? ev.split.info.pairs.length : 0), [ev.split]);

  return (
    <div className="flex flex-col gap-5">
      <section
        className={`${box} ${dragging ? 'ring-2 ring-sky-500' : ''}`}
        aria-labelledby="model-heading"
        onDragOver={(e) => {
          if (running) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file && !running) void ev.openFile(file);
        }}
      >
        <h2 id="model-heading" className="text-lg font-semibold">
          1. Model
        </h2>
        <div className="flex flex-wrap items-end gap-3">
          <ModelSelects
            models={models}
            family={family}
            variant={variant}
            onChange={(f, v) => {
              setFamily(f);
              setVariant(v);
            }}
            disabled={running}
            stacked
          />
          <button type="button" className={button} disabled={!choice || running || ev.model.state === 'loading'} onClick={() => choice && ev.loadShipped(choice)}>
            Load {choice?.id ?? 'model'}
          </button>
          <span className="text-sm text-slate-600 dark:text-slate-300">or</span>
          <label className="flex flex-col text-sm">
            <span className="text-slate-600 dark:text-slate-300">your own .onnx — pick or drop it here (Model I/O v1, at most {MAX_MODEL_BYTES / 2 ** 20} MiB)</span>
            <input
              type="file"
              name="model-file"
              accept=".onnx"
              aria-label="Your own ONNX model"
              disabled={running}
              className="text-sm"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void ev.openFile(file);
                e.target.value = '';
              }}
            />
          </label>
        </div>
        {models.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300">No shipped model is published on this site yet; bring your own ONNX file below.</p>}
        <div data-testid="model-state" data-state={ev.model.state} aria-live="polite" className="text-sm">
          {ev.model.state === 'loading' && (
            <p>
              Loading {ev.model.label}… {ev.model.total ? `${Math.round((100 * ev.model.loaded) / ev.model.total)} %` : ''}
            </p>
          )}
          {ev.model.state === 'ready' && (
            <p>
              <strong>{ev.model.label}</strong> is ready on {BACKEND_NAME[ev.model.info.backend]}
              {ev.model.info.imageLogits ? '' : ' (no image_logits: each image is also run paired with itself for its image verdict)'}.
            </p>
          )}
          {ev.model.state === 'error' && (
            <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-3 dark:border-rose-800 dark:bg-rose-950" data-testid="model-error">
              <p className="font-semibold">{ev.model.label}: {ev.model.problems ? 'this model does not match Model I/O v1.' : ev.model.message}</p>
              {ev.model.problems && (
                <ul className="mt-1 list-disc pl-5">
                  {ev.model.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              )}
              <p className="mt-1 text-slate-600 dark:text-slate-300">
                The contract is below and in docs/MODEL-CONTRACT.md. Pick another model to go on.
              </p>
            </div>
          )}
        </div>
      </section>

      <section className={box} aria-labelledby="split-heading">
        <h2 id="split-heading" className="text-lg font-semibold">
          2. Split
        </h2>
        <div className="flex flex-wrap gap-4 text-sm">
          {splits.map((s) => (
            <label key={s.name} className="flex items-center gap-1">
              <input type="radio" name="split" value={s.name} checked={split === s.name} disabled={running} onChange={() => ev.chooseSplit(s.name)} />
              {s.title}
            </label>
          ))}
        </div>
        {ev.split.state === 'loading' && <p className="text-sm">Loading the split…</p>}
        {ev.split.state === 'error' && (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
            {ev.split.message}
          </p>
        )}
        {ev.split.state === 'ready' && (
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="split-info" data-pairs={itemCount} data-images={ev.split.info.ids.length}>
            {ev.split.info.ids.length} images, {itemCount} pairs. {ev.split.info.note}
            {limit ? ` This page runs only the first ${limit} items (?limit=${limit}); the server scores whole splits, so a subset cannot be submitted.` : ''}
          </p>
        )}
      </section>

      <section className={box} aria-labelledby="run-heading">
        <h2 id="run-heading" className="text-lg font-semibold">
          3. Run
        </h2>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={button} disabled={running || ev.model.state !== 'ready' || ev.split.state !== 'ready'} onClick={() => void ev.start()}>
            {ev.run.state === 'idle' ? 'Evaluate' : 'Evaluate again'}
          </button>
          <button type="button" className={secondary} disabled={ev.run.state !== 'running'} onClick={ev.pause}>
            Pause
          </button>
          <button type="button" className={secondary} disabled={ev.run.state !== 'paused'} onClick={ev.resume}>
            Resume
          </button>
          <button type="button" className={secondary} disabled={!running} onClick={ev.cancel}>
            Cancel
          </button>
        </div>
        {ev.run.state !== 'idle' && <Progress run={ev.run} />}
        {ev.run.error && (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300" data-testid="run-error">
            {ev.run.error}
          </p>
        )}
        {ev.model.state === 'ready' && <Facts run={ev.run} info={ev.model.info} />}
        {ev.run.results.length > 0 && <Results run={ev.run} publicLabels={publicLabels} />}
      </section>

      <section className={box} aria-labelledby="submit-heading">
        <h2 id="submit-heading" className="text-lg font-semibold">
          4. Submit
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          The predictions (every image once, every pair&apos;s &quot;true of both&quot; once) and the runtime facts above go to the server, which scores them
          {publicLabels ? ' against NLVR’s public labels' : ' against labels only it has'}.
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-sm">
            <span className="text-slate-500 dark:text-slate-400">name on the board</span>
            <input className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800" name="model-name" maxLength={64} value={modelName} onChange={(e) => setName(e.target.value)} aria-label="Model name" />
          </label>
          <label className="flex grow flex-col text-sm">
            <span className="text-slate-500 dark:text-slate-400">description (optional)</span>
            <input className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800" name="description" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} aria-label="Description" />
          </label>
          <button
            type="button"
            className={button}
            disabled={ev.run.state !== 'done' || Boolean(ev.run.fullCount) || !modelName.trim() || ev.submit.state === 'sending'}
            onClick={() => void ev.send(modelName, description)}
          >
            {ev.submit.state === 'sending' ? 'Submitting…' : 'Submit'}
          </button>
        </div>
        {ev.submit.state === 'error' && (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300" data-testid="submit-error">
            {ev.submit.message}
          </p>
        )}
        {ev.submit.state === 'done' && <Entry entry={ev.submit.entry} part={ev.submit.part} url={ev.submit.url} replayed={ev.submit.replayed} />}
      </section>
    </div>
  );
}
