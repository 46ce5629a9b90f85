'use client';

import Image from 'next/image';
import { useEffect, useRef, useState } from 'react';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import { formatWeight, inkOn, viridis } from '@/lib/core/attention/scale';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '@/lib/core/world/types';
import { placeLabels } from './label-layout';

export type Side = 'Left' | 'Right';

export interface SceneObjects {
  /** Per object: its weight (raw) for the word in view. */
  weights: readonly number[];
  /** The top of the colour scale. */
  max: number;
  /** Per object: a short label for screen readers and captions (e.g. its detected class). */
  names?: readonly string[];
}

/** Labels are 10 px monospace (6 px a character), 2 px padding each side, 13 px high; 3 px from their object. */
const CHAR_PX = 6.1;
const LABEL_PAD_PX = 4;
const LABEL_H_PX = 13;
const GAP_PX = 3;

/** The rendered width of the scene, for label sizes in image pixels (labels keep their CSS size as the image scales). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * One scene with every object framed by its weight on the viridis scale and labelled with the weight (and its
 * number, where `numbered` or when selected: the text beside the view names objects by number). Labels sit
 * beside their objects and never on another label or object: where there is no room, the weakest are left out
 * (the weight stays in the object's accessible name and tooltip; selecting an object puts its label first).
 * With `onSelect`, each object is a button (the reverse direction: which words attend to it).
 */
export function TintedScene({
  side,
  image,
  objects,
  word,
  selected,
  onSelect,
  numbered = false,
}: {
  side: Side;
  image: PublicChallenge['left'];
  objects: SceneObjects;
  /** The word the weights belong to, for the labels. */
  word?: string;
  selected?: number | null;
  onSelect?: (o: number) => void;
  numbered?: boolean;
}) {
  const [frame, width] = useWidth();
  const text = (o: number) => `${numbered || selected === o ? `${o + 1}: ` : ''}${formatWeight(objects.weights[o] ?? 0)}`;
  const order = image.boxes.map((_, o) => o).sort((a, b) => Number(b === selected) - Number(a === selected) || (objects.weights[b] ?? 0) - (objects.weights[a] ?? 0));
  const perPx = width ? IMAGE_WIDTH / width : null;
  const spots = perPx
    ? placeLabels(image.boxes, order, (o) => ({ w: (text(o).length * CHAR_PX + LABEL_PAD_PX) * perPx, h: LABEL_H_PX * perPx }), { w: IMAGE_WIDTH, h: IMAGE_HEIGHT }, GAP_PX * perPx)
    : [];
  const at = (x: number, total: number) => `${(100 * x) / total}%`;
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-sm font-medium text-slate-600 dark:text-slate-300">{side} image</figcaption>
      <div className="relative" ref={frame}>
        <Image src={image.displayUrl} alt={`${side} scene`} width={800} height={200} unoptimized loading="eager" className="h-auto w-full rounded-md" />
        {image.boxes.map((b, o) => {
          const w = objects.weights[o] ?? 0;
          const v = w / objects.max;
          const label = `${side} image, object ${o + 1}${objects.names?.[o] ? `: ${objects.names[o]}` : ''}; weight ${formatWeight(w)}${word ? ` for “${word}”` : ''}`;
          const style = {
            left: at(b.x, IMAGE_WIDTH),
            top: at(b.y, IMAGE_HEIGHT),
            width: at(b.w, IMAGE_WIDTH),
            height: at(b.h, IMAGE_HEIGHT),
            // A frame just outside the object, no fill: a fill would change the object's own colour.
            boxShadow: `0 0 0 1px rgba(255, 255, 255, 0.6), 0 0 0 4px ${viridis(v)}`,
          };
          const common = `absolute rounded-sm ${selected === o ? 'outline outline-2 outline-offset-[6px] outline-rose-600 dark:outline-rose-400' : ''}`;
          return onSelect ? (
            <button
              key={o}
              type="button"
              data-testid={`heat-${side.toLowerCase()}-${o}`}
              data-weight={w.toFixed(4)}
              aria-label={label}
              title={label}
              aria-pressed={selected === o}
              onClick={() => onSelect(o)}
              // On the scene (light grey in both themes) the ring is dark blue in both themes.
              className={`${common} focus-visible:outline-3 focus-visible:outline-offset-[6px] focus-visible:outline-blue-800`}
              style={style}
            />
          ) : (
            <div key={o} data-testid={`heat-${side.toLowerCase()}-${o}`} data-weight={w.toFixed(4)} role="img" aria-label={label} title={label} className={common} style={style} />
          );
        })}
        {spots.map((spot, o) => {
          if (!spot) return null;
          const v = (objects.weights[o] ?? 0) / objects.max;
          return (
            <span
              key={o}
              data-testid="weight-label"
              className="pointer-events-none absolute flex items-center justify-center whitespace-nowrap rounded font-mono text-[10px] leading-none"
              style={{ left: at(spot.x, IMAGE_WIDTH), top: at(spot.y, IMAGE_HEIGHT), width: at(spot.w, IMAGE_WIDTH), height: at(spot.h, IMAGE_HEIGHT), backgroundColor: viridis(v), color: inkOn(v) }}
              aria-hidden
            >
              {text(o)}
            </span>
          );
        })}
      </div>
    </figure>
  );
}
