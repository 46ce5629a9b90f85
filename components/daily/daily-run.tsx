'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import * as z from '@/lib/core/zod';
import { publicChallengeSchema, type PublicChallenge } from '@/lib/core/game/challenge';
import { AnswerButtons } from '@/components/game/answer-buttons';
import { SceneImage } from '@/components/game/scene-image';
import { rememberMine } from '@/components/leaderboard/mine';

const startSchema = z.object({ date: z.string(), token: z.string(), minRunMs: z.number(), challenges: z.array(publicChallengeSchema) });
/** rank: null for a practice run; results: null until the day closes (UTC). */
const resultSchema = z.object({
  id: z.string(),
  date: z.string(),
  score: z.number(),
  count: z.number(),
  ranked: z.boolean(),
  rank: z.number().nullable(),
  results: z.array(z.boolean()).nullable(),
  shareText: z.string(),
  url: z.string(),
});
type Start = z.infer<typeof startSchema>;
type Result = z.infer<typeof resultSchema>;

type State =
  | { step: 'intro' }
  | { step: 'loading' }
  | { step: 'play'; run: Start; startedAt: number; answers: boolean[] }
  | { step: 'name'; run: Start; startedAt: number; answers: boolean[]; error?: string; sending?: boolean }
  | { step: 'done'; result: Result }
  | { step: 'error'; message: string };

const NICKNAME_KEY = 'tob:nickname';

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `The server answered HTTP ${res.status}.`;
}

/** Today's ranked run: ten challenges, no feedback until the end; the server scores and builds the share text. */
export function DailyRun() {
  const [state, setState] = useState<State>({ step: 'intro' });
  const [nickname, setNickname] = useState('');
  const [copied, setCopied] = useState(false);

  const start = async () => {
    setState({ step: 'loading' });
    setNickname(localStorage.getItem(NICKNAME_KEY) ?? '');
    try {
      const res = await fetch('/api/daily', { cache: 'no-store' });
      if (!res.ok) throw new Error(await errorMessage(res));
      setState({ step: 'play', run: startSchema.parse(await res.json()), startedAt: Date.now(), answers: [] });
    } catch (err) {
      setState({ step: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const answer = useCallback((value: boolean) => {
    setState((s) => {
      if (s.step !== 'play') return s;
      const answers = [...s.answers, value];
      return answers.length === s.run.challenges.length ? { ...s, step: 'name', answers } : { ...s, answers };
    });
  }, []);

  useEffect(() => {
    if (state.step !== 'play') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      if (key !== 't' && key !== 'f') return;
      // The last answer opens the nickname form with its field focused: without this the key's
      // character would be typed into it.
      e.preventDefault();
      answer(key === 't');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.step, answer]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (state.step !== 'name') return;
    setState({ ...state, sending: true, error: undefined });
    // The server refuses runs faster than a person could play; wait out the rest of that time.
    const wait = state.run.minRunMs - (Date.now() - state.startedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait + 250));
    try {
      const res = await fetch('/api/daily/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: state.run.token, nickname, answers: state.answers }),
      });
      if (!res.ok) throw new Error(await errorMessage(res));
      const result = resultSchema.parse(await res.json());
      localStorage.setItem(NICKNAME_KEY, nickname);
      rememberMine('runs', result.id);
      setState({ step: 'done', result });
    } catch (err) {
      setState({ ...state, sending: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  if (state.step === 'intro' || state.step === 'loading') {
    return (
      <div className="flex flex-col items-start gap-4">
        <p className="text-slate-700 dark:text-slate-300">
          Ten challenges, the same for everyone today (UTC). No feedback until the end; the server scores your answers, so the labels never
          reach your browser. Your first run of the day is ranked; later runs are practice. Which answers were right is shown once the day is
          over.
        </p>
        <button type="button" onClick={start} disabled={state.step === 'loading'} className="rounded-lg bg-slate-900 px-6 py-3 font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300">
          {state.step === 'loading' ? 'Preparing…' : 'Start today’s run'}
        </button>
      </div>
    );
  }
  if (state.step === 'error') return <p role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-4 dark:border-rose-800 dark:bg-rose-950">{state.message}</p>;
  if (state.step === 'play') {
    const i = state.answers.length;
    const challenge: PublicChallenge = state.run.challenges[i]!;
    return (
      <section className="flex flex-col gap-5" aria-label="Daily challenge" data-daily-index={i}>
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="daily-progress">
          {state.run.date} · challenge {i + 1} of {state.run.challenges.length}
        </p>
        <p className="rounded-xl bg-white p-4 text-xl font-medium shadow-sm sm:text-2xl dark:bg-slate-900" data-testid="statement">
          “{challenge.statement}”
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          <SceneImage side="Left" image={challenge.left} verdict={null} />
          <SceneImage side="Right" image={challenge.right} verdict={null} />
        </div>
        <AnswerButtons onAnswer={answer} />
      </section>
    );
  }
  if (state.step === 'name') {
    return (
      <form onSubmit={submit} className="flex max-w-md flex-col gap-3">
        <label className="flex flex-col gap-1 font-medium">
          Your nickname for the board
          <input
            value={nickname}
            onChange={(e) => setNickname(e.target.value)}
            maxLength={24}
            required
            autoFocus
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 font-normal dark:border-slate-600 dark:bg-slate-900"
            name="nickname"
          />
        </label>
        <button type="submit" disabled={state.sending} className="rounded-lg bg-slate-900 px-6 py-3 font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300">
          {state.sending ? 'Scoring…' : 'Submit my answers'}
        </button>
        {state.error && (
          <p role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-3 dark:border-rose-800 dark:bg-rose-950">
            {state.error}
          </p>
        )}
      </form>
    );
  }
  const { result } = state;
  const board = `/leaderboard?tab=humans&board=today&me=${result.id}#row-${result.id}`;
  return (
    <section className="flex flex-col gap-4" aria-label="Your result" data-ranked={result.ranked}>
      <p className="text-2xl font-bold" data-testid="daily-score">
        {result.score}/{result.count}
        {result.ranked ? (
          <>
            {' — '}
            <Link href={board} className="text-sky-700 underline underline-offset-4 dark:text-sky-300" data-testid="rank-link">
              rank {result.rank} today
            </Link>
          </>
        ) : (
          ' — practice run'
        )}
      </p>
      {!result.ranked && (
        <p className="text-slate-700 dark:text-slate-300" data-testid="practice-note">
          Not ranked: only your first run of the day counts for the board. Come back tomorrow (UTC) for a new ranked run.
        </p>
      )}
      {result.results === null && (
        <p className="text-slate-700 dark:text-slate-300" data-testid="answers-later">
          Which answers were right is shown after the day closes (00:00 UTC), on your run&apos;s permalink.
        </p>
      )}
      <pre className="w-fit max-w-full whitespace-pre-wrap break-all rounded-lg bg-white p-4 text-lg shadow-sm dark:bg-slate-900" data-testid="share-text">
        {result.shareText}
      </pre>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          onClick={() => navigator.clipboard.writeText(result.shareText).then(() => setCopied(true), () => setCopied(false))}
          className="rounded-lg bg-slate-900 px-5 py-2 font-semibold text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
        >
          {copied ? 'Copied' : 'Copy share text'}
        </button>
        <a href={result.url} className="rounded-lg px-5 py-2 font-semibold text-sky-700 underline dark:text-sky-300" data-testid="permalink">
          Permalink
        </a>
        <Link href={result.ranked ? board : '/leaderboard'} className="rounded-lg px-5 py-2 font-semibold text-sky-700 underline dark:text-sky-300">
          Leaderboard
        </Link>
      </div>
    </section>
  );
}
