/**
 * `next start` that tells route handlers the socket's peer address, which Next.js does not expose to
 * them (lib/server/client-address.ts). Every request gets `x-tob-peer: <remote address>`, overwriting
 * whatever a client sent under that name, so rate limits and players key on the real peer:
 *   node scripts/serve.mjs [-p 3000] [-H 0.0.0.0]
 * Behind a reverse proxy set TRUST_PROXY instead (docs/SERVER.md), which takes precedence.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' }, hostname: { type: 'string', short: 'H', default: '0.0.0.0' } },
});
const port = Number(values.port);
process.env.NODE_ENV = 'production';
process.env.TOB_PEER_HEADER = '1';
const app = next({ dev: false, hostname: values.hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
createServer((req, res) => {
  req.headers['x-tob-peer'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
}).listen(port, values.hostname, () => console.log(`serve: http://${values.hostname}:${port}`));
