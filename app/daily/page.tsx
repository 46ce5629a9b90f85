import { pageMetadata } from '@/app/page-metadata';
import { DailyRun } from '@/components/daily/daily-run';

export const dynamic = 'force-dynamic';
export const metadata = pageMetadata('Daily run — True of both?', 'Ten challenges, the same for everyone today: is each statement true of both images? Scored by the server, ranked on the leaderboard.');

export default function DailyPage() {
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Daily run</h1>
      <DailyRun />
    </div>
  );
}
