import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { SiteNav } from '@/components/site-nav';
import { getDb } from '@/lib/server/db';
import { getRun } from '@/lib/server/daily-runs';

type Props = { params: Promise<{ id: string }> };

export const dynamic = 'force-dynamic';

const load = cache(async (id: string) => getRun(await getDb(), id));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const run = await load((await params).id);
  if (!run) return { title: 'Not found — True of both?' };
  const title = `${run.nickname}: ${run.score}/${run.results.length} on True of both? ${run.date}`;
  return { title, openGraph: { title, description: 'Can you beat it? Ten challenges, the same for everyone today.' } };
}

/** A scored run's permalink: what its share text links to. */
export default async function RunPage({ params }: Props) {
  const run = await load((await params).id);
  if (!run) notFound();
  const grid = [];
  for (let i = 0; i < run.results.length; i += 5) grid.push(run.results.slice(i, i + 5).map((ok) => (ok ? '🟩' : '🟥')).join(''));
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-6 sm:py-10">
      <SiteNav />
      <h1 className="text-2xl font-bold tracking-tight" data-testid="run-title">
        {run.nickname} scored {run.score}/{run.results.length}
      </h1>
      <p className="text-slate-600">Daily run of {run.date} (UTC).</p>
      <pre className="w-fit rounded-lg bg-white p-4 text-2xl shadow-sm dark:bg-slate-900" data-testid="run-grid">
        {grid.join('\n')}
      </pre>
      <div className="flex gap-4">
        <Link href="/daily" className="rounded-lg bg-slate-900 px-5 py-2 font-semibold text-white hover:bg-slate-700">
          Play today’s run
        </Link>
        <Link href={`/leaderboard?board=${run.date === new Date().toISOString().slice(0, 10) ? 'today' : 'all'}&me=${run.publicId}`} className="px-5 py-2 font-semibold text-sky-700 underline">
          Leaderboard
        </Link>
      </div>
    </main>
  );
}
