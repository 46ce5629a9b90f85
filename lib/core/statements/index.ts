import { evaluate } from '@/lib/core/world/evaluate';
import type { Meaning } from '@/lib/core/world/meaning';
import type { Rng } from '@/lib/core/world/rng';
import { editScene, generateScene, LAYOUTS, NLVR_DEV_FIGURES, type Layout } from '@/lib/core/world/scenes';
import type { Scene } from '@/lib/core/world/types';
import { BOX_KIND_TEMPLATES } from './box-kinds';
import { BOX_TEMPLATES } from './boxes';
import { COUNT_TEMPLATES } from './counts';
import { BOX_EDGE_TEMPLATES, EDGE_TEMPLATES } from './edges';
import { RELATION_TEMPLATES } from './relations';
import { MAX_WORDS, style, wordCount } from './surface';
import { GenerationError, template, type StatementTemplate } from './template';
import { TOWER_COLOR_TEMPLATES } from './tower-colors';
import { TOWER_TEMPLATES } from './towers';
import { choose } from './words';

/**
 * The statement generator. Statement templates (template.ts), grouped by topic in towers.ts,
 * tower-colors.ts, boxes.ts, box-kinds.ts, edges.ts, counts.ts and relations.ts, each draw random
 * parameters, map them to a Meaning (evaluated exactly by evaluate.ts) and realise them in English
 * the way NLVR annotators write (dev.json and train-examples.html: "There is 1 tower with a blue
 * block at the base", "there are exactly two blue squares not touching any edge", "There is a box
 * with 3 items and a black item on top"…). This module draws a template, realises it, styles it
 * (surface.ts) and rejection-samples scenes of the requested label.
 *
 * Conventions read off NLVR's labels:
 * - "a X" / "at least one X" = at least one; a bare numeral ("There are 2 towers with…", "There is
 *   1 box with…", "One tower has…") = exactly that many; "one of the boxes has…" = at least one.
 * - In tower sentences "on", "over" and "above" mean directly on top (the 'on' relation).
 * - "a box with only black and yellow items" = both colours present, no other.
 */

export { GenerationError, MAX_WORDS, type StatementTemplate };
export { filterOf } from './template';
export { sampleQ } from './slots';
export type { Desc, UnitQ } from './words';

/** A complete simple statement, used as a conjunct. */
interface Simple {
  meaning: Meaning;
  text: string;
}

const conjunction = template<{ a: Simple; b: Simple }>({
  description: 'two simple statements joined by "and" ("There is a tower with four blocks and there is a black block on a blue block.")',
  weight: 2,
  layouts: { tower: 0.6, scatter: 0.4 },
  sample: (rng, layout) => ({ a: conjunct(rng, layout), b: conjunct(rng, layout) }),
  meaning: (p) => ({ kind: 'and', ms: [p.a.meaning, p.b.meaning] }),
  text: (rng, p) => `${p.a.text}${rng.chance(0.2) ? ',' : ''} and ${p.b.text}`,
});

/**
 * Every template by id. The order is part of the output: the default mix draws from the templates in
 * this order, so a seed gives the same statements only as long as it stays (statements-golden.test.ts).
 */
export const TEMPLATES = {
  ...TOWER_TEMPLATES,
  ...TOWER_COLOR_TEMPLATES,
  ...BOX_TEMPLATES,
  ...BOX_KIND_TEMPLATES,
  ...BOX_EDGE_TEMPLATES,
  ...COUNT_TEMPLATES,
  ...EDGE_TEMPLATES,
  ...RELATION_TEMPLATES,
  conjunction,
};

export type TemplateId = keyof typeof TEMPLATES;

const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];
const templateOf = (id: TemplateId): StatementTemplate<unknown> => TEMPLATES[id] as StatementTemplate<unknown>;

export interface TemplateInfo {
  id: TemplateId;
  description: string;
  layouts: Layout[];
}

export const TEMPLATE_INFO: readonly TemplateInfo[] = TEMPLATE_IDS.map((id) => ({
  id,
  description: templateOf(id).description,
  layouts: LAYOUTS.filter((l) => (templateOf(id).layouts[l] ?? 0) > 0),
}));

export class UnknownTemplateError extends Error {
  constructor(readonly template: string) {
    super(`unknown statement template: ${template}`);
    this.name = 'UnknownTemplateError';
  }
}

function templateId(id: string): TemplateId {
  if (!(id in TEMPLATES)) throw new UnknownTemplateError(id);
  return id as TemplateId;
}

// ---------------------------------------------------------------- generation

export interface Statement {
  /**
   * The template's id. Statement templates were called statement families, and this field keeps
   * that word because it is serialized under it: the dataset's `meta.family` (read by training/),
   * world:stats' `families`, and every saved pair or example.
   */
  family: TemplateId;
  layout: Layout;
  meaning: Meaning;
  text: string;
}

/**
 * Draws a template and a layout, weighted by template weight × layout share. In the default mix (no
 * template and no layout asked for) tower entries are scaled so that tower scenes make up NLVR's
 * share of images; the template weights set the mix within each layout.
 */
function drawTemplate(rng: Rng, only: TemplateId | undefined, layout: Layout | undefined, exclude?: TemplateId): [TemplateId, Layout] {
  const entries: [TemplateId, Layout][] = [];
  const weights: number[] = [];
  for (const id of only ? [only] : TEMPLATE_IDS) {
    if (id === exclude) continue;
    const t = templateOf(id);
    for (const l of LAYOUTS) {
      const share = t.layouts[l] ?? 0;
      if (share <= 0 || (layout && l !== layout)) continue;
      entries.push([id, l]);
      weights.push(t.weight * share);
    }
  }
  if (entries.length === 0) throw new GenerationError(`template ${only} has no ${layout} layout`);
  if (!only && !layout) {
    const total = (l: Layout) => weights.reduce((sum, w, i) => sum + (entries[i]![1] === l ? w : 0), 0);
    const tau = NLVR_DEV_FIGURES.towerShare;
    const scale = (tau / (1 - tau)) * (total('scatter') / total('tower'));
    for (let i = 0; i < entries.length; i++) if (entries[i]![1] === 'tower') weights[i]! *= scale;
  }
  return rng.weighted(entries, weights);
}

function realise(rng: Rng, id: TemplateId, layout: Layout): Simple {
  const t = templateOf(id);
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = t.sample(rng, layout);
    const raw = t.text(rng, p, layout).replace(/\s+/g, ' ').trim();
    if (wordCount(raw) <= MAX_WORDS) return { meaning: t.meaning(p), text: raw };
  }
  throw new GenerationError(`template ${id}: no realisation within ${MAX_WORDS} words`);
}

/** A conjunct for 'conjunction': a clause (not a fragment such as "yellow block at the top") of another template. */
function conjunct(rng: Rng, layout: Layout): Simple {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [id] = drawTemplate(rng, undefined, layout, 'conjunction');
    const s = realise(rng, id, layout);
    if (/\b(is|are|has|have|contains?|touch(es)?)\b/.test(s.text)) return s;
  }
  throw new GenerationError(`no clause for a ${layout} conjunction`);
}

/** A random statement of a template (default: any, by NLVR-like weights) for a layout (default: the template's). */
export function generateStatement(rng: Rng, template?: TemplateId | string, opts: { layout?: Layout } = {}): Statement {
  const [id, layout] = drawTemplate(rng, template === undefined ? undefined : templateId(template), opts.layout);
  const { meaning, text } = realise(rng, id, layout);
  return { family: id, layout, meaning, text: style(rng, text) };
}

/** How many scenes one statement may try for a label before another statement is drawn. */
const SCENE_TRIES = 80;
const STATEMENT_TRIES = 400;

/**
 * A scene on which the statement has the requested label, provided that the statement is
 * contingent: among the scenes tried, at least one also has the other label. Without that
 * condition a statement that is (nearly) never true would be accepted for every false example and
 * never for a true one, and "odd statement ⇒ false" would become learnable.
 */
function sceneWith(rng: Rng, s: Statement, label: boolean): Scene | null {
  const opts = templateOf(s.family).scene;
  let found: Scene | null = null;
  let sawOther = false;
  for (let i = 0; i < SCENE_TRIES; i++) {
    const scene = generateScene(rng, s.layout, opts);
    if (evaluate(s.meaning, scene) === label) found ??= scene;
    else sawOther = true;
    if (found && sawOther) return found;
  }
  return null;
}

/** How many edits of one scene may be tried for the other label. */
const EDIT_TRIES = 40;

/**
 * A near miss: a scene of the requested label made by one small edit (sometimes two) of a scene
 * with the other label, so that what tells the labels apart is what the statement says, not how
 * far a random scene lies from it (NLVR's false images are such near misses). Null when no edit
 * among those tried flips the label.
 */
function editedSceneWith(rng: Rng, s: Statement, label: boolean): Scene | null {
  const base = sceneWith(rng, s, !label);
  if (!base) return null;
  const opts = templateOf(s.family).scene;
  for (let i = 0; i < EDIT_TRIES; i++) {
    let scene = editScene(rng, base, s.layout, opts);
    if (scene && rng.chance(0.3)) scene = editScene(rng, scene, s.layout, opts);
    if (scene && evaluate(s.meaning, scene) === label) return scene;
  }
  return null;
}

export interface GenerateOptions {
  /** Only this template (default: any, by NLVR-like weights). */
  template?: TemplateId | string;
  layout?: Layout;
}

export interface Example extends Statement {
  scene: Scene;
  label: boolean;
}

/** A statement and a scene of the requested label (default: a fair coin), by rejection sampling. */
export function generateExample(rng: Rng, opts: GenerateOptions & { label?: boolean } = {}): Example {
  const label = opts.label ?? rng.chance(0.5);
  for (let i = 0; i < STATEMENT_TRIES; i++) {
    const s = generateStatement(rng, opts.template, { layout: opts.layout });
    const scene = sceneWith(rng, s, label);
    if (scene) return { ...s, scene, label };
  }
  throw new GenerationError(`no ${label} example for ${opts.template ?? 'any template'} after ${STATEMENT_TRIES} statements`);
}

export interface Pair extends Statement {
  left: Scene;
  right: Scene;
  leftLabel: boolean;
  rightLabel: boolean;
  /** True of both: leftLabel && rightLabel. */
  label: boolean;
}

export interface PairOptions extends GenerateOptions {
  label: boolean;
  /**
   * The probability that a scene is a near miss (an edit of a scene with the other label) rather
   * than a random scene of its label. Default 0: the game's packs and the synthetic validation
   * split use random scenes only.
   */
  contrast?: number;
}

/** A statement and two scenes; a false pair has the left, the right or both images false (40/40/20). */
export function generatePair(rng: Rng, opts: PairOptions): Pair {
  const [leftLabel, rightLabel] = opts.label
    ? [true, true]
    : choose<[boolean, boolean]>(rng, [[0.4, () => [false, true]], [0.4, () => [true, false]], [0.2, () => [false, false]]]);
  for (let i = 0; i < STATEMENT_TRIES; i++) {
    const s = generateStatement(rng, opts.template, { layout: opts.layout });
    const scene = (label: boolean) => (opts.contrast && rng.chance(opts.contrast) && editedSceneWith(rng, s, label)) || sceneWith(rng, s, label);
    const left = scene(leftLabel);
    const right = left && scene(rightLabel);
    if (left && right) return { ...s, left, right, leftLabel, rightLabel, label: leftLabel && rightLabel };
  }
  throw new GenerationError(`no ${opts.label} pair for ${opts.template ?? 'any template'} after ${STATEMENT_TRIES} statements`);
}
