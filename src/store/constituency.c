/*
 * Constituency and org-unit SQL (see constituency.h).
 *
 * Both tables are small (tens to hundreds of rows), so lists are not paged.
 * Scope restriction is done in SQL through user_constituency so that a
 * scoped user never receives a row outside the scope.
 */
#include "store/constituency.h"

#include "lib/timeutil.h"
#include "store/db.h"

#include <string.h>

#define CONSTITUENCY_COLS "id, code, name, name_en, description, created_at, updated_at, version"
#define ORG_UNIT_COLS     "id, constituency_id, parent_id, name, name_en, created_at, updated_at, version"

/* Replaces an integer unix-time member by its RFC 3339 string. */
static void time_member(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_integer(v))
		return;
	char buf[32];
	time_format((int64_t)json_integer_value(v), buf);
	json_object_set_new(o, name, json_string(buf));
}

/* A copy of the row with RFC 3339 times (new reference). */
static json_t *api_object(const json_t *row)
{
	json_t *o = json_deep_copy(row);
	if (!o)
		return NULL;
	time_member(o, "created_at");
	time_member(o, "updated_at");
	return o;
}

json_t *store_constituency_api(const json_t *row)
{
	return api_object(row);
}

json_t *store_org_unit_api(const json_t *row)
{
	return api_object(row);
}

/* The single row of a bound statement (released here), new reference. */
static json_t *one_row(struct db_stmt *st)
{
	json_t *row = NULL;
	if (db_step(st) == DB_ROW)
		row = db_row_json(st);
	db_done(st);
	return row;
}

/* Every row of a bound statement as API objects (released here). */
static json_t *all_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);
		json_t *o = row ? api_object(row) : NULL;
		json_decref(row);
		if (!o) {
			rc = -1;
			break;
		}
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* Binds row[name] (a string) or "" when absent/null. */
static void bind_str(struct db_stmt *st, int idx, const json_t *row, const char *name)
{
	const char *s = json_string_value(json_object_get(row, name));
	db_bind_text(st, idx, s ? s : "");
}

/* Binds row[name] (an id) or NULL when absent/null/0. */
static void bind_id(struct db_stmt *st, int idx, const json_t *row, const char *name)
{
	db_bind_int_or_null(st, idx, (int64_t)json_integer_value(json_object_get(row, name)));
}

json_t *store_constituency_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT " CONSTITUENCY_COLS " FROM constituency WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	return one_row(st);
}

json_t *store_constituency_list(struct db_conn *c, int64_t scope_user_id, int64_t after_id, int limit)
{
	/* ? = 0 disables the scope filter, so one literal serves both cases */
	static const char sql[] =
	        "SELECT " CONSTITUENCY_COLS " FROM constituency WHERE id > ? AND (? = 0 OR id IN "
	        "(SELECT constituency_id FROM user_constituency WHERE user_id = ?)) ORDER BY id LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, scope_user_id);
	db_bind_int(st, 3, scope_user_id);
	db_bind_int(st, 4, limit);
	return all_rows(st);
}

int store_constituency_code_taken(struct db_conn *c, const char *code, int64_t exclude_id)
{
	static const char sql[] = "SELECT 1 FROM constituency WHERE code = ? AND id <> ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, exclude_id);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_constituency_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO constituency(code, name, name_en, description, created_at, updated_at, version) "
	        "VALUES (?, ?, ?, ?, ?, ?, 1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_str(st, 1, row, "code");
	bind_str(st, 2, row, "name");
	bind_str(st, 3, row, "name_en");
	bind_str(st, 4, row, "description");
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_constituency_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now)
{
	static const char sql[] = "UPDATE constituency SET code = ?, name = ?, name_en = ?, "
	                          "description = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_str(st, 1, row, "code");
	bind_str(st, 2, row, "name");
	bind_str(st, 3, row, "name_en");
	bind_str(st, 4, row, "description");
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	return db_exec_stmt(st);
}

json_t *store_org_unit_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT " ORG_UNIT_COLS " FROM org_unit WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	return one_row(st);
}

json_t *store_org_unit_list(struct db_conn *c, int64_t constituency_id, int64_t scope_user_id, int64_t after_id,
                            int limit)
{
	/* ? = 0 disables a filter, so one literal serves every combination */
	static const char sql[] =
	        "SELECT " ORG_UNIT_COLS " FROM org_unit WHERE id > ? AND (? = 0 OR constituency_id = ?) "
	        "AND (? = 0 OR constituency_id IN "
	        "(SELECT constituency_id FROM user_constituency WHERE user_id = ?)) "
	        "ORDER BY id LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, constituency_id);
	db_bind_int(st, 3, constituency_id);
	db_bind_int(st, 4, scope_user_id);
	db_bind_int(st, 5, scope_user_id);
	db_bind_int(st, 6, limit);
	return all_rows(st);
}

int store_org_unit_parent(struct db_conn *c, int64_t id, int64_t *parent_id)
{
	static const char sql[] = "SELECT parent_id FROM org_unit WHERE id = ?";
	*parent_id = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW && !db_col_is_null(st, 0))
		*parent_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_org_unit_insert(struct db_conn *c, const json_t *row, int64_t now, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO org_unit(constituency_id, parent_id, name, name_en, created_at, updated_at, version) "
	        "VALUES (?, ?, ?, ?, ?, ?, 1)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_id(st, 1, row, "constituency_id");
	bind_id(st, 2, row, "parent_id");
	bind_str(st, 3, row, "name");
	bind_str(st, 4, row, "name_en");
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_org_unit_update(struct db_conn *c, int64_t id, const json_t *row, int64_t now)
{
	static const char sql[] = "UPDATE org_unit SET constituency_id = ?, parent_id = ?, name = ?, "
	                          "name_en = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	bind_id(st, 1, row, "constituency_id");
	bind_id(st, 2, row, "parent_id");
	bind_str(st, 3, row, "name");
	bind_str(st, 4, row, "name_en");
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	return db_exec_stmt(st);
}
