/*
 * Running report schedules (see report_schedule.h).
 */
#include "store/report_schedule.h"
#include "store/db.h"

#include <stdlib.h>
#include <strings.h>

#define SCHEDULE_COLUMNS                                                                                               \
	"id, audience, frequency, day, time, lang, format, recipients, enabled, next_run_at, last_run_at, "            \
	"last_period, last_outbox_id, last_error, last_error_at, failures, retry_at"

/* Every row of st with recipients parsed; NULL on error. */
static json_t *schedule_rows(struct db_stmt *st)
{
	json_t *rows = json_array(), *row;
	int rc;
	if (!st) {
		json_decref(rows);
		return NULL;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		row = db_row_json(st);
		json_t *r = json_loads(json_string_value(json_object_get(row, "recipients")) ?: "[]", 0, NULL);
		json_object_set_new(row, "recipients", json_is_array(r) ? r : json_array());
		if (r && !json_is_array(r))
			json_decref(r);
		json_array_append_new(rows, row);
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

json_t *store_schedule_due(struct db_conn *c, int64_t now)
{
	static const char sql[] = "SELECT " SCHEDULE_COLUMNS " FROM report_schedule WHERE enabled = 1 AND "
	                          "next_run_at IS NOT NULL AND next_run_at <= ? AND (retry_at IS NULL OR "
	                          "retry_at <= ?) ORDER BY next_run_at, id";
	struct db_stmt *st = db_prepare(c, sql);
	if (st) {
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, now);
	}
	return schedule_rows(st);
}

json_t *store_schedule_get(struct db_conn *c, int64_t id, int *found)
{
	static const char sql[] = "SELECT " SCHEDULE_COLUMNS " FROM report_schedule WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (st)
		db_bind_int(st, 1, id);
	json_t *rows = schedule_rows(st), *row = NULL;
	*found = 1;
	if (!rows)
		return NULL;
	if (json_array_size(rows) == 1)
		row = json_incref(json_array_get(rows, 0));
	else
		*found = 0;
	json_decref(rows);
	return row;
}

/* Runs st; 1 when it changed a row, 0 when none, -1 on error. */
static int changed(struct db_conn *c, struct db_stmt *st)
{
	if (!st || db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}

int store_schedule_advance(struct db_conn *c, int64_t id, int64_t expected_next, int64_t next, int64_t now,
                           const char *period, int64_t outbox_id)
{
	static const char sql[] = "UPDATE report_schedule SET next_run_at = ?, last_run_at = ?, last_period = ?, "
	                          "last_outbox_id = ?, last_error = NULL, last_error_at = NULL, failures = 0, "
	                          "retry_at = NULL WHERE id = ? AND enabled = 1 AND next_run_at = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (st) {
		db_bind_int_or_null(st, 1, next > 0 ? next : 0);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, period);
		db_bind_int_or_null(st, 4, outbox_id);
		db_bind_int(st, 5, id);
		db_bind_int(st, 6, expected_next);
	}
	return changed(c, st);
}

int store_schedule_failed(struct db_conn *c, int64_t id, int64_t expected_next, const char *error, int64_t now,
                          int64_t retry_at)
{
	static const char sql[] = "UPDATE report_schedule SET last_error = ?, last_error_at = ?, failures = "
	                          "failures + 1, retry_at = ? WHERE id = ? AND next_run_at = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (st) {
		db_bind_text(st, 1, error);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, retry_at);
		db_bind_int(st, 4, id);
		db_bind_int(st, 5, expected_next);
	}
	return changed(c, st);
}

int store_schedule_ran(struct db_conn *c, int64_t id, int64_t now, const char *period, int64_t outbox_id,
                       const char *error)
{
	static const char ok[] = "UPDATE report_schedule SET last_run_at = ?, last_period = ?, last_outbox_id = ?, "
	                         "last_error = NULL, last_error_at = NULL WHERE id = ?";
	static const char bad[] = "UPDATE report_schedule SET last_error = ?, last_error_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(c, error ? bad : ok);
	if (st && error) {
		db_bind_text(st, 1, error);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, id);
	} else if (st) {
		db_bind_int(st, 1, now);
		db_bind_text(st, 2, period);
		db_bind_int_or_null(st, 3, outbox_id);
		db_bind_int(st, 4, id);
	}
	return changed(c, st);
}

json_t *store_schedule_staff_addresses(struct db_conn *c, int with_handlers)
{
	static const char sql[] = "SELECT email FROM app_user WHERE disabled = 0 AND email <> '' AND (role = "
	                          "'admin' OR (? = 1 AND role = 'handler')) ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	json_t *out = json_array();
	int rc = -1;
	if (st) {
		db_bind_int(st, 1, with_handlers ? 1 : 0);
		while ((rc = db_step(st)) == DB_ROW) {
			const char *e = db_col_text(st, 0);
			size_t i;
			json_t *v;
			int dup = 0;
			json_array_foreach(out, i, v) dup |= strcasecmp(json_string_value(v), e) == 0;
			if (!dup)
				json_array_append_new(out, json_string(e));
		}
		db_done(st);
	}
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
