-- The build questionnaire (issue 6, item 2): the answers to the questions
-- to settle (seed 000, seed 002 §4) and the configuration they imply.
CREATE TABLE setup_answer (
  question_id TEXT PRIMARY KEY,
  value       TEXT NOT NULL,          -- JSON
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  INTEGER NOT NULL,
  updated_by  INTEGER REFERENCES app_user(id)
);

-- The service catalogue: the services of seed 002 §2.2.9 (codes from
-- data/build/services.json) with how each is provided.
CREATE TABLE service_catalogue (
  code          TEXT PRIMARY KEY,
  provision     TEXT NOT NULL CHECK (provision IN ('in_house', 'outsourced', 'not_provided')),
  service_level TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  updated_at    INTEGER NOT NULL
);

-- Regular reports (seed 002 §4.5); issue 7 runs them. Times in unix
-- seconds; day and time are JST.
CREATE TABLE report_schedule (
  id          INTEGER PRIMARY KEY,
  audience    TEXT NOT NULL,
  frequency   TEXT NOT NULL,
  day         INTEGER NOT NULL CHECK (day BETWEEN 1 AND 28),
  time        TEXT NOT NULL,
  lang        TEXT NOT NULL,
  format      TEXT NOT NULL,
  recipients  TEXT NOT NULL DEFAULT '[]', -- JSON array of addresses
  enabled     INTEGER NOT NULL DEFAULT 1,
  next_run_at INTEGER
);

-- The review calendar (seed 002 §4.6, survey 6.1-6.3).
CREATE TABLE review_schedule (
  kind         TEXT PRIMARY KEY,
  frequency    TEXT NOT NULL,
  next_due_at  INTEGER,
  last_done_at INTEGER
);

-- Small settings set by the questionnaire (poc.email, ...) and the
-- questionnaire's version (setup.version) for If-Match.
CREATE TABLE setting (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO setting(name, value, updated_at) VALUES ('setup.version', '1', 0);
