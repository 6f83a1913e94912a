/*
 * Build tracker use cases (see build.h). The phases' text comes from the
 * embedded data/build/phases.json, parsed per request (a few kilobytes);
 * the team's progress comes from store/build.c, read in one transaction
 * and written in one job with its audit row.
 */
#include "app/build.h"

#include "app/incident.h"
#include "core/validate.h"
#include "lib/embedded.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/build.h"
#include "store/db.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PHASES_PATH "data/build/phases.json"

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

static int write_result(int rc, struct app_result *r)
{
	if (rc == 0)
		return 0;
	json_decref(r->object);
	r->object = NULL;
	if (rc == DB_WRITE_FAILED)
		app_commit_failed(r);
	else if (r->err == APP_OK)
		db_fail(r);
	return -1;
}

static struct audit_actor who(const struct app_ctx *ctx)
{
	return (struct audit_actor){ctx->actor->user_id, ctx->actor->login};
}

/* The parsed catalogue (new reference), or NULL when the binary lacks it. */
static json_t *catalogue(void)
{
	const struct embedded_file *f = embedded_find(PHASES_PATH);
	return f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
}

/* The catalogue phase with this code (borrowed from cat), or NULL. */
static json_t *cat_phase(json_t *cat, const char *code)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(cat, "phases"), i,
	                   p) if (code && strcmp(json_string_value(json_object_get(p, "code")), code) == 0) return p;
	return NULL;
}

static json_t *cat_deliverable(json_t *phase, const char *code)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(phase, "deliverables"), i,
	                   d) if (code && strcmp(json_string_value(json_object_get(d, "code")), code) == 0) return d;
	return NULL;
}

/* The item row (store) of phase/idx, or NULL. */
static const json_t *item_row(const json_t *items, const char *phase, size_t idx)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "phase")), phase) == 0 &&
		    json_integer_value(json_object_get(it, "idx")) == (json_int_t)idx)
			return it;
	}
	return NULL;
}

/* The API object of a phase: the catalogue's text merged with the stored
 * state (row, stolen) and its items; adds to *done / *total. */
static json_t *phase_api(const json_t *cp, json_t *row, const json_t *items, size_t *done, size_t *total)
{
	json_t *o = json_deep_copy(cp), *list = json_array(), *it;
	const char *code = json_string_value(json_object_get(cp, "code"));
	size_t i, n = 0;
	json_array_foreach(json_object_get(cp, "items"), i, it)
	{
		const json_t *st = item_row(items, code, i);
		int d = st && json_integer_value(json_object_get(st, "done"));
		json_array_append_new(list,
		                      json_pack("{s:I,s:O,s:O,s:b,s:O?,s:o}", "index", (json_int_t)i, "ja",
		                                json_object_get(it, "ja"), "en", json_object_get(it, "en"), "done", d,
		                                "done_by", st ? json_object_get(st, "done_by") : NULL, "done_at",
		                                app_time_json(st ? json_object_get(st, "done_at") : NULL)));
		n += d;
	}
	size_t count = json_array_size(list);
	json_object_set_new(o, "items", list);
	json_object_set_new(o, "items_done", json_integer((json_int_t)n));
	json_object_set_new(o, "progress", json_integer(count ? (json_int_t)(n * 100 / count) : 0));
	static const char *const keep[] = {"status",   "owner_id", "owner_name", "start_date",
	                                   "due_date", "notes",    "version",    NULL};
	for (i = 0; keep[i]; i++)
		json_object_set(o, keep[i],
		                json_object_get(row, keep[i]) ? json_object_get(row, keep[i]) : json_null());
	json_object_set_new(o, "done_at", app_time_json(json_object_get(row, "done_at")));
	json_object_set_new(o, "updated_at", app_time_json(json_object_get(row, "updated_at")));
	json_decref(row);
	*done += n;
	*total += count;
	return o;
}

/* The whole tracker (phases in seed order); NULL on error. */
static json_t *tracker(struct db_conn *c, json_t *cat)
{
	json_t *rows = store_build_phases(c), *items = store_build_items(c), *phases, *row;
	size_t i, done = 0, total = 0;
	if (!rows || !items) {
		json_decref(rows);
		json_decref(items);
		return NULL;
	}
	phases = json_array();
	json_array_foreach(rows, i, row)
	{
		const json_t *cp = cat_phase(cat, json_string_value(json_object_get(row, "code")));
		if (cp)
			json_array_append_new(phases, phase_api(cp, json_incref(row), items, &done, &total));
	}
	json_decref(rows);
	json_decref(items);
	return json_pack("{s:o,s:O,s:O,s:O,s:I,s:I,s:I}", "phases", phases, "steps", json_object_get(cat, "steps"),
	                 "note_ja", json_object_get(cat, "note_ja"), "note_en", json_object_get(cat, "note_en"),
	                 "items_done", (json_int_t)done, "items_total", (json_int_t)total, "progress",
	                 (json_int_t)(total ? done * 100 / total : 0));
}

/* One phase as the API shows it; NULL on error or when absent. */
static json_t *one_phase(struct db_conn *c, json_t *cat, const char *code)
{
	json_t *all = tracker(c, cat), *p, *found = NULL;
	size_t i;
	json_array_foreach(json_object_get(all, "phases"), i,
	                   p) if (strcmp(json_string_value(json_object_get(p, "code")), code) == 0) found =
	        json_incref(p);
	json_decref(all);
	return found;
}

int app_build_get(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *cat = catalogue();
	if (!cat)
		return app_fail(r, APP_INTERNAL, "the build phases (%s) are missing from this binary", PHASES_PATH);
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		json_decref(cat);
		return db_fail(r);
	}
	r->object = tracker(c, cat);
	db_read_end(ctx->db, c);
	json_decref(cat);
	return r->object ? 0 : db_fail(r);
}

/* --- phase state ----------------------------------------------------------- */

/* YYYY-MM-DD with a plausible month and day. */
static int date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void check_phase_fields(const json_t *in, struct app_result *r)
{
	static const char *const dates[] = {"start_date", "due_date", NULL};
	const json_t *v;
	if ((v = json_object_get(in, "status"))) {
		const char *s = json_string_value(v);
		if (!s || (strcmp(s, "not_started") && strcmp(s, "in_progress") && strcmp(s, "done")))
			app_field_error(r, "status", "must be not_started, in_progress or done");
	}
	for (int i = 0; dates[i]; i++)
		if ((v = json_object_get(in, dates[i])) && !json_is_null(v) && !date_valid(json_string_value(v)))
			app_field_error(r, dates[i], "must be a date YYYY-MM-DD or null");
	if ((v = json_object_get(in, "notes")) && !json_is_null(v) &&
	    validate_text(json_string_value(v), 0, BUILD_NOTES_MAX, 1) != 0)
		app_field_error(r, "notes", "must be text of at most %d bytes", BUILD_NOTES_MAX);
}

struct phase_job {
	const struct app_ctx *ctx;
	const char *code;
	int64_t if_match;
	const json_t *in;
	json_t *cat;
	struct app_result *r;
};

static int phase_fn(struct db_conn *c, void *arg)
{
	struct phase_job *j = arg;
	struct app_result *r = j->r;
	json_t *before = NULL, *after, *v;
	int rc = store_build_phase_get(c, j->code, &before);
	if (rc <= 0)
		return rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such phase");
	if (json_integer_value(json_object_get(before, "version")) != j->if_match) {
		app_fail(r, APP_STALE,
		         "the phase changed (version %" JSON_INTEGER_FORMAT ", you sent %" PRId64 "); reload it",
		         json_integer_value(json_object_get(before, "version")), j->if_match);
		goto fail;
	}
	after = json_deep_copy(before);
	json_object_update_existing(after, (json_t *)j->in);
	if ((v = json_object_get(j->in, "notes")) && json_is_null(v))
		json_object_set_new(after, "notes", json_string(""));
	if (json_is_integer(v = json_object_get(after, "owner_id")) &&
	    !json_equal(v, json_object_get(before, "owner_id"))) {
		int ex = store_build_user_exists(c, json_integer_value(v));
		if (ex < 0)
			goto dbfail_after;
		if (!ex)
			app_field_error(r, "owner_id", "no such user");
	}
	if (json_is_string(json_object_get(after, "start_date")) &&
	    json_is_string(json_object_get(after, "due_date")) &&
	    strcmp(json_string_value(json_object_get(after, "start_date")),
	           json_string_value(json_object_get(after, "due_date"))) > 0)
		app_field_error(r, "due_date", "must not be before start_date");
	if (r->err != APP_OK) {
		json_decref(after);
		goto fail;
	}
	/* done_at follows the status: set when it becomes done, cleared when it leaves done */
	int was_done = strcmp(json_string_value(json_object_get(before, "status")), "done") == 0;
	int is_done = strcmp(json_string_value(json_object_get(after, "status")), "done") == 0;
	if (is_done && !was_done)
		json_object_set_new(after, "done_at", json_integer(time_now()));
	else if (!is_done)
		json_object_set_new(after, "done_at", json_null());
	if (store_build_phase_update(c, j->code, after, time_now()) < 0)
		goto dbfail_after;
	json_t *summary = json_pack("{s:O,s:O}", "before", before, "after", after);
	struct audit_actor a = who(j->ctx);
	rc = audit_append(c, &a, "build.phase.update", "build_phase", j->code, summary);
	json_decref(summary);
	json_decref(after);
	if (rc < 0 || !(r->object = one_phase(c, j->cat, j->code)))
		goto dbfail;
	json_decref(before);
	return 0;
dbfail_after:
	json_decref(after);
dbfail:
	db_fail(r);
fail:
	json_decref(before);
	return -1;
}

static int may_write(const struct app_ctx *ctx, struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "only handlers and admins may change the build tracker");
	return 0;
}

int app_build_phase_update(const struct app_ctx *ctx, const char *code, int64_t if_match, const json_t *in,
                           struct app_result *r)
{
	if (may_write(ctx, r) < 0)
		return -1;
	json_t *cat = catalogue();
	if (!cat || !cat_phase(cat, code)) {
		json_decref(cat);
		return app_fail(r, APP_NOT_FOUND, "no such phase (see GET /api/v1/build for the codes)");
	}
	check_phase_fields(in, r);
	if (r->err != APP_OK) {
		json_decref(cat);
		return -1;
	}
	struct phase_job j = {ctx, code, if_match, in, cat, r};
	int rc = write_result(db_write(ctx->db, phase_fn, &j), r);
	json_decref(cat);
	return rc;
}

/* --- checklist items -------------------------------------------------------- */

struct item_job {
	const struct app_ctx *ctx;
	const char *code;
	int64_t idx;
	int done;
	json_t *cat;
	struct app_result *r;
};

static int item_fn(struct db_conn *c, void *arg)
{
	struct item_job *j = arg;
	char oid[64];
	if (store_build_item_set(c, j->code, j->idx, j->done, j->ctx->actor->user_id, time_now()) < 0)
		return db_fail(j->r);
	snprintf(oid, sizeof(oid), "%s/%" PRId64, j->code, j->idx);
	json_t *summary = json_pack("{s:s,s:I,s:b}", "phase", j->code, "index", (json_int_t)j->idx, "done", j->done);
	struct audit_actor a = who(j->ctx);
	int rc = audit_append(c, &a, "build.item.set", "build_item", oid, summary);
	json_decref(summary);
	if (rc < 0 || !(j->r->object = one_phase(c, j->cat, j->code)))
		return db_fail(j->r);
	return 0;
}

int app_build_item_set(const struct app_ctx *ctx, const char *code, const char *index, int done, struct app_result *r)
{
	if (may_write(ctx, r) < 0)
		return -1;
	json_t *cat = catalogue(), *cp = cat ? cat_phase(cat, code) : NULL;
	char *end;
	errno = 0;
	long long idx = index ? strtoll(index, &end, 10) : -1;
	if (!cp || !index || errno || *end || end == index || idx < 0 ||
	    (size_t)idx >= json_array_size(json_object_get(cp, "items"))) {
		json_decref(cat);
		return app_fail(r, APP_NOT_FOUND, "no such phase or checklist item (items count from 0)");
	}
	struct item_job j = {ctx, code, idx, done, cat, r};
	int rc = write_result(db_write(ctx->db, item_fn, &j), r);
	json_decref(cat);
	return rc;
}

/* --- deliverable documents ------------------------------------------------- */

/* The template of a deliverable as a new string, "" when it has none. */
static json_t *template_md(const char *deliverable)
{
	char path[160];
	snprintf(path, sizeof(path), "data/build/templates/%s.md", deliverable);
	const struct embedded_file *f = embedded_find(path);
	return json_stringn(f ? f->data : "", f ? f->len : 0);
}

/* {phase, deliverable, names, version, body_md, from_template, history};
 * NULL on a database error. */
static json_t *document_api(struct db_conn *c, const char *code, const json_t *d)
{
	const char *dcode = json_string_value(json_object_get(d, "code"));
	json_t *rows = store_build_documents(c, code, dcode), *hist, *row, *latest;
	size_t i;
	if (!rows)
		return NULL;
	hist = json_array();
	json_array_foreach(rows, i, row)
	{
		json_array_append_new(
		        hist, json_pack("{s:O,s:O,s:O,s:o,s:I}", "version", json_object_get(row, "version"),
		                        "created_by", json_object_get(row, "created_by"), "created_by_name",
		                        json_object_get(row, "created_by_name"), "created_at",
		                        app_time_json(json_object_get(row, "created_at")), "length",
		                        (json_int_t)strlen(json_string_value(json_object_get(row, "body_md")))));
	}
	latest = json_array_get(rows, 0);
	json_t *o = json_pack("{s:s,s:s,s:O,s:O,s:I,s:o,s:b,s:o}", "phase", code, "deliverable", dcode, "name_ja",
	                      json_object_get(d, "name_ja"), "name_en", json_object_get(d, "name_en"), "version",
	                      latest ? json_integer_value(json_object_get(latest, "version")) : 0, "body_md",
	                      latest ? json_incref(json_object_get(latest, "body_md")) : template_md(dcode),
	                      "from_template", latest == NULL, "history", hist);
	json_decref(rows);
	return o;
}

/* Resolves phase and deliverable in a fresh catalogue; NULL with r set. */
static json_t *find_deliverable(const char *code, const char *deliverable, json_t **cat, struct app_result *r)
{
	json_t *cp, *d;
	*cat = catalogue();
	if (!*cat || !(cp = cat_phase(*cat, code)) || !(d = cat_deliverable(cp, deliverable))) {
		json_decref(*cat);
		*cat = NULL;
		app_fail(r, APP_NOT_FOUND, "no such phase or deliverable (see GET /api/v1/build)");
		return NULL;
	}
	return d;
}

/* Puts version's body and number into the document o; -1 when there is
 * no such version. */
static int pick_version(struct db_conn *c, const char *code, const char *dcode, int64_t version, json_t *o)
{
	json_t *rows = store_build_documents(c, code, dcode), *row;
	size_t i;
	int rc = -1;
	json_array_foreach(rows, i, row)
	{
		if (json_integer_value(json_object_get(row, "version")) != version)
			continue;
		json_object_set(o, "body_md", json_object_get(row, "body_md"));
		json_object_set_new(o, "version", json_integer(version));
		rc = 0;
	}
	json_decref(rows);
	return rc;
}

int app_build_document_get(const struct app_ctx *ctx, const char *code, const char *deliverable, int64_t version,
                           struct app_result *r)
{
	json_t *cat, *d = find_deliverable(code, deliverable, &cat, r);
	int missing = 0;
	if (!d)
		return -1;
	struct db_conn *c = db_read_begin(ctx->db);
	if (c) {
		r->object = document_api(c, code, d);
		if (r->object && version > 0)
			missing = pick_version(c, code, json_string_value(json_object_get(d, "code")), version,
			                       r->object) < 0;
		db_read_end(ctx->db, c);
	}
	json_decref(cat);
	if (missing) {
		json_decref(r->object);
		r->object = NULL;
		return app_fail(r, APP_NOT_FOUND, "this deliverable has no version %lld (see its history)",
		                (long long)version);
	}
	return r->object ? 0 : db_fail(r);
}

struct doc_job {
	const struct app_ctx *ctx;
	const char *code;
	const json_t *d;
	const char *body; /* NULL: keep the latest (or the template) */
	struct app_result *r;
};

static int doc_fn(struct db_conn *c, void *arg)
{
	struct doc_job *j = arg;
	const char *dcode = json_string_value(json_object_get(j->d, "code"));
	json_t *cur = NULL;
	int64_t version;
	char oid[128];
	const char *body = j->body;
	if (!body) {
		if (!(cur = document_api(c, j->code, j->d)))
			return db_fail(j->r);
		body = json_string_value(json_object_get(cur, "body_md"));
	}
	int rc = store_build_document_add(c, j->code, dcode, body, j->ctx->actor->user_id, time_now(), &version);
	json_decref(cur);
	if (rc < 0)
		return db_fail(j->r);
	snprintf(oid, sizeof(oid), "%s/%s", j->code, dcode);
	json_t *summary =
	        json_pack("{s:s,s:s,s:I}", "phase", j->code, "deliverable", dcode, "version", (json_int_t)version);
	struct audit_actor a = who(j->ctx);
	rc = audit_append(c, &a, "build.document.create", "build_document", oid, summary);
	json_decref(summary);
	if (rc < 0 || !(j->r->object = document_api(c, j->code, j->d)))
		return db_fail(j->r);
	return 0;
}

int app_build_document_add(const struct app_ctx *ctx, const char *code, const char *deliverable, const json_t *in,
                           struct app_result *r)
{
	if (may_write(ctx, r) < 0)
		return -1;
	const json_t *b = json_object_get(in, "body_md");
	if (b && (!json_is_string(b) || validate_text(json_string_value(b), 0, BUILD_DOCUMENT_MAX, 1) != 0)) {
		app_field_error(r, "body_md", "must be Markdown text of at most %d bytes", BUILD_DOCUMENT_MAX);
		return -1;
	}
	json_t *cat, *d = find_deliverable(code, deliverable, &cat, r);
	if (!d)
		return -1;
	struct doc_job j = {ctx, code, d, b ? json_string_value(b) : NULL, r};
	int rc = write_result(db_write(ctx->db, doc_fn, &j), r);
	json_decref(cat);
	return rc;
}
