-- The point of contact (issue 4): mail in and out, attachments,
-- observables, the outbox, mailbox positions and alert de-duplication.

-- What a token may do: 'full' acts as its user; 'intake' may only submit
-- mail (hikeshi mailgate) and alerts, nothing else.
ALTER TABLE api_token ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';

-- Intake details of a report.
--   lang:        'ja' or 'en', chooses the acknowledgement template
--   flags:       JSON array of intake problems ("no_from", "truncated", ...)
--   details:     JSON object of channel fields (web form answers; alert
--                source, source_ref, severity, observed_at, raw)
--   dedupe_key:  alerts: the fingerprint that folds repeats into one report
--   seen_count / last_seen_at: how often and when last that alert came
ALTER TABLE report ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE report ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE report ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
ALTER TABLE report ADD COLUMN dedupe_key TEXT;
ALTER TABLE report ADD COLUMN seen_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE report ADD COLUMN last_seen_at INTEGER;
CREATE UNIQUE INDEX report_dedupe ON report(dedupe_key);

-- Correspondence: every message received (direction 'in') or sent ('out').
-- A message belongs to the report it created or replied to, or to the
-- incident a reply was threaded into. raw is the zlib-compressed original
-- (received messages), kept verbatim for evidence.
CREATE TABLE mail (
  id            INTEGER PRIMARY KEY,
  direction     TEXT NOT NULL,
  report_id     INTEGER REFERENCES report(id),
  incident_id   INTEGER REFERENCES incident(id),
  source        TEXT NOT NULL DEFAULT '',
  message_id    TEXT NOT NULL DEFAULT '',
  in_reply_to   TEXT NOT NULL DEFAULT '',
  refs          TEXT NOT NULL DEFAULT '',
  subject       TEXT NOT NULL DEFAULT '',
  from_header   TEXT NOT NULL DEFAULT '',
  from_address  TEXT NOT NULL DEFAULT '',
  to_header     TEXT NOT NULL DEFAULT '',
  cc_header     TEXT NOT NULL DEFAULT '',
  date          INTEGER,
  auth_results  TEXT NOT NULL DEFAULT '',
  body          TEXT NOT NULL DEFAULT '',
  body_from_html INTEGER NOT NULL DEFAULT 0,
  flags         TEXT NOT NULL DEFAULT '[]',
  raw           BLOB,
  raw_size      INTEGER NOT NULL DEFAULT 0,
  raw_sha256    TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
);
CREATE INDEX mail_message_id ON mail(message_id);
CREATE INDEX mail_report ON mail(report_id, id);
CREATE INDEX mail_incident ON mail(incident_id, id);
CREATE INDEX mail_raw_sha256 ON mail(raw_sha256);

-- Files that came with a report (mail attachments, form uploads). content
-- is zlib-compressed; NULL for mail attachments (the raw message has them).
CREATE TABLE attachment (
  id            INTEGER PRIMARY KEY,
  report_id     INTEGER REFERENCES report(id),
  mail_id       INTEGER REFERENCES mail(id),
  filename      TEXT NOT NULL DEFAULT '',
  declared_type TEXT NOT NULL DEFAULT '',
  detected_type TEXT NOT NULL DEFAULT '',
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  content       BLOB,
  created_at    INTEGER NOT NULL
);
CREATE INDEX attachment_report ON attachment(report_id);
CREATE INDEX attachment_mail ON attachment(mail_id);
CREATE INDEX attachment_sha256 ON attachment(sha256);

-- Typed, normalised indicators, each stored once, linked to the reports
-- they were seen in.
CREATE TABLE observable (
  id            INTEGER PRIMARY KEY,
  type          TEXT NOT NULL,
  value         TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  UNIQUE (type, value)
);
CREATE TABLE report_observable (
  report_id     INTEGER NOT NULL REFERENCES report(id),
  observable_id INTEGER NOT NULL REFERENCES observable(id),
  defanged      INTEGER NOT NULL DEFAULT 0,
  source        TEXT NOT NULL DEFAULT 'text',
  PRIMARY KEY (report_id, observable_id)
);
CREATE INDEX report_observable_observable ON report_observable(observable_id);

-- Outgoing notifications, written in the same commit as the change that
-- causes them and sent by the scheduler with retries.
--   state: queued -> sent | failed (after the last attempt)
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'queued',
  report_id       INTEGER REFERENCES report(id),
  incident_id     INTEGER REFERENCES incident(id),
  mail_from       TEXT NOT NULL,
  mail_to         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  in_reply_to     TEXT NOT NULL DEFAULT '',
  refs            TEXT NOT NULL DEFAULT '',
  lang            TEXT NOT NULL DEFAULT 'ja',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_to ON outbox(mail_to, created_at);
CREATE INDEX outbox_message_id ON outbox(message_id);

-- IMAP polling position per mailbox: messages with UID <= last_uid (under
-- this UIDVALIDITY) are committed; they are marked or moved afterwards.
CREATE TABLE mailbox_state (
  name        TEXT PRIMARY KEY,
  uidvalidity INTEGER NOT NULL,
  last_uid    INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
