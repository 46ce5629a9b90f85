const ACCEPTS_BR = { type: 'header', key: 'accept-encoding', value: '.*\\bbr\\b.*' };
const ORT_ENCODED = [
  { ext: 'br', encoding: 'br', has: [ACCEPTS_BR], missing: [] },
  { ext: 'gz', encoding: 'gzip', has: [{ type: 'header', key: 'accept-encoding', value: '.*\\bgzip\\b.*' }], missing: [ACCEPTS_BR] },
];
const ORT_TYPES = { wasm: 'application/wasm', mjs: 'text/javascript; charset=utf-8' };

/**
 * The Content-Security-Policy of every response (docs/SERVER.md "Security headers"). Scripts: this origin
 * only, plus 'unsafe-inline' for the inline scripts Next.js writes into pages (its RSC payload; nonces would
 * make every page dynamic) and 'wasm-unsafe-eval' for onnxruntime's WebAssembly. The model worker is a
 * same-origin module (worker-src 'self'; blob: for runtimes that spawn helpers from blobs). Scene images,
 * packs and models come from this origin or the Vercel Blob CDN. WebGPU needs no directive. Framing: none.
 */
const BLOB_CDN = 'https://*.public.blob.vercel-storage.com';
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${BLOB_CDN}`,
  `connect-src 'self' ${BLOB_CDN}`,
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets parallel builds (tests, benchmarks) keep out of each other's way; `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // Bundled into a page's server code, PGlite cannot load its own files (a fresh instance's /leaderboard was a 500).
  serverExternalPackages: ['@electric-sql/pglite'],
  async headers() {
    return [
      {
        // Cross-origin isolation: SharedArrayBuffer, hence multi-threaded WASM for the model. `credentialless`
        // still loads cross-origin blobs (Vercel Blob's CDN) that send no CORP header.
        source: '/:path*',
        headers: [
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Embedder-Policy', value: 'credentialless' },
        ],
      },
      {
        // HSTS is set at run time by proxy.ts, which knows whether the request came over HTTPS.
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: CSP },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
      {
        // onnxruntime-web's runtime, copied under its version (scripts/copy-ort.mjs): never changes at a URL.
        source: '/ort/:version/:file',
        headers: [
          { key: 'Cache-Control', value: 'public, max-age=31536000, immutable' },
          { key: 'Vary', value: 'Accept-Encoding' },
        ],
      },
      ...ORT_ENCODED.flatMap(({ encoding, has, missing }) =>
        Object.entries(ORT_TYPES).map(([suffix, type]) => ({
          source: `/ort/:version/:file(.+\\.${suffix})`,
          has,
          missing,
          headers: [
            { key: 'Content-Encoding', value: encoding },
            { key: 'Content-Type', value: type },
          ],
        })),
      ),
    ];
  },
  async rewrites() {
    // The runtime precompressed by scripts/copy-ort.mjs: the .br file where the client takes brotli, else the .gz.
    return {
      beforeFiles: ORT_ENCODED.map(({ ext, has, missing }) => ({
        source: `/ort/:version/:file(.+\\.(?:wasm|mjs))`,
        has,
        missing,
        destination: `/ort/:version/:file.${ext}`,
      })),
    };
  },
};

export default nextConfig;
