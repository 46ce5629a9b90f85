import { getBlobStore, isPublicBlobPath, isStorageUnavailable } from '@/lib/server/storage';

type Context = { params: Promise<{ path: string[] }> };

/** Blob paths never change content (write-once), so browsers and CDNs may keep them forever. */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

async function serve(request: Request, { params }: Context, withBody: boolean): Promise<Response> {
  const blobPath = (await params).path.join('/');
  const store = getBlobStore();
  // With Vercel Blob active, blob URLs point at its CDN and this route serves nothing.
  // Only the public prefixes: a path elsewhere (private/…) is 404 whether or not it exists.
  if (store.driver !== 'local' || !isPublicBlobPath(blobPath)) return new Response(null, { status: 404 });
  try {
    const meta = await store.head(blobPath);
    if (!meta) return new Response(null, { status: 404 });
    const headers = {
      'Content-Type': meta.contentType,
      ETag: `"${meta.etag}"`,
      'Cache-Control': CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    };
    if (ifNoneMatchHits(request.headers.get('if-none-match'), headers.ETag)) {
      return new Response(null, { status: 304, headers });
    }
    const sized = { ...headers, 'Content-Length': String(meta.size) };
    if (!withBody) return new Response(null, { headers: sized });
    const blob = await store.get(blobPath);
    if (!blob) return new Response(null, { status: 404 });
    return new Response(blob.body, { headers: sized });
  } catch (error) {
    if (isStorageUnavailable(error)) return new Response(null, { status: 503, headers: { 'Retry-After': '30' } });
    throw error;
  }
}

export function GET(request: Request, context: Context): Promise<Response> {
  return serve(request, context, true);
}

export function HEAD(request: Request, context: Context): Promise<Response> {
  return serve(request, context, false);
}
