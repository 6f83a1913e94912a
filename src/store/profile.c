/*
 * The team profile's row and the constituency names (see profile.h).
 */
#include "store/profile.h"
#include "store/db.h"

#include <stdlib.h>

int store_profile_get(struct db_conn *c, json_t **out)
{
	static const char sql[] = "SELECT version, updated_at, updated_by, doc FROM team_profile WHERE id = 1";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		json_t *doc = json_loads(db_col_text(st, 3), JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(doc)) {
			json_decref(doc);
			doc = json_object();
		}
		*out = json_pack("{s:I,s:I,s:o,s:o}", "version", (json_int_t)db_col_int(st, 0), "updated_at",
		                 (json_int_t)db_col_int(st, 1), "updated_by",
		                 db_col_is_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)), "doc", doc);
	}
	db_done(st);
	return *out ? 0 : -1;
}

int store_profile_put(struct db_conn *c, const json_t *doc, int64_t now, int64_t user_id)
{
	static const char sql[] = "UPDATE team_profile SET doc = ?, version = version + 1, updated_at = ?, "
	                          "updated_by = ? WHERE id = 1";
	char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	struct db_stmt *st = text ? db_prepare(c, sql) : NULL;
	if (!st) {
		free(text);
		return -1;
	}
	db_bind_text(st, 1, text);
	db_bind_int(st, 2, now);
	db_bind_int_or_null(st, 3, user_id);
	int rc = db_exec_stmt(st);
	free(text);
	return rc;
}

json_t *store_profile_constituencies(struct db_conn *c)
{
	static const char sql[] = "SELECT id, name, name_en FROM constituency ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	json_t *arr = json_array();
	int rc;
	if (!st || !arr) {
		if (st)
			db_done(st);
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
