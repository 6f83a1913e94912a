/*
 * CSIRT evaluation use cases (see evaluation.h).
 */
#include "app/evaluation.h"

#include "app/incident.h"
#include "core/evaluation.h"
#include "core/markdown.h"
#include "lib/embedded.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/evaluation.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_PATH    "data/evaluation/survey.json"
#define SERVICES_PATH "data/build/services.json"
#define NOTE_MAX      4000 /* bytes; a paragraph or two */
#define OWNER_MAX     200  /* bytes; a role or a name */
#define JST_OFFSET    (9 * 3600)

struct docs {
	json_t *model, *services;
};

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

static json_t *load(const char *path)
{
	const struct embedded_file *f = embedded_find(path);
	return f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

static void docs_free(struct docs *d)
{
	json_decref(d->model);
	json_decref(d->services);
}

/* Loads and checks both documents; 0, or -1 with r set. */
static int docs_load(struct docs *d, struct app_result *r)
{
	char err[256];
	d->model = load(MODEL_PATH);
	d->services = load(SERVICES_PATH);
	if (!d->model || !d->services || evaluation_model_check(d->model, d->services, err, sizeof(err)) < 0) {
		docs_free(d);
		return app_fail(r, APP_INTERNAL, "the evaluation model is not valid");
	}
	return 0;
}

int app_evaluation_questions(const struct app_ctx *ctx, struct app_result *r)
{
	struct docs d;
	json_t *it, *items;
	size_t i;
	(void)ctx;
	if (docs_load(&d, r) < 0)
		return -1;
	items = json_object_get(d.model, "items");
	json_array_foreach(items, i, it)
	{
		json_t *s, *scale = NULL;
		size_t j;
		json_array_foreach(json_object_get(d.model, "scales"), j, s)
		{
			if (strcmp(json_string_value(json_object_get(s, "code")),
			           json_string_value(json_object_get(it, "scale"))) == 0)
				scale = s;
		}
		json_object_set(it, "options", json_object_get(scale, "options"));
		json_object_set(it, "scored", json_boolean(!json_is_true(json_object_get(scale, "informational"))));
	}
	json_t *svc = json_object_get(d.model, "services");
	json_object_set(svc, "provisions", json_object_get(d.services, "provisions"));
	json_object_set(svc, "categories", json_object_get(d.services, "categories"));
	json_object_set(svc, "services", json_object_get(d.services, "services"));
	json_object_set(svc, "survey_n", json_object_get(d.services, "survey_n"));
	r->object = json_incref(d.model);
	docs_free(&d);
	return 0;
}

/* Parses the JSON text member k of row in place (null when unreadable). */
static void parse_member(json_t *row, const char *k)
{
	json_t *v = json_loads(json_string_value(json_object_get(row, k)) ?: "", 0, NULL);
	json_object_set_new(row, k, v ? v : json_null());
}

static void roadmap_api(json_t *item)
{
	json_object_set_new(item, "updated_at", app_time_json(json_object_get(item, "updated_at")));
}

/* Steals row and roadmap; the evaluation as the API shows it. */
static json_t *evaluation_api(json_t *row, json_t *roadmap)
{
	json_t *it;
	size_t i;
	parse_member(row, "answers");
	parse_member(row, "results");
	json_object_set_new(row, "created_at", app_time_json(json_object_get(row, "created_at")));
	json_object_set(row, "date", json_object_get(row, "eval_date"));
	json_object_del(row, "eval_date");
	json_object_del(json_object_get(row, "results"), "roadmap"); /* the tracked one is below */
	json_array_foreach(roadmap, i, it) roadmap_api(it);
	json_object_set_new(row, "roadmap", roadmap);
	return row;
}

/* The evaluation (new reference) from an open connection, or NULL with r set. */
static json_t *read_one(struct db_conn *c, int64_t id, struct app_result *r)
{
	json_t *row = NULL, *rm;
	int rc = store_evaluation_get(c, id, &row);
	if (rc != 1) {
		rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such evaluation");
		return NULL;
	}
	if (!(rm = store_roadmap_list(c, id))) {
		json_decref(row);
		db_fail(r);
		return NULL;
	}
	return evaluation_api(row, rm);
}

struct create_job {
	const struct app_ctx *ctx;
	json_t *row, *results;
	struct app_result *r;
};

static int create_fn(struct db_conn *c, void *arg)
{
	struct create_job *j = arg;
	int64_t id, now = json_integer_value(json_object_get(j->row, "created_at"));
	const json_t *it;
	size_t i;
	char ids[24];
	if (store_evaluation_insert(c, j->row, &id) < 0)
		return db_fail(j->r);
	json_array_foreach(json_object_get(j->results, "roadmap"), i, it)
	{
		if (store_roadmap_insert(c, id, it, now, j->ctx->actor->user_id) < 0)
			return db_fail(j->r);
	}
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *summary =
	        json_pack("{s:O,s:O,s:O,s:i}", "date", json_object_get(j->row, "eval_date"), "overall",
	                  json_object_get(j->results, "overall"), "areas", json_object_get(j->results, "areas"),
	                  "roadmap_items", (int)json_array_size(json_object_get(j->results, "roadmap")));
	snprintf(ids, sizeof(ids), "%" PRId64, id);
	int rc = audit_append(c, &who, "evaluation.create", "evaluation", ids, summary);
	json_decref(summary);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	return (j->r->object = read_one(c, id, j->r)) ? 0 : -1;
}

/* Today in Japan as YYYY-MM-DD. */
static void today(char out[11])
{
	char t[32];
	time_format(time_now() + JST_OFFSET, t);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* Checks date and note of in; the evaluation date into date. */
static void check_meta(const json_t *in, char date[11], struct app_result *r)
{
	const json_t *v;
	char probe[11];
	today(date);
	if ((v = json_object_get(in, "date")) && !json_is_null(v)) {
		if (!json_is_string(v) || evaluation_date_add_months(json_string_value(v), 0, probe) < 0)
			app_field_error(r, "date", "must be a date YYYY-MM-DD");
		else
			memcpy(date, probe, 11);
	}
	if ((v = json_object_get(in, "note")) && !json_is_null(v) &&
	    (!json_is_string(v) || strlen(json_string_value(v)) > NOTE_MAX))
		app_field_error(r, "note", "must be text of at most %d bytes", NOTE_MAX);
}

static int invalid(struct app_result *r, json_t *errors)
{
	size_t n = json_array_size(errors);
	const json_t *e0 = json_array_get(errors, 0);
	char first[400];
	snprintf(first, sizeof(first), "%s %s", json_string_value(json_object_get(e0, "field")),
	         json_string_value(json_object_get(e0, "message")));
	json_decref(r->errors);
	r->errors = errors;
	return app_fail(r, APP_INVALID, "%zu answer%s not valid: %s", n, n == 1 ? " is" : "s are", first);
}

int app_evaluation_create(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	struct docs d;
	char date[11];
	json_t *results = NULL, *errors;
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "recording an evaluation needs the handler or admin role");
	check_meta(in, date, r);
	if (r->err != APP_OK)
		return -1;
	if (docs_load(&d, r) < 0)
		return -1;
	errors = json_array();
	if (evaluation_score(d.model, d.services, json_object_get(in, "answers"), date, &results, errors) < 0) {
		docs_free(&d);
		return invalid(r, errors);
	}
	json_decref(errors);
	docs_free(&d);
	char *a = json_dumps(json_object_get(in, "answers"), JSON_COMPACT | JSON_SORT_KEYS);
	char *res = json_dumps(results, JSON_COMPACT);
	const char *note = json_string_value(json_object_get(in, "note"));
	json_t *row = json_pack("{s:s,s:s,s:s,s:O,s:s,s:I}", "eval_date", date, "answers", a, "results", res, "overall",
	                        json_object_get(json_object_get(results, "overall"), "score_x100"), "note",
	                        note ? note : "", "created_at", (json_int_t)time_now());
	json_object_set_new(row, "created_by", ctx->actor->user_id ? json_integer(ctx->actor->user_id) : json_null());
	free(a);
	free(res);
	struct create_job j = {ctx, row, results, r};
	int rc = db_write(ctx->db, create_fn, &j);
	json_decref(row);
	json_decref(results);
	if (rc != 0) {
		json_decref(r->object);
		r->object = NULL;
	}
	return app_write_result(rc, r) == APP_OK ? 0 : -1;
}

/* A history entry: steals row. */
static json_t *history_entry(json_t *row, json_int_t *prev)
{
	json_t *res = json_loads(json_string_value(json_object_get(row, "results")) ?: "", 0, NULL);
	json_t *areas = json_array(), *a;
	size_t i;
	json_array_foreach(json_object_get(res, "areas"), i, a)
	{
		json_array_append_new(areas, json_pack("{s:O,s:O,s:O,s:O,s:O}", "code", json_object_get(a, "code"),
		                                       "label_ja", json_object_get(a, "label_ja"), "label_en",
		                                       json_object_get(a, "label_en"), "score_x100",
		                                       json_object_get(a, "score_x100"), "percent",
		                                       json_object_get(a, "percent")));
	}
	json_int_t overall = json_integer_value(json_object_get(row, "overall"));
	json_t *e = json_pack("{s:O,s:O,s:o,s:O,s:O,s:O,s:o,s:O,s:i}", "id", json_object_get(row, "id"), "date",
	                      json_object_get(row, "eval_date"), "created_at",
	                      app_time_json(json_object_get(row, "created_at")), "created_by_name",
	                      json_object_get(row, "created_by_name"), "note", json_object_get(row, "note"), "overall",
	                      json_object_get(res, "overall"), "areas", areas, "sim3", json_object_get(res, "sim3"),
	                      "roadmap_items", (int)json_array_size(json_object_get(res, "roadmap")));
	json_object_set_new(e, "change_x100", *prev < 0 ? json_null() : json_integer(overall - *prev));
	*prev = overall;
	json_decref(res);
	json_decref(row);
	return e;
}

int app_evaluation_list(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *rows, *row, *items;
	json_int_t prev = -1;
	size_t i;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	rows = store_evaluation_list(c);
	db_read_end(ctx->db, c);
	if (!rows)
		return db_fail(r);
	items = json_array();
	json_array_foreach(rows, i, row) json_array_append_new(items, history_entry(json_incref(row), &prev));
	json_decref(rows);
	r->object = json_pack("{s:o,s:n}", "items", items, "next_cursor");
	return 0;
}

int app_evaluation_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c)
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	r->object = read_one(c, id, r);
	db_read_end(ctx->db, c);
	return r->object ? 0 : -1;
}

/* ---- roadmap ---------------------------------------------------------- */

static const char *const statuses[] = {"open", "in_progress", "done", "deferred", NULL};

static int one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static void check_roadmap(const json_t *in, struct app_result *r)
{
	const json_t *v;
	char probe[11];
	int ok = 0;
	if ((v = json_object_get(in, "owner"))) {
		const char *s = json_string_value(v);
		if (!s || !*s || strlen(s) > OWNER_MAX || !one_line(s))
			app_field_error(r, "owner", "must be one line of 1 to %d bytes", OWNER_MAX);
	}
	if ((v = json_object_get(in, "target_date")) && evaluation_date_add_months(json_string_value(v), 0, probe) < 0)
		app_field_error(r, "target_date", "must be a date YYYY-MM-DD");
	if ((v = json_object_get(in, "status"))) {
		for (int i = 0; statuses[i]; i++)
			ok |= json_is_string(v) && strcmp(json_string_value(v), statuses[i]) == 0;
		if (!ok)
			app_field_error(r, "status", "must be one of open, in_progress, done, deferred");
	}
}

struct roadmap_job {
	const struct app_ctx *ctx;
	int64_t id, n, version;
	const json_t *in;
	struct app_result *r;
};

static int roadmap_fn(struct db_conn *c, void *arg)
{
	struct roadmap_job *j = arg;
	json_t *before = NULL, *after;
	char ids[48];
	int rc = store_roadmap_get(c, j->id, j->n, &before);
	if (rc != 1)
		return rc < 0 ? db_fail(j->r) : app_fail(j->r, APP_NOT_FOUND, "no such roadmap item");
	if (json_integer_value(json_object_get(before, "version")) != j->version) {
		app_fail(j->r, APP_STALE,
		         "the roadmap item changed (version %" JSON_INTEGER_FORMAT ", you sent %" PRId64 "); reload it",
		         json_integer_value(json_object_get(before, "version")), j->version);
		json_decref(before);
		return -1;
	}
	after = json_deep_copy(before);
	json_object_update_existing(after, (json_t *)j->in);
	int64_t now = time_now();
	if (store_roadmap_update(c, j->id, j->n, after, now, j->ctx->actor->user_id) < 0) {
		json_decref(before);
		json_decref(after);
		return db_fail(j->r);
	}
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *summary = json_pack("{s:o,s:o}", "before", before, "after", after);
	snprintf(ids, sizeof(ids), "%" PRId64 "/%" PRId64, j->id, j->n);
	rc = audit_append(c, &who, "evaluation.roadmap.update", "roadmap_item", ids, summary);
	json_decref(summary);
	if (rc < 0)
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	if (store_roadmap_get(c, j->id, j->n, &j->r->object) != 1)
		return db_fail(j->r);
	roadmap_api(j->r->object);
	return 0;
}

int app_evaluation_roadmap_update(const struct app_ctx *ctx, int64_t id, int64_t n, int64_t version, const json_t *in,
                                  struct app_result *r)
{
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "changing the roadmap needs the handler or admin role");
	check_roadmap(in, r);
	if (r->err != APP_OK)
		return -1;
	struct roadmap_job j = {ctx, id, n, version, in, r};
	int rc = db_write(ctx->db, roadmap_fn, &j);
	if (rc != 0) {
		json_decref(r->object);
		r->object = NULL;
	}
	return app_write_result(rc, r) == APP_OK ? 0 : -1;
}

int app_evaluation_report(const struct app_ctx *ctx, int64_t id, const char *lang, struct app_result *r)
{
	struct docs d;
	if (app_evaluation_get(ctx, id, r) < 0)
		return -1;
	if (docs_load(&d, r) < 0)
		return -1;
	json_t *ev = r->object;
	r->object = NULL;
	lang = lang && strcmp(lang, "en") == 0 ? "en" : "ja";
	char *md = evaluation_markdown(d.model, ev, lang);
	char *html = md ? markdown_to_html(md, strlen(md)) : NULL;
	if (html)
		r->object = json_pack("{s:s,s:s,s:s}", "lang", lang, "markdown", md, "html", html);
	free(md);
	free(html);
	json_decref(ev);
	docs_free(&d);
	return r->object ? 0 : app_fail(r, APP_INTERNAL, "the report could not be built");
}
