import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Vercel Blob API, speaking the subset @vercel/blob 2 uses for
 * put / head / list / del (as read from node_modules/@vercel/blob/dist), plus a "CDN" that serves
 * stored blobs at their public URLs. Anything else is refused loudly, so a driver that starts relying
 * on more of the API fails here instead of in production.
 *
 *   PUT  {api}/?pathname=…        body = bytes; x-vercel-blob-access, x-content-type, x-add-random-suffix,
 *                                 x-allow-overwrite, x-cache-control-max-age
 *   GET  {api}?url=…              head (url may be a blob URL or a pathname)
 *   GET  {api}?prefix&limit&cursor list
 *   POST {api}/delete             { urls: [...] }
 *   GET|HEAD {public}/<pathname>  the blob
 * Errors are `{ error: { code, message } }`, which the SDK maps onto its error classes.
 */
export interface FakeVercelBlob {
  /** Set VERCEL_BLOB_API_URL to this. */
  apiUrl: string;
  publicBaseUrl: string;
  token: string;
  /** The next `count` API calls answer 503 service_unavailable. */
  failNext(count: number): void;
  close(): Promise<void>;
}

interface StoredBlob {
  bytes: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
  uploadedAt: Date;
}

const STORE_ID = 'fakestore';
const DEFAULT_CACHE_MAX_AGE_S = 30 * 24 * 60 * 60;
const MAX_LIST_LIMIT = 1000;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** @param pageSize the most blobs one list page returns, whatever limit the client asks for. */
export async function startFakeVercelBlob({ pageSize = MAX_LIST_LIMIT }: { pageSize?: number } = {}): Promise<FakeVercelBlob> {
  const token = `vercel_blob_rw_${STORE_ID}_secret`;
  const blobs = new Map<string, StoredBlob>();
  let failures = 0;
  let publicBaseUrl = '';

  const blobUrl = (pathname: string) => `${publicBaseUrl}/${pathname}`;
  const toPathname = (urlOrPathname: string) =>
    urlOrPathname.startsWith(`${publicBaseUrl}/`) ? urlOrPathname.slice(publicBaseUrl.length + 1) : urlOrPathname;
  const summary = (pathname: string, blob: StoredBlob) => ({
    url: blobUrl(pathname),
    downloadUrl: `${blobUrl(pathname)}?download=1`,
    pathname,
    size: blob.bytes.byteLength,
    uploadedAt: blob.uploadedAt.toISOString(),
    etag: blob.etag,
  });
  const details = (pathname: string, blob: StoredBlob) => ({
    ...summary(pathname, blob),
    contentType: blob.contentType,
    contentDisposition: `inline; filename="${pathname.split('/').pop()}"`,
    cacheControl: blob.cacheControl,
  });

  async function putBlob(req: IncomingMessage, query: URLSearchParams) {
    const pathname = query.get('pathname') ?? '';
    if (!pathname || pathname.includes('//')) throw new ApiError(400, 'bad_request', 'invalid pathname');
    if (req.headers['x-vercel-blob-access'] !== 'public') throw new ApiError(400, 'bad_request', 'fake supports public access only');
    if (req.headers['x-add-random-suffix'] === '1') throw new ApiError(400, 'bad_request', 'fake does not add random suffixes');
    const bytes = await readBody(req);
    if (blobs.has(pathname) && req.headers['x-allow-overwrite'] !== '1') {
      throw new ApiError(
        400,
        'bad_request',
        'This blob already exists, use `allowOverwrite: true` if you want to overwrite it. Or `addRandomSuffix: true` to generate a unique filename.',
      );
    }
    const maxAge = req.headers['x-cache-control-max-age'] ?? String(DEFAULT_CACHE_MAX_AGE_S);
    const blob: StoredBlob = {
      bytes,
      contentType: String(req.headers['x-content-type'] ?? 'application/octet-stream'),
      cacheControl: `public, max-age=${maxAge}`,
      etag: `"${createHash('sha256').update(bytes).digest('hex')}"`,
      uploadedAt: new Date(),
    };
    blobs.set(pathname, blob);
    const { url, downloadUrl, contentType, contentDisposition, etag } = details(pathname, blob);
    return { url, downloadUrl, pathname, contentType, contentDisposition, etag };
  }

  function headBlob(urlOrPathname: string) {
    const pathname = toPathname(urlOrPathname);
    const blob = blobs.get(pathname);
    if (!blob) throw new ApiError(404, 'not_found', 'The requested blob does not exist');
    return details(pathname, blob);
  }

  function listBlobs(query: URLSearchParams) {
    if (query.has('mode') && query.get('mode') !== 'expanded') throw new ApiError(400, 'bad_request', 'fake lists in expanded mode only');
    const prefix = query.get('prefix') ?? '';
    const limit = Math.min(Number(query.get('limit') ?? MAX_LIST_LIMIT), MAX_LIST_LIMIT, pageSize);
    const after = query.has('cursor') ? Buffer.from(query.get('cursor') ?? '', 'base64url').toString('utf8') : '';
    const matching = [...blobs]
      .filter(([p]) => p.startsWith(prefix) && p > after)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const page = matching.slice(0, limit);
    const hasMore = matching.length > page.length;
    const last = page.at(-1)?.[0];
    return {
      blobs: page.map(([p, blob]) => summary(p, blob)),
      hasMore,
      ...(hasMore && last ? { cursor: Buffer.from(last, 'utf8').toString('base64url') } : {}),
    };
  }

  async function deleteBlobs(req: IncomingMessage) {
    const { urls } = JSON.parse((await readBody(req)).toString('utf8')) as { urls: string[] };
    for (const url of urls) blobs.delete(toPathname(url));
    return {};
  }

  async function api(req: IncomingMessage, sub: string, query: URLSearchParams): Promise<unknown> {
    if (req.headers.authorization !== `Bearer ${token}`) throw new ApiError(403, 'forbidden', 'Access denied');
    if (failures > 0) {
      failures -= 1;
      throw new ApiError(503, 'service_unavailable', 'fake outage');
    }
    if (req.method === 'PUT' && sub === '/') return putBlob(req, query);
    if (req.method === 'GET' && (sub === '' || sub === '/')) return query.has('url') ? headBlob(query.get('url') ?? '') : listBlobs(query);
    if (req.method === 'POST' && sub === '/delete') return deleteBlobs(req);
    throw new ApiError(400, 'bad_request', `fake does not implement ${req.method} ${sub}`);
  }

  function serveBlob(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const blob = blobs.get(pathname);
    if (!blob || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': blob.contentType,
      'content-length': blob.bytes.byteLength,
      etag: blob.etag,
      'cache-control': blob.cacheControl,
      'last-modified': blob.uploadedAt.toUTCString(),
    });
    res.end(req.method === 'GET' ? blob.bytes : undefined);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/public/')) {
      serveBlob(req, res, url.pathname.slice('/public/'.length));
      return;
    }
    if (!url.pathname.startsWith('/api/blob')) {
      res.writeHead(404).end();
      return;
    }
    api(req, url.pathname.slice('/api/blob'.length), url.searchParams).then(
      (body) => sendJson(res, 200, body),
      (error: unknown) => {
        if (error instanceof ApiError) sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        else sendJson(res, 500, { error: { code: 'internal_server_error', message: String(error) } });
      },
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  publicBaseUrl = `${origin}/public`;

  return {
    apiUrl: `${origin}/api/blob`,
    publicBaseUrl,
    token,
    failNext(count) {
      failures = count;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
