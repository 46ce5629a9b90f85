'use client';

import { Legend } from './legend';
import { SourceGrid, sourceName } from './source-grid';
import { TintedScene } from './tinted-scene';
import { WordChips } from './word-chips';
import { formatWeight, scaleMax } from '@/lib/core/attention/scale';
import { detectedClass, sourceMatrix, type Explanation, type Source } from '@/lib/core/model/explain';
import type { PublicChallenge } from '@/lib/core/game/challenge';
import type { Verdict } from '@/lib/core/model/protocol';

export interface ViewState {
  /** The selected word; `preview` (hover) shows another one without selecting it. */
  word: number;
  preview: number | null;
  /** The selected object (the reverse direction): which words attend to it. */
  object: { image: 0 | 1; o: number } | null;
  source: Source;
  showClasses: boolean;
}

const SIDES = ['Left', 'Right'] as const;

export function objectName(probs: readonly number[]): string {
  const d = detectedClass(probs);
  return `detected ${d.color} ${d.shape}`;
}

/** The word row of each image for a source: what the main view and the export draw. */
export function viewWeights(explanation: Explanation, source: Source, word: number): { rows: [number[], number[]]; max: number } {
  const rows = explanation.images.map((image) => sourceMatrix(image, source)[word] ?? []) as [number[], number[]];
  return { rows, max: scaleMax(rows.flat()) };
}

const pct = (p: number) => `${Math.round(100 * p)}%`;

/** One model's view of one statement about the pair: word chips, the enlarged source, its legend, the small multiples, the objects. */
export function AttentionView({
  id,
  title,
  challenge,
  explanation,
  verdict,
  state,
  onState,
  narrow = false,
}: {
  id: string;
  title: string;
  challenge: PublicChallenge;
  explanation: Explanation;
  verdict: Verdict;
  state: ViewState;
  onState: (next: Partial<ViewState>) => void;
  narrow?: boolean;
}) {
  const word = Math.min(state.preview ?? state.word, explanation.words.length - 1);
  const { rows, max } = viewWeights(explanation, state.source, word);
  const names = explanation.images.map((image) => image.detections.map(objectName));
  const obj = state.object;
  const reverse =
    obj && obj.o < names[obj.image]!.length
      ? (() => {
          const column = sourceMatrix(explanation.images[obj.image], state.source).map((row) => row[obj.o] ?? 0);
          return { values: column, max: scaleMax(column), object: `${SIDES[obj.image]} object ${obj.o + 1}` };
        })()
      : undefined;
  const wordText = explanation.words[word]!;
  const strongest = (i: 0 | 1) => {
    const r = rows[i];
    if (!r.length) return 'no objects';
    const o = r.indexOf(Math.max(...r));
    return `object ${o + 1} (${names[i]![o]}, ${formatWeight(r[o]!)})`;
  };
  return (
    <section className="flex min-w-0 flex-col gap-3" aria-labelledby={`${id}-title`} data-testid={`attention-${id}`} data-statement={explanation.words.join(' ')}>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${id}-title`} className="font-semibold">
          {title}
        </h3>
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid={`${id}-verdict`} data-verdict={String(verdict.pair >= 0.5)}>
          says <strong>{verdict.pair >= 0.5 ? 'true of both' : 'not true of both'}</strong> ({pct(verdict.pair)} true; left {pct(verdict.left)}, right {pct(verdict.right)})
        </p>
      </header>
      <WordChips
        words={explanation.words}
        unknown={explanation.unknown}
        selected={Math.min(state.word, explanation.words.length - 1)}
        onSelect={(t) => onState({ word: t, preview: null })}
        onPreview={(t) => onState({ preview: t })}
        weights={reverse}
        label={`Words, ${title}`}
      />
      <p className="sr-only" aria-live="polite" data-testid={`${id}-summary`}>
        {`“${wordText}”, ${sourceName(state.source)}: strongest in the left image ${strongest(0)}; in the right image ${strongest(1)}.`}
        {reverse && ` Words attending to ${reverse.object}: ${explanation.words.map((w, t) => `${w} ${formatWeight(reverse.values[t]!)}`).join(', ')}.`}
      </p>
      <div className={`grid gap-3 ${narrow ? '' : 'md:grid-cols-2'}`} data-testid={`${id}-scenes`} data-source={state.source.kind === 'alignment' ? 'alignment' : `${state.source.layer}:${state.source.head ?? 'mean'}`} data-word={wordText}>
        {SIDES.map((side, i) => (
          <div key={side} className="flex flex-col gap-1">
            <TintedScene
              side={side}
              image={i === 0 ? challenge.left : challenge.right}
              objects={{ weights: rows[i as 0 | 1], max, names: names[i] }}
              word={wordText}
              selected={obj?.image === i ? obj.o : null}
              numbered={state.showClasses}
              onSelect={(o) => onState({ object: obj?.image === i && obj.o === o ? null : { image: i as 0 | 1, o } })}
            />
            {state.showClasses && (
              <p className="text-xs text-slate-600 dark:text-slate-300" data-testid={`${id}-classes-${side.toLowerCase()}`}>
                {names[i]!.map((n, o) => `${o + 1}: ${n.replace('detected ', '')}`).join(' · ')}
              </p>
            )}
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Legend max={max} caption={`Attention of “${wordText}” on each object, ${sourceName(state.source)}${state.source.kind === 'alignment' ? ' (a distribution over each image’s objects)' : ''}.`} />
        {reverse && (
          <p className="text-xs text-slate-600 dark:text-slate-300">
            Word chips tinted by their attention on {reverse.object} ({names[obj!.image]![obj!.o]}). Press the object again to clear.
          </p>
        )}
      </div>
      <SourceGrid challenge={challenge} explanation={explanation} word={word} source={state.source} onSource={(source) => onState({ source })} />
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700 dark:text-slate-200">Every object: detected class and weight (table)</summary>
        <table className="mt-2 w-full text-left text-xs tabular-nums">
          <caption className="sr-only">
            Objects of both images with the detector&apos;s class and their attention weight for “{wordText}”, {sourceName(state.source)}
          </caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-600">
              <th scope="col">Image</th>
              <th scope="col">Object</th>
              <th scope="col">Detected colour</th>
              <th scope="col">Detected shape</th>
              <th scope="col">Weight</th>
            </tr>
          </thead>
          <tbody>
            {explanation.images.flatMap((image, i) =>
              image.detections.map((probs, o) => {
                const d = detectedClass(probs);
                return (
                  <tr key={`${i}-${o}`} className="border-b border-slate-100 dark:border-slate-800">
                    <td>{SIDES[i]}</td>
                    <td>{o + 1}</td>
                    <td>
                      {d.color} ({pct(d.colorP)})
                    </td>
                    <td>
                      {d.shape} ({pct(d.shapeP)})
                    </td>
                    <td>{formatWeight(rows[i as 0 | 1][o] ?? 0)}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </details>
    </section>
  );
}
