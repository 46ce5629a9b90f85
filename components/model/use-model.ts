'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ModelClient } from '@/lib/model/client';
import type { Backend, ChallengeInput, ModelChoice, ModelInfo, Verdict } from '@/lib/model/protocol';

export type ModelStatus =
  | { state: 'none' }
  | { state: 'loading'; choice: ModelChoice; loaded: number; total: number }
  | { state: 'ready'; choice: ModelChoice; info: ModelInfo; backend: Backend; lastLatencyMs: number | null; notice: string | null }
  | { state: 'error'; choice: ModelChoice; message: string };

export interface Prediction {
  verdict: Verdict;
  latencyMs: number;
  backend: Backend;
}

const STORAGE_KEY = 'tob-model';
export const DEFAULT_MODEL = 'aligned-int8';

function initialChoice(models: readonly ModelChoice[]): ModelChoice | undefined {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return models.find((m) => m.id === saved) ?? models.find((m) => m.id === DEFAULT_MODEL) ?? models[0];
}

/** One model worker for the page; loads the chosen model, reports status, predicts challenges. */
export function useModel(models: readonly ModelChoice[]) {
  const client = useRef<ModelClient | null>(null);
  // Read once on the client; nothing that depends on it renders on the server (the pack loads client-side).
  const [choice, setChoice] = useState<ModelChoice | undefined>(() => initialChoice(models));
  const [status, setStatus] = useState<ModelStatus>({ state: 'none' });

  useEffect(() => {
    const c = new ModelClient();
    client.current = c;
    c.onNotice = (notice, backend) => setStatus((s) => (s.state === 'ready' ? { ...s, notice, backend } : s));
    return () => {
      c.terminate();
      client.current = null;
    };
  }, [models]);

  useEffect(() => {
    const c = client.current;
    if (!c || !choice) return;
    let live = true;
    setStatus({ state: 'loading', choice, loaded: 0, total: choice.bytes });
    c.load(choice, { onProgress: (p) => live && setStatus({ state: 'loading', choice, ...p }) }).then(
      (info) => live && setStatus({ state: 'ready', choice, info, backend: info.backend, lastLatencyMs: null, notice: null }),
      (err: unknown) => live && setStatus({ state: 'error', choice, message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [choice]);

  const choose = useCallback(
    (id: string) => {
      const next = models.find((m) => m.id === id);
      if (!next) return;
      localStorage.setItem(STORAGE_KEY, id);
      setChoice(next);
    },
    [models],
  );

  const ready = status.state === 'ready';
  const predict = useCallback(
    async (challenge: ChallengeInput): Promise<Prediction> => {
      if (!client.current || !ready) throw new Error('the model is not ready');
      const p = await client.current.predict(challenge);
      setStatus((s) => (s.state === 'ready' ? { ...s, lastLatencyMs: p.latencyMs, backend: p.backend } : s));
      return p;
    },
    [ready],
  );

  return { models, choice, status, choose, ready, predict };
}

export type UseModel = ReturnType<typeof useModel>;

/** The model's prediction for the challenge on screen (computed as soon as it shows; revealed after the answer). */
export function useModelPrediction(model: UseModel, challenge: (ChallengeInput & { id: string }) | undefined) {
  const [result, setResult] = useState<({ id: string; modelId: string } & ({ prediction: Prediction } | { error: string })) | null>(null);
  const { ready, predict, choice } = model;
  useEffect(() => {
    if (!ready || !challenge || !choice) return;
    let live = true;
    predict(challenge).then(
      (prediction) => live && setResult({ id: challenge.id, modelId: choice.id, prediction }),
      (err: unknown) => live && setResult({ id: challenge.id, modelId: choice.id, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [ready, predict, challenge, choice]);
  return result && challenge && result.id === challenge.id && result.modelId === choice?.id ? result : null;
}
