import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-16 text-center">
      <h1 className="text-3xl font-bold">Not found</h1>
      <p className="text-slate-600">There is nothing at this address. A shared link may have been mistyped.</p>
      <Link href="/" className="font-semibold text-sky-700 underline">
        Play True of both?
      </Link>
    </main>
  );
}
