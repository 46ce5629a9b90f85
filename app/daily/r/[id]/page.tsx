import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { SiteNav } from '@/components/site-nav';
import { getDb } from '@/lib/server/db';
import { utcDate } from '@/lib/server/daily';
import { getRun, publicRun } from '@/lib/server/daily-runs';

type Props = { params: Promise<{ id: string }> };

export const dynamic = 'force-dynamic';

/** The run as anyone may see it: which answers were right only once its day has closed (UTC); before, the grid would answer today's challenges. */
const load = cache(async (id: string) => {
  const stored = await getRun(await getDb(), id);
  const now = Date.now();
  return stored && { ...publicRun(stored, now), today: stored.date === utcDate(now) };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const run = await load((await params).id);
  if (!run) return { title: 'Not found — True of both?' };
  const title = `${run.nickname}: ${run.score}/${run.count} on True of both? ${run.date}`;
  return { title, openGraph: { title, description: 'Can you beat it? Ten challenges, the same for everyone today.' } };
}

/** A scored run's permalink: what its share text links to. */
export default async function RunPage({ params }: Props) {
  const run = await load((await params).id);
  if (!run) notFound();
  const grid = [];
  for (let i = 0; run.results && i < run.results.length; i += 5) grid.push(run.results.slice(i, i + 5).map((ok) => (ok ? '🟩' : '🟥')).join(''));
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6 sm:py-10">
      <SiteNav />
      <h1 className="text-2xl font-bold tracking-tight" data-testid="run-title">
        {run.nickname} scored {run.score}/{run.count}
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        {run.ranked ? 'Ranked' : 'Practice'} daily run of {run.date} (UTC).
      </p>
      {run.results ? (
        <pre className="w-fit rounded-lg bg-white p-4 text-2xl shadow-sm dark:bg-slate-900" data-testid="run-grid">
          {grid.join('\n')}
        </pre>
      ) : (
        <p className="text-slate-600 dark:text-slate-300" data-testid="answers-later">
          Which answers were right is shown here after the day closes (00:00 UTC).
        </p>
      )}
      <div className="flex gap-4">
        <Link href="/daily" className="rounded-lg bg-slate-900 px-5 py-2 font-semibold text-white hover:bg-slate-700">
          Play today’s run
        </Link>
        <Link href={`/leaderboard?tab=humans&board=${run.today ? 'today' : 'all'}&me=${run.publicId}#row-${run.publicId}`} className="px-5 py-2 font-semibold text-sky-700 underline dark:text-sky-300">
          Leaderboard
        </Link>
      </div>
    </main>
  );
}
