/*
 * Journal use cases: the timeline of an incident, oldest first, and notes
 * written in Markdown (rendered to safe HTML before the write job, so the
 * writer thread never runs the Markdown parser). Visibility follows the
 * incident's.
 */
#include "app/incident.h"
#include "app/incident_impl.h"

#include "core/markdown.h"
#include "core/priority.h"
#include "core/taxonomy.h"
#include "core/tlp.h"
#include "core/validate.h"
#include "core/workflow.h"
#include "lib/config.h"
#include "lib/cursor.h"
#include "lib/timeutil.h"
#include "store/db.h"
#include "store/incident.h"
#include "store/journal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- journal -------------------------------------------------------------- */

/* A journal row as the API shows it (steals row). */
static json_t *journal_api(json_t *row)
{
	json_t *data = json_loads(inc_sv(row, "data"), JSON_DECODE_ANY, NULL);
	json_object_set_new(row, "at", app_time_json(json_object_get(row, "at")));
	json_object_set_new(row, "data", json_is_object(data) ? data : json_object());
	if (data && !json_is_object(data))
		json_decref(data);
	return row;
}

int app_journal_list(const struct app_ctx *ctx, const char *ref, int limit, const char *cursor, struct app_result *r)
{
	json_t *row = NULL, *rows = NULL;
	char value[64];
	int64_t at = 0, after = 0;
	if (cursor && (cursor_decode(cursor, value, sizeof(value), &after) != 0 || inc_parse_int(value, &at) != 0)) {
		app_field_error(r, "cursor", "is not a cursor from this list");
		return -1;
	}
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return inc_db_fail(r);
	int rc = app_incident_load(c, ctx->actor, ref, 0, &row);
	if (rc == 1) {
		rows = store_journal_list(c, inc_iv(row, "id"), cursor != NULL, at, after, limit);
		if (!rows)
			rc = -1;
	}
	db_read_end(ctx->db, c);
	json_decref(row);
	if (rc != 1)
		return rc < 0 ? inc_db_fail(r) : app_fail(r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
	json_t *next = json_null();
	if (json_array_size(rows) > (size_t)limit) {
		char cur[CURSOR_MAX], v[24];
		json_t *last = json_array_get(rows, (size_t)limit - 1);
		snprintf(v, sizeof(v), "%" PRId64, inc_iv(last, "at"));
		cursor_encode(v, inc_iv(last, "id"), cur);
		next = json_string(cur);
		json_array_remove(rows, (size_t)limit);
	}
	json_t *items = json_array(), *e;
	size_t i;
	json_array_foreach(rows, i, e) json_array_append_new(items, journal_api(json_incref(e)));
	json_decref(rows);
	r->object = json_pack("{s:o,s:o}", "items", items, "next_cursor", next);
	return 0;
}

struct note_job {
	const struct app_ctx *ctx;
	const char *ref;
	const char *body;
	const char *html;
	struct app_result *r;
};

static int note_job_fn(struct db_conn *c, void *arg)
{
	struct note_job *j = arg;
	const struct actor *a = j->ctx->actor;
	json_t *row = NULL, *entry = NULL;
	int64_t now = time_now(), eid = 0;
	int rc = app_incident_load(c, a, j->ref, 0, &row);
	if (rc <= 0)
		return rc < 0 ? inc_db_fail(j->r) : app_fail(j->r, APP_NOT_FOUND, NOT_FOUND_DETAIL);
	int64_t id = inc_iv(row, "id");
	json_decref(row);
	struct store_journal_entry e = {.incident_id = id,
	                                .at = now,
	                                .author_id = a->user_id,
	                                .kind = "note",
	                                .body_md = j->body,
	                                .body_html = j->html};
	if (store_journal_append(c, &e, &eid) < 0 || store_incident_touch(c, id, now) < 0 ||
	    inc_audit(c, a, "incident.note", id,
	              json_pack("{s:{s:I,s:I}}", "after", "journal_id", (json_int_t)eid, "bytes",
	                        (json_int_t)strlen(j->body))) < 0)
		return inc_db_fail(j->r);
	if (store_journal_get(c, eid, &entry) != 1)
		return inc_db_fail(j->r);
	j->r->object = journal_api(entry);
	return 0;
}

int app_journal_create(const struct app_ctx *ctx, const char *ref, const json_t *in, struct app_result *r)
{
	const json_t *b = json_object_get(in, "body");
	if (!json_is_string(b) || validate_text_n(json_string_value(b), json_string_length(b), 1, NOTE_MAX, 1) != 0) {
		app_field_error(r, "body", "must be 1 to %d bytes of Markdown", NOTE_MAX);
		return -1;
	}
	char *html = markdown_to_html(json_string_value(b), json_string_length(b));
	if (!html)
		return app_fail(r, APP_INTERNAL, "out of memory rendering the note");
	struct note_job j = {ctx, ref, json_string_value(b), html, r};
	int rc = inc_write_result(db_write(ctx->db, note_job_fn, &j), r);
	free(html);
	return rc;
}
