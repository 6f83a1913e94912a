/*
 * The questionnaire's answers and the configuration tables (see setup.h).
 */
#include "store/setup.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>

/* Every row of a prepared statement as JSON objects; NULL on error. */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *arr = json_array();
	int rc;
	if (!st) {
		json_decref(arr);
		return NULL;
	}
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(arr, db_row_json(st));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Replaces the JSON text member k of each row by its parsed value. */
static void parse_members(json_t *rows, const char *k)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *v = json_loads(json_string_value(json_object_get(row, k)) ?: "null", JSON_DECODE_ANY, NULL);
		json_object_set_new(row, k, v ? v : json_null());
	}
}

static int exec1(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	return st ? db_exec_stmt(st) : -1;
}

json_t *store_setup_answers(struct db_conn *c)
{
	static const char sql[] = "SELECT question_id, value, version, updated_at, updated_by FROM setup_answer";
	json_t *rows = all_rows(db_prepare(c, sql)), *out, *row;
	size_t i;
	if (!rows)
		return NULL;
	parse_members(rows, "value");
	out = json_object();
	json_array_foreach(rows, i, row)
	{
		json_object_set(out, json_string_value(json_object_get(row, "question_id")), row);
		json_object_del(row, "question_id");
	}
	json_decref(rows);
	return out;
}

int store_setup_answer_put(struct db_conn *c, const char *id, const json_t *value, int64_t now, int64_t user_id)
{
	static const char sql[] = "INSERT INTO setup_answer(question_id, value, version, updated_at, updated_by) "
	                          "VALUES (?, ?, 1, ?, ?) ON CONFLICT(question_id) DO UPDATE SET value = "
	                          "excluded.value, version = version + 1, updated_at = excluded.updated_at, "
	                          "updated_by = excluded.updated_by";
	char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	struct db_stmt *st = text ? db_prepare(c, sql) : NULL;
	if (!st) {
		free(text);
		return -1;
	}
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, text);
	db_bind_int(st, 3, now);
	db_bind_int_or_null(st, 4, user_id);
	int rc = db_exec_stmt(st);
	free(text);
	return rc;
}

int store_setup_answer_delete(struct db_conn *c, const char *id)
{
	static const char sql[] = "DELETE FROM setup_answer WHERE question_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	return db_exec_stmt(st);
}

int store_setting_get(struct db_conn *c, const char *name, char *out, size_t len)
{
	static const char sql[] = "SELECT value FROM setting WHERE name = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(out, len, "%s", db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int store_setting_put(struct db_conn *c, const char *name, const char *value, int64_t now)
{
	static const char sql[] =
	        "INSERT INTO setting(name, value, updated_at) VALUES (?, ?, ?) "
	        "ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, value);
	db_bind_int(st, 3, now);
	return db_exec_stmt(st);
}

int store_setting_delete(struct db_conn *c, const char *name)
{
	static const char sql[] = "DELETE FROM setting WHERE name = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	return db_exec_stmt(st);
}

json_t *store_catalogue_list(struct db_conn *c)
{
	static const char sql[] =
	        "SELECT code, provision, service_level, note, updated_at FROM service_catalogue ORDER BY code";
	return all_rows(db_prepare(c, sql));
}

static const char *str_or(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int store_catalogue_replace(struct db_conn *c, const json_t *rows, int64_t now)
{
	static const char del[] = "DELETE FROM service_catalogue";
	static const char ins[] = "INSERT INTO service_catalogue(code, provision, service_level, note, updated_at) "
	                          "VALUES (?, ?, ?, ?, ?)";
	size_t i;
	json_t *row;
	if (exec1(c, del) < 0)
		return -1;
	json_array_foreach((json_t *)rows, i, row)
	{
		struct db_stmt *st = db_prepare(c, ins);
		if (!st)
			return -1;
		db_bind_text(st, 1, str_or(row, "code"));
		db_bind_text(st, 2, str_or(row, "provision"));
		db_bind_text(st, 3, str_or(row, "service_level"));
		db_bind_text(st, 4, str_or(row, "note"));
		db_bind_int(st, 5, now);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

json_t *store_schedule_list(struct db_conn *c)
{
	static const char sql[] = "SELECT id, audience, frequency, day, time, lang, format, recipients, enabled, "
	                          "next_run_at, last_run_at, last_period, last_outbox_id, last_error, "
	                          "last_error_at, failures, retry_at FROM report_schedule ORDER BY id";
	json_t *rows = all_rows(db_prepare(c, sql));
	if (rows)
		parse_members(rows, "recipients");
	return rows;
}

int store_schedule_replace(struct db_conn *c, const json_t *rows)
{
	static const char del[] = "DELETE FROM report_schedule";
	static const char ins[] = "INSERT INTO report_schedule(id, audience, frequency, day, time, lang, format, "
	                          "recipients, enabled, next_run_at, last_run_at, last_period, last_outbox_id, "
	                          "last_error, last_error_at, failures, retry_at) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	size_t i;
	json_t *row;
	if (exec1(c, del) < 0)
		return -1;
	json_array_foreach((json_t *)rows, i, row)
	{
		char *rcpt = json_dumps(json_object_get(row, "recipients"), JSON_COMPACT);
		struct db_stmt *st = rcpt ? db_prepare(c, ins) : NULL;
		if (!st) {
			free(rcpt);
			return -1;
		}
		db_bind_json(st, 1, json_object_get(row, "id"));
		db_bind_text(st, 2, str_or(row, "audience"));
		db_bind_text(st, 3, str_or(row, "frequency"));
		db_bind_json(st, 4, json_object_get(row, "day"));
		db_bind_text(st, 5, str_or(row, "time"));
		db_bind_text(st, 6, str_or(row, "lang"));
		db_bind_text(st, 7, str_or(row, "format"));
		db_bind_text(st, 8, rcpt);
		db_bind_int(st, 9, json_is_false(json_object_get(row, "enabled")) ? 0 : 1);
		db_bind_json(st, 10, json_object_get(row, "next_run_at"));
		db_bind_json(st, 11, json_object_get(row, "last_run_at"));
		db_bind_json(st, 12, json_object_get(row, "last_period"));
		db_bind_json(st, 13, json_object_get(row, "last_outbox_id"));
		db_bind_json(st, 14, json_object_get(row, "last_error"));
		db_bind_json(st, 15, json_object_get(row, "last_error_at"));
		db_bind_int(st, 16, json_integer_value(json_object_get(row, "failures")));
		db_bind_json(st, 17, json_object_get(row, "retry_at"));
		int rc = db_exec_stmt(st);
		free(rcpt);
		if (rc < 0)
			return -1;
	}
	return 0;
}

json_t *store_review_list(struct db_conn *c)
{
	static const char sql[] =
	        "SELECT kind, frequency, next_due_at, last_done_at FROM review_schedule ORDER BY kind";
	return all_rows(db_prepare(c, sql));
}

int store_review_put(struct db_conn *c, const char *kind, const char *frequency, int64_t next_due)
{
	static const char sql[] = "INSERT INTO review_schedule(kind, frequency, next_due_at) VALUES (?, ?, ?) "
	                          "ON CONFLICT(kind) DO UPDATE SET frequency = excluded.frequency, "
	                          "next_due_at = excluded.next_due_at";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, frequency);
	db_bind_int_or_null(st, 3, next_due);
	return db_exec_stmt(st);
}

int store_review_delete(struct db_conn *c, const char *kind)
{
	static const char sql[] = "DELETE FROM review_schedule WHERE kind = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, kind);
	return db_exec_stmt(st);
}

int store_review_done(struct db_conn *c, const char *kind, int64_t now, int64_t next_due)
{
	static const char sql[] = "UPDATE review_schedule SET last_done_at = ?, next_due_at = ? WHERE kind = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int_or_null(st, 2, next_due);
	db_bind_text(st, 3, kind);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) > 0;
}

json_t *store_constituency_all(struct db_conn *c)
{
	static const char sql[] = "SELECT id, code, name, name_en, description FROM constituency ORDER BY id";
	return all_rows(db_prepare(c, sql));
}

int64_t store_constituency_refs(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM incident WHERE constituency_id = ?1) + "
	                          "(SELECT count(*) FROM report WHERE constituency_id = ?1) + "
	                          "(SELECT count(*) FROM contact WHERE constituency_id = ?1) + "
	                          "(SELECT count(*) FROM org_unit WHERE constituency_id = ?1) + "
	                          "(SELECT count(*) FROM user_constituency WHERE constituency_id = ?1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

int store_constituency_delete(struct db_conn *c, int64_t id)
{
	static const char sql[] = "DELETE FROM constituency WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return db_exec_stmt(st);
}
