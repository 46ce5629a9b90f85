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
        // onnxruntime-web's runtime, copied under its version (scripts/copy-ort.mjs): never changes at a URL.
        source: '/ort/:version/:file',
        headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
      },
    ];
  },
};

export default nextConfig;
