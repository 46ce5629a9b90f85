import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rule of eslint.config.mjs (docs/ARCHITECTURE.md), proven to bite, and no import cycle between lib/ folders. */

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint: the layers of lib/', { timeout: 60_000 }, () => {
  const wrong: [file: string, spec: string][] = [
    ['lib/core/model/fixture.ts', '@/lib/server/http'],
    ['lib/core/world/fixture.ts', '@/lib/browser/loader'],
    ['lib/core/text/fixture.ts', '@/lib/tools/cli'],
    ['lib/core/world/fixture.ts', 'node:fs'],
    ['lib/core/world/fixture.ts', '../../server/http'],
    ['lib/browser/fixture.ts', '@/lib/server/storage'],
    ['lib/browser/fixture.ts', '../server/http'],
    ['lib/server/fixture.ts', '@/lib/browser/client'],
    ['lib/server/fixture.ts', '@/lib/tools/pack'],
    ['lib/tools/fixture.ts', '@/components/game/practice'],
    ['components/game/fixture.tsx', '@/lib/server/catalog'],
    ['app/fixture/page.tsx', '@/lib/tools/site'],
  ];
  it.each(wrong)('%s may not import %s', async (file, spec) => {
    expect(await restrictedImports(file, `import { x } from '${spec}';\nexport const y = x;\n`)).toHaveLength(1);
  });

  const right: [file: string, spec: string][] = [
    ['lib/core/model/fixture.ts', '@/lib/core/world/types'],
    ['lib/core/model/fixture.ts', '../text/tokenizer'],
    ['lib/browser/fixture.ts', '@/lib/core/model/protocol'],
    ['lib/server/fixture.ts', '@/lib/core/game/challenge'],
    ['lib/server/share/fixture.ts', '../db'],
    ['lib/tools/fixture.ts', '@/lib/server/storage'],
    ['lib/tools/fixture.ts', '@/lib/browser/preprocess'],
    ['components/game/fixture.tsx', '@/lib/browser/client'],
    ['app/fixture/page.tsx', '@/lib/server/catalog'],
  ];
  it.each(right)('%s may import %s', async (file, spec) => {
    expect(await restrictedImports(file, `import { x } from '${spec}';\nexport const y = x;\n`)).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Folder → the folders its files import from (lib/ only). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles('lib')) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const target = spec!.startsWith('@/lib/') ? spec!.slice(2) : spec!.startsWith('.') ? relative('.', resolve(dirname(file), spec!)) : null;
      if (!target?.startsWith('lib/')) continue;
      const from = dirname(file);
      // '@/lib/server/storage' names a folder (its index); '@/lib/server/http' a file in lib/server.
      const folder = sourceFiles(dirname(target)).some((f) => f.startsWith(`${target}/`)) ? target : dirname(target);
      if (folder !== from) graph.set(from, (graph.get(from) ?? new Set()).add(folder));
    }
  }
  return graph;
}

describe('imports between lib/ folders', () => {
  it('form no cycle', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(5);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
