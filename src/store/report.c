/*
 * Report SQL (see report.h).
 *
 * Every statement is a string literal with bound values. The list is built
 * with the DBQ_SQL query builder, choosing among literal fragments for the
 * sort column and direction, and binding every value (including the
 * full-text phrases and LIKE patterns). Full-text search uses the SQLite
 * FTS5 trigram index report_fts; a term shorter than three characters
 * cannot match a trigram, so it falls back to LIKE over subject and body.
 */
#include "store/report.h"

#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a raw row, in one place for every SELECT. */
#define REPORT_COLS                                                                                                    \
	"id, key, channel, reporter_name, reporter_address, reporter_org_unit_id, received_at, "                       \
	"subject, body, state, rejection_reason, tlp, constituency_id, incident_id, fingerprint, "                     \
	"duplicate_of_id, created_by, created_at, updated_at, version, lang, flags, details, seen_count, "             \
	"last_seen_at"

/* Replaces an integer unix-time member by its RFC 3339 string (null stays). */
static void time_member(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_integer(v))
		return;
	char buf[32];
	time_format((int64_t)json_integer_value(v), buf);
	json_object_set_new(o, name, json_string(buf));
}

json_t *store_report_api(const json_t *row)
{
	json_t *o = json_deep_copy(row);
	if (!o)
		return NULL;
	time_member(o, "received_at");
	time_member(o, "created_at");
	time_member(o, "updated_at");
	time_member(o, "last_seen_at");
	/* flags and details are stored as JSON text */
	static const char *const jcols[] = {"flags", "details"};
	for (size_t i = 0; i < 2; i++) {
		const char *s = json_string_value(json_object_get(o, jcols[i]));
		json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
		json_object_set_new(o, jcols[i], v ? v : (i == 0 ? json_array() : json_object()));
	}
	json_t *dup = json_object_get(o, "duplicate_of_id");
	json_object_set(o, "duplicate_of", dup ? dup : json_null());
	json_object_del(o, "duplicate_of_id");
	return o;
}

/* Reads the single row of a prepared statement (released here). */
static json_t *one_row(struct db_stmt *st)
{
	json_t *row = NULL;
	int rc = db_step(st);
	if (rc == DB_ROW)
		row = db_row_json(st);
	db_done(st);
	return row;
}

json_t *store_report_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM report WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	return one_row(st);
}

json_t *store_report_get_by_key(struct db_conn *c, const char *key)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM report WHERE key = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, key);
	return one_row(st);
}

int store_report_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO report(key, channel, reporter_name, reporter_address, reporter_org_unit_id, "
	        "received_at, subject, body, state, rejection_reason, tlp, constituency_id, incident_id, "
	        "fingerprint, duplicate_of_id, created_by, created_at, updated_at, version, lang, flags, details, "
	        "dedupe_key, last_seen_at, fts_batch) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?, 1, "
	        "COALESCE(?, 'ja'), COALESCE(?, '[]'), COALESCE(?, '{}'), ?, ?, COALESCE(?, 0))";
	static const char *const cols[] = {
	        "key",
	        "channel",
	        "reporter_name",
	        "reporter_address",
	        "reporter_org_unit_id",
	        "received_at",
	        "subject",
	        "body",
	        "state",
	        "tlp",
	        "constituency_id",
	        "fingerprint",
	        "duplicate_of_id",
	        "created_by",
	        "created_at",
	        "created_at",
	        "lang",
	        "flags",
	        "details",
	        "dedupe_key",
	        "last_seen_at",
	        "fts_batch",
	};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const json_t *v = json_object_get(row, cols[i]);
		if (v && (json_is_object(v) || json_is_array(v))) {
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			db_bind_text(st, (int)i + 1, s ? s : "null");
			free(s);
		} else if (v)
			db_bind_json(st, (int)i + 1, v);
		else
			db_bind_null(st, (int)i + 1);
	}
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_report_find_duplicate(struct db_conn *c, const char *fingerprint, int64_t exclude_id, int64_t *dup_id)
{
	static const char sql[] = "SELECT id FROM report WHERE fingerprint = ? AND id <> ? "
	                          "ORDER BY id DESC LIMIT 1";
	*dup_id = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, fingerprint);
	db_bind_int(st, 2, exclude_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*dup_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_report_update(struct db_conn *c, int64_t id, const json_t *row)
{
	static const char sql[] =
	        "UPDATE report SET subject = ?, body = ?, reporter_name = ?, reporter_address = ?, "
	        "reporter_org_unit_id = ?, tlp = ?, constituency_id = ?, state = ?, rejection_reason = ?, "
	        "incident_id = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	static const char *const cols[] = {
	        "subject",         "body",  "reporter_name",    "reporter_address", "reporter_org_unit_id", "tlp",
	        "constituency_id", "state", "rejection_reason", "incident_id",      "updated_at",
	};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	size_t n = sizeof(cols) / sizeof(cols[0]);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(row, cols[i]);
		if (v)
			db_bind_json(st, (int)i + 1, v);
		else
			db_bind_null(st, (int)i + 1);
	}
	db_bind_int(st, (int)n + 1, id);
	return db_exec_stmt(st);
}

int store_report_link(struct db_conn *c, int64_t report_id, int64_t incident_id, int64_t now)
{
	static const char sql[] = "UPDATE report SET state = 'linked', rejection_reason = NULL, "
	                          "incident_id = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, report_id);
	return db_exec_stmt(st);
}

int store_report_journal_link(struct db_conn *c, int64_t incident_id, int64_t author_id, int64_t report_id,
                              const char *report_key, int64_t now)
{
	static const char ins[] = "INSERT INTO journal(incident_id, at, author_id, kind, body_md, body_html, data) "
	                          "VALUES (?, ?, ?, 'link', '', '', ?)";
	static const char touch[] = "UPDATE incident SET updated_at = ? WHERE id = ?";
	json_t *data = json_pack("{s:I, s:s}", "report_id", (json_int_t)report_id, "report_key", report_key);
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	if (!text)
		return -1;
	int rc = -1;
	struct db_stmt *st = db_prepare(c, ins);
	if (!st)
		goto out;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, now);
	db_bind_int_or_null(st, 3, author_id);
	db_bind_text(st, 4, text);
	if (db_exec_stmt(st) < 0)
		goto out;
	st = db_prepare(c, touch);
	if (!st)
		goto out;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, incident_id);
	rc = db_exec_stmt(st);
out:
	free(text);
	return rc;
}

int store_report_incident_scope(struct db_conn *c, int64_t incident_id, int64_t *constituency_id, char *tlp,
                                size_t tlplen)
{
	static const char sql[] = "SELECT constituency_id, tlp FROM incident WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, incident_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*constituency_id = db_col_int(st, 0);
		snprintf(tlp, tlplen, "%s", db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Runs a prepared query and appends API objects to items. The statement is
 * released (db_done) but not freed. */
static int append_rows(struct db_stmt *st, json_t *items)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);
		json_t *o = row ? store_report_api(row) : NULL;
		json_decref(row);
		if (!o) {
			rc = -1;
			break;
		}
		json_array_append_new(items, o);
	}
	return rc < 0 ? -1 : 0;
}

json_t *store_reports_of_incident(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM report WHERE incident_id = ? ORDER BY received_at, id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	json_t *items = json_array();
	db_bind_int(st, 1, incident_id);
	int rc = append_rows(st, items);
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_reports_move(struct db_conn *c, int64_t from_incident, int64_t to_incident, int64_t now)
{
	static const char sql[] = "UPDATE report SET incident_id = ?, updated_at = ?, "
	                          "version = version + 1 WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to_incident);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, from_incident);
	return db_exec_stmt(st);
}

/* --- list --------------------------------------------------------------- */

/* Adds "?, ?, ...)" binding a NULL-terminated list of names; the caller
 * has added "column IN (". */
static void add_in_list(struct db_query *q, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		if (i)
			DBQ_SQL(q, ", ");
		DBQ_SQL(q, "?");
		db_query_text(q, names[i]);
	}
	DBQ_SQL(q, ")");
}

/* Adds the free-text conditions: the long terms through the trigram index,
 * the short ones by scanning subject and body (see core/search.h). */
static void add_search(struct db_query *q, const struct search_query *sq)
{
	if (sq->fts[0]) {
		DBQ_SQL(q, " AND id IN (SELECT rowid FROM report_fts WHERE report_fts MATCH ?)");
		db_query_text(q, sq->fts);
	}
	for (size_t i = 0; i < sq->nshort; i++) {
		if (sq->shorts[i].raw)
			DBQ_SQL(q, " AND (instr(subject, ?) > 0 OR instr(body, ?) > 0)");
		else
			DBQ_SQL(q, " AND (subject LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')");
		db_query_text(q, sq->shorts[i].text);
		db_query_text(q, sq->shorts[i].text);
	}
}

/* Adds the keyset condition and ORDER BY for the chosen sort. */
static void add_order(struct db_query *q, const struct store_report_filter *f)
{
	if (f->has_after) {
		if (f->sort_created && f->descending)
			DBQ_SQL(q, " AND (created_at < ? OR (created_at = ? AND id < ?))");
		else if (f->sort_created)
			DBQ_SQL(q, " AND (created_at > ? OR (created_at = ? AND id > ?))");
		else if (f->descending)
			DBQ_SQL(q, " AND (received_at < ? OR (received_at = ? AND id < ?))");
		else
			DBQ_SQL(q, " AND (received_at > ? OR (received_at = ? AND id > ?))");
		db_query_int(q, f->after_value);
		db_query_int(q, f->after_value);
		db_query_int(q, f->after_id);
	}
	if (f->sort_created && f->descending)
		DBQ_SQL(q, " ORDER BY created_at DESC, id DESC");
	else if (f->sort_created)
		DBQ_SQL(q, " ORDER BY created_at, id");
	else if (f->descending)
		DBQ_SQL(q, " ORDER BY received_at DESC, id DESC");
	else
		DBQ_SQL(q, " ORDER BY received_at, id");
	DBQ_SQL(q, " LIMIT ?");
	db_query_int(q, (int64_t)f->limit + 1); /* one more tells whether a next page exists */
}

int store_report_list(struct db_conn *c, const struct store_report_filter *f, json_t *items, int *more)
{
	int rc = -1;
	struct db_stmt *st = NULL;
	struct db_query *q = db_query_new();
	*more = 0;
	if (!q)
		return -1;
	DBQ_SQL(q, "SELECT " REPORT_COLS " FROM report WHERE 1 = 1");
	if (f->scope_user_id) {
		DBQ_SQL(q, " AND constituency_id IN "
		           "(SELECT constituency_id FROM user_constituency WHERE user_id = ?)");
		db_query_int(q, f->scope_user_id);
	}
	if (f->tlps && f->tlps[0]) {
		DBQ_SQL(q, " AND tlp IN (");
		add_in_list(q, f->tlps);
	} else if (f->tlps) {
		DBQ_SQL(q, " AND 1 = 0"); /* no TLP allowed: nothing is visible */
	}
	if (f->states && f->states[0]) {
		DBQ_SQL(q, " AND state IN (");
		add_in_list(q, f->states);
	}
	if (f->channels && f->channels[0]) {
		DBQ_SQL(q, " AND channel IN (");
		add_in_list(q, f->channels);
	}
	if (f->constituency_id) {
		DBQ_SQL(q, " AND constituency_id = ?");
		db_query_int(q, f->constituency_id);
	}
	if (f->incident_id) {
		DBQ_SQL(q, " AND incident_id = ?");
		db_query_int(q, f->incident_id);
	}
	if (f->has_received_from) {
		DBQ_SQL(q, " AND received_at >= ?");
		db_query_int(q, f->received_from);
	}
	if (f->has_received_to) {
		DBQ_SQL(q, " AND received_at <= ?");
		db_query_int(q, f->received_to);
	}
	if (f->search)
		add_search(q, f->search);
	add_order(q, f);
	st = db_query_prepare(c, q);
	if (!st)
		goto out;
	int n = 0, s;
	while ((s = db_step(st)) == DB_ROW) {
		if (n == f->limit) {
			*more = 1;
			break;
		}
		json_t *row = db_row_json(st);
		json_t *o = row ? store_report_api(row) : NULL;
		json_decref(row);
		if (!o)
			goto out;
		json_array_append_new(items, o);
		n++;
	}
	if (s < 0)
		goto out;
	rc = 0;
out:
	db_stmt_free(st);
	db_query_free(q);
	return rc;
}

int store_report_fts_index(struct db_conn *c, int64_t first_id, int64_t last_id)
{
	static const char sql[] = "INSERT INTO report_fts(rowid, key, subject, body, reporter_name, reporter_address) "
	                          "SELECT id, key, subject, body, reporter_name, reporter_address FROM report "
	                          "WHERE id BETWEEN ? AND ? AND fts_batch = 1";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, first_id);
	db_bind_int(st, 2, last_id);
	return db_exec_stmt(st);
}
