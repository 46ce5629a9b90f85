import type { Quantity } from '@/lib/core/world/meaning';
import { cmps, color, disjointParts, sampleDesc, samplePart, sampleQ, sampleUnitQ, shape, twoColors } from './slots';
import { and, AT_LEAST_ONE, boxes, countAll, countIn, EXACTLY, filterOf, hasOne, NONE, partConds, SCATTER_ONLY, template } from './template';
import { article, be, boxNoun, choose, colourWord, itemNoun, np, num, oneOf, oneOfThe, partsText, qnp, thereBe, unitsWith, words, type Desc } from './words';

/** Box templates: how many items a box holds, of which colours, and which kinds of objects (two or three, one but not another). */
export const BOX_TEMPLATES = {
  'box-count-items': template({
    description: 'boxes holding a number of items ("One of the grey boxes has exactly four objects.")',
    weight: 3,
    layouts: { scatter: 0.75, tower: 0.25 },
    sample: (rng, layout) => {
      const k = sampleQ(rng, 1, layout === 'tower' ? 4 : 7, cmps({ eq: 0.75, ge: 0.1, le: 0.08, lt: 0.07 }));
      // Every box holds an object: "a box with at least one item" says nothing.
      return { boxes: sampleUnitQ(rng, { none: true }), k: k.cmp === 'ge' ? { cmp: k.cmp, n: Math.max(2, k.n) } : k };
    },
    meaning: (p) => boxes(p.boxes, countAll(p.k)),
    text: (rng, p) => {
      const x = qnp(rng, p.k, itemNoun(rng)).text;
      if (p.boxes.cmp === 'ge' && p.boxes.n === 1 && rng.chance(0.15)) return `there ${be(p.k.n !== 1)} ${x} in one ${boxNoun(rng)(false)}`;
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),
  'box-top-item': template({
    description: 'a box whose topmost item has a colour ("There is a box with 3 items and a black item on top.")',
    weight: 2.5,
    layouts: { tower: 0.7, scatter: 0.3 },
    sample: (rng, layout) => ({
      c: color(rng),
      d: layout === 'scatter' && rng.chance(0.4) ? { shape: shape(rng) } : {},
      k: rng.chance(0.7) ? sampleQ(rng, 2, layout === 'tower' ? 4 : 6, cmps({ eq: 0.8, ge: 0.2 })) : undefined,
      boxes: sampleUnitQ(rng),
    }),
    meaning: (p) => boxes(p.boxes, and(...(p.k ? [countAll(p.k)] : []), hasOne(filterOf({ ...p.d, color: p.c }, { kind: 'top' })))),
    text: (rng, p) => {
      const item = words(rng, { ...p.d, color: p.c }, false, 'scatter');
      const items = p.k ? qnp(rng, p.k, itemNoun(rng)).text : '';
      const q = p.boxes;
      if (!p.k) {
        if (q.cmp === 'ge' && q.n === 1 && rng.chance(0.4)) return `there is ${article(item)} on top`;
        return unitsWith(rng, q, boxNoun(rng), `${article(item)} on top`);
      }
      return oneOf(
        rng,
        () => unitsWith(rng, q, boxNoun(rng), `${items} and ${article(item)} on top`),
        () => unitsWith(rng, q, boxNoun(rng), `${items} and the ${p.c} one is on top`),
        () => unitsWith(rng, q, boxNoun(rng), `${items} and ${article(`${p.c} one`)} on top`),
      );
    },
  }),
  'box-items-colors': template({
    description: 'a box with a number of items of some colours ("There is a box with 3 items of all 3 different colors.")',
    weight: 2,
    layouts: { tower: 0.5, scatter: 0.5 },
    sample: (rng, layout) => ({
      boxes: sampleUnitQ(rng),
      k: sampleQ(rng, 2, layout === 'tower' ? 4 : 6, cmps({ eq: 0.85, le: 0.15 })),
      colors: rng.chance(0.5) ? { kind: 'colors' as const, q: EXACTLY(rng.int(2, 3)) } : { kind: 'only-colors' as const, colors: twoColors(rng) },
    }),
    meaning: (p) => boxes(p.boxes, and(countAll(p.k), p.colors)),
    text: (rng, p) => {
      const items = qnp(rng, p.k, itemNoun(rng)).text;
      const colour = colourWord(rng);
      let x: string;
      if (p.colors.kind === 'only-colors') {
        const [a, b] = p.colors.colors;
        x = oneOf(
          rng,
          () => `${items} of ${rng.chance(0.5) ? 'only ' : ''}${a} and ${b} ${colour}`,
          () => (p.k.cmp === 'eq' ? `only ${num(rng, p.k.n)} items of ${a} and ${b} ${colour}` : `${items} of ${a} and ${b} ${colour}`),
        );
      } else {
        const n = p.colors.q.n;
        x = n === 3 && rng.chance(0.6) ? `${items} of all ${num(rng, 3)} different ${colour}s` : `${items} of ${num(rng, n)} different ${colour}s`;
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), x);
    },
  }),
  'box-count-of-which': template({
    description: 'a box with n items of which some have a colour or shape ("There is a box with 3 items of which 2 are black.")',
    weight: 1.5,
    layouts: { scatter: 0.6, tower: 0.4 },
    sample: (rng, layout) => {
      const k = rng.int(1, layout === 'tower' ? 4 : 6);
      const d: Desc = layout === 'tower' || rng.chance(0.6) ? { color: color(rng) } : { shape: shape(rng) };
      const j = k === 1 ? EXACTLY(1) : choose<Quantity>(rng, [[0.6, () => EXACTLY(rng.int(1, k))], [0.4, () => ({ cmp: 'ge', n: rng.int(1, Math.min(2, k)) })]]);
      return { k, d, j };
    },
    meaning: (p) => boxes(AT_LEAST_ONE, and(countAll(EXACTLY(p.k)), countIn(filterOf(p.d), p.j))),
    text: (rng, p) => {
      const items = `${rng.chance(0.6) ? 'exactly ' : ''}${num(rng, p.k)} ${itemNoun(rng)(p.k !== 1)}`;
      const box = boxNoun(rng);
      // "which is black" / "which is a circle"; "of which 2 are black" / "of which 2 are circles".
      const single = p.d.color ?? article(p.d.shape ?? 'item');
      const plural = p.d.color ?? `${p.d.shape ?? 'item'}s`;
      const opener = rng.chance(0.5) ? `one of the ${oneOfThe(rng, box)} ${rng.pick(['has', 'contains'])}` : `there is a ${box(false)} with`;
      if (p.k === 1) return `${opener} ${items} which is ${single}`;
      if (p.j.cmp === 'ge' && p.j.n === 1) return `${opener} ${items} one of which is ${single}`;
      const j = p.j.cmp === 'ge' ? `at least ${num(rng, p.j.n)}` : num(rng, p.j.n);
      return `${opener} ${items} of which ${j} ${p.j.n === 1 && p.j.cmp === 'eq' ? `is ${single}` : `are ${plural}`}`;
    },
  }),
  'box-each-has': template({
    description: 'every box contains some objects ("Each box has at least 1 black item.")',
    weight: 2,
    layouts: SCATTER_ONLY,
    sample: (rng) => {
      // Every box rarely holds a given colour-and-shape: mostly one attribute.
      const d = choose<Desc>(rng, [[0.45, () => ({ color: color(rng) })], [0.35, () => ({ shape: shape(rng) })], [0.2, () => ({ color: color(rng), shape: shape(rng) })]]);
      return { d, k: choose<Quantity>(rng, [[0.75, () => AT_LEAST_ONE], [0.15, () => EXACTLY(1)], [d.color && d.shape ? 0 : 0.1, () => ({ cmp: 'ge', n: 2 })]]) };
    },
    meaning: (p) => boxes('every', countIn(filterOf(p.d), p.k)),
    text: (rng, p, layout) => {
      const x = qnp(rng, p.k, np(rng, p.d, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, 'every', boxNoun(rng), x.text),
        () => `${thereBe(x)} in each ${boxNoun(rng)(false)}`,
        () => `each ${boxNoun(rng)(false)} contains ${x.text}`,
      );
    },
  }),
  'box-has-count': template({
    description: 'how many boxes hold a number of objects of a kind ("There is 1 box with 2 black circles.")',
    weight: 3,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const d = sampleDesc(rng, layout, { none: 0 });
      return { boxes: sampleUnitQ(rng, { none: true }), d, k: sampleQ(rng, 1, d.color && d.shape ? 2 : 3, cmps({ eq: 0.55, ge: 0.45 })) };
    },
    meaning: (p) => boxes(p.boxes, countIn(filterOf(p.d), p.k)),
    text: (rng, p, layout) => {
      if (p.k.cmp === 'ge' && p.k.n === 1 && rng.chance(0.3)) {
        return unitsWith(rng, p.boxes, boxNoun(rng), words(rng, p.d, true, layout));
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), qnp(rng, p.k, np(rng, p.d, layout)).text);
    },
  }),
  'box-has-two': template({
    description: 'a box holding two kinds of objects ("There is a box with a yellow square and at least two black items.")',
    weight: 3.5,
    layouts: { scatter: 0.85, tower: 0.15 },
    sample: (rng, layout) => ({ boxes: sampleUnitQ(rng), parts: disjointParts(rng, 2, () => samplePart(rng, layout, layout === 'tower' ? 'tower' : 'box')) }),
    meaning: (p) => boxes(p.boxes, and(...partConds(p.parts))),
    text: (rng, p, layout) => {
      const a = p.parts[0]!;
      const b = p.parts[1]!;
      // "a box with 1 black and 1 blue item"
      if (a.d.color && b.d.color && !a.d.shape && !b.d.shape && a.q.cmp === 'eq' && b.q.cmp === 'eq' && a.q.n === 1 && b.q.n === 1 && rng.chance(0.5)) {
        return unitsWith(rng, p.boxes, boxNoun(rng), `${num(rng, 1)} ${a.d.color} and ${num(rng, 1)} ${b.d.color} ${layout === 'tower' ? 'block' : 'item'}`);
      }
      return unitsWith(rng, p.boxes, boxNoun(rng), partsText(rng, p.parts, layout));
    },
  }),
  'box-has-three': template({
    description: 'a box holding three kinds of objects ("There is a box with a blue triangle, a yellow square and a yellow circle.")',
    weight: 0.8,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({
      parts: disjointParts(rng, 3, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: choose<Quantity>(rng, [[0.8, () => AT_LEAST_ONE], [0.2, () => EXACTLY(rng.int(1, 2))]]) })),
    }),
    meaning: (p) => boxes(AT_LEAST_ONE, and(...partConds(p.parts))),
    text: (rng, p, layout) => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), partsText(rng, p.parts, layout)),
  }),
  'box-has-but-not': template({
    description: 'a box holding one kind of object and none of another ("There is a box with a yellow triangle and no blue squares.")',
    weight: 1,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => {
      const [yes, no] = disjointParts(rng, 2, () => ({ d: sampleDesc(rng, layout, { none: 0 }), q: AT_LEAST_ONE }));
      return { yes: yes!.d, no: no!.d };
    },
    meaning: (p) => boxes(AT_LEAST_ONE, and(hasOne(filterOf(p.yes)), countIn(filterOf(p.no), NONE))),
    text: (rng, p, layout) => {
      const yes = article(words(rng, p.yes, false, layout));
      return oneOf(
        rng,
        () => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), `${yes} and no ${words(rng, p.no, true, layout)}`),
        () => unitsWith(rng, AT_LEAST_ONE, boxNoun(rng), `${yes} but no ${words(rng, p.no, rng.chance(0.5), layout)}`),
        () => `there is a ${boxNoun(rng)(false)} without ${article(words(rng, p.no, false, layout))}, with ${yes}`,
      );
    },
  }),
  'box-none': template({
    description: 'no box satisfies a condition ("There is no box with a black item and two yellow items.")',
    weight: 0.8,
    layouts: SCATTER_ONLY,
    sample: (rng, layout) => ({ parts: disjointParts(rng, rng.chance(0.6) ? 1 : 2, () => samplePart(rng, layout, 'box')) }),
    meaning: (p) => boxes(NONE, and(...partConds(p.parts))),
    text: (rng, p, layout) => unitsWith(rng, NONE, boxNoun(rng), partsText(rng, p.parts, layout)),
  }),
};
