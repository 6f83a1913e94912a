-- SLA timers (issue 5, item 4): the default service levels and business
-- hours, the columns the scheduler works from, and the triggers that keep
-- them true whatever use case changes an incident.
--
-- Defaults (docs/ARCHITECTURE.md "SLA timers"): P1 and P2 run around the clock (the
-- on-call handler is paged), P3 and P4 on business hours, Mon-Fri
-- 09:00-18:00 in the team's zone, Japanese public holidays off.
--   priority  acknowledge  first response  containment     resolution
--   P1        15 min       30 min          4 h             24 h          24x365
--   P2        1 h          2 h             1 day           3 days        24x365
--   P3        4 h          1 business day  5 business days 10 bus. days  business
--   P4        1 bus. day   2 business days -               20 bus. days  business
-- (a business day is 9 h = 540 min). Near-breach warns at 75 % for P1, 80 %
-- for the others.
INSERT INTO business_hours(weekday, start_minute, end_minute) VALUES
  (1, 540, 1080), (2, 540, 1080), (3, 540, 1080), (4, 540, 1080), (5, 540, 1080);
INSERT INTO sla_policy(priority, acknowledge_minutes, first_response_minutes, containment_minutes,
                       resolution_minutes, calendar, near_breach_percent, updated_at) VALUES
  ('P1', 15, 30, 240, 1440, '24x365', 75, CAST(strftime('%s', 'now') AS INTEGER)),
  ('P2', 60, 120, 1440, 4320, '24x365', 80, CAST(strftime('%s', 'now') AS INTEGER)),
  ('P3', 240, 540, 2700, 5400, 'business', 80, CAST(strftime('%s', 'now') AS INTEGER)),
  ('P4', 540, 1080, NULL, 10800, 'business', 80, CAST(strftime('%s', 'now') AS INTEGER));

-- First response: the first note or outgoing mail a user wrote on the
-- incident (journal kinds 'note' and 'mail' with an author; incoming mail
-- has none). Kept on the incident so the scheduler need not read the
-- journal.
ALTER TABLE incident ADD COLUMN sla_first_response_at INTEGER;
UPDATE incident SET sla_first_response_at =
  (SELECT min(j.at) FROM journal j
    WHERE j.incident_id = incident.id AND j.author_id IS NOT NULL AND j.kind IN ('note', 'mail'));
CREATE TRIGGER journal_sla_first_response AFTER INSERT ON journal
WHEN NEW.author_id IS NOT NULL AND NEW.kind IN ('note', 'mail')
BEGIN
  UPDATE incident SET sla_first_response_at = NEW.at, sla_next_at = 0
   WHERE id = NEW.incident_id AND sla_first_response_at IS NULL;
END;

-- When the scheduler must look at an open incident again: the next near or
-- breach instant of a target not yet met (9223372036854775807 = never).
-- 0 = now: a new incident, or one whose priority or times changed (the
-- trigger below), or every open one after the policies or the calendar
-- changed (app/sla.c). The partial index holds open incidents only, in
-- (sla_next_at, id) order, so a pass is one short range scan over what is
-- due and reads the rows it updates in table order. sla_events is a bit
-- set of the sla_event rows already written (bit 2 * target + (state ==
-- breach)), so a recomputation does not try them again.
ALTER TABLE incident ADD COLUMN sla_next_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN sla_events INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incident_sla_due ON incident(sla_next_at) WHERE closed_at IS NULL;
CREATE TRIGGER incident_sla_changed AFTER UPDATE OF priority, created_at, acknowledged_at, contained_at,
  resolved_at, closed_at ON incident
WHEN OLD.priority IS NOT NEW.priority OR OLD.created_at IS NOT NEW.created_at
  OR OLD.acknowledged_at IS NOT NEW.acknowledged_at OR OLD.contained_at IS NOT NEW.contained_at
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.closed_at IS NOT NEW.closed_at
BEGIN
  UPDATE incident SET sla_next_at = 0 WHERE id = NEW.id;
END;

CREATE INDEX sla_event_at ON sla_event(at);
