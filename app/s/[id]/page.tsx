import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ShareView } from '@/components/share/share-view';
import { getShare } from '@/lib/server/share/load';
import { OG_ALT, OG_SIZE } from '@/lib/server/share/og-image';

type Props = { params: Promise<{ id: string }> };

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = (await params).id;
  const doc = await getShare(id);
  if (!doc) return { title: 'Not found — True of both?' };
  const title = `“${doc.challenge.statement}” — True of both?`;
  const description = `Model ${doc.model.id}: ${doc.model.pair >= 0.5 ? 'true' : 'not true'} of both (${Math.round(100 * doc.model.pair)} %). See which objects each word attends to.`;
  // Rendered once per share and cached for good (og.png/route.ts).
  const images = [{ url: `/s/${id}/og.png`, ...OG_SIZE, alt: OG_ALT }];
  return { title, description, openGraph: { title, description, type: 'article', images }, twitter: { card: 'summary_large_image', title, description, images } };
}

export default async function SharePage({ params }: Props) {
  const doc = await getShare((await params).id);
  if (!doc) notFound();
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-6 sm:py-10">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold tracking-tight">Shared: what the model looked at</h1>
        <Link href="/" className="font-semibold text-sky-700 underline dark:text-sky-300">
          Play True of both?
        </Link>
      </header>
      <ShareView doc={doc} />
    </div>
  );
}
