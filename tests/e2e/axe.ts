import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
  theme: 'light' | 'dark';
}

/** axe-core's serious and critical violations on the page as it is now, in the current theme (its source injected into the page). */
async function violationsNow(page: Page, theme: AxeFinding['theme']): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
  return found.map((f) => ({ ...f, theme }));
}

/**
 * axe-core's serious and critical violations on the page as it is now, in the light and in the dark theme
 * (prefers-color-scheme emulated in turn, then put back as it was).
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const dark = await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
  const found: AxeFinding[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    found.push(...(await violationsNow(page, theme)));
  }
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  return found;
}
