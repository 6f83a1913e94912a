-- 0001_init: the foundation schema.
--
-- Written in the SQL subset SQLite and PostgreSQL share (INTEGER times in
-- unix seconds, TEXT codes checked in C, no AUTOINCREMENT), except the
-- full-text index at the end, which is SQLite FTS5 and lives in its own
-- section so that a PostgreSQL migration can replace it with pg_trgm.

CREATE TABLE meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE constituency (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE org_unit (
  id              INTEGER PRIMARY KEY,
  constituency_id INTEGER NOT NULL REFERENCES constituency(id),
  parent_id       INTEGER REFERENCES org_unit(id),
  name            TEXT NOT NULL,
  name_en         TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX org_unit_constituency ON org_unit(constituency_id);
CREATE INDEX org_unit_parent ON org_unit(parent_id);

CREATE TABLE app_user (
  id                 INTEGER PRIMARY KEY,
  login              TEXT NOT NULL UNIQUE,
  display_name       TEXT NOT NULL,
  email              TEXT NOT NULL DEFAULT '',
  role               TEXT NOT NULL CHECK (role IN ('admin', 'handler', 'viewer')),
  all_constituencies INTEGER NOT NULL DEFAULT 0,
  lang               TEXT NOT NULL DEFAULT 'ja',
  time_zone          TEXT NOT NULL DEFAULT 'Asia/Tokyo',
  tlp_max            TEXT NOT NULL DEFAULT 'RED',
  password_hash      TEXT,
  disabled           INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1
);

-- A user's constituency scope when all_constituencies = 0.
CREATE TABLE user_constituency (
  user_id         INTEGER NOT NULL REFERENCES app_user(id),
  constituency_id INTEGER NOT NULL REFERENCES constituency(id),
  PRIMARY KEY (user_id, constituency_id)
);

-- API tokens: only the SHA-256 of the secret is stored (tokens carry 256
-- random bits, so a fast hash is enough; passwords use argon2id).
CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_token_user ON api_token(user_id);

CREATE TABLE session (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE taxonomy (
  code           TEXT PRIMARY KEY,
  parent         TEXT REFERENCES taxonomy(code),
  label_ja       TEXT NOT NULL,
  label_en       TEXT NOT NULL,
  description_ja TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  is_local       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE priority_matrix (
  impact   TEXT NOT NULL,
  urgency  TEXT NOT NULL,
  priority TEXT NOT NULL,
  PRIMARY KEY (impact, urgency)
);

-- Per-year sequences for INC-YYYY-NNNNN and RPT-YYYY-NNNNN.
CREATE TABLE key_seq (
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, year)
);

CREATE TABLE incident (
  id               INTEGER PRIMARY KEY,
  key              TEXT NOT NULL UNIQUE,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  category         TEXT REFERENCES taxonomy(code),
  impact           TEXT NOT NULL,
  urgency          TEXT NOT NULL,
  priority         TEXT NOT NULL,
  status           TEXT NOT NULL,
  resolution       TEXT,
  tlp              TEXT NOT NULL,
  pap              TEXT NOT NULL,
  constituency_id  INTEGER NOT NULL REFERENCES constituency(id),
  org_unit_id      INTEGER REFERENCES org_unit(id),
  assignee_id      INTEGER REFERENCES app_user(id),
  created_by       INTEGER REFERENCES app_user(id),
  is_exercise      INTEGER NOT NULL DEFAULT 0,
  personal_data    INTEGER NOT NULL DEFAULT 0,
  merged_into_id   INTEGER REFERENCES incident(id),
  occurred_at      INTEGER,
  detected_at      INTEGER,
  reported_at      INTEGER,
  acknowledged_at  INTEGER,
  contained_at     INTEGER,
  resolved_at      INTEGER,
  closed_at        INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_created ON incident(created_at, id);
CREATE INDEX incident_updated ON incident(updated_at, id);
CREATE INDEX incident_status ON incident(status, created_at);
CREATE INDEX incident_constituency ON incident(constituency_id, created_at);
CREATE INDEX incident_assignee ON incident(assignee_id, created_at);
CREATE INDEX incident_category ON incident(category, created_at);
CREATE INDEX incident_priority ON incident(priority, created_at);

CREATE TABLE report (
  id                   INTEGER PRIMARY KEY,
  key                  TEXT NOT NULL UNIQUE,
  channel              TEXT NOT NULL,
  reporter_name        TEXT NOT NULL DEFAULT '',
  reporter_address     TEXT NOT NULL DEFAULT '',
  reporter_org_unit_id INTEGER REFERENCES org_unit(id),
  received_at          INTEGER NOT NULL,
  subject              TEXT NOT NULL,
  body                 TEXT NOT NULL DEFAULT '',
  state                TEXT NOT NULL,
  rejection_reason     TEXT,
  tlp                  TEXT NOT NULL,
  constituency_id      INTEGER REFERENCES constituency(id),
  incident_id          INTEGER REFERENCES incident(id),
  fingerprint          TEXT NOT NULL,
  duplicate_of_id      INTEGER REFERENCES report(id),
  created_by           INTEGER REFERENCES app_user(id),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX report_received ON report(received_at, id);
CREATE INDEX report_state ON report(state, received_at);
CREATE INDEX report_incident ON report(incident_id);
CREATE INDEX report_fingerprint ON report(fingerprint);

-- The timeline. Append-only: entries are never edited or deleted; a merge
-- moves entries to the surviving incident (only incident_id may change).
CREATE TABLE journal (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incident(id),
  at          INTEGER NOT NULL,
  author_id   INTEGER REFERENCES app_user(id),
  kind        TEXT NOT NULL,
  body_md     TEXT NOT NULL DEFAULT '',
  body_html   TEXT NOT NULL DEFAULT '',
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX journal_incident ON journal(incident_id, at, id);

CREATE TABLE task (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incident(id),
  title       TEXT NOT NULL,
  assignee_id INTEGER REFERENCES app_user(id),
  due_at      INTEGER,
  done        INTEGER NOT NULL DEFAULT 0,
  done_at     INTEGER,
  created_by  INTEGER REFERENCES app_user(id),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_incident ON task(incident_id);
CREATE INDEX task_assignee ON task(assignee_id, done);

-- Hash-chained audit log: hash = SHA-256 over (prev_hash, id, at, actor_id,
-- actor, action, object_type, object_id, summary); see store/audit.c.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  summary     TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);

-- SQLite-only section ------------------------------------------------------

CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
CREATE TRIGGER journal_no_update BEFORE UPDATE OF at, author_id, kind, body_md, body_html, data ON journal
BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE VIRTUAL TABLE incident_fts USING fts5(
  key, title, description,
  content='incident', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN
  INSERT INTO incident_fts(rowid, key, title, description)
  VALUES (new.id, new.key, new.title, new.description);
END;
CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident BEGIN
  INSERT INTO incident_fts(incident_fts, rowid, key, title, description)
  VALUES ('delete', old.id, old.key, old.title, old.description);
END;
CREATE TRIGGER incident_fts_au AFTER UPDATE OF key, title, description ON incident BEGIN
  INSERT INTO incident_fts(incident_fts, rowid, key, title, description)
  VALUES ('delete', old.id, old.key, old.title, old.description);
  INSERT INTO incident_fts(rowid, key, title, description)
  VALUES (new.id, new.key, new.title, new.description);
END;

CREATE VIRTUAL TABLE report_fts USING fts5(
  key, subject, body, reporter_name, reporter_address,
  content='report', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER report_fts_ai AFTER INSERT ON report BEGIN
  INSERT INTO report_fts(rowid, key, subject, body, reporter_name, reporter_address)
  VALUES (new.id, new.key, new.subject, new.body, new.reporter_name, new.reporter_address);
END;
CREATE TRIGGER report_fts_ad AFTER DELETE ON report BEGIN
  INSERT INTO report_fts(report_fts, rowid, key, subject, body, reporter_name, reporter_address)
  VALUES ('delete', old.id, old.key, old.subject, old.body, old.reporter_name, old.reporter_address);
END;
CREATE TRIGGER report_fts_au AFTER UPDATE OF key, subject, body, reporter_name, reporter_address ON report BEGIN
  INSERT INTO report_fts(report_fts, rowid, key, subject, body, reporter_name, reporter_address)
  VALUES ('delete', old.id, old.key, old.subject, old.body, old.reporter_name, old.reporter_address);
  INSERT INTO report_fts(rowid, key, subject, body, reporter_name, reporter_address)
  VALUES (new.id, new.key, new.subject, new.body, new.reporter_name, new.reporter_address);
END;
