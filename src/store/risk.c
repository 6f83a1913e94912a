/*
 * Risk-tolerance assessment SQL (see risk.h).
 */
#include "store/risk.h"

#include "store/db.h"

#define RISK_SELECT                                                                                                    \
	"SELECT a.id, a.answers, a.points, a.max_points, a.score, a.profile, a.matrix, a.created_by, "                 \
	"u.display_name AS created_by_name, a.created_at "                                                             \
	"FROM risk_assessment a LEFT JOIN app_user u ON u.id = a.created_by "

int store_risk_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] = "INSERT INTO risk_assessment(answers, points, max_points, score, profile, matrix, "
	                          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	static const char *const cols[] = {"answers", "points", "max_points", "score",
	                                   "profile", "matrix", "created_by", "created_at"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 8; i++)
		db_bind_json(st, i + 1, json_object_get(row, cols[i]));
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_risk_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = RISK_SELECT "WHERE a.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

json_t *store_risk_list(struct db_conn *c)
{
	static const char sql[] = RISK_SELECT "ORDER BY a.created_at DESC, a.id DESC";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
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
