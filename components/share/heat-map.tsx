'use client';

import { useState } from 'react';
import { Legend } from '@/components/attention/legend';
import { TintedScene } from '@/components/attention/tinted-scene';
import { WordChips } from '@/components/attention/word-chips';
import { scaleMax } from '@/lib/core/attention/scale';
import { decodeAttention, type ShareDoc } from '@/lib/core/game/share';

/** Word → object heat map from the stored attention: pick a word, see which objects it attends to in each image. */
export function HeatMap({ doc }: { doc: ShareDoc }) {
  const { words } = doc.attention;
  const [focus, setFocus] = useState(doc.attention.focus);
  const left = decodeAttention(doc.attention.left, words.length, doc.challenge.left.boxes.length)[focus] ?? [];
  const right = decodeAttention(doc.attention.right, words.length, doc.challenge.right.boxes.length)[focus] ?? [];
  const max = scaleMax([...left, ...right]);
  return (
    <section className="flex flex-col gap-4" aria-label="Attention heat map">
      <WordChips words={words} selected={focus} onSelect={setFocus} />
      <div className="grid gap-4 md:grid-cols-2">
        <TintedScene side="Left" image={doc.challenge.left} objects={{ weights: left, max }} word={words[focus]} />
        <TintedScene side="Right" image={doc.challenge.right} objects={{ weights: right, max }} word={words[focus]} />
      </div>
      <Legend max={max} caption={`Attention of “${words[focus]}” on each object (weights quantized to 1/255).`} />
    </section>
  );
}
