/*
 * Journal SQL (see journal.h). Entries are read through the
 * journal_incident (incident_id, at, id) index, so a page of an incident's
 * timeline is one index range whatever its position.
 */
#include "store/journal.h"

#include "store/db.h"

#include <stdlib.h>

#define JOURNAL_SELECT                                                                                                 \
	"SELECT j.id, j.incident_id, j.at, j.author_id, COALESCE(u.display_name, '') AS author, "                      \
	"j.kind, j.body_md, j.body_html, j.data FROM journal j LEFT JOIN app_user u ON u.id = j.author_id "

int store_journal_append(struct db_conn *c, const struct store_journal_entry *e, int64_t *id)
{
	static const char sql[] = "INSERT INTO journal(incident_id, at, author_id, kind, body_md, body_html, data) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?)";
	char *data = NULL;
	int rc = -1;
	struct db_stmt *st;
	/* Compact, key-sorted text so that equal data is stored equally. */
	if (e->data) {
		data = json_dumps(e->data, JSON_COMPACT | JSON_SORT_KEYS);
		if (!data)
			return -1;
	}
	st = db_prepare(c, sql);
	if (!st)
		goto out;
	db_bind_int(st, 1, e->incident_id);
	db_bind_int(st, 2, e->at);
	db_bind_int_or_null(st, 3, e->author_id);
	db_bind_text(st, 4, e->kind);
	db_bind_text(st, 5, e->body_md ? e->body_md : "");
	db_bind_text(st, 6, e->body_html ? e->body_html : "");
	db_bind_text(st, 7, data ? data : "{}");
	rc = db_exec_stmt(st);
	if (rc == 0 && id)
		*id = db_last_insert_id(c);
out:
	free(data);
	return rc;
}

int store_journal_get(struct db_conn *c, int64_t id, json_t **out)
{
	static const char sql[] = JOURNAL_SELECT "WHERE j.id = ?";
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

json_t *store_journal_list(struct db_conn *c, int64_t incident_id, int has_cursor, int64_t after_at, int64_t after_id,
                           int limit)
{
	static const char sql_first[] = JOURNAL_SELECT "WHERE j.incident_id = ? ORDER BY j.at, j.id LIMIT ?";
	static const char sql_after[] =
	        JOURNAL_SELECT "WHERE j.incident_id = ? AND (j.at, j.id) > (?, ?) ORDER BY j.at, j.id LIMIT ?";
	struct db_stmt *st = db_prepare(c, has_cursor ? sql_after : sql_first);
	json_t *items;
	int rc, idx = 1;
	if (!st)
		return NULL;
	db_bind_int(st, idx++, incident_id);
	if (has_cursor) {
		db_bind_int(st, idx++, after_at);
		db_bind_int(st, idx++, after_id);
	}
	db_bind_int(st, idx, (int64_t)limit + 1);
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

int store_journal_move(struct db_conn *c, int64_t from, int64_t to)
{
	/* Allowed by journal_no_update, which only guards an entry's content. */
	static const char sql[] = "UPDATE journal SET incident_id = ? WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_int(st, 2, from);
	return db_exec_stmt(st);
}
