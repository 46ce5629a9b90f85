import { describe, expect, it } from 'vitest';
import { LEXICON } from '@/lib/core/text/lexicon';
import { evaluate } from '@/lib/core/world/evaluate';
import { createRng } from '@/lib/core/world/rng';
import { editScene, generateScene, LAYOUTS, layoutOf, TOWER } from '@/lib/core/world/scenes';
import { generateExample, generatePair, generateStatement, MAX_WORDS, TEMPLATE_INFO, TEMPLATES, type TemplateId } from '@/lib/core/statements';
import { BOX_SIZE, type Scene, type SceneBox, type SceneObject } from '@/lib/core/world/types';

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Why a scene is not a valid NLVR scene of its layout, or null. */
function sceneProblem(scene: Scene, layout: 'tower' | 'scatter'): string | null {
  if (scene.length !== 3) return 'not three boxes';
  for (const box of scene) {
    for (const o of box) {
      if (o.x_loc < 0 || o.y_loc < 0 || o.x_loc + o.size > BOX_SIZE || o.y_loc + o.size > BOX_SIZE) return 'object out of its box';
    }
  }
  return layout === 'tower' ? towerProblem(scene) : scatterProblem(scene);
}

function towerProblem(scene: Scene): string | null {
  for (const box of scene) {
    if (box.length < 1 || box.length > 4) return `tower of ${box.length} blocks`;
    // NLVR's tower rows: y 80, 59, 38, 17 from the base up.
    const ys = box.map((o) => o.y_loc).sort((a, b) => b - a);
    if (ys.some((y, k) => y !== 80 - 21 * k)) return `tower rows ${ys}`;
    if (box.some((o) => o.type !== 'square' || o.size !== 20 || o.x_loc !== 40)) return 'tower block not a size-20 square at x 40';
  }
  return null;
}

function scatterProblem(scene: Scene): string | null {
  if (scene.flat().length > 20) return 'more than 20 objects';
  for (const box of scene) {
    if (box.length < 1 || box.length > 7) return `box of ${box.length} objects`;
    if (overlapping(box)) return 'objects closer than 1 unit';
  }
  return null;
}

function overlapping(box: SceneBox): boolean {
  for (const [i, a] of box.entries()) {
    for (const b of box.slice(i + 1)) {
      const gx = Math.max(b.x_loc - (a.x_loc + a.size), a.x_loc - (b.x_loc + b.size));
      const gy = Math.max(b.y_loc - (a.y_loc + a.size), a.y_loc - (b.y_loc + b.size));
      if (Math.max(gx, gy) < 1) return true;
    }
  }
  return false;
}

describe('rng', () => {
  it('is deterministic for a seed, and seeds differ', () => {
    const draw = (seed: number | string) => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('synval')).toEqual(draw('synval'));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(7)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('int is inclusive, pick and weighted stay in range, shuffle permutes a copy', () => {
    const r = createRng(1);
    const ints = new Set(Array.from({ length: 500 }, () => r.int(0, 5)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from({ length: 100 }, () => r.weighted(['a', 'b'], [0, 1])).every((x) => x === 'b')).toBe(true);
    const items = [1, 2, 3, 4, 5];
    const shuffled = r.shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect([...shuffled].sort()).toEqual(items);
    expect(() => r.pick([])).toThrow();
  });
});

describe('scenes', () => {
  it('are valid NLVR scenes of their layout, and layoutOf recognises them', () => {
    const rng = createRng(5);
    for (let i = 0; i < 300; i++) {
      const layout = i % 2 === 0 ? 'tower' : 'scatter';
      const scene = generateScene(rng, layout, { adjacency: i % 4 === 1 ? 0.3 : 0 });
      expect(sceneProblem(scene, layout)).toBeNull();
      expect(layoutOf(scene)).toBe(layout);
    }
    expect(TOWER.size).toBe(20);
  });
});

describe('statement templates', () => {
  it('has at least 40 templates with unique ids and a description and layout each', () => {
    expect(TEMPLATE_INFO.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TEMPLATE_INFO.map((t) => t.id)).size).toBe(TEMPLATE_INFO.length);
    for (const t of TEMPLATE_INFO) {
      expect(t.description.length).toBeGreaterThan(10);
      expect(t.layouts.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 30 }, () => generateExample(rng));
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('every template produces true and false examples on valid scenes of its layouts', () => {
    const rng = createRng(21);
    for (const t of TEMPLATE_INFO) {
      for (const label of [true, false]) {
        for (let i = 0; i < 3; i++) {
          const ex = generateExample(rng, { template: t.id, label });
          // The output names its template `family`, the word the dataset serializes.
          expect(ex.family).toBe(t.id);
          expect(ex.label).toBe(label);
          expect(evaluate(ex.meaning, ex.scene), `${t.id}: ${ex.text}`).toBe(label);
          expect(t.layouts).toContain(ex.layout);
          expect(sceneProblem(ex.scene, ex.layout)).toBeNull();
        }
      }
    }
  });

  it('realises every template in at least two ways for the same meaning', () => {
    const rng = createRng(31);
    for (const t of TEMPLATE_INFO) {
      const def = TEMPLATES[t.id as TemplateId] as {
        sample(rng: unknown, layout: string): unknown;
        text(rng: unknown, p: unknown, layout: string): string;
      };
      for (let k = 0; k < 5; k++) {
        const layout = t.layouts[k % t.layouts.length]!;
        const p = def.sample(rng, layout);
        const texts = new Set(Array.from({ length: 40 }, () => def.text(rng, p, layout)));
        expect(texts.size, `${t.id}: ${[...texts][0]}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('rejects an unknown template and a layout the template does not have', () => {
    expect(() => generateStatement(createRng(1), 'no-such-template')).toThrow(/unknown statement template/);
    expect(() => generateStatement(createRng(1), 'tower-height', { layout: 'scatter' })).toThrow(/no scatter layout/);
  });
});

describe('the default mix', () => {
  const rng = createRng(2024);
  const examples = Array.from({ length: 2000 }, () => generateExample(rng));

  it('is label-balanced (45–55% true)', () => {
    const share = examples.filter((e) => e.label).length / examples.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  it('labels are the semantics of the scene, scenes are valid, texts are at most 22 words', () => {
    for (const e of examples) {
      expect(evaluate(e.meaning, e.scene)).toBe(e.label);
      expect(sceneProblem(e.scene, e.layout)).toBeNull();
      expect(wordCount(e.text), e.text).toBeLessThanOrEqual(MAX_WORDS);
      expect(e.text).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('covers many templates and mostly tower scenes, as NLVR does', () => {
    expect(new Set(examples.map((e) => e.family)).size).toBeGreaterThanOrEqual(50);
    const towers = examples.filter((e) => e.layout === 'tower').length / examples.length;
    expect(towers).toBeGreaterThan(0.6);
    expect(towers).toBeLessThan(0.78);
  });

  it('writes colour and shape words, typos included, that the lexicon grounds', () => {
    // Any word that looks like a colour or shape word must be one the alignment loss can use.
    const looksGrounded = /^(yel|bla|blu|ble|squ|sqa|cir|cic|tri|tra|ayel|abla|ablu)/;
    for (const e of examples) {
      for (const w of e.text.toLowerCase().split(/[^a-z]+/)) {
        if (looksGrounded.test(w) && !['blank'].includes(w)) expect(LEXICON.has(w), `${w} in "${e.text}"`).toBe(true);
      }
    }
  });

  it('varies its phrasing: synonyms, digits and number words, NLVR typos', () => {
    const text = examples.map((e) => e.text).join('\n');
    for (const w of ['item', 'object', 'block', 'grey box', 'touching the wall', 'touching the edge', 'at the base', 'exactly', 'at least']) expect(text).toContain(w);
    expect(text).toMatch(/\b[2-4]\b/);
    expect(text).toMatch(/\b(two|three|four)\b/);
    expect(text).toMatch(/\batleast\b|\bsquere\b|\btrinagle\b|\byelow\b|\bblak\b|\bbule\b|\bcircel\b/);
  });
});

describe('pairs', () => {
  it('a true pair is true of both images; a false pair varies which image is false', () => {
    const rng = createRng(9);
    const falsePatterns = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const label = i % 2 === 0;
      const p = generatePair(rng, { label });
      expect(p.label).toBe(label);
      expect(p.label).toBe(p.leftLabel && p.rightLabel);
      expect(evaluate(p.meaning, p.left)).toBe(p.leftLabel);
      expect(evaluate(p.meaning, p.right)).toBe(p.rightLabel);
      expect(layoutOf(p.left)).toBe(p.layout);
      expect(layoutOf(p.right)).toBe(p.layout);
      if (!label) falsePatterns.add(`${p.leftLabel}/${p.rightLabel}`);
    }
    expect([...falsePatterns].sort()).toEqual(['false/false', 'false/true', 'true/false']);
  });

  it('can be asked for one template', () => {
    const p = generatePair(createRng(4), { label: true, template: 'tower-stack' });
    expect(p.family).toBe('tower-stack');
    expect(p.leftLabel && p.rightLabel).toBe(true);
  });
});

/** The objects of a that b lacks plus those of b that a lacks (position, size, shape, colour and box). */
function changedObjects(a: Scene, b: Scene): number {
  const keys = (s: Scene) => s.flatMap((box, k) => box.map((o: SceneObject) => `${k}:${o.x_loc},${o.y_loc},${o.size},${o.type},${o.color}`));
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const [ka, kb] = [count(keys(a)), count(keys(b))];
  let diff = 0;
  for (const k of new Set([...ka.keys(), ...kb.keys()])) diff += Math.abs((ka.get(k) ?? 0) - (kb.get(k) ?? 0));
  return diff;
}

describe('near misses', () => {
  it.each(LAYOUTS)('an edit of a %s scene is a valid scene of its layout that changes one object or swaps two colours', (layout) => {
    const rng = createRng(`edit-${layout}`);
    let applied = 0;
    for (let i = 0; i < 400; i++) {
      const scene = generateScene(rng, layout, { adjacency: 0.25 });
      const before = JSON.stringify(scene);
      const edited = editScene(rng, scene, layout, { adjacency: 0.25 });
      expect(JSON.stringify(scene)).toBe(before);
      if (!edited) continue;
      applied++;
      expect(sceneProblem(edited, layout)).toBeNull();
      expect(changedObjects(scene, edited)).toBeGreaterThan(0);
      expect(changedObjects(scene, edited)).toBeLessThanOrEqual(4);
    }
    expect(applied).toBeGreaterThan(250);
  });

  it('contrast 0 draws exactly what no contrast draws, so the game packs and synval stay as they were', () => {
    const draw = (contrast?: number) => {
      const rng = createRng(21);
      return Array.from({ length: 20 }, (_, i) => generatePair(rng, { label: i % 2 === 0, contrast }));
    };
    expect(draw(0)).toEqual(draw());
  });

  it('with contrast 1 every pair is still correctly labelled and valid, and the scenes differ from random ones', () => {
    const pairs = (contrast: number) => {
      const rng = createRng(22);
      return Array.from({ length: 200 }, (_, i) => generatePair(rng, { label: i % 2 === 0, contrast }));
    };
    const near = pairs(1);
    for (const p of near) {
      expect(evaluate(p.meaning, p.left)).toBe(p.leftLabel);
      expect(evaluate(p.meaning, p.right)).toBe(p.rightLabel);
      expect(sceneProblem(p.left, p.layout)).toBeNull();
      expect(sceneProblem(p.right, p.layout)).toBeNull();
    }
    expect(near.map((p) => p.left)).not.toEqual(pairs(0).map((p) => p.left));
  });
});
