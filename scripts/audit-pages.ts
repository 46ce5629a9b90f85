/**
 * Lighthouse on the built site, in Debian's Chromium (docs/PERFORMANCE.md, "Lighthouse"):
 *   npm run audit:pages -- [--no-doc]
 * Starts the site with lib/tools/site.ts (building it first when there is no build) on the store the environment
 * names (BLOB_DIR, CATALOG_FILE, DB_DIR, as `npm start` would; packs and models published, e.g. by
 * `npm run quickstart`), shares one challenge so that there is a share page, then audits /, /daily, /leaderboard,
 * /paper, /evaluate and the share page with Lighthouse's mobile and desktop settings. Prints JSON (every score and
 * every audit that did not pass); writes the category scores table into docs/PERFORMANCE.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { practicePackSchema } from '@/lib/core/game/challenge';
import { encodeAttention, SHARE_FORMAT, type ShareDoc } from '@/lib/core/game/share';
import { practiceEntry, readCatalog } from '@/lib/server/catalog';
import { getBlobStore } from '@/lib/server/storage';
import { freePort, startSite } from '@/lib/tools/site';
import { replaceMarked } from '@/lib/tools/marked';
import { launchBrowser } from '@/tests/e2e/browser';

const { values } = parseArgs({ options: { 'no-doc': { type: 'boolean', default: false } } });
const log = (msg: string) => console.error(`audit:pages: ${msg}`);

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const PAGES = ['/', '/daily', '/leaderboard', '/paper', '/evaluate'];

/** A share of the first practice challenge (uniform attention), as the viewer would post it: the page to audit. */
async function sharePage(base: string): Promise<string> {
  const entry = practiceEntry(await readCatalog());
  if (!entry) throw new Error('the catalog names no practice pack: publish packs and models first (npm run quickstart)');
  const [c] = practicePackSchema.parse(await (await fetch(new URL(getBlobStore().url(entry.path), base))).json()).challenges;
  if (!c) throw new Error('the practice pack is empty');
  const words = c.statement.toLowerCase().split(/\s+/).slice(0, 32);
  const uniform = (objects: number) => encodeAttention(words.map(() => Array.from({ length: objects }, () => 1 / Math.max(1, objects))));
  const doc: ShareDoc = {
    format: SHARE_FORMAT,
    challenge: { id: c.id, statement: c.statement, left: c.left, right: c.right },
    answer: true,
    label: c.label,
    model: { id: 'aligned-int8', pair: 0.5, left: 0.7, right: 0.7 },
    view: { layer: 0, head: null },
    attention: { words, focus: 0, left: uniform(c.left.boxes.length), right: uniform(c.right.boxes.length) },
  };
  const res = await fetch(new URL('/api/shares', base), { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(doc) });
  const body = (await res.json()) as { url?: string; error?: string };
  if (!res.ok || !body.url) throw new Error(`sharing failed: ${body.error ?? res.status}`);
  return new URL(body.url).pathname;
}

interface Row {
  page: string;
  formFactor: 'mobile' | 'desktop';
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Audits that count toward a category and did not pass, with their score and their first findings. */
  failing: { id: string; score: number | null; title: string; items: unknown[] }[];
}

async function main() {
  const site = await startSite({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  const port = await freePort();
  // Lighthouse drives the browser over the DevTools protocol on this port.
  const browser = await launchBrowser({ args: [`--remote-debugging-port=${port}`] });
  const rows: Row[] = [];
  const chromium = browser.version();
  try {
    const share = await sharePage(site.url);
    log(`share page ${share}`);
    for (const path of [...PAGES, share]) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const result = await lighthouse(
          new URL(path, site.url).href,
          { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
          formFactor === 'desktop' ? desktopConfig : undefined,
        );
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const { lhr } = result;
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c]?.score ?? 0))])) as Row['scores'];
        const counted = new Set(CATEGORIES.filter((c) => c !== 'performance').flatMap((c) => lhr.categories[c]!.auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));
        const failing = [...counted]
          .map((id) => lhr.audits[id]!)
          .filter((a) => a.score !== null && a.score < 1)
          .map((a) => ({ id: a.id, score: a.score, title: a.title, items: (a.details && 'items' in a.details ? a.details.items : []).slice(0, 5) }));
        rows.push({ page: path === share ? '/s/[id]' : path, formFactor, scores, failing });
        log(`${path} ${formFactor}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}${failing.length ? ` (failing: ${failing.map((f) => f.id).join(', ')})` : ''}`);
      }
    }
  } finally {
    await browser.close();
    site.stop();
  }
  const report = { lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version, chromium, rows };
  console.log(JSON.stringify(report, null, 2));
  if (!values['no-doc']) writeDoc(report);
}

function writeDoc(r: { lighthouse: string; chromium: string; rows: Row[] }) {
  const lines = [
    `Lighthouse ${r.lighthouse}, Chromium ${r.chromium} (headless), ${new Date().toISOString().slice(0, 10)}; Performance is reported, not a target.`,
    '',
    '| page | form factor | Performance | Accessibility | Best Practices | SEO |',
    '|---|---|---:|---:|---:|---:|',
    ...r.rows.map((row) => `| ${row.page} | ${row.formFactor} | ${CATEGORIES.map((c) => row.scores[c]).join(' | ')} |`),
  ];
  const file = 'docs/PERFORMANCE.md';
  writeFileSync(file, replaceMarked(readFileSync(file, 'utf8'), 'audit:pages', lines.join('\n')));
  log(`wrote the table into ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
