import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/core/world/rng';
import { generateExample, generatePair, generateStatement } from '@/lib/core/statements';

/**
 * Golden output of the statement generator. The game's packs, the synthetic validation splits and the
 * training dataset are drawn from fixed seeds, so a change of one character, one scene or one label
 * for a seed would change the data the shipped models were trained and scored on. These hashes were
 * recorded from the generator before its templates were split into topic files (issue 23); a
 * refactoring must leave every one of them as it is. Changing the generator on purpose means
 * recording them again, rebuilding the packs and the dataset, and retraining. Recorded again for
 * issue 19 (the-tower-top / the-tower-base and NLVR's phrasings of units; dataset .data/dataset-c2s).
 */

const SEEDS = [1, 2, 7, 1337] as const;

/** Every statement template id, in the order of the default mix (the `family` field of an output). */
const IDS = [
  'tower-height', 'tower-height-count', 'tower-top-color', 'tower-base-color', 'tower-top-count', 'tower-base-count',
  'tower-top-height', 'tower-base-height', 'the-tower-top', 'the-tower-base', 'tower-top-base', 'tower-stack', 'tower-stack-count', 'tower-no-stack',
  'stack-on-base', 'tower-color-count', 'towers-color-count', 'tower-single-color', 'tower-same-color', 'tower-mixed-colors',
  'tower-distinct-colors', 'tower-only-colors', 'tower-level-color', 'tower-single-block', 'block-count-color', 'tower-same-height',
  'tower-same-end', 'box-count-items', 'box-top-item', 'box-items-colors', 'box-count-of-which', 'box-each-has', 'box-has-count',
  'box-has-two', 'box-has-three', 'box-has-but-not', 'box-none', 'box-only', 'box-only-colors', 'same-color-box', 'same-shape-box',
  'box-distinct-colors', 'boxes-same-count', 'same-box', 'boxes-edge', 'box-items-edge', 'exists-color-shape', 'count-color-shape',
  'count-color', 'count-shape', 'count-size', 'negated-exists', 'count-two-kinds', 'disjunction-color', 'count-not-color',
  'touch-edge', 'touch-edge-count', 'not-touch-edge-count', 'touch-base', 'touch-side', 'touch-corner', 'no-touch', 'every-edge',
  'edge-colors', 'above-color', 'below-color', 'touching-objects', 'conjunction',
] as const;

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** What a call gives, or that it threw (an unknown template, a layout the template lacks). */
function attempt<T>(f: () => T): T | 'threw' {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

/** The full output (text, layout, meaning, scenes, labels, template id) of each way callers draw, for a seed. */
const VARIANTS: Record<string, (seed: number) => unknown[]> = {
  // lib/server/packs.ts, lib/tools/dataset/build.ts (synthetic train and synval), tests/integration/eval-cli.test.ts
  pairs: (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 2000 }, (_, i) => generatePair(rng, { label: i % 2 === 0 }));
  },
  // dataset:build --contrast p, and the synnear split (contrast 1)
  'pairs-contrast-0.5': (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 400 }, (_, i) => generatePair(rng, { label: i % 2 === 0, contrast: 0.5 }));
  },
  'pairs-contrast-1': (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 400 }, (_, i) => generatePair(rng, { label: i % 2 === 0, contrast: 1 }));
  },
  // scripts/world-stats.ts
  examples: (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 2000 }, () => generateExample(rng));
  },
  'examples-labelled': (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 600 }, (_, i) => generateExample(rng, { label: i % 3 !== 0 }));
  },
  // scripts/vocab-build.ts
  statements: (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 3000 }, () => generateStatement(rng));
  },
  layouts: (seed) => {
    const rng = createRng(seed);
    return Array.from({ length: 400 }, (_, i) => generatePair(rng, { label: i % 2 === 0, layout: i % 4 < 2 ? 'tower' : 'scatter' }));
  },
  // One template asked for, with and without a layout (tower-only templates throw for scatter).
  forced: (seed) => {
    const rng = createRng(seed);
    return IDS.flatMap((id) => [
      ...Array.from({ length: 3 }, (_, i) => generatePair(rng, { label: i % 2 === 0, template: id })),
      generateExample(rng, { template: id }),
      attempt(() => generateStatement(rng, id, { layout: 'tower' })),
      attempt(() => generateStatement(rng, id, { layout: 'scatter' })),
      attempt(() => generateStatement(rng, id)),
    ]);
  },
  unknown: (seed) => [attempt(() => generateStatement(createRng(seed), 'no-such-template'))],
};

const GOLDEN: Record<string, Record<number, string>> = {
  pairs: {
    1: 'd3c61f69ea75a5034f6b00ba3badc3e18806276e0463530a2a8be2f0caf51790',
    2: 'b4823c6850cdc60911bff24e174863cb09b4d610e780cc2ea80b86cb5834d4cb',
    7: '538c07fc95e4b8e5c7592288262ddce4858ea994ea14d6b074fbbbf15924d773',
    1337: '79f2244d18db2d3c9eea74b7d9ea5e89987ac05b33e81c7ef4d2f5d918ccbcf8',
  },
  'pairs-contrast-0.5': {
    1: 'df2450613ed1ec3417bd717ba33c67235975dae16040bf0af36f329fda33fed6',
    2: 'cd78c45c0d6a7eb823c2aa78be6cf1ae874e63c094881b1b22107b70bc5dc14d',
    7: 'f8e8ad4640dd98fe73fc669239a575e240eaf1a94a6a2c515b309758bfb013ae',
    1337: '0a0642c570956651b41f6ce9e56f157578d85ad4f66b0ad526606800c839915b',
  },
  'pairs-contrast-1': {
    1: '7a7e9b30010593ed9d070b879dd863264f1e618a752b1111a78cd44dde2e84ac',
    2: '80bb67fe3000839cdce5d18f05f02cc03a7623bf9766b71e901ce1a7c725b629',
    7: '6bf688551ccdec64d22c1dfd4f38e72caf9a70bd74aa481d041fa15ca9e2b0e4',
    1337: '66b786df391603b04097ab3dc08eae0353e514933e03646e1b85595782c42c79',
  },
  examples: {
    1: '79853a2ac08b3e4440882ea1c9b6adf9a6be5a440ca6da97dc523f4556367860',
    2: 'd315414636c46d8631bf45c6fcd08360ea1f6f3ac199c9139b6aacf6b3ff1536',
    7: '327967d9db120da27eb423619a5e4369865fcb768c9e2f8d2757c7e416bfdb0a',
    1337: '524a14930dfc82791b3c674dedb95cdcaf2058b07f780413c93f3ef6b3854bb1',
  },
  'examples-labelled': {
    1: 'bb4e8e55c54634c4983f0ecdeb81aab8e234ac3e20a3614ec2119f574f118570',
    2: '6ce1799eb74c9d10e3171e3bc2640ae710a8617bb5da96a15f29a80debe0f61a',
    7: '3164a52d946bf1985e6ee0359fc909766d6bcbfd3b9d9ee40066865fa60ac34f',
    1337: '25751ee14d9909b3a4df45e0079340df0d9b8252dd5dba9d60c190b6044495ee',
  },
  statements: {
    1: '5f876db08140b45fb1eb9d49ff3e5c9710b10a18248599bdc4caf11d61f89ba9',
    2: '90fcff1ac25a97fdd086d9131ab79714e8d5abb943c56c93ae0c6e6d5ca9f2e5',
    7: '2d1d905e0217dcb5da71678dc174bdc31722d44be1c8b5e8ad2ea2841c7c8341',
    1337: 'a9974c4ddf422bbbad7489a2e2c77de7529335135724b96028d3bebab74b4f36',
  },
  layouts: {
    1: 'cfbaf32b9588d247bf35682e11321cfa7faf48e7938d444b974bf075ef089d8e',
    2: '169982d28022a9f88b567d328ecd0323b246a3f655acc7aafc25e73a5d0e1033',
    7: '1b0180ed279f5834ecff967a342c4128abf5af23a5f7ebee6b20ba8a528e6f60',
    1337: '50c84b2cab61209a59404b9bbee2c54f03ff8e7f4a638129717756d3336a47de',
  },
  forced: {
    1: '37ef4ab1549e5f0ec1245b8fe2b483e6369c84f122f3778b7207f474ed031d88',
    2: 'a069eb974c3b557d2c9856b659a7fcae058421cb35eebf6e427be743f798996a',
    7: '5bb1e50b4183eaa70bf6a590dcd8ca1c5fc1a6ef056c9d977449656e1555f67e',
    1337: 'f4f84e46ac0d89e7bf71e6fc6f6ccc1302f4cd0034eeb9285c001602710dbfa8',
  },
  unknown: {
    1: 'c7df74fc3c1c53a2a469a3b34cd1b062626f94be6f30999ac1c606d60235c824',
    2: 'c7df74fc3c1c53a2a469a3b34cd1b062626f94be6f30999ac1c606d60235c824',
    7: 'c7df74fc3c1c53a2a469a3b34cd1b062626f94be6f30999ac1c606d60235c824',
    1337: 'c7df74fc3c1c53a2a469a3b34cd1b062626f94be6f30999ac1c606d60235c824',
  },
};

describe('the statement generator is byte-identical to its recorded output', () => {
  for (const [name, draw] of Object.entries(VARIANTS)) {
    it.each(SEEDS)(`${name}, seed %i`, (seed) => {
      expect(sha256(draw(seed))).toBe(GOLDEN[name]![seed]);
    }, 120_000);
  }

  it('spelled out: the first pairs and statements of seed 1', () => {
    const rng = createRng(1);
    const pairs = Array.from({ length: 6 }, (_, i) => generatePair(rng, { label: i % 2 === 0 }));
    expect(pairs.map((p) => [p.family, p.layout, p.text, p.leftLabel, p.rightLabel, p.label])).toEqual([
      ['box-top-item', 'tower', 'there is a box with at least four objects and the yellow one is on top', true, true, true],
      ['box-none', 'scatter', 'There is no grey square with exactly one blue triangle and at least one black circle.', false, true, false],
      ['tower-base-height', 'tower', 'There is a tower with at most one block and the bottom block is black.', true, true, true],
      ['same-box', 'scatter', 'every bule circle is in the same box', true, false, false],
      ['boxes-edge', 'scatter', 'There are 2 boxes containing at least 1 triangle touching the right edge.', true, true, true],
      ['tower-height', 'tower', 'There  is a tower with three blocks.', false, false, false],
    ]);
    expect(JSON.stringify(pairs[0])).toBe(
      '{"family":"box-top-item","layout":"tower","meaning":{"kind":"units","unit":"box","q":{"cmp":"ge","n":1},"cond":{"kind":"and","conds":[{"kind":"count","of":{},"q":{"cmp":"ge","n":4}},{"kind":"count","of":{"colors":["yellow"],"where":[{"kind":"top"}]},"q":{"cmp":"ge","n":1}}]}},"text":"there is a box with at least four objects and the yellow one is on top","left":[[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"Yellow"},{"x_loc":40,"y_loc":59,"size":20,"type":"square","color":"Yellow"},{"x_loc":40,"y_loc":38,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":17,"size":20,"type":"square","color":"Yellow"}],[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"Black"},{"x_loc":40,"y_loc":59,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":38,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":17,"size":20,"type":"square","color":"Yellow"}],[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":59,"size":20,"type":"square","color":"Yellow"},{"x_loc":40,"y_loc":38,"size":20,"type":"square","color":"#0099ff"}]],"right":[[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"Yellow"},{"x_loc":40,"y_loc":59,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":38,"size":20,"type":"square","color":"Yellow"}],[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":59,"size":20,"type":"square","color":"#0099ff"},{"x_loc":40,"y_loc":38,"size":20,"type":"square","color":"Yellow"},{"x_loc":40,"y_loc":17,"size":20,"type":"square","color":"Yellow"}],[{"x_loc":40,"y_loc":80,"size":20,"type":"square","color":"#0099ff"}]],"leftLabel":true,"rightLabel":true,"label":true}',
    );
    const statements = createRng(1);
    expect(Array.from({ length: 8 }, () => generateStatement(statements).text)).toEqual([
      'there is a box with at least four objects and the yellow one is on top',
      'There is a yellow tower with at least two blocks',
      'There are exactly two black blocks as the base of a tower.',
      'there is at least 1 tower with a yellow block on top',
      'At least two items touch the wall',
      'There is a tower having not more than two blocks.',
      'There is at least one tower with a black block on top',
      'there is at least one tower with a yellow blcok on top',
    ]);
  });
});
