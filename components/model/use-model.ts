'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ModelClient, type Prediction, type Progress } from '@/lib/browser/client';
import type { Backend, ChallengeInput, ModelChoice, ModelInfo } from '@/lib/core/model/protocol';
import { gameLoadOptions, initialChoice, STORAGE_KEY } from './choices';
import { takeEarlyClient } from './early-start';

export type { Prediction };

export type ModelStatus =
  | { state: 'none' }
  | { state: 'loading'; choice: ModelChoice; phase: Progress['phase'] }
  | { state: 'ready'; choice: ModelChoice; info: ModelInfo; backend: Backend; lastLatencyMs: number | null }
  | { state: 'error'; choice: ModelChoice; message: string };

/** The worker instrumentation-client.ts started for the game, or a new one. */
const takeClient = (): ModelClient => takeEarlyClient() ?? new ModelClient();

/**
 * The bytes loaded so far, outside React state: a progress message (one every 150 ms while the model and its
 * runtime download) re-renders only the components that show it (useLoadProgress), not the page's game.
 */
class ProgressStore {
  private value: Progress | null = null;
  private readonly listeners = new Set<() => void>();
  get = (): Progress | null => this.value;
  set(value: Progress | null): void {
    this.value = value;
    for (const l of this.listeners) l();
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The loading model's bytes so far (null before the first report and on the server). */
export function useLoadProgress(model: { progress: ProgressStore }): Progress | null {
  return useSyncExternalStore(model.progress.subscribe, model.progress.get, () => null);
}


/**
 * One model worker; loads the chosen model, reports status, predicts challenges. `pick`: this model
 * instead of the remembered one (not remembered either); `enabled: false`: no worker until it turns true.
 */
export function useModel(models: readonly ModelChoice[], { pick, enabled = true }: { pick?: string; enabled?: boolean } = {}) {
  const client = useRef<ModelClient | null>(null);
  // Read once on the client; nothing that depends on it renders on the server (the panel's HTML names no model).
  const [choice, setChoice] = useState<ModelChoice | undefined>(() => (pick ? models.find((m) => m.id === pick) : initialChoice(models)));
  const [status, setStatus] = useState<ModelStatus>({ state: 'none' });
  const [progress] = useState(() => new ProgressStore());
  // A new `pick` (the page switched families) replaces the choice.
  if (pick && choice?.id !== pick) {
    const picked = models.find((m) => m.id === pick);
    if (picked) setChoice(picked);
  }

  useEffect(() => {
    if (!enabled) return;
    const c = takeClient();
    client.current = c;
    c.onBackend = ({ backend, reason, preprocess }) =>
      setStatus((s) => (s.state === 'ready' ? { ...s, backend, info: { ...s.info, backend, backendReason: reason, preprocess } } : s));
    return () => {
      c.terminate();
      client.current = null;
    };
  }, [models, enabled]);

  useEffect(() => {
    const c = client.current;
    if (!c || !choice) return;
    let live = true;
    progress.set({ phase: 'download', loaded: 0, total: choice.bytes });
    setStatus({ state: 'loading', choice, phase: 'download' });
    const onProgress = (p: Progress) => {
      if (!live) return;
      if (p.phase !== progress.get()?.phase) setStatus({ state: 'loading', choice, phase: p.phase });
      progress.set(p);
    };
    c.load(choice, { ...gameLoadOptions(), onProgress }).then(
      (info) => live && setStatus({ state: 'ready', choice, info, backend: info.backend, lastLatencyMs: null }),
      (err: unknown) => live && setStatus({ state: 'error', choice, message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [choice, enabled, progress]);

  const choose = useCallback(
    (id: string) => {
      const next = models.find((m) => m.id === id);
      if (!next) return;
      if (!pick) localStorage.setItem(STORAGE_KEY, id);
      setChoice(next);
    },
    [models, pick],
  );

  const ready = status.state === 'ready';
  const predict = useCallback(
    async (challenge: ChallengeInput, opts: { explain?: boolean } = {}): Promise<Prediction> => {
      if (!client.current || !ready) throw new Error('the model is not ready');
      const p = await client.current.predict(challenge, opts);
      setStatus((s) => (s.state === 'ready' ? { ...s, lastLatencyMs: p.latencyMs } : s));
      return p;
    },
    [ready],
  );
  /** Computes a challenge's verdict ahead of time (kept by the client for when `predict` asks). */
  const prefetch = useCallback(
    (challenge: ChallengeInput, opts: { explain?: boolean } = {}) => {
      if (client.current && ready) client.current.predict(challenge, opts).catch(() => {}); // `predict` reports it when asked
    },
    [ready],
  );

  return { models, choice, status, progress, enabled, choose, ready, predict, prefetch };
}

export type UseModel = ReturnType<typeof useModel>;

/**
 * The model's prediction, with its explanation, for the challenge on screen: computed as soon as it shows
 * (revealed after the answer), and `next`'s computed right after, so it is ready when the visitor moves on.
 */
export function useModelPrediction(model: UseModel, challenge: (ChallengeInput & { id: string }) | undefined, next?: ChallengeInput) {
  const [result, setResult] = useState<({ id: string; modelId: string } & ({ prediction: Prediction } | { error: string })) | null>(null);
  const { ready, predict, prefetch, choice } = model;
  useEffect(() => {
    if (!ready || !challenge || !choice) return;
    let live = true;
    predict(challenge, { explain: true }).then(
      (prediction) => live && setResult({ id: challenge.id, modelId: choice.id, prediction }),
      (err: unknown) => live && setResult({ id: challenge.id, modelId: choice.id, error: err instanceof Error ? err.message : String(err) }),
    );
    if (next) prefetch(next, { explain: true });
    return () => {
      live = false;
    };
  }, [ready, predict, prefetch, challenge, next, choice]);
  return result && challenge && result.id === challenge.id && result.modelId === choice?.id ? result : null;
}
