import { getDb } from '@/lib/server/db';
import { handle, json } from '@/lib/server/http';
import { shareImage } from '@/lib/server/share/og-image';
import { loadShare } from '@/lib/server/share/store';
import { getBlobStore } from '@/lib/server/storage';

/** A share's Open Graph image: rendered on the first request, then the same bytes for good (the query is ignored). */
export function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const id = (await params).id;
    const store = getBlobStore();
    const png = await shareImage(store, id, async () => loadShare(await getDb(), store, id));
    if (!png) return json({ error: 'No such share.' }, 404);
    return new Response(png, {
      headers: { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
