-- Escalation acknowledgement links (issue 5, escalation helper).
--
-- One one-time token per recipient of an escalation, so that the page
-- behind the link can say who acknowledged (the contact's name); a
-- webhook notification's link has no contact. Only the SHA-256 of a token
-- is stored; the token itself exists in the notification alone.
CREATE TABLE escalation_link (
  token_hash    TEXT PRIMARY KEY,
  escalation_id INTEGER NOT NULL REFERENCES escalation(id),
  contact_id    INTEGER REFERENCES contact(id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX escalation_link_escalation ON escalation_link(escalation_id);
