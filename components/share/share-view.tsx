import type { ShareDoc } from '@/lib/core/game/share';
import { HeatMap } from './heat-map';

const pct = (p: number) => `${Math.round(100 * p)} %`;
const yesNo = (v: boolean) => (v ? 'true of both' : 'not true of both');

/**
 * The Truth line: the label when the player knew it (practice); for a statement typed into "Ask the model"
 * (no answer and no label) none is claimed, only the model's reading; a ranked challenge's label stays hidden.
 */
function truth(doc: ShareDoc): string {
  if (doc.label !== null) return yesNo(doc.label);
  return doc.answer === null ? 'not known: a statement typed into “Ask the model”; above is only the model’s reading' : 'hidden (ranked challenge)';
}

/**
 * A shared visualization redrawn from its stored document alone (no model): the statement, the
 * answers, the model's verdicts and the word → object heat map of the chosen view. Everything the
 * sharer sent is rendered as text nodes, never as markup.
 */
export function ShareView({ doc }: { doc: ShareDoc }) {
  const { model, view } = doc;
  return (
    <article className="flex flex-col gap-5" data-testid="share-view">
      <p className="rounded-xl bg-white p-4 text-xl font-medium shadow-sm sm:text-2xl dark:bg-slate-900" data-testid="share-statement">
        “{doc.challenge.statement}”
      </p>
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div className="rounded-lg bg-white p-3 shadow-sm dark:bg-slate-900">
          <dt className="text-slate-600 dark:text-slate-300">Player answered</dt>
          <dd className="font-semibold">{doc.answer === null ? 'no answer' : yesNo(doc.answer)}</dd>
        </div>
        <div className="rounded-lg bg-white p-3 shadow-sm dark:bg-slate-900">
          <dt className="text-slate-600 dark:text-slate-300">Model {model.id} says</dt>
          <dd className="font-semibold">
            {yesNo(model.pair >= 0.5)} ({pct(model.pair)}; left {pct(model.left)}, right {pct(model.right)})
          </dd>
        </div>
        <div className="rounded-lg bg-white p-3 shadow-sm dark:bg-slate-900">
          <dt className="text-slate-600 dark:text-slate-300">Truth</dt>
          <dd className="font-semibold" data-testid="share-truth">
            {truth(doc)}
          </dd>
        </div>
      </dl>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Word → object attention of cross-modal layer {view.layer + 1}, {view.head === null ? 'mean over heads' : `head ${view.head + 1}`}. Pick a
        word to see which objects it looks at.
      </p>
      <HeatMap doc={doc} />
    </article>
  );
}
