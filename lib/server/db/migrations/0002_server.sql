-- Sharing and leaderboards (issue 5): public ids, idempotency, client keys, stored results.
-- Defaults keep rows written by older code valid; the routes always supply every column.

-- A share is resolvable iff its row exists; the blob is written first and is unreachable without it.
ALTER TABLE shares
  ADD COLUMN client_key text NOT NULL DEFAULT '',
  ADD COLUMN idempotency_key text UNIQUE,
  ADD COLUMN request_hash text NOT NULL DEFAULT '';

-- public_id: the run's permalink (128 random bits, hex); results: per-challenge correctness, in order.
ALTER TABLE daily_runs
  ADD COLUMN public_id text NOT NULL UNIQUE DEFAULT replace(gen_random_uuid()::text, '-', '')
    CHECK (public_id ~ '^[0-9a-f]{32}$'),
  ADD COLUMN results jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(results) = 'array'),
  ADD COLUMN client_key text NOT NULL DEFAULT '',
  ADD COLUMN duration_ms integer NOT NULL DEFAULT 0 CHECK (duration_ms >= 0);
CREATE INDEX daily_runs_all_time ON daily_runs (score DESC, created_at);

-- request_hash: a retried submission under the same idempotency key must carry the same body.
ALTER TABLE model_scores
  ADD COLUMN public_id text NOT NULL UNIQUE DEFAULT replace(gen_random_uuid()::text, '-', '')
    CHECK (public_id ~ '^[0-9a-f]{32}$'),
  ADD COLUMN n integer NOT NULL DEFAULT 0 CHECK (n >= 0),
  ADD COLUMN request_hash text NOT NULL DEFAULT '';
