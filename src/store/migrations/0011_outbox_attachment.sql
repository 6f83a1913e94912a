-- Files sent with an outgoing mail (issue 7: scheduled reports go out as
-- PDF attachments through the outbox). Written in the same transaction as
-- their outbox row; read by the mailer when it composes the message.
CREATE TABLE outbox_attachment (
  id           INTEGER PRIMARY KEY,
  outbox_id    INTEGER NOT NULL REFERENCES outbox(id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data         BLOB NOT NULL
);
CREATE INDEX outbox_attachment_of ON outbox_attachment(outbox_id, id);
