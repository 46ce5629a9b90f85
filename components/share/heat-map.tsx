'use client';

import Image from 'next/image';
import { useState } from 'react';
import type { PublicChallenge } from '@/lib/game/challenge';
import { decodeAttention, type ShareDoc } from '@/lib/share/schema';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/world/types';

/** Rows scaled so that each word's strongest object is fully lit. */
function normalized(rows: number[][]): number[][] {
  return rows.map((row) => {
    const max = Math.max(...row, 1e-6);
    return row.map((w) => w / max);
  });
}

function Scene({ side, image, weights }: { side: 'Left' | 'Right'; image: PublicChallenge['left']; weights: number[] }) {
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-sm font-medium text-slate-600">{side} image</figcaption>
      <div className="relative">
        <Image src={image.displayUrl} alt={`${side} scene`} width={800} height={200} unoptimized className="h-auto w-full rounded-md" />
        {image.boxes.map((b, o) => (
          <div
            key={o}
            data-testid={`heat-${side.toLowerCase()}-${o}`}
            className="absolute rounded-sm ring-2 ring-orange-500"
            style={{
              left: `${(100 * b.x) / IMAGE_WIDTH}%`,
              top: `${(100 * b.y) / IMAGE_HEIGHT}%`,
              width: `${(100 * b.w) / IMAGE_WIDTH}%`,
              height: `${(100 * b.h) / IMAGE_HEIGHT}%`,
              backgroundColor: `rgba(249, 115, 22, ${(0.75 * (weights[o] ?? 0)).toFixed(3)})`,
              opacity: 0.25 + 0.75 * (weights[o] ?? 0),
            }}
          />
        ))}
      </div>
    </figure>
  );
}

/** Word → object heat map from the stored attention: pick a word, see which objects it attends to in each image. */
export function HeatMap({ doc }: { doc: ShareDoc }) {
  const { words } = doc.attention;
  const [focus, setFocus] = useState(doc.attention.focus);
  const left = normalized(decodeAttention(doc.attention.left, words.length, doc.challenge.left.boxes.length));
  const right = normalized(decodeAttention(doc.attention.right, words.length, doc.challenge.right.boxes.length));
  return (
    <section className="flex flex-col gap-4" aria-label="Attention heat map">
      <div className="flex flex-wrap gap-2" role="group" aria-label="Words">
        {words.map((word, w) => (
          <button
            key={w}
            type="button"
            aria-pressed={w === focus}
            onClick={() => setFocus(w)}
            className={`rounded-md px-2 py-1 font-mono text-sm ${w === focus ? 'bg-orange-500 text-white' : 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-orange-50'}`}
          >
            {word}
          </button>
        ))}
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Scene side="Left" image={doc.challenge.left} weights={left[focus] ?? []} />
        <Scene side="Right" image={doc.challenge.right} weights={right[focus] ?? []} />
      </div>
    </section>
  );
}
