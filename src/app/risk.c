/*
 * Risk-tolerance assessment use cases (see risk.h).
 */
#include "app/risk.h"

#include "app/incident.h"
#include "app/org.h"
#include "core/risk.h"
#include "lib/embedded.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/risk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RISK_MODEL_PATH "data/risk/tolerance.json"

static int db_fail(struct app_result *r)
{
	return app_fail(r, APP_INTERNAL, "a database error occurred; try again or ask an administrator");
}

/* The checked model (new reference), or NULL with r set. */
static json_t *load_model(struct app_result *r)
{
	char err[256];
	const struct embedded_file *f = embedded_find(RISK_MODEL_PATH);
	json_t *m = f ? json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!m || risk_model_check(m, err, sizeof(err)) < 0) {
		json_decref(m);
		app_fail(r, APP_INTERNAL, "the risk-tolerance model is not valid");
		return NULL;
	}
	return m;
}

int app_risk_questions(const struct app_ctx *ctx, struct app_result *r)
{
	(void)ctx;
	return (r->object = load_model(r)) ? 0 : -1;
}

/* Parses the JSON text member k of row in place (null when unreadable). */
static void parse_member(json_t *row, const char *k)
{
	json_t *v = json_loads(json_string_value(json_object_get(row, k)) ?: "", 0, NULL);
	json_object_set_new(row, k, v ? v : json_null());
}

/* Steals row; shapes it for the API with the profile's labels and statement. */
static json_t *assessment_api(json_t *row, const json_t *model)
{
	const char *code = json_string_value(json_object_get(row, "profile"));
	const json_t *p, *match = NULL;
	size_t i;
	json_array_foreach(json_object_get(model, "profiles"), i, p)
	{
		if (code && strcmp(json_string_value(json_object_get(p, "code")), code) == 0)
			match = p;
	}
	parse_member(row, "answers");
	parse_member(row, "matrix");
	json_object_set_new(row, "created_at", app_time_json(json_object_get(row, "created_at")));
	static const char *const keys[] = {"ja", "en", "statement_ja", "statement_en"};
	static const char *const names[] = {"profile_ja", "profile_en", "statement_ja", "statement_en"};
	for (i = 0; i < 4; i++)
		json_object_set(row, names[i], match ? json_object_get(match, keys[i]) : json_null());
	return row;
}

struct assess_job {
	const struct app_ctx *ctx;
	json_t *row, *model;
	struct app_result *r;
};

static int assess_fn(struct db_conn *c, void *arg)
{
	struct assess_job *j = arg;
	int64_t id;
	json_t *row = NULL;
	if (store_risk_insert(c, j->row, &id) < 0 || store_risk_get(c, id, &row) != 1)
		return db_fail(j->r);
	char ids[24];
	struct audit_actor who = {j->ctx->actor->user_id, j->ctx->actor->login};
	json_t *summary = json_pack("{s:O,s:O}", "profile", json_object_get(j->row, "profile"), "score",
	                            json_object_get(j->row, "score"));
	snprintf(ids, sizeof(ids), "%lld", (long long)id);
	int rc = audit_append(c, &who, "risk_assessment.create", "risk_assessment", ids, summary);
	json_decref(summary);
	if (rc < 0) {
		json_decref(row);
		return app_fail(j->r, APP_INTERNAL, "the audit log could not be written");
	}
	j->r->object = assessment_api(row, j->model);
	return 0;
}

/* Fills j->row from scored answers. */
static json_t *assessment_row(const struct app_ctx *ctx, const json_t *answers, const struct risk_result *s,
                              const json_t *model)
{
	const json_t *p = json_array_get(json_object_get(model, "profiles"), s->profile);
	char *a = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	char *m = json_dumps(json_object_get(p, "matrix"), JSON_COMPACT);
	json_t *row = json_pack("{s:s,s:i,s:i,s:i,s:s,s:s,s:I}", "answers", a, "points", s->points, "max_points",
	                        s->max_points, "score", s->index, "profile", risk_profile_name(s->profile), "matrix", m,
	                        "created_at", (json_int_t)time_now());
	json_object_set_new(row, "created_by", ctx->actor->user_id ? json_integer(ctx->actor->user_id) : json_null());
	free(a);
	free(m);
	return row;
}

int app_risk_assess(const struct app_ctx *ctx, const json_t *in, struct app_result *r)
{
	struct risk_result s;
	if (ctx->actor->role < ROLE_HANDLER)
		return app_fail(r, APP_FORBIDDEN, "recording an assessment needs the handler or admin role");
	json_t *model = load_model(r);
	if (!model)
		return -1;
	json_t *errors = json_array();
	if (risk_score(model, json_object_get(in, "answers"), &s, errors) < 0) {
		size_t n = json_array_size(errors);
		r->errors = errors;
		json_decref(model);
		return app_fail(r, APP_INVALID, "%zu answer%s not valid: %s %s", n, n == 1 ? " is" : "s are",
		                json_string_value(json_object_get(json_array_get(errors, 0), "field")),
		                json_string_value(json_object_get(json_array_get(errors, 0), "message")));
	}
	json_decref(errors);
	struct assess_job j = {ctx, assessment_row(ctx, json_object_get(in, "answers"), &s, model), model, r};
	int rc = db_write(ctx->db, assess_fn, &j);
	json_decref(j.row);
	json_decref(model);
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

int app_risk_list(const struct app_ctx *ctx, struct app_result *r)
{
	json_t *model = load_model(r), *rows, *row, *items;
	size_t i;
	if (!model)
		return -1;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		json_decref(model);
		return app_fail(r, APP_UNAVAILABLE, "the database is not available");
	}
	rows = store_risk_list(c);
	db_read_end(ctx->db, c);
	if (!rows) {
		json_decref(model);
		return db_fail(r);
	}
	items = json_array();
	json_array_foreach(rows, i, row) json_array_append_new(items, assessment_api(json_incref(row), model));
	json_decref(rows);
	json_decref(model);
	r->object = json_pack("{s:o,s:n}", "items", items, "next_cursor");
	return 0;
}

/* The assessment (new reference) or NULL with r set. */
static json_t *load_one(const struct app_ctx *ctx, int64_t id, const json_t *model, struct app_result *r)
{
	json_t *row = NULL;
	struct db_conn *c = db_read_begin(ctx->db);
	if (!c) {
		app_fail(r, APP_UNAVAILABLE, "the database is not available");
		return NULL;
	}
	int rc = store_risk_get(c, id, &row);
	db_read_end(ctx->db, c);
	if (rc != 1) {
		rc < 0 ? db_fail(r) : app_fail(r, APP_NOT_FOUND, "no such risk-tolerance assessment");
		return NULL;
	}
	return assessment_api(row, model);
}

int app_risk_get(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	json_t *model = load_model(r);
	if (!model)
		return -1;
	r->object = load_one(ctx, id, model, r);
	json_decref(model);
	return r->object ? 0 : -1;
}

int app_risk_apply(const struct app_ctx *ctx, int64_t id, struct app_result *r)
{
	if (ctx->actor->role != ROLE_ADMIN)
		return app_fail(r, APP_FORBIDDEN, "only an admin may apply a proposed priority matrix");
	json_t *model = load_model(r), *a;
	if (!model)
		return -1;
	a = load_one(ctx, id, model, r);
	json_decref(model);
	if (!a)
		return -1;
	/* the existing use case checks, stores and audits the matrix */
	if (app_priority_matrix_put(ctx, json_object_get(a, "matrix"), r) != APP_OK) {
		json_decref(a);
		return -1;
	}
	json_t *matrix = r->object;
	r->object = json_pack("{s:I,s:O,s:o}", "assessment_id", (json_int_t)id, "profile",
	                      json_object_get(a, "profile"), "matrix", matrix);
	json_decref(a);
	return 0;
}
