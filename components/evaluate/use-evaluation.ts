'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rememberMine } from '@/components/leaderboard/mine';
import { ModelClient } from '@/lib/browser/client';
import { checkModelSize, ContractError } from '@/lib/core/model/contract';
import { evalItems, latencyStats, splitImages, splitInfoSchema, submission, type EvalItem, type ItemResult, type SplitInfo } from '@/lib/core/model/evaluation';
import type { ModelChoice, ModelInfo } from '@/lib/core/model/protocol';

export type ModelState =
  | { state: 'none' }
  | { state: 'loading'; label: string; loaded: number; total: number }
  | { state: 'ready'; info: ModelInfo; label: string }
  | { state: 'error'; label: string; message: string; problems?: readonly string[] };

export type SplitState = { state: 'loading' } | { state: 'ready'; info: SplitInfo; images: ReturnType<typeof splitImages> } | { state: 'error'; message: string };

export interface RunState {
  state: 'idle' | 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
  items: EvalItem[];
  results: ItemResult[];
  /** Items in the whole run (a subset when `limit` cut it). */
  total: number;
  /** Running time, pauses excluded. */
  activeMs: number;
  error?: string;
  /** The split's full item count, when `limit` cut the run to a subset. */
  fullCount?: number;
}

export interface ScoredEntry {
  publicId: string;
  modelName: string;
  accuracy: number;
  consistency: number;
  pairAccuracy: number | null;
  n: number;
  runtime: { backend: string; adapter: string; bytes: number; latencyMs: number; p95LatencyMs?: number };
}

/** part: 'public' — the figures are the split's public part (the private part ranks the entry and is not reported); 'all' — the whole split. */
export type SubmitState = { state: 'idle' } | { state: 'sending' } | { state: 'done'; entry: ScoredEntry; part: 'public' | 'all'; url: string; replayed: boolean } | { state: 'error'; message: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const IDLE_RUN: RunState = { state: 'idle', items: [], results: [], total: 0, activeMs: 0 };

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `HTTP ${res.status} for ${url}`);
  return body;
}

/**
 * /evaluate's state: one model worker (a fresh one per model, so a crashed run never leaves the page
 * stuck), the split's ids, pairs and inputs, the run (pause, resume, cancel) and the submission.
 */
export function useEvaluation(initialSplit: SplitInfo['split'], limit?: number) {
  const client = useRef<ModelClient | null>(null);
  const control = useRef<{ paused: boolean; cancelled: boolean; resume?: () => void }>({ paused: false, cancelled: false });
  const [model, setModel] = useState<ModelState>({ state: 'none' });
  const [split, setSplit] = useState(initialSplit);
  const [loadedSplit, setLoadedSplit] = useState<SplitState & { split: string }>({ state: 'loading', split });
  const splitState: SplitState = useMemo(() => (loadedSplit.split === split ? loadedSplit : { state: 'loading' }), [loadedSplit, split]);
  const [run, setRun] = useState<RunState>(IDLE_RUN);
  const [submit, setSubmit] = useState<SubmitState>({ state: 'idle' });

  useEffect(() => () => client.current?.terminate(), []);

  useEffect(() => {
    let live = true;
    (async () => {
      const info = splitInfoSchema.parse(await fetchJson(`/api/models/splits/${split}`));
      if (!info.runnable) throw new Error(`The images of this split are not published on this site yet; choose another split, or come back later.`);
      return { info, images: splitImages(await fetchJson(info.source)) };
    })().then(
      (ready) => live && setLoadedSplit({ state: 'ready', split, ...ready }),
      (err: unknown) => live && setLoadedSplit({ state: 'error', split, message: message(err) }),
    );
    return () => {
      live = false;
    };
  }, [split]);

  const cancel = useCallback(() => {
    control.current.cancelled = true;
    control.current.resume?.();
  }, []);

  /** A fresh worker for the next model; whatever ran before is stopped. */
  const freshClient = useCallback(() => {
    cancel();
    client.current?.terminate();
    const c = new ModelClient();
    client.current = c;
    setRun(IDLE_RUN);
    setSubmit({ state: 'idle' });
    return c;
  }, [cancel]);

  const loadShipped = useCallback((choice: ModelChoice) => {
    const c = freshClient();
    setModel({ state: 'loading', label: choice.id, loaded: 0, total: choice.bytes });
    c.load(choice, { onProgress: (p) => client.current === c && setModel({ state: 'loading', label: choice.id, ...p }) }).then(
      (info) => client.current === c && setModel({ state: 'ready', info, label: choice.id }),
      (err: unknown) => client.current === c && setModel({ state: 'error', label: choice.id, message: message(err) }),
    );
  }, [freshClient]);

  const openFile = useCallback(async (file: File) => {
    const tooBig = checkModelSize(file.size);
    if (tooBig) return setModel({ state: 'error', label: file.name, message: tooBig });
    const c = freshClient();
    setModel({ state: 'loading', label: file.name, loaded: 0, total: file.size });
    try {
      const info = await c.open(file.name, await file.arrayBuffer());
      if (client.current === c) setModel({ state: 'ready', info, label: file.name });
    } catch (err) {
      if (client.current !== c) return;
      setModel({ state: 'error', label: file.name, message: message(err), problems: err instanceof ContractError ? err.problems : undefined });
    }
  }, [freshClient]);

  const start = useCallback(async () => {
    const c = client.current;
    if (!c || model.state !== 'ready' || splitState.state !== 'ready') return;
    let all: EvalItem[];
    try {
      all = evalItems(splitState.info, splitState.images, { imageLogits: model.info.imageLogits });
    } catch (err) {
      return setRun({ ...IDLE_RUN, state: 'failed', error: message(err) });
    }
    const items = limit ? all.slice(0, limit) : all;
    const ctl = { paused: false, cancelled: false } as typeof control.current;
    control.current = ctl;
    setSubmit({ state: 'idle' });
    const results: ItemResult[] = [];
    let activeMs = 0;
    let since = performance.now();
    const base = { items, total: items.length, fullCount: items.length < all.length ? all.length : undefined };
    const show = (state: RunState['state'], error?: string) => setRun({ ...base, state, results: [...results], activeMs: activeMs + (state === 'running' ? performance.now() - since : 0), error });
    show('running');
    for (const item of items) {
      if (ctl.paused) {
        activeMs += performance.now() - since;
        show('paused');
        await new Promise<void>((resume) => (ctl.resume = resume));
        since = performance.now();
      }
      if (ctl.cancelled) break;
      try {
        const p = await c.predict(item.input);
        if (ctl.cancelled) break;
        results.push({ pair: p.verdict.pair > 0.5, left: p.verdict.left > 0.5, right: p.verdict.right > 0.5, latencyMs: p.latencyMs });
      } catch (err) {
        if (ctl.cancelled) break;
        activeMs += performance.now() - since;
        return show('failed', `The model failed on item ${results.length + 1} (${item.ids.join(' + ')}): ${message(err)}. Pick a model and run again.`);
      }
      show('running');
    }
    activeMs += performance.now() - since;
    show(ctl.cancelled ? 'cancelled' : 'done');
  }, [model, splitState, limit]);

  const pause = useCallback(() => {
    control.current.paused = true;
  }, []);
  const resume = useCallback(() => {
    control.current.paused = false;
    control.current.resume?.();
  }, []);

  const send = useCallback(
    async (name: string, description: string) => {
      if (model.state !== 'ready' || splitState.state !== 'ready' || run.state !== 'done' || run.fullCount) return;
      setSubmit({ state: 'sending' });
      try {
        const { meanMs, p95Ms } = latencyStats(run.results);
        const body = submission(splitState.info, run.items, run.results, { name, description, imageLogits: model.info.imageLogits }, {
          backend: model.info.backend,
          backendReason: model.info.backendReason,
          adapter: model.info.adapter,
          bytes: model.info.bytes,
          meanMs,
          p95Ms,
        });
        const res = await fetch('/api/models/scores', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const answer = (await res.json().catch(() => null)) as { entry?: ScoredEntry; part?: 'public' | 'all'; url?: string; replayed?: boolean; error?: string } | null;
        if (!res.ok || !answer?.entry || !answer.url) throw new Error(answer?.error ?? `The server answered HTTP ${res.status}.`);
        rememberMine('entries', answer.entry.publicId);
        setSubmit({ state: 'done', entry: answer.entry, part: answer.part ?? 'all', url: answer.url, replayed: Boolean(answer.replayed) });
      } catch (err) {
        setSubmit({ state: 'error', message: message(err) });
      }
    },
    [model, splitState, run],
  );

  const chooseSplit = useCallback(
    (next: SplitInfo['split']) => {
      cancel();
      setRun(IDLE_RUN);
      setSubmit({ state: 'idle' });
      setSplit(next);
    },
    [cancel],
  );

  return { splitName: split, chooseSplit, model, split: splitState, run, submit, loadShipped, openFile, start, pause, resume, cancel, send };
}
