import { memo } from 'react';

export interface Score {
  played: number;
  correct: number;
  streak: number;
  /** Longest streak this session. */
  best: number;
  /** The model on the same challenges (counted once its answer is in). */
  model: { played: number; correct: number };
}

const percent = (correct: number, played: number) => (played ? `${Math.round((100 * correct) / played)}%` : '–');

function Item({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div>
      <dt className="inline">{label} </dt>
      <dd className="inline font-semibold text-slate-900 dark:text-slate-100" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** You vs the model: played, accuracy, streak (and best), and the model's accuracy on the same challenges. */
export const ScoreBar = memo(function ScoreBar({ score }: { score: Score }) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600 dark:text-slate-300" data-testid="score" aria-label="Score">
      <Item label="Played" value={score.played} />
      <Item label="Accuracy" value={percent(score.correct, score.played)} testId="score-accuracy" />
      <Item label="Streak" value={score.streak} testId="score-streak" />
      <Item label="Best" value={score.best} />
      <Item label="Model" value={score.model.played ? `${percent(score.model.correct, score.model.played)} of ${score.model.played}` : '–'} testId="score-model" />
    </dl>
  );
});
