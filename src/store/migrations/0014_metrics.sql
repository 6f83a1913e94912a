-- Metrics (issue 7, items 1 and 5): the estimated damage of an incident
-- and the indexes that keep period aggregates cheap at a million
-- incidents (docs/METRICS.md). Every metric reads a range of one of these
-- indexes (an event time inside the period), never the whole table.

-- Estimated damage in yen (NULL = not entered); summed by the reports.
ALTER TABLE incident ADD COLUMN estimated_damage_jpy INTEGER;

-- Counts and groupings of the incidents created in a period read this
-- index alone (no table rows): the period range plus the columns the
-- scope and the groupings need.
CREATE INDEX incident_period ON incident(created_at, is_exercise, merged_into_id, constituency_id, tlp, priority,
                                         category, status, personal_data, estimated_damage_jpy);

-- Time metrics: incidents whose acknowledgement, containment or resolution
-- falls inside the period.
CREATE INDEX incident_acknowledged ON incident(acknowledged_at) WHERE acknowledged_at IS NOT NULL;
CREATE INDEX incident_contained ON incident(contained_at) WHERE contained_at IS NOT NULL;
CREATE INDEX incident_resolved ON incident(resolved_at) WHERE resolved_at IS NOT NULL;
-- Backlog at a period end: open now (partial, by creation) plus closed
-- after the end.
CREATE INDEX incident_open_created ON incident(created_at) WHERE closed_at IS NULL;
CREATE INDEX incident_closed ON incident(closed_at) WHERE closed_at IS NOT NULL;

-- Reports by incident are indexed already; tasks by creation and completion.
CREATE INDEX task_created ON task(created_at);
CREATE INDEX task_done_at ON task(done_at) WHERE done_at IS NOT NULL;
CREATE INDEX task_open_created ON task(created_at) WHERE done = 0;

-- Coordination (docs/METRICS.md): notifications to external contacts.
CREATE INDEX outbox_incident ON outbox(incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX outbox_state_created ON outbox(state, created_at);
