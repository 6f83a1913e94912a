/*
 * Authority matrix and decision SQL (see authority.h). The matrix is small
 * (actions x roles, a few dozen rows), so a replacement deletes and
 * re-inserts every cell in the caller's write job.
 */
#include "store/authority.h"

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

json_t *store_authority_actions(struct db_conn *c)
{
	static const char sql[] =
	        "SELECT code, label_ja, label_en, builtin FROM authority_action ORDER BY builtin DESC, position, code";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

json_t *store_authority_cells(struct db_conn *c)
{
	static const char sql[] = "SELECT action, role, power FROM authority ORDER BY action, role";
	struct db_stmt *st = db_prepare(c, sql);
	return st ? all_rows(st) : NULL;
}

int store_authority_meta(struct db_conn *c, json_t **out)
{
	static const char sql[] = "SELECT version, updated_at, updated_by FROM authority_meta WHERE id = 1";
	struct db_stmt *st = db_prepare(c, sql);
	*out = NULL;
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_row_json(st);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

static int exec_plain(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	return st ? db_exec_stmt(st) : -1;
}

static int replace_local(struct db_conn *c, const json_t *local)
{
	static const char del[] = "DELETE FROM authority_action WHERE builtin = 0";
	static const char ins[] =
	        "INSERT INTO authority_action(code, label_ja, label_en, builtin, position) VALUES (?, ?, ?, 0, ?)";
	size_t i;
	json_t *a;
	if (exec_plain(c, del) < 0)
		return -1;
	json_array_foreach(local, i, a)
	{
		struct db_stmt *st = db_prepare(c, ins);
		if (!st)
			return -1;
		db_bind_json(st, 1, json_object_get(a, "code"));
		db_bind_json(st, 2, json_object_get(a, "label_ja"));
		db_bind_json(st, 3, json_object_get(a, "label_en"));
		db_bind_int(st, 4, 100 + (int64_t)i); /* after the built-ins */
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

int store_authority_replace(struct db_conn *c, const json_t *local, const json_t *cells, int64_t now, int64_t user_id)
{
	static const char del[] = "DELETE FROM authority";
	static const char ins[] = "INSERT INTO authority(action, role, power) VALUES (?, ?, ?)";
	static const char bump[] =
	        "UPDATE authority_meta SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1";
	size_t i;
	json_t *cell;
	if (exec_plain(c, del) < 0 || (local && replace_local(c, local) < 0))
		return -1;
	json_array_foreach(cells, i, cell)
	{
		struct db_stmt *st = db_prepare(c, ins);
		if (!st)
			return -1;
		db_bind_json(st, 1, json_object_get(cell, "action"));
		db_bind_json(st, 2, json_object_get(cell, "role"));
		db_bind_json(st, 3, json_object_get(cell, "power"));
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	struct db_stmt *st = db_prepare(c, bump);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int_or_null(st, 2, user_id);
	return db_exec_stmt(st);
}

int64_t store_authority_action_uses(struct db_conn *c, const char *action)
{
	static const char sql[] = "SELECT count(*) FROM decision WHERE action = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, action);
	int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

json_t *store_user_authority_roles(struct db_conn *c, int64_t user_id)
{
	static const char sql[] = "SELECT authority_roles FROM app_user WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	json_t *roles = NULL;
	if (!st)
		return NULL;
	db_bind_int(st, 1, user_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		roles = json_loads(db_col_text(st, 0), JSON_REJECT_DUPLICATES, NULL);
	db_done(st);
	if (rc < 0)
		return NULL;
	if (!json_is_array(roles)) {
		json_decref(roles);
		roles = json_array();
	}
	return roles;
}

int store_decision_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO decision(incident_id, action, outcome, power, authority_role, decided_by, "
	        "decided_at, rationale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char *const cols[] = {"incident_id", "action",     "outcome",   "power",     "authority_role",
	                                   "decided_by",  "decided_at", "rationale", "created_at"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 9; i++)
		db_bind_json(st, i + 1, json_object_get(row, cols[i]));
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

#define DECISION_SELECT                                                                                                \
	"SELECT d.id, d.incident_id, d.action, d.outcome, d.power, d.authority_role, d.decided_by, "                   \
	"u.display_name AS decided_by_name, d.decided_at, d.rationale, d.created_at "                                  \
	"FROM decision d LEFT JOIN app_user u ON u.id = d.decided_by "

int store_decision_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = DECISION_SELECT "WHERE d.id = ?";
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

json_t *store_decision_list(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = DECISION_SELECT "WHERE d.incident_id = ? ORDER BY d.decided_at, d.id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, incident_id);
	return all_rows(st);
}

int store_decisions_move(struct db_conn *c, int64_t from, int64_t to)
{
	/* Allowed by decision_no_update, which guards a decision's content. */
	static const char sql[] = "UPDATE decision SET incident_id = ? WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_int(st, 2, from);
	return db_exec_stmt(st);
}
