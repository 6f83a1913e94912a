-- The team profile (issue 6, item 4): one row holding the answers the
-- CSIRT description (RFC 2350) and the announcement are generated from.
-- doc is a JSON object of text fields (core/rfc2350.h lists them).
CREATE TABLE team_profile (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  doc        TEXT NOT NULL DEFAULT '{}',
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES app_user(id)
);
INSERT INTO team_profile(id, doc, version, updated_at) VALUES (1, '{}', 1, 0);
