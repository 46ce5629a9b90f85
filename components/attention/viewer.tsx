'use client';

import { useCallback, useMemo, useState } from 'react';
import { AskForm } from './ask-form';
import { AttentionView, viewWeights, type ViewState } from './attention-view';
import { download, renderPng } from './export-png';
import { sourceName } from './source-grid';
import { useLoadProgress, useModelPrediction, type Prediction, type UseModel } from '@/components/model/use-model';
import { formatBytes } from '@/components/model/format';
import type { PracticeChallenge } from '@/lib/core/game/challenge';
import type { Explanation } from '@/lib/core/model/explain';
import type { ModelChoice } from '@/lib/core/model/protocol';
import { encodeAttention, MAX_WORDS, SHARE_FORMAT, type ShareDoc } from '@/lib/core/game/share';
import { sourceMatrix } from '@/lib/core/model/explain';
import { groundingOf } from '@/lib/core/text/lexicon';

type Result = { prediction: Prediction } | { error: string } | null;

const FAMILY_NOTE = { aligned: 'with the alignment loss', baseline: 'without it' } as const;

/** The first word that names a colour or a shape (the words the alignment loss supervises), else the first. */
function firstGroundedWord(words: readonly string[]): number {
  const t = words.findIndex((w) => groundingOf(w)?.colors || groundingOf(w)?.shapes);
  return Math.max(0, t);
}


/** The latest result that arrived, kept while the next one is computed (no flicker while typing). */
function useLastResult(result: Result): Result {
  const [last, setLast] = useState<Result>(result);
  if (result && result !== last) setLast(result);
  return result ?? last;
}

const safeP = (p: number, fallback: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : fallback);

/**
 * The attention viewer: what the model looked at for the challenge on screen (or a statement typed in
 * "Ask the model"), the same view of the other family side by side on request (`other`, whose worker
 * the page starts only when `compare` turns on), a PNG of the view, and a share link (a tob-share/1 document).
 */
export function AttentionViewer({
  challenge,
  model,
  other,
  compare,
  onCompare,
  prediction,
  answer,
}: {
  challenge: PracticeChallenge;
  model: UseModel;
  other: UseModel;
  compare: boolean;
  onCompare: (on: boolean) => void;
  prediction: Prediction;
  answer: boolean | null;
}) {
  const [asked, setAsked] = useState<string | null>(null);
  const [view, setView] = useState<ViewState>(() => ({
    word: firstGroundedWord(prediction.explanation?.words ?? []),
    preview: null,
    object: null,
    source: { kind: 'alignment' },
    showClasses: false,
  }));
  const [action, setAction] = useState<{ state: 'idle' } | { state: 'busy'; what: string } | { state: 'error'; message: string } | { state: 'shared'; url: string }>({
    state: 'idle',
  });
  const onState = useCallback((next: Partial<ViewState>) => setView((v) => ({ ...v, ...next })), []);

  const counterpart = other.choice;

  const askedInput = useMemo(() => (asked ? { ...challenge, id: `${challenge.id}|ask|${asked}`, statement: asked } : undefined), [challenge, asked]);
  const challengeInput = useMemo(() => ({ ...challenge, id: `${challenge.id}|challenge` }), [challenge]);
  const mainAsked = useModelPrediction(model, askedInput);
  const askedShown = useLastResult(mainAsked);
  const otherResult = useLastResult(useModelPrediction(other, compare ? (askedInput ?? challengeInput) : undefined));

  const statement = asked ?? challenge.statement;
  const mainResult: Result = asked ? (askedShown ?? { prediction }) : { prediction };
  // While a typed statement is computed, the panels still show the previous one: no export or share then.
  const pending = !!asked && !mainAsked;
  const onAsk = useCallback((s: string) => setAsked(s), []);
  const onClear = useCallback(() => setAsked(null), []);

  const panels: { id: string; choice: ModelChoice; result: Result }[] = [];
  if (model.choice) panels.push({ id: 'main', choice: model.choice, result: mainResult });
  if (compare && other.choice) panels.push({ id: 'other', choice: other.choice, result: otherResult });
  panels.sort((a, b) => (a.choice.family === 'aligned' ? -1 : 0) - (b.choice.family === 'aligned' ? -1 : 0));
  const ready = panels.filter((p): p is typeof p & { result: { prediction: Prediction & { explanation: Explanation } } } => !!p.result && 'prediction' in p.result && !!p.result.prediction.explanation);
  const mainExplanation = mainResult && 'prediction' in mainResult ? mainResult.prediction.explanation : undefined;
  const word = mainExplanation ? Math.min(view.word, mainExplanation.words.length - 1) : 0;
  const title = (c: ModelChoice) => `${c.id} (${FAMILY_NOTE[c.family]})`;

  const exportPng = async () => {
    setAction({ state: 'busy', what: 'Drawing the PNG…' });
    try {
      const blob = await renderPng(
        { statement, left: challenge.left, right: challenge.right },
        ready.map((p) => {
          const e = p.result.prediction.explanation;
          const { rows, max } = viewWeights(e, view.source, Math.min(word, e.words.length - 1));
          return { title: title(p.choice), caption: `Attention of “${e.words[Math.min(word, e.words.length - 1)]}”, ${sourceName(view.source)}; weights 0 to ${max.toFixed(2)}.`, rows, max };
        }),
      );
      download(blob, `true-of-both-${challenge.id}-${view.source.kind === 'alignment' ? 'alignment' : `L${view.source.layer + 1}${view.source.head === null ? 'mean' : `H${view.source.head + 1}`}`}.png`);
      setAction({ state: 'idle' });
    } catch (err) {
      setAction({ state: 'error', message: `The PNG could not be made: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const share = async () => {
    const main = ready.find((p) => p.id === 'main');
    if (!main || view.source.kind !== 'cross') return;
    const { explanation: e, verdict } = main.result.prediction;
    const source = view.source;
    const doc: ShareDoc = {
      format: SHARE_FORMAT,
      challenge: { id: challenge.id, statement, left: challenge.left, right: challenge.right },
      answer: asked ? null : answer,
      label: asked ? null : challenge.label,
      model: { id: main.choice.id, pair: safeP(verdict.pair, 0.5), left: safeP(verdict.left, verdict.pair), right: safeP(verdict.right, verdict.pair) },
      view: { layer: source.layer, head: source.head },
      attention: {
        words: e.words.slice(0, MAX_WORDS).map((w) => w.slice(0, 32)),
        focus: Math.min(word, MAX_WORDS - 1),
        left: encodeAttention(sourceMatrix(e.images[0], source).slice(0, MAX_WORDS)),
        right: encodeAttention(sourceMatrix(e.images[1], source).slice(0, MAX_WORDS)),
      },
    };
    setAction({ state: 'busy', what: 'Sharing…' });
    try {
      const res = await fetch('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(doc) });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: string };
      if (!res.ok || !body.url) throw new Error(body.error ?? `HTTP ${res.status}`);
      setAction({ state: 'shared', url: body.url });
    } catch (err) {
      setAction({ state: 'error', message: `Sharing failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  return (
    <section
      aria-labelledby="viewer-title"
      className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-slate-50 p-3 sm:p-4 dark:border-slate-700 dark:bg-slate-900/60"
      data-testid="attention-viewer"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && view.object) onState({ object: null });
      }}
    >
      <header className="flex flex-col gap-1">
        <h2 id="viewer-title" className="text-lg font-semibold">
          Why? What the model looked at
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Pick a word<span className="kbd-only"> (click, or ← → on the chips)</span>: every object in both images is framed by how much that word attends to
          it. Pick an object to see which words attend to it<span className="kbd-only"> (Esc clears)</span>. The small multiples show every cross-modal layer and head for the same word; the one you pick is enlarged.
        </p>
        <p className="font-medium" data-testid="viewer-statement">
          {asked ? 'Your statement' : 'The challenge'}: “{statement}”
        </p>
      </header>

      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          onClick={() => onCompare(!compare)}
          disabled={!counterpart}
          aria-pressed={compare}
          className="rounded-lg bg-white px-3 py-1.5 font-semibold ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50 dark:bg-slate-800 dark:ring-slate-600 dark:hover:bg-slate-700"
        >
          {compare ? 'Hide' : 'Compare with'} {counterpart ? `${counterpart.family} (${counterpart.id}${compare ? '' : `, ${formatBytes(counterpart.bytes)}`})` : 'the other family (not published)'}
        </button>
        <label className="flex items-center gap-1.5 rounded-lg px-2 py-1.5">
          <input type="checkbox" name="show-classes" checked={view.showClasses} onChange={(e) => onState({ showClasses: e.target.checked })} />
          Show detected classes
        </label>
        <button
          type="button"
          onClick={exportPng}
          disabled={!ready.length || pending || action.state === 'busy'}
          className="rounded-lg bg-white px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50 dark:bg-slate-800 dark:ring-slate-600 dark:hover:bg-slate-700"
        >
          Download PNG
        </button>
        <button
          type="button"
          onClick={share}
          disabled={!ready.some((p) => p.id === 'main') || view.source.kind !== 'cross' || pending || action.state === 'busy'}
          aria-describedby="share-help"
          className="rounded-lg bg-white px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50 dark:bg-slate-800 dark:ring-slate-600 dark:hover:bg-slate-700"
        >
          Share this view
        </button>
        <span id="share-help" className="text-xs text-slate-600 dark:text-slate-300">
          {view.source.kind === 'cross' ? `Shares ${model.choice?.id}’s ${sourceName(view.source)}.` : 'Shares hold cross-modal attention: pick a layer to share.'}
        </span>
      </div>
      <div role="status" className="text-sm" data-testid="viewer-action">
        {action.state === 'busy' && action.what}
        {action.state === 'error' && <span className="text-rose-700 dark:text-rose-300">{action.message}</span>}
        {action.state === 'shared' && (
          <span>
            Shared:{' '}
            <a href={action.url} className="break-all text-sky-700 underline dark:text-sky-300" data-testid="share-link">
              {action.url}
            </a>
          </span>
        )}
      </div>

      <AskForm onAsk={onAsk} onClear={onClear} asking={pending} />

      <div className={`grid gap-6 ${panels.length > 1 ? 'lg:grid-cols-2' : ''}`}>
        {panels.map((p) => (
          <div key={p.id} className="min-w-0">
            {p.result && 'prediction' in p.result && p.result.prediction.explanation ? (
              <AttentionView
                id={p.choice.family}
                title={title(p.choice)}
                challenge={{ ...challenge, statement }}
                explanation={p.result.prediction.explanation}
                verdict={p.result.prediction.verdict}
                state={view}
                onState={onState}
                narrow={panels.length > 1}
              />
            ) : p.result && 'error' in p.result ? (
              <p role="alert" className="text-rose-700 dark:text-rose-300">
                {p.choice.id} failed: {p.result.error}
              </p>
            ) : p.result ? (
              <p className="text-sm text-slate-600 dark:text-slate-300">{p.choice.id} gives no attention outputs to show.</p>
            ) : (
              <PanelWaiting model={p.id === 'main' ? model : other} id={p.choice.id} />
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

function PanelWaiting({ model, id }: { model: UseModel; id: string }) {
  const s = model.status;
  const bytes = useLoadProgress(model) ?? { loaded: 0, total: s.state === 'loading' ? s.choice.bytes : 0 };
  if (s.state === 'loading')
    return (
      <div className="flex flex-col gap-1 text-sm" data-testid="compare-loading">
        <span>
          Downloading {id}: {formatBytes(bytes.loaded)} of {formatBytes(bytes.total)}
        </span>
        <progress className="h-2 w-full max-w-xs" value={bytes.loaded} max={bytes.total} aria-label={`Downloading ${id}`} />
      </div>
    );
  if (s.state === 'error')
    return (
      <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
        {id} could not start: {s.message}
      </p>
    );
  return <p className="text-sm text-slate-600 dark:text-slate-300">{id} is thinking…</p>;
}
