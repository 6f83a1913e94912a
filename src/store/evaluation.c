/*
 * CSIRT evaluation SQL (see evaluation.h).
 */
#include "store/evaluation.h"

#include "store/db.h"

#define EVAL_SELECT                                                                                                    \
	"SELECT e.id, e.eval_date, e.answers, e.results, e.overall, e.note, e.created_by, "                            \
	"u.display_name AS created_by_name, e.created_at "                                                             \
	"FROM evaluation e LEFT JOIN app_user u ON u.id = e.created_by "

#define ROADMAP_SELECT                                                                                                 \
	"SELECT n, item, service, severity, importance, action_ja, action_en, owner, target_date, status, version, "   \
	"updated_at FROM roadmap_item "

int store_evaluation_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] = "INSERT INTO evaluation(eval_date, answers, results, overall, note, created_by, "
	                          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char *const cols[] = {"eval_date", "answers",    "results",   "overall",
	                                   "note",      "created_by", "created_at"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 7; i++)
		db_bind_json(st, i + 1, json_object_get(row, cols[i]));
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_roadmap_insert(struct db_conn *c, int64_t evaluation_id, const json_t *item, int64_t now, int64_t user_id)
{
	static const char sql[] = "INSERT INTO roadmap_item(evaluation_id, n, item, service, severity, importance, "
	                          "action_ja, action_en, owner, target_date, status, updated_at, updated_by) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char *const cols[] = {"n",         "item",      "service", "severity",    "importance",
	                                   "action_ja", "action_en", "owner",   "target_date", "status"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, evaluation_id);
	for (int i = 0; i < 10; i++)
		db_bind_json(st, i + 2, json_object_get(item, cols[i]));
	db_bind_int(st, 12, now);
	db_bind_int_or_null(st, 13, user_id);
	return db_exec_stmt(st);
}

/* Steps st to its single row: 1 with *out, 0 absent, -1 error. */
static int one_row(struct db_stmt *st, json_t **out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

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

int store_evaluation_get(struct db_conn *c, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(c, EVAL_SELECT "WHERE e.id = ?");
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return one_row(st, out);
}

json_t *store_evaluation_list(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, EVAL_SELECT "ORDER BY e.eval_date, e.created_at, e.id");
	return st ? all_rows(st) : NULL;
}

json_t *store_roadmap_list(struct db_conn *c, int64_t evaluation_id)
{
	struct db_stmt *st = db_prepare(c, ROADMAP_SELECT "WHERE evaluation_id = ? ORDER BY n");
	if (!st)
		return NULL;
	db_bind_int(st, 1, evaluation_id);
	return all_rows(st);
}

int store_roadmap_get(struct db_conn *c, int64_t evaluation_id, int64_t n, json_t **out)
{
	struct db_stmt *st = db_prepare(c, ROADMAP_SELECT "WHERE evaluation_id = ? AND n = ?");
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, evaluation_id);
	db_bind_int(st, 2, n);
	return one_row(st, out);
}

int store_roadmap_update(struct db_conn *c, int64_t evaluation_id, int64_t n, const json_t *item, int64_t now,
                         int64_t user_id)
{
	static const char sql[] = "UPDATE roadmap_item SET owner = ?, target_date = ?, status = ?, "
	                          "version = version + 1, updated_at = ?, updated_by = ? "
	                          "WHERE evaluation_id = ? AND n = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_json(st, 1, json_object_get(item, "owner"));
	db_bind_json(st, 2, json_object_get(item, "target_date"));
	db_bind_json(st, 3, json_object_get(item, "status"));
	db_bind_int(st, 4, now);
	db_bind_int_or_null(st, 5, user_id);
	db_bind_int(st, 6, evaluation_id);
	db_bind_int(st, 7, n);
	return db_exec_stmt(st);
}
