/*
 * Shared store functions (see store.h).
 */
#include "store/store.h"

#include "store/db.h"

#include <stdio.h>
#include <string.h>

int store_next_seq(struct db_conn *c, const char *kind, int year, int64_t *seq)
{
	static const char upsert[] = "INSERT INTO key_seq(kind, year, last) VALUES (?, ?, 1) "
	                             "ON CONFLICT(kind, year) DO UPDATE SET last = key_seq.last + 1 RETURNING last";
	struct db_stmt *st = db_prepare(c, upsert);
	if (!st)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, year);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*seq = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int store_taxonomy_exists(struct db_conn *c, const char *code)
{
	static const char sql[] = "SELECT 1 FROM taxonomy WHERE code = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

json_t *store_taxonomy_list(struct db_conn *c)
{
	static const char sql[] = "SELECT code, parent, label_ja, label_en, description_ja, description_en, is_local "
	                          "FROM taxonomy ORDER BY code";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = db_row_json(st);
		json_object_set_new(o, "is_local", json_boolean(db_col_int(st, 6)));
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_taxonomy_insert(struct db_conn *c, const struct taxonomy_entry *e)
{
	static const char sql[] =
	        "INSERT INTO taxonomy(code, parent, label_ja, label_en, description_ja, description_en, is_local) "
	        "VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, e->code);
	db_bind_text(st, 2, e->parent);
	db_bind_text(st, 3, e->label_ja);
	db_bind_text(st, 4, e->label_en);
	db_bind_text(st, 5, e->description_ja ? e->description_ja : "");
	db_bind_text(st, 6, e->description_en ? e->description_en : "");
	db_bind_int(st, 7, e->is_local ? 1 : 0);
	return db_exec_stmt(st);
}

int store_priority_matrix_load(struct db_conn *c, struct priority_matrix *m)
{
	static const char sql[] = "SELECT impact, urgency, priority FROM priority_matrix";
	priority_matrix_default(m);
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		enum level i, u;
		enum priority p;
		if (level_parse(db_col_text(st, 0), &i) == 0 && level_parse(db_col_text(st, 1), &u) == 0 &&
		    priority_parse(db_col_text(st, 2), &p) == 0)
			m->cell[i][u] = p;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_priority_matrix_save(struct db_conn *c, const struct priority_matrix *m)
{
	static const char sql[] = "INSERT INTO priority_matrix(impact, urgency, priority) VALUES (?, ?, ?) "
	                          "ON CONFLICT(impact, urgency) DO UPDATE SET priority = excluded.priority";
	for (int i = LEVEL_LOW; i <= LEVEL_HIGH; i++) {
		for (int u = LEVEL_LOW; u <= LEVEL_HIGH; u++) {
			struct db_stmt *st = db_prepare(c, sql);
			if (!st)
				return -1;
			db_bind_text(st, 1, level_name((enum level)i));
			db_bind_text(st, 2, level_name((enum level)u));
			db_bind_text(st, 3, priority_name(m->cell[i][u]));
			if (db_exec_stmt(st) < 0)
				return -1;
		}
	}
	return 0;
}

int store_constituency_exists(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM constituency WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_org_unit_constituency(struct db_conn *c, int64_t org_unit_id, int64_t *constituency_id)
{
	static const char sql[] = "SELECT constituency_id FROM org_unit WHERE id = ?";
	*constituency_id = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, org_unit_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*constituency_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_constituency_by_code(struct db_conn *c, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM constituency WHERE code = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}
