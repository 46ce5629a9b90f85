import { pageMetadata } from '@/app/page-metadata';
import Link from 'next/link';
import { BoardTable, type BoardRow } from '@/components/leaderboard/board-table';
import { getDb } from '@/lib/server/db';
import { utcDate } from '@/lib/server/daily';
import { getRun, humanBoard, rankOf, type HumanBoard, type RunRow } from '@/lib/server/daily-runs';
import { getEntry, modelBoard, pendingShipped, type ModelEntry } from '@/lib/server/model-scores';
import { SPLIT_INFO, SPLITS, splitOrDefault, type SplitName } from '@/lib/core/model/splits';
import { isUnavailable } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const metadata = pageMetadata('Leaderboard — True of both?', 'Today’s and all-time daily runs, and models scored in the browser on the synthetic and NLVR splits.');

type Search = { tab?: string; board?: string; split?: string; me?: string };

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

function Tab({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link href={href} aria-current={active ? 'page' : undefined} className={`rounded-md px-3 py-1.5 text-sm font-semibold ${active ? 'bg-slate-900 text-white dark:bg-sky-300 dark:text-slate-950' : 'bg-white text-slate-700 ring-1 ring-slate-300 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-600'}`}>
      {children}
    </Link>
  );
}

const runCells = (r: RunRow) => [r.nickname, `${r.score}/${r.results.length}`, r.date];

/** The top 50 ranked runs; your run (`me`) below them with its place when it is ranked there but not listed. */
async function humans(board: HumanBoard, me?: string) {
  const db = await getDb();
  const today = utcDate(Date.now());
  const runs = await humanBoard(db, board, today);
  const rows: BoardRow[] = runs.map((r) => ({ id: r.publicId, cells: runCells(r) }));
  const mine = me && !runs.some((r) => r.publicId === me) ? await getRun(db, me) : null;
  let note: string | null = null;
  if (mine?.ranked && (board === 'all' || mine.date === today)) rows.push({ id: mine.publicId, cells: runCells(mine), rank: await rankOf(db, mine, board) });
  else if (mine && !mine.ranked) note = `Your run of ${mine.date} (${mine.score}/${mine.results.length}) was a practice run: only a player's first run of the day is ranked.`;
  return (
    <>
      {note && <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="board-note">{note}</p>}
      <BoardTable kind="runs" me={me} columns={['Nickname', 'Score', 'Date (UTC)']} rows={rows} />
    </>
  );
}

/** Runtime, size and latency: measured by the site for verified entries, the submitter's word for the rest (marked *). */
const runtimeCells = (e: ModelEntry) => [
  `${e.runtime.backend}${e.runtime.adapter ? ` · ${e.runtime.adapter}` : ''}${e.verified ? '' : ' *'}`,
  `${(e.runtime.bytes / 1e6).toFixed(1)} MB`,
  `${e.runtime.latencyMs.toFixed(0)} ms${e.runtime.p95LatencyMs === undefined ? '' : ` (p95 ${e.runtime.p95LatencyMs.toFixed(0)})`}`,
];

/**
 * Entries by the figures that rank them: on a hidden-label split the private part, listed once the
 * entry's day has closed. Your entry (`me`) when it is not listed yet, without figures.
 */
async function models(split: SplitName, me?: string) {
  const db = await getDb();
  const now = Date.now();
  const [entries, pending] = await Promise.all([modelBoard(db, split, new Date(`${utcDate(now)}T00:00:00Z`)), pendingShipped(db, split)]);
  const rows: BoardRow[] = [
    ...entries.map((e) => ({
      id: e.publicId,
      badge: e.verified ? 'verified' : undefined,
      cells: [e.modelName, pct(e.rankAccuracy), pct(e.rankConsistency), pct(e.rankPairAccuracy), ...runtimeCells(e)],
    })),
    ...pending.map((name) => ({ id: `pending-${name}`, badge: 'pending', unranked: true, cells: [name, '–', '–', '–', 'shipped model, being scored', '', ''] })),
  ];
  const mine = me && !entries.some((e) => e.publicId === me) ? await getEntry(db, me) : null;
  if (mine?.split === split) {
    const waiting = utcDate(new Date(mine.createdAt).getTime()) === utcDate(now);
    rows.push({ id: mine.publicId, badge: waiting ? 'ranked after 00:00 UTC' : 'not listed', unranked: true, cells: [mine.modelName, '–', '–', '–', ...runtimeCells(mine)] });
  }
  const hidden = SPLIT_INFO[split].labels === 'hidden';
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {SPLIT_INFO[split].note}{' '}
        <Link href={`/evaluate?split=${split}`} className="font-semibold text-sky-700 underline-offset-4 hover:underline dark:text-sky-300">
          Evaluate a model in your browser
        </Link>
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="runtime-note">
        * Self-reported: runtime, size and latency as the submitter gave them, not measured by this site (it measured the verified entries).
      </p>
      {hidden && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Figures are on the private part. A submission is listed once its day has closed (UTC), and of one address&apos;s submissions of a day only the best is.
        </p>
      )}
      <BoardTable
        kind="entries"
        me={me}
        columns={['Model', hidden ? 'Accuracy (private part)' : 'Accuracy', 'Consistency', 'Pair accuracy', 'Runtime', 'Size', 'Latency']}
        rows={rows}
      />
    </>
  );
}

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const tab = q.tab === 'models' ? 'models' : 'humans';
  const board: HumanBoard = q.board === 'all' ? 'all' : 'today';
  const split = splitOrDefault(q.split);
  const me = q.me && /^[0-9a-f]{32}$/.test(q.me) ? q.me : undefined;
  let content: React.ReactNode;
  try {
    content = tab === 'humans' ? await humans(board, me) : await models(split, me);
  } catch (err) {
    if (!isUnavailable(err)) throw err;
    content = (
      <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
        The leaderboard is unavailable right now (the database cannot be reached). Please try again in a minute.
      </p>
    );
  }
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-5 px-4 py-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Leaderboard</h1>
      <nav className="flex flex-wrap gap-2" aria-label="Boards">
        <Tab href="/leaderboard?tab=humans" active={tab === 'humans'}>Humans</Tab>
        <Tab href="/leaderboard?tab=models" active={tab === 'models'}>Models</Tab>
      </nav>
      <nav className="flex flex-wrap gap-2" aria-label={tab === 'humans' ? 'Period' : 'Split'}>
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
      </nav>
      {content}
    </div>
  );
}
