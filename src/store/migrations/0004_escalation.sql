-- Escalation, SLA timers, notifications, decisions with authority and the
-- contact network (issue 5).

-- The contact network (連絡体制図): internal people and external bodies.
--   kind:        'internal' | 'external'
--   role:        internal: division_head (部門長), security_promoter
--                (情報セキュリティ推進者), ciso, management (経営層), pr (広報),
--                legal (法務), general_affairs (総務), csirt, it, other
--   org_type:    external: coordination (JPCERT/CC), government (IPA, NISC,
--                regulators), police, isac, vendor, group_company, partner, other
--   groups:      JSON array of escalation groups ("management", "pr", "legal")
--   tlp_max:     the most restricted TLP this contact may receive
--   owner_id:    who keeps the entry up to date (reminded when stale)
--   reviewed_at + review_interval_days: stale when the interval has passed
CREATE TABLE contact (
  id                   INTEGER PRIMARY KEY,
  kind                 TEXT NOT NULL,
  name                 TEXT NOT NULL,
  name_en              TEXT NOT NULL DEFAULT '',
  organization         TEXT NOT NULL DEFAULT '',
  org_type             TEXT NOT NULL DEFAULT '',
  org_unit_id          INTEGER REFERENCES org_unit(id),
  constituency_id      INTEGER REFERENCES constituency(id),
  role                 TEXT NOT NULL DEFAULT '',
  title                TEXT NOT NULL DEFAULT '',
  groups               TEXT NOT NULL DEFAULT '[]',
  email                TEXT NOT NULL DEFAULT '',
  phone                TEXT NOT NULL DEFAULT '',
  mobile               TEXT NOT NULL DEFAULT '',
  pgp_fingerprint      TEXT NOT NULL DEFAULT '',
  on_call              INTEGER NOT NULL DEFAULT 0,
  rota                 TEXT NOT NULL DEFAULT '',
  tlp_max              TEXT NOT NULL DEFAULT 'AMBER',
  lang                 TEXT NOT NULL DEFAULT 'ja',
  notes                TEXT NOT NULL DEFAULT '',
  owner_id             INTEGER REFERENCES app_user(id),
  review_interval_days INTEGER NOT NULL DEFAULT 365,
  reviewed_at          INTEGER,
  reminded_at          INTEGER,
  active               INTEGER NOT NULL DEFAULT 1,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_kind ON contact(kind, name);
CREATE INDEX contact_org_unit ON contact(org_unit_id);
CREATE INDEX contact_constituency ON contact(constituency_id);

-- Escalation rules, stored as data and edited by admins.
--   condition:  JSON object, every present member must hold (see core/escalation.h):
--               {"categories":[...], "priorities":["P1"], "impact":["high"],
--                "constituencies":[ids], "personal_data":true,
--                "asset_criticality":["high"], "status":["analysis"],
--                "minutes_in_status":120, "sla_breach":["containment"]}
--   targets:    JSON {"contacts":[ids], "groups":["legal"], "roles":["ciso"]}
--   level:      1 部署内, 2 事業所内, 3 部門内, 4 部門間, 5 企業間 (seed 001 §2.4(4)d)
--   ack_minutes: an unacknowledged escalation climbs to the next level after this
CREATE TABLE escalation_rule (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL DEFAULT '',
  enabled       INTEGER NOT NULL DEFAULT 1,
  position      INTEGER NOT NULL DEFAULT 0,
  condition     TEXT NOT NULL DEFAULT '{}',
  level         INTEGER NOT NULL DEFAULT 1,
  targets       TEXT NOT NULL DEFAULT '{}',
  channel       TEXT NOT NULL DEFAULT 'mail',
  webhook_url   TEXT NOT NULL DEFAULT '',
  webhook_format TEXT NOT NULL DEFAULT 'json',
  subject_ja    TEXT NOT NULL DEFAULT '',
  subject_en    TEXT NOT NULL DEFAULT '',
  body_ja       TEXT NOT NULL DEFAULT '',
  body_en       TEXT NOT NULL DEFAULT '',
  ack_minutes   INTEGER NOT NULL DEFAULT 60,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);

-- An escalation raised on an incident (by a rule, an SLA breach, a climb or
-- by hand). state: open -> acknowledged | climbed | closed.
CREATE TABLE escalation (
  id               INTEGER PRIMARY KEY,
  incident_id      INTEGER NOT NULL REFERENCES incident(id),
  rule_id          INTEGER REFERENCES escalation_rule(id),
  parent_id        INTEGER REFERENCES escalation(id),
  level            INTEGER NOT NULL,
  reason           TEXT NOT NULL DEFAULT '',
  targets          TEXT NOT NULL DEFAULT '{}',
  state            TEXT NOT NULL DEFAULT 'open',
  ack_token_hash   TEXT NOT NULL DEFAULT '',
  acknowledged_by  TEXT NOT NULL DEFAULT '',
  acknowledged_user_id INTEGER REFERENCES app_user(id),
  acknowledged_contact_id INTEGER REFERENCES contact(id),
  acknowledged_at  INTEGER,
  climb_at         INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX escalation_incident ON escalation(incident_id, id);
CREATE INDEX escalation_climb ON escalation(state, climb_at);
CREATE UNIQUE INDEX escalation_once ON escalation(incident_id, rule_id, level) WHERE rule_id IS NOT NULL;
CREATE INDEX escalation_token ON escalation(ack_token_hash);

-- SLA policy per priority (minutes; NULL = no target), on the business
-- calendar or around the clock; near_breach_percent of a target raises the
-- near-breach escalation.
CREATE TABLE sla_policy (
  priority               TEXT PRIMARY KEY,
  acknowledge_minutes    INTEGER,
  first_response_minutes INTEGER,
  containment_minutes    INTEGER,
  resolution_minutes     INTEGER,
  calendar               TEXT NOT NULL DEFAULT 'business',
  near_breach_percent    INTEGER NOT NULL DEFAULT 80,
  updated_at             INTEGER NOT NULL,
  version                INTEGER NOT NULL DEFAULT 1
);
-- Business hours per weekday (0 = Sunday), minutes after local midnight in
-- the team's zone ([server] utc_offset_minutes); a weekday without a row is
-- closed.
CREATE TABLE business_hours (
  weekday      INTEGER PRIMARY KEY,
  start_minute INTEGER NOT NULL,
  end_minute   INTEGER NOT NULL
);
-- Days off: Japanese public holidays (computed, 'builtin') and the team's
-- own (company holidays, year-end). enabled = 0 switches a builtin off.
CREATE TABLE holiday (
  day      TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  name_en  TEXT NOT NULL DEFAULT '',
  source   TEXT NOT NULL DEFAULT 'custom',
  enabled  INTEGER NOT NULL DEFAULT 1
);
-- SLA states reached, each recorded once (the scheduler never acts twice).
CREATE TABLE sla_event (
  incident_id INTEGER NOT NULL REFERENCES incident(id),
  target      TEXT NOT NULL,
  state       TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (incident_id, target, state)
);

-- Authority (権限): which organisational role may order, approve or only
-- advise on which action (system_stop, network_isolation,
-- public_announcement, police_report, regulator_report,
-- customer_notification, ...).
CREATE TABLE authority (
  id        INTEGER PRIMARY KEY,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  power     TEXT NOT NULL,
  UNIQUE (role, action)
);
-- The organisational roles a user holds (csirt_lead, ciso, division_head, ...).
ALTER TABLE app_user ADD COLUMN authority_roles TEXT NOT NULL DEFAULT '[]';
-- A decision on an incident, with the authority it rests on.
CREATE TABLE decision (
  id             INTEGER PRIMARY KEY,
  incident_id    INTEGER NOT NULL REFERENCES incident(id),
  action         TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  power          TEXT NOT NULL,
  authority_role TEXT NOT NULL,
  decided_by     INTEGER REFERENCES app_user(id),
  decided_at     INTEGER NOT NULL,
  rationale      TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX decision_incident ON decision(incident_id, decided_at);

-- Asset criticality for rule conditions (an incident's most critical asset).
ALTER TABLE incident ADD COLUMN asset_criticality TEXT;

-- Notifications share the outbox with acknowledgements.
--   channel: 'mail' | 'webhook'; webhook_format: 'json' | 'slack' | 'teams'
--   tlp: the label the subject carries ("TLP:AMBER"), '' for none
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';
ALTER TABLE outbox ADD COLUMN webhook_url TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN webhook_format TEXT NOT NULL DEFAULT 'json';
ALTER TABLE outbox ADD COLUMN tlp TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN escalation_id INTEGER REFERENCES escalation(id);
ALTER TABLE outbox ADD COLUMN contact_id INTEGER REFERENCES contact(id);
