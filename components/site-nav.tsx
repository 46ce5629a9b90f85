import Link from 'next/link';

const LINKS = [
  { href: '/', label: 'Practice' },
  { href: '/daily', label: 'Daily run' },
  { href: '/leaderboard', label: 'Leaderboard' },
  { href: '/evaluate', label: 'Evaluate a model' },
  { href: '/paper', label: 'The paper' },
];

export function SiteNav() {
  return (
    <nav aria-label="Site" className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className="text-sky-700 underline-offset-4 hover:underline dark:text-sky-300">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
