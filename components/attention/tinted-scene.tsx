'use client';

import Image from 'next/image';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { formatWeight, inkOn, viridis } from '@/lib/core/attention/scale';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';

export type Side = 'Left' | 'Right';

export interface SceneObjects {
  /** Per object: its weight (raw) for the word in view. */
  weights: readonly number[];
  /** The top of the colour scale. */
  max: number;
  /** Per object: a short label for screen readers and captions (e.g. its detected class). */
  names?: readonly string[];
}

/**
 * One scene with every object tinted by its weight on the viridis scale (fill and frame) and labelled
 * with the number. With `onSelect`, each object is a button (the reverse direction: which words attend to it).
 */
export function TintedScene({
  side,
  image,
  objects,
  word,
  selected,
  onSelect,
}: {
  side: Side;
  image: PublicChallenge['left'];
  objects: SceneObjects;
  /** The word the weights belong to, for the labels. */
  word?: string;
  selected?: number | null;
  onSelect?: (o: number) => void;
}) {
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-sm font-medium text-slate-600 dark:text-slate-300">{side} image</figcaption>
      <div className="relative">
        <Image src={image.displayUrl} alt={`${side} scene`} width={800} height={200} unoptimized className="h-auto w-full rounded-md" />
        {image.boxes.map((b, o) => {
          const w = objects.weights[o] ?? 0;
          const v = w / objects.max;
          const label = `${side} image, object ${o + 1}${objects.names?.[o] ? `: ${objects.names[o]}` : ''}; weight ${formatWeight(w)}${word ? ` for “${word}”` : ''}`;
          const style = {
            left: `${(100 * b.x) / IMAGE_WIDTH}%`,
            top: `${(100 * b.y) / IMAGE_HEIGHT}%`,
            width: `${(100 * b.w) / IMAGE_WIDTH}%`,
            height: `${(100 * b.h) / IMAGE_HEIGHT}%`,
            // A frame just outside the object, no fill: a fill would change the object's own colour.
            boxShadow: `0 0 0 1px rgba(255, 255, 255, 0.6), 0 0 0 4px ${viridis(v)}`,
          };
          const tag = (
            // Beside the object (tower blocks touch above and below), on the side away from the image's edge.
            <span
              className={`pointer-events-none absolute top-1/2 -translate-y-1/2 rounded px-0.5 font-mono text-[10px] leading-tight ${b.x + b.w > IMAGE_WIDTH - 40 ? 'right-full mr-1.5' : 'left-full ml-1.5'}`}
              style={{ backgroundColor: viridis(v), color: inkOn(v) }}
              aria-hidden
            >
              {formatWeight(w)}
            </span>
          );
          const common = `absolute rounded-sm ${selected === o ? 'outline outline-2 outline-offset-[6px] outline-rose-600 dark:outline-rose-400' : ''}`;
          return onSelect ? (
            <button
              key={o}
              type="button"
              data-testid={`heat-${side.toLowerCase()}-${o}`}
              data-weight={w.toFixed(4)}
              aria-label={label}
              aria-pressed={selected === o}
              onClick={() => onSelect(o)}
              className={`${common} focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-[6px] focus-visible:outline-sky-600`}
              style={style}
            >
              {tag}
            </button>
          ) : (
            <div key={o} data-testid={`heat-${side.toLowerCase()}-${o}`} data-weight={w.toFixed(4)} role="img" aria-label={label} className={common} style={style}>
              {tag}
            </div>
          );
        })}
      </div>
    </figure>
  );
}
