/*
 * /api/v1/constituencies and /api/v1/org-units: everyone reads what is in
 * their scope, administrators write. This file checks the shape of requests
 * and roles; app/org.c applies the rules (scope, unique codes, parents).
 */
#include "app/org.h"
#include "http/http.h"
#include "lib/cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const struct field_spec constituency_spec[] = {
        {"code", FT_STRING, 1, 32, 0, 1, NULL},
        {"name", FT_STRING, 1, 200, 0, 1, NULL},
        {"name_en", FT_STRING, 0, 200, 0, 0, NULL},
        {"description", FT_TEXT, 0, 4000, 0, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const struct field_spec org_unit_spec[] = {
        {"constituency_id", FT_ID, 0, 0, 0, 1, NULL},
        {"parent_id", FT_ID, 0, 0, 1, 0, NULL},
        {"name", FT_STRING, 1, 200, 0, 1, NULL},
        {"name_en", FT_STRING, 0, 200, 0, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};
static const char *const list_params[] = {"limit", "cursor", NULL};
static const char *const org_unit_params[] = {"constituency", "limit", "cursor", NULL};

/* limit and cursor of a list ordered by id; -1 with rs filled (400). */
static int page_params(struct http_req *rq, struct http_resp *rs, struct app_page *page)
{
	const char *cursor;
	char val[8];
	page->after_id = 0;
	if (http_page_params(rq, rs, &page->limit, &cursor) < 0)
		return -1;
	if (cursor && (cursor_decode(cursor, val, sizeof(val), &page->after_id) < 0 || page->after_id < 0)) {
		http_problem_field(rs, 400, "invalid-parameter", "cursor", "is not a cursor this server issued");
		return -1;
	}
	return 0;
}

/* Sets Location to prefix/<id of r's object> after a successful create. */
static void set_location(struct http_resp *rs, const struct app_result *r, const char *prefix)
{
	if (r->err == APP_OK)
		snprintf(rs->location, sizeof(rs->location), "%s/%lld", prefix,
		         (long long)json_integer_value(json_object_get(r->object, "id")));
}

/* Reads and shape-checks a write's body; NULL with rs filled. */
static json_t *write_body(struct http_req *rq, struct http_resp *rs, const struct field_spec *spec, int creating)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return NULL;
	json_t *in = http_json_body(rq, rs);
	if (in && http_validate(in, spec, creating, rs) < 0) {
		json_decref(in);
		return NULL;
	}
	return in;
}

/* --- constituencies ------------------------------------------------------ */

void api_constituencies_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_page page;
	if (http_query_check(rq, list_params, rs) < 0 || page_params(rq, rs, &page) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_constituency_list(&rq->app, &page, &r);
	http_reply(rs, &r, 200);
}

void api_constituencies_create(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = write_body(rq, rs, constituency_spec, 1);
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_constituency_create(&rq->app, in, &r);
	set_location(rs, &r, "/api/v1/constituencies");
	http_reply(rs, &r, 201);
	json_decref(in);
}

void api_constituencies_get(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_constituency_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_constituencies_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, version;
	if (http_path_id(rq, rs, 0, &id) < 0)
		return;
	json_t *in = write_body(rq, rs, constituency_spec, 0);
	if (!in)
		return;
	if (http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_constituency_update(&rq->app, id, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

/* --- org units ----------------------------------------------------------- */

void api_org_units_list(struct http_req *rq, struct http_resp *rs)
{
	int64_t cid = 0;
	struct app_page page;
	if (http_query_check(rq, org_unit_params, rs) < 0 || page_params(rq, rs, &page) < 0)
		return;
	const char *s = http_query(rq, "constituency");
	if (s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || end == s || *end || v < 1) {
			http_problem_field(rs, 400, "invalid-parameter", "constituency",
			                   "must be a positive integer id");
			return;
		}
		cid = v;
	}
	struct app_result r;
	app_result_init(&r);
	app_org_unit_list(&rq->app, cid, &page, &r);
	http_reply(rs, &r, 200);
}

void api_org_units_create(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = write_body(rq, rs, org_unit_spec, 1);
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_org_unit_create(&rq->app, in, &r);
	set_location(rs, &r, "/api/v1/org-units");
	http_reply(rs, &r, 201);
	json_decref(in);
}

void api_org_units_get(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_org_unit_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_org_units_update(struct http_req *rq, struct http_resp *rs)
{
	int64_t id, version;
	if (http_path_id(rq, rs, 0, &id) < 0)
		return;
	json_t *in = write_body(rq, rs, org_unit_spec, 0);
	if (!in)
		return;
	if (http_if_match(rq, rs, &version) == 0) {
		struct app_result r;
		app_result_init(&r);
		app_org_unit_update(&rq->app, id, version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}
