/*
 * Outbox SQL (see outbox.h).
 */
#include "store/outbox.h"

#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_COLS                                                                                                    \
	"id, kind, state, report_id, incident_id, mail_from, mail_to, subject, body, message_id, in_reply_to, refs, "  \
	"lang, attempts, next_attempt_at, last_error, created_at, sent_at, channel, webhook_url, webhook_format, "     \
	"tlp, "                                                                                                        \
	"escalation_id, contact_id"

int store_outbox_insert(struct db_conn *c, const struct store_outbox_msg *m, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO outbox(kind, state, report_id, incident_id, mail_from, mail_to, subject, "
	        "body, message_id, in_reply_to, refs, lang, attempts, next_attempt_at, created_at, "
	        "channel, webhook_url, webhook_format, tlp, escalation_id, contact_id) "
	        "VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, m->kind);
	db_bind_int_or_null(st, 2, m->report_id);
	db_bind_int_or_null(st, 3, m->incident_id);
	db_bind_text(st, 4, m->mail_from);
	db_bind_text(st, 5, m->mail_to);
	db_bind_text(st, 6, m->subject);
	db_bind_text(st, 7, m->body);
	db_bind_text(st, 8, m->message_id);
	db_bind_text(st, 9, m->in_reply_to ? m->in_reply_to : "");
	db_bind_text(st, 10, m->refs ? m->refs : "");
	db_bind_text(st, 11, m->lang ? m->lang : "ja");
	db_bind_int(st, 12, m->now);
	db_bind_int(st, 13, m->now);
	db_bind_text(st, 14, m->channel ? m->channel : "mail");
	db_bind_text(st, 15, m->webhook_url ? m->webhook_url : "");
	db_bind_text(st, 16, m->webhook_format ? m->webhook_format : "json");
	db_bind_text(st, 17, m->tlp ? m->tlp : "");
	db_bind_int_or_null(st, 18, m->escalation_id);
	db_bind_int_or_null(st, 19, m->contact_id);
	if (db_exec_stmt(st) < 0)
		return -1;
	if (id)
		*id = db_last_insert_id(c);
	return 0;
}

int store_outbox_count_to(struct db_conn *c, const char *mail_to, int64_t since, int64_t *count)
{
	static const char sql[] = "SELECT COUNT(*) FROM outbox WHERE mail_to = ? AND created_at >= ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, mail_to);
	db_bind_int(st, 2, since);
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int store_outbox_count_kind(struct db_conn *c, const char *kind, int64_t since, int64_t *count)
{
	static const char sql[] = "SELECT COUNT(*) FROM outbox WHERE kind = ? AND created_at >= ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, since);
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* Collects every row of st (released here); NULL on error. */
static json_t *all_rows(struct db_stmt *st, int api)
{
	static const char *const times[] = {"next_attempt_at", "created_at", "sent_at"};
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = db_row_json(st);
		if (api)
			json_object_del(o, "webhook_url"); /* may carry a secret; only the sender needs it */
		for (size_t i = 0; api && i < sizeof(times) / sizeof(times[0]); i++) {
			json_t *v = json_object_get(o, times[i]);
			if (json_is_integer(v)) {
				char buf[32];
				time_format((int64_t)json_integer_value(v), buf);
				json_object_set_new(o, times[i], json_string(buf));
			}
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

json_t *store_outbox_due(struct db_conn *c, int64_t now, int limit)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? "
	                          "ORDER BY next_attempt_at, id LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	return all_rows(st, 0);
}

json_t *store_outbox_due_channel(struct db_conn *c, int64_t now, int limit, const char *channel)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE state = 'queued' AND channel = ? "
	                          "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, channel);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, limit);
	return all_rows(st, 0);
}

int store_outbox_sent(struct db_conn *c, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, "
	                          "last_error = '' WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_exec_stmt(st);
}

int store_outbox_failed(struct db_conn *c, int64_t id, const char *error, int64_t next, int final)
{
	static const char sql[] = "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
	                          "state = CASE WHEN ? THEN 'failed' ELSE state END WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, error ? error : "");
	db_bind_int(st, 2, next);
	db_bind_int(st, 3, final ? 1 : 0);
	db_bind_int(st, 4, id);
	return db_exec_stmt(st);
}

json_t *store_outbox_list(struct db_conn *c, const char *state, int64_t before_id, int limit)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE (? IS NULL OR state = ?) "
	                          "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_text(st, 1, state);
	db_bind_text(st, 2, state);
	db_bind_int(st, 3, before_id);
	db_bind_int(st, 4, before_id);
	db_bind_int(st, 5, limit + 1);
	return all_rows(st, 1);
}

json_t *store_outbox_of(struct db_conn *c, int64_t report_id, int64_t incident_id)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE (? <> 0 AND report_id = ?) "
	                          "OR (? <> 0 AND incident_id = ?) ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, report_id);
	db_bind_int(st, 2, report_id);
	db_bind_int(st, 3, incident_id);
	db_bind_int(st, 4, incident_id);
	return all_rows(st, 1);
}

int store_outbox_attach(struct db_conn *c, int64_t outbox_id, const char *filename, const char *content_type,
                        const void *data, size_t len)
{
	static const char sql[] =
	        "INSERT INTO outbox_attachment(outbox_id, filename, content_type, data) VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, outbox_id);
	db_bind_text(st, 2, filename);
	db_bind_text(st, 3, content_type);
	db_bind_blob(st, 4, data ? data : "", len);
	return db_exec_stmt(st) < 0 ? -1 : 0;
}

void store_outbox_files_free(struct store_outbox_file *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].filename);
		free(a[i].content_type);
		free(a[i].data);
	}
	free(a);
}

/* Copies the current row into a (0, or -1 out of memory). */
static int attachment_row(struct db_stmt *st, struct store_outbox_file *a)
{
	size_t len = 0;
	const void *p = db_col_blob(st, 2, &len);
	a->filename = strdup(db_col_text(st, 0));
	a->content_type = strdup(db_col_text(st, 1));
	a->data = malloc(len ? len : 1);
	a->len = len;
	if (!a->filename || !a->content_type || !a->data)
		return -1;
	if (len)
		memcpy(a->data, p, len);
	return 0;
}

int store_outbox_attachments(struct db_conn *c, int64_t outbox_id, struct store_outbox_file **out, size_t *n)
{
	static const char sql[] =
	        "SELECT filename, content_type, data FROM outbox_attachment WHERE outbox_id = ? ORDER BY id";
	struct store_outbox_file *a = NULL;
	size_t cnt = 0;
	int rc;
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, outbox_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_outbox_file *grown = realloc(a, (cnt + 1) * sizeof(*a));
		if (!grown)
			break;
		a = grown;
		memset(&a[cnt], 0, sizeof(*a));
		if (attachment_row(st, &a[cnt++]) < 0)
			break;
	}
	db_done(st);
	if (rc != DB_DONE) {
		store_outbox_files_free(a, cnt);
		return -1;
	}
	*out = a;
	*n = cnt;
	return 0;
}

int store_outbox_move(struct db_conn *c, int64_t from, int64_t to)
{
	static const char sql[] = "UPDATE outbox SET incident_id = ? WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_int(st, 2, from);
	return db_exec_stmt(st);
}
