-- Authority and decisions (issue 5, item 3; seed 002 §2.2.8 and §4.2).
-- Independent of migrations 0005-0007: it only adds to what 0004 created.

-- The actions the authority matrix speaks about: the built-in ones (labels
-- also in core/authority.c) and the team's local ones (code [a-z_]{1,40}).
CREATE TABLE authority_action (
  code      TEXT PRIMARY KEY,
  label_ja  TEXT NOT NULL,
  label_en  TEXT NOT NULL,
  builtin   INTEGER NOT NULL DEFAULT 0,
  position  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO authority_action(code, label_ja, label_en, builtin, position) VALUES
  ('system_stop', 'システム停止', 'system stop', 1, 1),
  ('network_isolation', 'ネットワーク隔離', 'network isolation', 1, 2),
  ('public_announcement', '公表', 'public announcement', 1, 3),
  ('police_report', '警察への届出', 'report to the police', 1, 4),
  ('regulator_report', '監督官庁・個人情報保護委員会への報告', 'report to regulators / the PPC', 1, 5),
  ('customer_notification', '顧客・本人への通知', 'notification of customers / data subjects', 1, 6),
  ('account_suspension', 'アカウント停止', 'account suspension', 1, 7),
  ('evidence_preservation', '証拠保全', 'evidence preservation', 1, 8);

-- The matrix as a whole carries one version (If-Match on PUT).
CREATE TABLE authority_meta (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES app_user(id)
);
INSERT INTO authority_meta(id, version, updated_at) VALUES (1, 1, 0);

-- The default matrix (docs/API.md "Authority"): the survey's common case,
-- where the CSIRT advises and approves and the CISO orders a system stop
-- (12% of CSIRTs may order it themselves: give csirt_lead "order" then);
-- management orders what leaves the company (announcement, customer
-- notice), PR and legal approve their part; the CSIRT may isolate a host,
-- suspend an account and preserve evidence on its own.
-- division_head approves a stop of the systems of their own division (the
-- scope is theirs to judge; hikeshi records it, it does not check it).
INSERT INTO authority(action, role, power) VALUES
  ('system_stop', 'ciso', 'order'),
  ('system_stop', 'csirt_lead', 'approve'),
  ('system_stop', 'division_head', 'approve'),
  ('system_stop', 'system_owner', 'advise'),
  ('system_stop', 'handler', 'advise'),
  ('network_isolation', 'ciso', 'order'),
  ('network_isolation', 'csirt_lead', 'order'),
  ('network_isolation', 'division_head', 'approve'),
  ('network_isolation', 'system_owner', 'approve'),
  ('network_isolation', 'handler', 'advise'),
  ('public_announcement', 'management', 'order'),
  ('public_announcement', 'pr', 'approve'),
  ('public_announcement', 'legal', 'advise'),
  ('public_announcement', 'ciso', 'advise'),
  ('public_announcement', 'csirt_lead', 'advise'),
  ('police_report', 'ciso', 'order'),
  ('police_report', 'management', 'order'),
  ('police_report', 'legal', 'approve'),
  ('police_report', 'csirt_lead', 'advise'),
  ('regulator_report', 'management', 'order'),
  ('regulator_report', 'ciso', 'order'),
  ('regulator_report', 'legal', 'approve'),
  ('regulator_report', 'csirt_lead', 'advise'),
  ('customer_notification', 'management', 'order'),
  ('customer_notification', 'pr', 'approve'),
  ('customer_notification', 'legal', 'approve'),
  ('customer_notification', 'csirt_lead', 'advise'),
  ('account_suspension', 'ciso', 'order'),
  ('account_suspension', 'csirt_lead', 'order'),
  ('account_suspension', 'division_head', 'approve'),
  ('account_suspension', 'system_owner', 'approve'),
  ('account_suspension', 'handler', 'advise'),
  ('evidence_preservation', 'ciso', 'order'),
  ('evidence_preservation', 'csirt_lead', 'order'),
  ('evidence_preservation', 'legal', 'approve'),
  ('evidence_preservation', 'system_owner', 'advise'),
  ('evidence_preservation', 'handler', 'advise');

-- Decisions are a record: append-only like the journal. Only a merge may
-- move one to another incident (incident_id), as with journal entries.
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
CREATE TRIGGER decision_no_update BEFORE UPDATE OF action, outcome, power, authority_role, decided_by, decided_at,
  rationale, created_at ON decision
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
