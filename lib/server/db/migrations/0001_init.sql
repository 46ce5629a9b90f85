-- Tables for sharing and leaderboards. Plain SQL, run by lib/db/migrate.ts inside one transaction.
-- Types are chosen to decode the same on both drivers: no int8/numeric (pg returns them as strings).

-- A shared visualization: the payload lives in blob storage, the row makes /s/[id] resolvable.
CREATE TABLE shares (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{6,64}$'),
  blob_path text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One ranked daily run per round token; the token id makes resubmission a unique violation.
CREATE TABLE daily_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_id text NOT NULL UNIQUE,
  date date NOT NULL,
  nickname text NOT NULL CHECK (char_length(nickname) BETWEEN 1 AND 32),
  answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'array'),
  score integer NOT NULL CHECK (score >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX daily_runs_leaderboard ON daily_runs (date, score DESC, created_at);

-- A model's predictions scored on a split; idempotency_key makes a retried submission harmless.
CREATE TABLE model_scores (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  split text NOT NULL CHECK (split ~ '^[a-z0-9_-]{1,32}$'),
  model_name text NOT NULL CHECK (char_length(model_name) BETWEEN 1 AND 64),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
  runtime jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(runtime) = 'object'),
  accuracy double precision NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
  consistency double precision NOT NULL CHECK (consistency BETWEEN 0 AND 1),
  pair_accuracy double precision CHECK (pair_accuracy BETWEEN 0 AND 1),
  verified boolean NOT NULL DEFAULT false,
  client_key text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_scores_leaderboard ON model_scores (split, accuracy DESC, created_at);

-- Fixed-window counters: one row per key and window, incremented with INSERT ... ON CONFLICT.
CREATE TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (key, window_start)
);
