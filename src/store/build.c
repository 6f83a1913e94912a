/*
 * Build tracker SQL (see build.h). Eight phases, a few dozen items and a
 * handful of document versions: plain queries, no paging.
 */
#include "store/build.h"

#include "store/db.h"

static json_t *all_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *store_build_phases(struct db_conn *c)
{
	static const char sql[] = "SELECT p.code, p.position, p.status, p.owner_id, u.display_name AS owner_name, "
	                          "p.start_date, p.due_date, p.done_at, p.notes, p.version, p.updated_at "
	                          "FROM build_phase p LEFT JOIN app_user u ON u.id = p.owner_id ORDER BY p.position";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

int store_build_phase_get(struct db_conn *c, const char *code, json_t **out)
{
	static const char sql[] = "SELECT code, position, status, owner_id, start_date, due_date, done_at, notes, "
	                          "version, updated_at FROM build_phase WHERE code = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int store_build_phase_update(struct db_conn *c, const char *code, const json_t *row, int64_t now)
{
	static const char sql[] = "UPDATE build_phase SET status = ?, owner_id = ?, start_date = ?, due_date = ?, "
	                          "done_at = ?, notes = ?, version = version + 1, updated_at = ? WHERE code = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_json(st, 1, json_object_get(row, "status"));
	db_bind_json(st, 2, json_object_get(row, "owner_id"));
	db_bind_json(st, 3, json_object_get(row, "start_date"));
	db_bind_json(st, 4, json_object_get(row, "due_date"));
	db_bind_json(st, 5, json_object_get(row, "done_at"));
	db_bind_json(st, 6, json_object_get(row, "notes"));
	db_bind_int(st, 7, now);
	db_bind_text(st, 8, code);
	return db_exec_stmt(st);
}

json_t *store_build_items(struct db_conn *c)
{
	static const char sql[] = "SELECT phase, idx, done, done_by, done_at FROM build_item ORDER BY phase, idx";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

int store_build_item_set(struct db_conn *c, const char *phase, int64_t idx, int done, int64_t user_id, int64_t now)
{
	static const char sql[] = "INSERT INTO build_item(phase, idx, done, done_by, done_at) VALUES (?, ?, ?, ?, ?) "
	                          "ON CONFLICT (phase, idx) DO UPDATE SET done = excluded.done, "
	                          "done_by = excluded.done_by, done_at = excluded.done_at";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, phase);
	db_bind_int(st, 2, idx);
	db_bind_int(st, 3, done ? 1 : 0);
	db_bind_int_or_null(st, 4, done ? user_id : 0);
	db_bind_int_or_null(st, 5, done ? now : 0);
	return db_exec_stmt(st);
}

int store_build_user_exists(struct db_conn *c, int64_t user_id)
{
	static const char sql[] = "SELECT 1 FROM app_user WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, user_id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

json_t *store_build_documents(struct db_conn *c, const char *phase, const char *deliverable)
{
	static const char sql[] = "SELECT d.id, d.version, d.created_by, u.display_name AS created_by_name, "
	                          "d.created_at, d.body_md FROM build_document d "
	                          "LEFT JOIN app_user u ON u.id = d.created_by "
	                          "WHERE d.phase = ? AND d.deliverable = ? ORDER BY d.version DESC";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, phase);
	db_bind_text(st, 2, deliverable);
	return all_rows(st);
}

int store_build_document_add(struct db_conn *c, const char *phase, const char *deliverable, const char *body,
                             int64_t user_id, int64_t now, int64_t *version)
{
	static const char next[] =
	        "SELECT COALESCE(MAX(version), 0) + 1 FROM build_document WHERE phase = ? AND deliverable = ?";
	static const char ins[] = "INSERT INTO build_document(phase, deliverable, version, body_md, created_by, "
	                          "created_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, next);
	if (!st)
		return -1;
	db_bind_text(st, 1, phase);
	db_bind_text(st, 2, deliverable);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	*version = db_col_int(st, 0);
	db_done(st);
	if (!(st = db_prepare(c, ins)))
		return -1;
	db_bind_text(st, 1, phase);
	db_bind_text(st, 2, deliverable);
	db_bind_int(st, 3, *version);
	db_bind_text(st, 4, body);
	db_bind_int_or_null(st, 5, user_id);
	db_bind_int(st, 6, now);
	return db_exec_stmt(st);
}
