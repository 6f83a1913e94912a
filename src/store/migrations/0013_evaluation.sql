-- CSIRT evaluations and their improvement roadmaps (issue 6, item 5; seed
-- 002 table 1.3.1, seed 004 CSIRT評価 / ロードマップ作成).
--
-- An evaluation is kept as recorded (answers and the scored results as
-- JSON text) so that progress can be followed over time. Its roadmap
-- items are generated with it and then tracked: owner, target date and
-- status change through PATCH (versioned, audited).
CREATE TABLE evaluation (
  id         INTEGER PRIMARY KEY,
  eval_date  TEXT NOT NULL,          -- YYYY-MM-DD, the roadmap counts from it
  answers    TEXT NOT NULL,
  results    TEXT NOT NULL,
  overall    INTEGER NOT NULL,       -- overall score_x100, for the history
  note       TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX evaluation_created ON evaluation(created_at);

CREATE TABLE roadmap_item (
  evaluation_id INTEGER NOT NULL REFERENCES evaluation(id),
  n             INTEGER NOT NULL,    -- priority order, 1 first
  item          TEXT NOT NULL,       -- survey item code ("4.1", "2.9")
  service       TEXT,                -- the service code for item 2.9
  severity      INTEGER NOT NULL,
  importance    TEXT NOT NULL CHECK (importance IN ('high', 'medium', 'low')),
  action_ja     TEXT NOT NULL,
  action_en     TEXT NOT NULL,
  owner         TEXT NOT NULL,
  target_date   TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done', 'deferred')),
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    INTEGER NOT NULL,
  updated_by    INTEGER REFERENCES app_user(id),
  PRIMARY KEY (evaluation_id, n)
);
