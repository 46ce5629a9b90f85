import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '@/lib/tools/site';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The throwaway catalog the server reads (packs and published models). */
    catalogFile: string;
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  // Children write to stderr: stdout stays clean for `npm run bench:model`'s JSON.
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status}`);
}

async function waitForServer(url: string, server: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Builds the site (unless `build` is false), fills a throwaway blob store and catalog with packs and the packed models,
 * starts `next start` on a free loopback port. Also used by `npm run bench:model`.
 */
export async function startSite({ build }: { build: boolean }): Promise<{ baseURL: string; catalogFile: string; blobDir: string; stop: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tob-e2e-'));
  const env = {
    ...process.env,
    BLOB_DIR: join(dataDir, 'blob'),
    CATALOG_FILE: join(dataDir, 'catalog.json'),
    DB_DIR: join(dataDir, 'db'),
    SECRET_FILE: join(dataDir, 'secret'),
    DAILY_MIN_ANSWER_MS: '300',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  run('npx', ['tsx', 'scripts/packs-build.ts', '--synthetic', '40', '--ranked', '10'], env);
  const packedDir = join(dataDir, 'models');
  run('npx', ['tsx', 'scripts/models-pack.ts', '--out', packedDir], env);
  run('npx', ['tsx', 'scripts/models-publish.ts', '--dir', packedDir], env);
  if (build) {
    run('node', ['scripts/copy-ort.mjs'], env); // `npm run build`'s prebuild; `npx next build` skips it
    run('npx', ['next', 'build'], env);
  }
  const port = await freePort();
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 2, 2], detached: true });
  const baseURL = `http://localhost:${port}`;
  await waitForServer(baseURL, server);
  const stop = () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseURL, catalogFile: env.CATALOG_FILE, blobDir: env.BLOB_DIR, stop };
}

/** Builds and starts the site once for the e2e tests and hands them its URL. */
export default async function setup(project: TestProject) {
  const site = await startSite({ build: !process.env.E2E_SKIP_BUILD });
  project.provide('baseURL', site.baseURL);
  project.provide('catalogFile', site.catalogFile);
  return site.stop;
}
