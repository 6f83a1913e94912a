-- The build tracker (issue 6, item 1; seed 003's 8 phases). The phases'
-- names, items and deliverables live in data/build/phases.json; the
-- database holds only the team's progress on them.

CREATE TABLE build_phase (
  code       TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  status     TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done')),
  owner_id   INTEGER REFERENCES app_user(id),
  start_date TEXT,
  due_date   TEXT,
  done_at    INTEGER,
  notes      TEXT NOT NULL DEFAULT '',
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO build_phase(code, position) VALUES
  ('kickoff', 1), ('goals', 2), ('study', 3), ('current_state', 4),
  ('design', 5), ('preparation', 6), ('establishment', 7), ('exercise', 8);

-- A checklist item's state; absent rows are not done.
CREATE TABLE build_item (
  phase   TEXT NOT NULL REFERENCES build_phase(code),
  idx     INTEGER NOT NULL,
  done    INTEGER NOT NULL DEFAULT 0,
  done_by INTEGER REFERENCES app_user(id),
  done_at INTEGER,
  PRIMARY KEY (phase, idx)
);

-- Deliverables: every save is a new row (versions 1, 2, ...).
CREATE TABLE build_document (
  id          INTEGER PRIMARY KEY,
  phase       TEXT NOT NULL REFERENCES build_phase(code),
  deliverable TEXT NOT NULL,
  version     INTEGER NOT NULL,
  body_md     TEXT NOT NULL,
  created_by  INTEGER REFERENCES app_user(id),
  created_at  INTEGER NOT NULL,
  UNIQUE (phase, deliverable, version)
);
