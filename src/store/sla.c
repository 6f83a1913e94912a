/*
 * SLA SQL (see sla.h). The policy, hours and holiday tables are small
 * (4, 7 and tens of rows); the incident queries go through the partial
 * index incident_sla_due of migration 0006, which holds only open
 * incidents and every column a pass reads.
 */
#include "store/sla.h"

#include "store/db.h"

#include <stdio.h>
#include <string.h>

/* Every row of a bound statement (released here); NULL on error. */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);
		if (!row) {
			rc = -1;
			break;
		}
		json_array_append_new(items, row);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *store_sla_policies(struct db_conn *c)
{
	static const char sql[] = "SELECT priority, acknowledge_minutes, first_response_minutes, containment_minutes, "
	                          "resolution_minutes, calendar, near_breach_percent, updated_at, version "
	                          "FROM sla_policy ORDER BY priority";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

int store_sla_policy_put(struct db_conn *c, const json_t *row, int64_t now)
{
	static const char sql[] =
	        "INSERT INTO sla_policy(priority, acknowledge_minutes, first_response_minutes, containment_minutes, "
	        "resolution_minutes, calendar, near_breach_percent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
	        "ON CONFLICT(priority) DO UPDATE SET acknowledge_minutes = excluded.acknowledge_minutes, "
	        "first_response_minutes = excluded.first_response_minutes, "
	        "containment_minutes = excluded.containment_minutes, resolution_minutes = excluded.resolution_minutes, "
	        "calendar = excluded.calendar, near_breach_percent = excluded.near_breach_percent, "
	        "updated_at = excluded.updated_at, version = sla_policy.version + 1";
	static const char *const cols[] = {"priority",
	                                   "acknowledge_minutes",
	                                   "first_response_minutes",
	                                   "containment_minutes",
	                                   "resolution_minutes",
	                                   "calendar",
	                                   "near_breach_percent",
	                                   NULL};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; cols[i]; i++) {
		json_t *v = json_object_get(row, cols[i]);
		if (v)
			db_bind_json(st, i + 1, v);
		else
			db_bind_null(st, i + 1);
	}
	db_bind_int(st, 8, now);
	return db_exec_stmt(st);
}

int store_sla_hours(struct db_conn *c, int open[7], int close[7])
{
	static const char sql[] = "SELECT weekday, start_minute, end_minute FROM business_hours";
	for (int i = 0; i < 7; i++)
		open[i] = close[i] = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t wd = db_col_int(st, 0), o = db_col_int(st, 1), e = db_col_int(st, 2);
		/* rows are written by store_sla_hours_put only; ignore a bad one
		 * rather than index out of range */
		if (wd >= 0 && wd < 7 && o >= 0 && e <= 1440 && o < e) {
			open[wd] = (int)o;
			close[wd] = (int)e;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_sla_hours_put(struct db_conn *c, const int open[7], const int close[7])
{
	static const char del[] = "DELETE FROM business_hours";
	static const char ins[] = "INSERT INTO business_hours(weekday, start_minute, end_minute) VALUES (?, ?, ?)";
	struct db_stmt *st = db_prepare(c, del);
	if (!st || db_exec_stmt(st) < 0)
		return -1;
	for (int wd = 0; wd < 7; wd++) {
		if (open[wd] >= close[wd])
			continue;
		st = db_prepare(c, ins);
		if (!st)
			return -1;
		db_bind_int(st, 1, wd);
		db_bind_int(st, 2, open[wd]);
		db_bind_int(st, 3, close[wd]);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

json_t *store_holidays(struct db_conn *c, const char *from, const char *to)
{
	static const char sql[] = "SELECT day, name, name_en, source, enabled FROM holiday "
	                          "WHERE day >= ? AND day <= ? ORDER BY day";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	return all_rows(st);
}

int store_holiday_get(struct db_conn *c, const char *day, json_t **out)
{
	static const char sql[] = "SELECT day, name, name_en, source, enabled FROM holiday WHERE day = ?";
	*out = NULL;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, day);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	if (rc < 0 || (rc == DB_ROW && !*out))
		return -1;
	return rc == DB_ROW;
}

int store_holiday_put(struct db_conn *c, const char *day, const char *name, const char *name_en, const char *source,
                      int enabled)
{
	static const char sql[] = "INSERT INTO holiday(day, name, name_en, source, enabled) VALUES (?, ?, ?, ?, ?) "
	                          "ON CONFLICT(day) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, "
	                          "source = excluded.source, enabled = excluded.enabled";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, name_en);
	db_bind_text(st, 4, source);
	db_bind_int(st, 5, enabled ? 1 : 0);
	return db_exec_stmt(st);
}

int store_holiday_delete(struct db_conn *c, const char *day)
{
	static const char sql[] = "DELETE FROM holiday WHERE day = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, day);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) > 0;
}

/* The columns of store_sla_incident, in this order, for the queries below. */
#define SLA_COLS                                                                                                       \
	"id, priority, created_at, acknowledged_at, sla_first_response_at, contained_at, resolved_at, closed_at, "     \
	"sla_events"

static void read_incident(struct db_stmt *st, struct store_sla_incident *o)
{
	o->id = db_col_int(st, 0);
	snprintf(o->priority, sizeof(o->priority), "%s", db_col_text(st, 1));
	o->created_at = db_col_int(st, 2);
	o->acknowledged_at = db_col_int(st, 3);
	o->first_response_at = db_col_int(st, 4);
	o->contained_at = db_col_int(st, 5);
	o->resolved_at = db_col_int(st, 6);
	o->closed_at = db_col_int(st, 7);
	o->events = (unsigned)db_col_int(st, 8);
}

int store_sla_due(struct db_conn *c, int64_t now, struct store_sla_incident *out, int max)
{
	/* closed_at IS NULL selects the partial index; ordered by (sla_next_at,
	 * id), so the rows are read and updated in table order */
	static const char sql[] = "SELECT " SLA_COLS " FROM incident INDEXED BY incident_sla_due "
	                          "WHERE closed_at IS NULL AND sla_next_at <= ? ORDER BY sla_next_at LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, max);
	int n = 0, rc = DB_DONE;
	while (n < max && (rc = db_step(st)) == DB_ROW)
		read_incident(st, &out[n++]);
	db_done(st);
	return rc < 0 ? -1 : n;
}

int store_sla_any_due(struct db_conn *c, int64_t now)
{
	static const char sql[] = "SELECT 1 FROM incident INDEXED BY incident_sla_due "
	                          "WHERE closed_at IS NULL AND sla_next_at <= ? LIMIT 1";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_sla_incident(struct db_conn *c, int64_t id, struct store_sla_incident *out)
{
	static const char sql[] = "SELECT " SLA_COLS " FROM incident WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_incident(st, out);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_sla_set_next(struct db_conn *c, int64_t id, int64_t next_at, unsigned events)
{
	static const char sql[] = "UPDATE incident SET sla_next_at = ?, sla_events = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, next_at);
	db_bind_int(st, 2, events);
	db_bind_int(st, 3, id);
	return db_exec_stmt(st);
}

int store_sla_reset_all(struct db_conn *c)
{
	static const char sql[] = "UPDATE incident SET sla_next_at = 0 WHERE closed_at IS NULL AND sla_next_at <> 0";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? db_exec_stmt(st) : -1;
}

int store_sla_event_add(struct db_conn *c, int64_t incident_id, const char *target, const char *state, int64_t at)
{
	/* a near-breach after the breach was recorded (the priority was
	 * lowered) would only be noise */
	static const char sql[] = "INSERT INTO sla_event(incident_id, target, state, at) SELECT ?1, ?2, ?3, ?4 "
	                          "WHERE NOT (?3 = 'near' AND EXISTS (SELECT 1 FROM sla_event "
	                          "WHERE incident_id = ?1 AND target = ?2 AND state = 'breach')) "
	                          "ON CONFLICT(incident_id, target, state) DO NOTHING";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, incident_id);
	db_bind_text(st, 2, target);
	db_bind_text(st, 3, state);
	db_bind_int(st, 4, at);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) > 0;
}

json_t *store_sla_events(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = "SELECT target, state, at FROM sla_event WHERE incident_id = ? ORDER BY at, target";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, incident_id);
	return all_rows(st);
}
