/**
 * Lighthouse Performance (mobile: Moto G Power, simulated slow 4G, 4× CPU slowdown) on the game's page, several
 * runs, medians (docs/PERFORMANCE.md, "Lighthouse on /"):
 *   npm run bench:lighthouse -- [--runs 5] [--pages /,/paper] [--floor] [--no-doc] [--doc-from FILE]
 * Starts the built site on the store the environment names (as audit:pages does). `--floor`: also builds and
 * measures a bare Next.js page (one server-rendered heading, no client component, no CSS) with this repository's
 * Next.js and React, in a scratch folder beside the repository: what the framework alone scores on this machine.
 * Prints JSON; writes its table into docs/PERFORMANCE.md between its markers (`--doc-from FILE`: from a saved run's
 * JSON, measuring nothing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { freePort, startSite, type RunningSite } from '@/lib/tools/site';
import { replaceMarked } from '@/lib/tools/marked';
import { launchBrowser } from '@/tests/e2e/browser';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    pages: { type: 'string', default: '/' },
    floor: { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
    'doc-from': { type: 'string' },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${values.runs}: expected a positive integer`);
const log = (msg: string) => console.error(`bench:lighthouse: ${msg}`);

const METRICS = { score: 'Performance', tbt: 'TBT (ms)', lcp: 'LCP (ms)', fcp: 'FCP (ms)', si: 'Speed Index (ms)', cls: 'CLS' } as const;
type Metric = keyof typeof METRICS;
type Run = Record<Metric, number>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A bare App Router page with this repository's next/react: hard links to node_modules (Turbopack reads nothing outside its root). */
async function startFloor(): Promise<RunningSite & { dir: string }> {
  const dir = mkdtempSync(join(dirname(resolve('.')), '.tob-floor-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'floor', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['dom', 'esnext'], jsx: 'react-jsx', module: 'esnext', moduleResolution: 'bundler', strict: true, skipLibCheck: true, noEmit: true, isolatedModules: true, esModuleInterop: true, allowJs: true, plugins: [{ name: 'next' }] }, include: ['**/*.ts', '**/*.tsx'], exclude: ['node_modules'] }));
  writeFileSync(join(dir, 'app/layout.tsx'), 'export default function L({ children }: { children: React.ReactNode }) { return <html lang="en"><head><title>floor</title><meta name="description" content="A bare Next.js page" /></head><body>{children}</body></html>; }\n');
  writeFileSync(join(dir, 'app/page.tsx'), 'export default function P() { return <main><h1>Hello</h1><p>A bare Next.js page: no client component, no CSS.</p></main>; }\n');
  const linked = spawnSync('cp', ['-al', resolve('node_modules'), join(dir, 'node_modules')], { stdio: 'inherit' });
  if (linked.status !== 0) throw new Error('could not link node_modules into the scratch folder');
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: undefined };
  const built = spawnSync('npx', ['next', 'build'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`the bare page's next build failed with ${built.status}`);
  const port = await freePort();
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { url, dir, stop: () => server.pid && process.kill(-server.pid, 'SIGTERM') };
}

async function measure(url: string, port: number): Promise<Run> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const n = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round(100 * (lhr.categories.performance?.score ?? 0)),
    tbt: Math.round(n('total-blocking-time')),
    lcp: Math.round(n('largest-contentful-paint')),
    fcp: Math.round(n('first-contentful-paint')),
    si: Math.round(n('speed-index')),
    cls: Math.round(1000 * n('cumulative-layout-shift')) / 1000,
  };
}

async function main() {
  const site = await startSite({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  const floor = values.floor ? await startFloor() : null;
  const port = await freePort();
  // Without WebGPU, as Lighthouse's own Chrome runs: SwiftShader's WebGPU would load this machine's CPU as no GPU does.
  const browser = await launchBrowser({ webgpu: false, args: [`--remote-debugging-port=${port}`] });
  const chromium = browser.version();
  const targets = [...values.pages.split(',').map((p) => ({ name: p, url: new URL(p, site.url).href })), ...(floor ? [{ name: 'bare Next.js page', url: floor.url }] : [])];
  const results: { page: string; runs: Run[]; median: Run }[] = [];
  try {
    for (const t of targets) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await measure(t.url, port));
        log(`${t.name} run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
      }
      const med = Object.fromEntries(Object.keys(METRICS).map((k) => [k, median(runs.map((r) => r[k as Metric]))])) as Run;
      results.push({ page: t.name, runs, median: med });
    }
  } finally {
    await browser.close();
    site.stop();
    floor?.stop();
    if (floor) rmSync(floor.dir, { recursive: true, force: true });
  }
  const report = { lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version, chromium, runsPerPage: RUNS, results };
  console.log(JSON.stringify(report, null, 2));
  if (!values['no-doc']) writeDoc(report);
}

function writeDoc(r: { lighthouse: string; chromium: string; runsPerPage: number; results: { page: string; runs: Run[]; median: Run }[] }) {
  const keys = Object.keys(METRICS) as Metric[];
  const lines = [
    `Lighthouse ${r.lighthouse}, Chromium ${r.chromium} (headless), mobile settings, ${r.runsPerPage} runs per page, ${new Date().toISOString().slice(0, 10)}: median (lowest–highest).`,
    '',
    `| page | ${keys.map((k) => METRICS[k]).join(' | ')} |`,
    `|---|${keys.map(() => '---:').join('|')}|`,
    ...r.results.map((p) => `| ${p.page} | ${keys.map((k) => `${p.median[k]} (${Math.min(...p.runs.map((x) => x[k]))}–${Math.max(...p.runs.map((x) => x[k]))})`).join(' | ')} |`),
  ];
  const file = 'docs/PERFORMANCE.md';
  writeFileSync(file, replaceMarked(readFileSync(file, 'utf8'), 'bench:lighthouse', lines.join('\n')));
  log(`wrote the table into ${file}`);
}

type Report = Parameters<typeof writeDoc>[0];
(values['doc-from'] ? Promise.resolve(writeDoc(JSON.parse(readFileSync(values['doc-from'], 'utf8')) as Report)) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
