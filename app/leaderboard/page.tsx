import type { Metadata } from 'next';
import Link from 'next/link';
import { BoardTable, type BoardRow } from '@/components/leaderboard/board-table';
import { SiteNav } from '@/components/site-nav';
import { getDb } from '@/lib/server/db';
import { utcDate } from '@/lib/server/daily';
import { humanBoard, type HumanBoard } from '@/lib/server/daily-runs';
import { modelBoard, pendingShipped, SPLIT_INFO, SPLITS, type SplitName } from '@/lib/server/model-scores';
import { isUnavailable } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Leaderboard — True of both?' };

type Search = { tab?: string; board?: string; split?: string; me?: string };

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

function Tab({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link href={href} aria-current={active ? 'page' : undefined} className={`rounded-md px-3 py-1.5 text-sm font-semibold ${active ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-300'}`}>
      {children}
    </Link>
  );
}

async function humans(board: HumanBoard, me?: string) {
  const today = utcDate(Date.now());
  const runs = await humanBoard(await getDb(), board, today);
  const rows: BoardRow[] = runs.map((r) => ({ id: r.publicId, cells: [r.nickname, `${r.score}/${r.results.length}`, r.date] }));
  return <BoardTable kind="runs" me={me} columns={['Nickname', 'Score', 'Date (UTC)']} rows={rows} />;
}

async function models(split: SplitName, me?: string) {
  const db = await getDb();
  const [entries, pending] = await Promise.all([modelBoard(db, split), pendingShipped(db, split)]);
  const rows: BoardRow[] = [
    ...entries.map((e) => ({
      id: e.publicId,
      badge: e.verified ? 'verified' : undefined,
      cells: [e.modelName, pct(e.accuracy), pct(e.consistency), pct(e.pairAccuracy), `${e.runtime.backend}${e.runtime.adapter ? ` · ${e.runtime.adapter}` : ''}`, `${(e.runtime.bytes / 1e6).toFixed(1)} MB`, `${e.runtime.latencyMs.toFixed(0)} ms${e.runtime.p95LatencyMs === undefined ? '' : ` (p95 ${e.runtime.p95LatencyMs.toFixed(0)})`}`],
    })),
    ...pending.map((name) => ({ id: `pending-${name}`, badge: 'pending', unranked: true, cells: [name, '–', '–', '–', 'shipped model, not yet scored (npm run models:verify)', '', ''] })),
  ];
  return (
    <>
      <p className="text-sm text-slate-600">
        {SPLIT_INFO[split].note}{' '}
        <Link href={`/evaluate?split=${split}`} className="font-semibold text-sky-700 underline-offset-4 hover:underline dark:text-sky-300">
          Evaluate a model in your browser
        </Link>
      </p>
      <BoardTable kind="entries" me={me} columns={['Model', 'Accuracy', 'Consistency', 'Pair accuracy', 'Runtime', 'Size', 'Latency']} rows={rows} />
    </>
  );
}

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const tab = q.tab === 'models' ? 'models' : 'humans';
  const board: HumanBoard = q.board === 'all' ? 'all' : 'today';
  const split: SplitName = SPLITS.find((s) => s === q.split) ?? 'ranked-synthetic';
  const me = q.me && /^[0-9a-f]{32}$/.test(q.me) ? q.me : undefined;
  let content: React.ReactNode;
  try {
    content = tab === 'humans' ? await humans(board, me) : await models(split, me);
  } catch (err) {
    if (!isUnavailable(err)) throw err;
    content = (
      <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
        The leaderboard is unavailable right now (the database cannot be reached). Please try again in a minute.
      </p>
    );
  }
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-5 px-4 py-6 sm:py-10">
      <header className="flex flex-col gap-2">
        <SiteNav />
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Leaderboard</h1>
      </header>
      <div className="flex flex-wrap gap-2" role="tablist">
        <Tab href="/leaderboard?tab=humans" active={tab === 'humans'}>Humans</Tab>
        <Tab href="/leaderboard?tab=models" active={tab === 'models'}>Models</Tab>
      </div>
      <div className="flex flex-wrap gap-2">
        {tab === 'humans' ? (
          <>
            <Tab href="/leaderboard?tab=humans&board=today" active={board === 'today'}>Today</Tab>
            <Tab href="/leaderboard?tab=humans&board=all" active={board === 'all'}>All time</Tab>
          </>
        ) : (
          SPLITS.map((s) => (
            <Tab key={s} href={`/leaderboard?tab=models&split=${s}`} active={split === s}>
              {SPLIT_INFO[s].title}
            </Tab>
          ))
        )}
      </div>
      {content}
    </main>
  );
}
