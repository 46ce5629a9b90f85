-- Boards no one can game (issue 20).

-- A model entry on a hidden-label split is reported on the split's public part (accuracy, consistency,
-- pair_accuracy, n) and ranked on its private part (rank_*), which is never shown before the day closes.
-- On a public-label split both are the whole split. Rows written before this migration scored the whole split.
ALTER TABLE model_scores
  ADD COLUMN rank_accuracy double precision CHECK (rank_accuracy BETWEEN 0 AND 1),
  ADD COLUMN rank_consistency double precision CHECK (rank_consistency BETWEEN 0 AND 1),
  ADD COLUMN rank_pair_accuracy double precision CHECK (rank_pair_accuracy BETWEEN 0 AND 1);
UPDATE model_scores SET rank_accuracy = accuracy, rank_consistency = consistency, rank_pair_accuracy = pair_accuracy;
ALTER TABLE model_scores ALTER COLUMN rank_accuracy SET NOT NULL, ALTER COLUMN rank_consistency SET NOT NULL;
CREATE INDEX model_scores_ranked ON model_scores (split, rank_accuracy DESC, created_at);

-- One ranked daily run per player (a signed cookie) and date; later runs are practice: stored and
-- scored, never on a board. The partial unique index settles concurrent submissions.
ALTER TABLE daily_runs
  ADD COLUMN ranked boolean NOT NULL DEFAULT true,
  ADD COLUMN player text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX daily_runs_one_ranked ON daily_runs (date, player) WHERE ranked AND player <> '';
CREATE INDEX daily_runs_ranked_board ON daily_runs (date, score DESC, created_at) WHERE ranked;
