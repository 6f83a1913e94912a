/*
 * Point-of-contact SQL (see intake.h). Raw messages and uploaded files are
 * stored zlib-compressed; the uncompressed size is kept beside them so
 * that decompression needs no guessing.
 */
#include "store/intake.h"

#include "core/observable.h"
#include "lib/timeutil.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* --- compression ---------------------------------------------------------- */

/* Compresses n bytes into a new buffer (*out, *outlen); -1 on failure. */
static int deflate_buf(const char *p, size_t n, unsigned char **out, size_t *outlen)
{
	uLongf cap = compressBound((uLong)n);
	unsigned char *b = malloc(cap ? cap : 1);
	if (!b)
		return -1;
	if (compress2(b, &cap, (const Bytef *)p, (uLong)n, 6) != Z_OK) {
		free(b);
		return -1;
	}
	*out = b;
	*outlen = cap;
	return 0;
}

/* Decompresses into exactly size bytes (+ a NUL); NULL on failure. */
static char *inflate_buf(const void *p, size_t n, size_t size)
{
	char *b = malloc(size + 1);
	if (!b)
		return NULL;
	uLongf got = (uLongf)size;
	if (uncompress((Bytef *)b, &got, p, (uLong)n) != Z_OK || got != size) {
		free(b);
		return NULL;
	}
	b[size] = '\0';
	return b;
}

/* Decompresses the stored content of the current row (a BLOB column and
 * its uncompressed size): 1 with *out (malloc'd) and *len, -1 when the
 * stored bytes do not decompress to that size. */
static int row_content(struct db_stmt *st, int blob_col, int size_col, char **out, size_t *len)
{
	size_t zlen;
	const void *z = db_col_blob(st, blob_col, &zlen);
	size_t size = (size_t)db_col_int(st, size_col);
	*out = inflate_buf(z, zlen, size);
	if (!*out)
		return -1;
	*len = size;
	return 1;
}

static void time_member(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	if (!json_is_integer(v))
		return;
	char buf[32];
	time_format((int64_t)json_integer_value(v), buf);
	json_object_set_new(o, name, json_string(buf));
}

/* Strips <>, spaces and tabs around a Message-ID into out. */
static void msgid_norm(const char *in, char *out, size_t outlen)
{
	while (*in == ' ' || *in == '\t' || *in == '<')
		in++;
	size_t n = strcspn(in, "> \t\r\n");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, in, n);
	out[n] = '\0';
}

/* --- mail ------------------------------------------------------------------ */

int store_mail_insert(struct db_conn *c, const struct store_mail *m, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO mail(direction, report_id, incident_id, source, message_id, in_reply_to, refs, subject, "
	        "from_header, from_address, to_header, cc_header, date, auth_results, body, body_from_html, flags, "
	        "raw, "
	        "raw_size, raw_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	        "?)";
	unsigned char *z = NULL;
	size_t zlen = 0;
	if (m->raw && deflate_buf(m->raw, m->raw_len, &z, &zlen) < 0)
		return -1;
	char mid[1024];
	msgid_norm(m->message_id ? m->message_id : "", mid, sizeof(mid));
	char *flags = json_dumps(m->flags ? m->flags : json_array(), JSON_COMPACT);
	struct db_stmt *st = db_prepare(c, sql);
	if (!st) {
		free(z);
		free(flags);
		return -1;
	}
	db_bind_text(st, 1, m->direction);
	db_bind_int_or_null(st, 2, m->report_id);
	db_bind_int_or_null(st, 3, m->incident_id);
	db_bind_text(st, 4, m->source ? m->source : "");
	db_bind_text(st, 5, mid);
	db_bind_text(st, 6, m->in_reply_to ? m->in_reply_to : "");
	db_bind_text(st, 7, m->refs ? m->refs : "");
	db_bind_text(st, 8, m->subject ? m->subject : "");
	db_bind_text(st, 9, m->from_header ? m->from_header : "");
	db_bind_text(st, 10, m->from_address ? m->from_address : "");
	db_bind_text(st, 11, m->to_header ? m->to_header : "");
	db_bind_text(st, 12, m->cc_header ? m->cc_header : "");
	db_bind_int_or_null(st, 13, m->date);
	db_bind_text(st, 14, m->auth_results ? m->auth_results : "");
	db_bind_text(st, 15, m->body ? m->body : "");
	db_bind_int(st, 16, m->body_from_html ? 1 : 0);
	db_bind_text(st, 17, flags ? flags : "[]");
	db_bind_blob(st, 18, z, zlen);
	db_bind_int(st, 19, (int64_t)m->raw_len);
	db_bind_text(st, 20, m->raw_sha256 ? m->raw_sha256 : "");
	db_bind_int(st, 21, m->created_at);
	int rc = db_exec_stmt(st);
	free(z);
	free(flags);
	if (rc < 0)
		return -1;
	if (id)
		*id = db_last_insert_id(c);
	return 0;
}

int store_mail_find_raw(struct db_conn *c, const char *raw_sha256, int64_t *mail_id, int64_t *report_id,
                        int64_t *incident_id)
{
	static const char sql[] = "SELECT id, report_id, incident_id FROM mail "
	                          "WHERE raw_sha256 = ? AND direction = 'in' ORDER BY id LIMIT 1";
	*mail_id = *report_id = *incident_id = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, raw_sha256);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*mail_id = db_col_int(st, 0);
		*report_id = db_col_int(st, 1);
		*incident_id = db_col_int(st, 2);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Resolves a report to the incident it is linked to, when any. */
static int follow_link(struct db_conn *c, int64_t *report_id, int64_t *incident_id)
{
	static const char sql[] = "SELECT incident_id FROM report WHERE id = ?";
	if (!*report_id || *incident_id)
		return 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, *report_id);
	int rc = db_step(st);
	if (rc == DB_ROW && !db_col_is_null(st, 0))
		*incident_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_mail_thread_lookup(struct db_conn *c, const char *message_id, int64_t *report_id, int64_t *incident_id)
{
	static const char mail_sql[] = "SELECT report_id, incident_id FROM mail WHERE message_id = ? "
	                               "AND (report_id IS NOT NULL OR incident_id IS NOT NULL) ORDER BY id LIMIT 1";
	static const char out_sql[] = "SELECT report_id, incident_id FROM outbox WHERE message_id = ? "
	                              "AND (report_id IS NOT NULL OR incident_id IS NOT NULL) ORDER BY id LIMIT 1";
	char mid[1024];
	msgid_norm(message_id, mid, sizeof(mid));
	*report_id = *incident_id = 0;
	if (!mid[0])
		return 0;
	const char *sqls[2] = {mail_sql, out_sql};
	for (int i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(c, sqls[i]);
		if (!st)
			return -1;
		db_bind_text(st, 1, mid);
		int rc = db_step(st);
		if (rc == DB_ROW) {
			*report_id = db_col_int(st, 0);
			*incident_id = db_col_int(st, 1);
		}
		db_done(st);
		if (rc < 0)
			return -1;
		if (rc == DB_ROW)
			return follow_link(c, report_id, incident_id) < 0 ? -1 : 1;
	}
	return 0;
}

int store_mail_correspondent(struct db_conn *c, int64_t report_id, int64_t incident_id, const char *address)
{
	static const char sql[] =
	        "SELECT 1 FROM report WHERE ((? <> 0 AND id = ?) OR (? <> 0 AND incident_id = ?)) "
	        "AND lower(reporter_address) = lower(?) "
	        "UNION ALL SELECT 1 FROM mail WHERE ((? <> 0 AND report_id = ?) OR (? <> 0 AND incident_id = ?)) "
	        "AND direction = 'in' AND lower(from_address) = lower(?) "
	        "UNION ALL SELECT 1 FROM outbox WHERE ((? <> 0 AND report_id = ?) OR (? <> 0 AND incident_id = ?)) "
	        "AND lower(mail_to) = lower(?) LIMIT 1";
	if (!address || !*address)
		return 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	for (int i = 0; i < 3; i++) {
		db_bind_int(st, i * 5 + 1, report_id);
		db_bind_int(st, i * 5 + 2, report_id);
		db_bind_int(st, i * 5 + 3, incident_id);
		db_bind_int(st, i * 5 + 4, incident_id);
		db_bind_text(st, i * 5 + 5, address);
	}
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static json_t *attachments_of_mail(struct db_conn *c, int64_t mail_id);

json_t *store_mail_list(struct db_conn *c, int64_t report_id, int64_t incident_id)
{
	static const char sql[] =
	        "SELECT id, direction, source, message_id, in_reply_to, subject, from_header AS \"from\", "
	        "from_address, "
	        "to_header AS \"to\", cc_header AS cc, date, auth_results, body, body_from_html, flags, raw_size, "
	        "raw_sha256, created_at FROM mail WHERE (? <> 0 AND report_id = ?) OR (? <> 0 AND incident_id = ?) "
	        "ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, report_id);
	db_bind_int(st, 2, report_id);
	db_bind_int(st, 3, incident_id);
	db_bind_int(st, 4, incident_id);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = db_row_json(st);
		time_member(o, "date");
		time_member(o, "created_at");
		json_object_set_new(o, "body_from_html",
		                    json_boolean(json_integer_value(json_object_get(o, "body_from_html"))));
		const char *f = json_string_value(json_object_get(o, "flags"));
		json_t *fv = f ? json_loads(f, 0, NULL) : NULL;
		json_object_set_new(o, "flags", fv ? fv : json_array());
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		json_t *a = attachments_of_mail(c, (int64_t)json_integer_value(json_object_get(o, "id")));
		if (!a) {
			json_decref(items);
			return NULL;
		}
		json_object_set_new(o, "attachments", a);
	}
	return items;
}

json_t *store_mail_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT id, report_id, incident_id, direction, raw_size, raw_sha256, subject "
	                          "FROM mail WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	json_t *o = db_step(st) == DB_ROW ? db_row_json(st) : NULL;
	db_done(st);
	return o;
}

int store_mail_raw(struct db_conn *c, int64_t mail_id, char **out, size_t *len)
{
	static const char sql[] = "SELECT raw, raw_size FROM mail WHERE id = ? AND raw IS NOT NULL";
	*out = NULL;
	*len = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, mail_id);
	int rc = db_step(st), found = 0;
	if (rc == DB_ROW)
		found = row_content(st, 0, 1, out, len);
	db_done(st);
	return rc < 0 ? -1 : found;
}

/* --- attachments ----------------------------------------------------------- */

int store_attachment_insert(struct db_conn *c, const struct store_attachment *a, int64_t *id)
{
	static const char sql[] = "INSERT INTO attachment(report_id, mail_id, filename, declared_type, detected_type, "
	                          "size, sha256, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	unsigned char *z = NULL;
	size_t zlen = 0;
	if (a->content && deflate_buf(a->content, a->content_len, &z, &zlen) < 0)
		return -1;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st) {
		free(z);
		return -1;
	}
	db_bind_int_or_null(st, 1, a->report_id);
	db_bind_int_or_null(st, 2, a->mail_id);
	db_bind_text(st, 3, a->filename ? a->filename : "");
	db_bind_text(st, 4, a->declared_type ? a->declared_type : "");
	db_bind_text(st, 5, a->detected_type ? a->detected_type : "");
	db_bind_int(st, 6, (int64_t)a->size);
	db_bind_text(st, 7, a->sha256 ? a->sha256 : "");
	db_bind_blob(st, 8, z, zlen);
	db_bind_int(st, 9, a->created_at);
	int rc = db_exec_stmt(st);
	free(z);
	if (rc < 0)
		return -1;
	if (id)
		*id = db_last_insert_id(c);
	return 0;
}

#define ATTACHMENT_API_COLS                                                                                            \
	"id, mail_id, filename, declared_type, detected_type, size, sha256, content IS NOT NULL AS has_content"

static json_t *attachment_rows(struct db_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = db_row_json(st);
		json_object_set_new(o, "has_content",
		                    json_boolean(json_integer_value(json_object_get(o, "has_content"))));
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

static json_t *attachments_of_mail(struct db_conn *c, int64_t mail_id)
{
	static const char sql[] = "SELECT " ATTACHMENT_API_COLS " FROM attachment WHERE mail_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, mail_id);
	return attachment_rows(st);
}

json_t *store_attachments_of_report(struct db_conn *c, int64_t report_id)
{
	static const char sql[] = "SELECT " ATTACHMENT_API_COLS " FROM attachment WHERE report_id = ? "
	                          "OR mail_id IN (SELECT id FROM mail WHERE report_id = ?) ORDER BY id";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, report_id);
	db_bind_int(st, 2, report_id);
	return attachment_rows(st);
}

json_t *store_attachment_get(struct db_conn *c, int64_t id)
{
	static const char sql[] = "SELECT a.id, COALESCE(a.report_id, m.report_id) AS report_id, a.mail_id, "
	                          "m.incident_id AS incident_id, a.filename, a.declared_type, a.size, a.sha256 "
	                          "FROM attachment a LEFT JOIN mail m ON m.id = a.mail_id WHERE a.id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	json_t *o = db_step(st) == DB_ROW ? db_row_json(st) : NULL;
	db_done(st);
	return o;
}

int store_attachment_content(struct db_conn *c, int64_t id, char **out, size_t *len, int64_t *from_mail)
{
	static const char sql[] = "SELECT content, size, mail_id FROM attachment WHERE id = ?";
	*out = NULL;
	*len = 0;
	*from_mail = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st), found = 0;
	if (rc == DB_ROW) {
		if (db_col_is_null(st, 0))
			*from_mail = db_col_int(st, 2);
		else
			found = row_content(st, 0, 1, out, len);
	}
	db_done(st);
	return rc < 0 ? -1 : found;
}

/* --- observables ----------------------------------------------------------- */

int store_observables_link(struct db_conn *c, int64_t report_id, const struct observable_list *l, const char *source,
                           int64_t now)
{
	static const char up_sql[] = "INSERT INTO observable(type, value, first_seen_at, last_seen_at) "
	                             "VALUES (?, ?, ?, ?) ON CONFLICT (type, value) DO UPDATE SET "
	                             "last_seen_at = excluded.last_seen_at RETURNING id";
	static const char link_sql[] = "INSERT INTO report_observable(report_id, observable_id, defanged, source) "
	                               "VALUES (?, ?, ?, ?) ON CONFLICT (report_id, observable_id) DO NOTHING";
	for (size_t i = 0; i < l->count; i++) {
		const struct observable *o = &l->items[i];
		const char *type = observable_type_name(o->type);
		struct db_stmt *st = db_prepare(c, up_sql);
		if (!st)
			return -1;
		db_bind_text(st, 1, type);
		db_bind_text(st, 2, o->value);
		db_bind_int(st, 3, now);
		db_bind_int(st, 4, now);
		int rc = db_step(st);
		int64_t oid = rc == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (rc != DB_ROW)
			return -1;
		st = db_prepare(c, link_sql);
		if (!st)
			return -1;
		db_bind_int(st, 1, report_id);
		db_bind_int(st, 2, oid);
		db_bind_int(st, 3, o->defanged ? 1 : 0);
		db_bind_text(st, 4, source ? source : "text");
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

json_t *store_observables_of_report(struct db_conn *c, int64_t report_id)
{
	static const char sql[] = "SELECT o.id, o.type, o.value, ro.defanged, ro.source, o.first_seen_at, "
	                          "o.last_seen_at, (SELECT COUNT(*) FROM report_observable x "
	                          "WHERE x.observable_id = o.id) AS reports "
	                          "FROM report_observable ro JOIN observable o ON o.id = ro.observable_id "
	                          "WHERE ro.report_id = ? ORDER BY o.type, o.value";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, report_id);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = db_row_json(st);
		json_object_set_new(o, "defanged", json_boolean(json_integer_value(json_object_get(o, "defanged"))));
		time_member(o, "first_seen_at");
		time_member(o, "last_seen_at");
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* --- alerts ---------------------------------------------------------------- */

int store_report_find_dedupe(struct db_conn *c, const char *dedupe_key, int64_t *report_id)
{
	static const char sql[] = "SELECT id FROM report WHERE dedupe_key = ?";
	*report_id = 0;
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, dedupe_key);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*report_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int store_report_seen_again(struct db_conn *c, int64_t report_id, int64_t seen_at, int64_t now)
{
	static const char sql[] = "UPDATE report SET seen_count = seen_count + 1, "
	                          "last_seen_at = MAX(COALESCE(last_seen_at, 0), ?), updated_at = ?, "
	                          "version = version + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, seen_at);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, report_id);
	return db_exec_stmt(st);
}

/* --- IMAP positions -------------------------------------------------------- */

int store_mailbox_get(struct db_conn *c, const char *name, int64_t *uidvalidity, int64_t *last_uid)
{
	static const char sql[] = "SELECT uidvalidity, last_uid FROM mailbox_state WHERE name = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*uidvalidity = db_col_int(st, 0);
		*last_uid = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int store_mailbox_set(struct db_conn *c, const char *name, int64_t uidvalidity, int64_t last_uid, int64_t now)
{
	static const char sql[] =
	        "INSERT INTO mailbox_state(name, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?) "
	        "ON CONFLICT (name) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
	        "last_uid = excluded.last_uid, updated_at = excluded.updated_at";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, uidvalidity);
	db_bind_int(st, 3, last_uid);
	db_bind_int(st, 4, now);
	return db_exec_stmt(st);
}

int store_mails_move(struct db_conn *c, int64_t from, int64_t to)
{
	static const char sql[] = "UPDATE mail SET incident_id = ? WHERE incident_id = ?";
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, to);
	db_bind_int(st, 2, from);
	return db_exec_stmt(st);
}
