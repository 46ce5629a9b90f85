import Link from 'next/link';

const LINKS = [
  { href: '/', label: 'Practice' },
  { href: '/daily', label: 'Daily run' },
  { href: '/leaderboard', label: 'Leaderboard' },
];

export function SiteNav() {
  return (
    <nav aria-label="Site" className="flex gap-4 text-sm font-semibold">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className="text-sky-700 underline-offset-4 hover:underline">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
