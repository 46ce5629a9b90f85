export interface Score {
  played: number;
  correct: number;
  streak: number;
}

export function ScoreBar({ score }: { score: Score }) {
  const accuracy = score.played ? Math.round((100 * score.correct) / score.played) : null;
  return (
    <dl className="flex gap-6 text-sm text-slate-600" data-testid="score">
      <div>
        <dt className="inline">Played </dt>
        <dd className="inline font-semibold text-slate-900">{score.played}</dd>
      </div>
      <div>
        <dt className="inline">Accuracy </dt>
        <dd className="inline font-semibold text-slate-900">{accuracy === null ? '–' : `${accuracy}%`}</dd>
      </div>
      <div>
        <dt className="inline">Streak </dt>
        <dd className="inline font-semibold text-slate-900">{score.streak}</dd>
      </div>
    </dl>
  );
}
