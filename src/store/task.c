/*
 * Task SQL (see task.h). Tasks of one incident come through the
 * task_incident index.
 */
#include "store/task.h"

#include "store/db.h"

#define TASK_SELECT                                                                                                    \
	"SELECT id, incident_id, title, assignee_id, due_at, done, done_at, created_by, created_at, "                  \
	"updated_at, version FROM task "

int store_task_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = TASK_SELECT "WHERE id = ?";
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

json_t *store_task_list(struct db_conn *c, int64_t incident_id)
{
	static const char sql[] = TASK_SELECT "WHERE incident_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	json_t *items;
	int rc;
	if (!st)
		return NULL;
	db_bind_int(st, 1, incident_id);
	items = json_array();
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, db_row_json(st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_task_insert(struct db_conn *c, const json_t *row, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO task(incident_id, title, assignee_id, due_at, done, done_at, created_by, created_at, "
	        "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char *const cols[] = {"incident_id", "title",      "assignee_id", "due_at",     "done",
	                                   "done_at",     "created_by", "created_at",  "updated_at", "version"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 10; i++)
		db_bind_json(st, i + 1, json_object_get(row, cols[i]));
	if (db_exec_stmt(st) < 0)
		return -1;
	*id = db_last_insert_id(c);
	return 0;
}

int store_task_update(struct db_conn *c, int64_t id, int64_t old_version, const json_t *row)
{
	static const char sql[] =
	        "UPDATE task SET title = ?, assignee_id = ?, due_at = ?, done = ?, done_at = ?, updated_at = ?, "
	        "version = ? WHERE id = ? AND version = ?";
	static const char *const cols[] = {"title",   "assignee_id", "due_at", "done",
	                                   "done_at", "updated_at",  "version"};
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 7; i++)
		db_bind_json(st, i + 1, json_object_get(row, cols[i]));
	db_bind_int(st, 8, id);
	db_bind_int(st, 9, old_version);
	if (db_exec_stmt(st) < 0)
		return -1;
	return db_changes(c) == 1 ? 0 : 1;
}

int store_tasks_move(struct db_conn *c, int64_t from, int64_t to, int64_t now)
{
	static const char sql[] =
	        "UPDATE task SET incident_id = ?, updated_at = ?, version = version + 1 WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, from);
	return db_exec_stmt(st);
}
