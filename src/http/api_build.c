/*
 * HTTP handlers for the build tracker (/api/v1/build...): read by any
 * user; phases, checklist items and deliverable documents changed by
 * handlers and admins. Shape checks here; rules and writes in app/build.c.
 */
#include "app/build.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>

static const char *const no_params[] = {NULL};
static const char *const statuses[] = {"not_started", "in_progress", "done", NULL};

static const struct field_spec phase_spec[] = {
        {"status", FT_STRING, 1, 16, 0, 0, statuses},       {"owner_id", FT_ID, 0, 0, 1, 0, NULL},
        {"start_date", FT_STRING, 10, 10, 1, 0, NULL},      {"due_date", FT_STRING, 10, 10, 1, 0, NULL},
        {"notes", FT_TEXT, 0, BUILD_NOTES_MAX, 1, 0, NULL}, {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec item_spec[] = {
        {"done", FT_BOOL, 0, 0, 0, 1, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec document_spec[] = {
        {"body_md", FT_TEXT, 0, BUILD_DOCUMENT_MAX, 0, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

void api_build_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_build_get(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_build_phase_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, phase_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_build_phase_update(&rq->app, rq->params[0], version, in, &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_build_item_put(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, item_spec, 1, rs) == 0) {
		app_result_init(&r);
		app_build_item_set(&rq->app, rq->params[0], rq->params[1], json_is_true(json_object_get(in, "done")),
		                   &r);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

void api_build_document_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_build_document_get(&rq->app, rq->params[0], rq->params[1], &r);
	http_reply(rs, &r, 200);
}

void api_build_document_post(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, document_spec, 1, rs) == 0) {
		app_result_init(&r);
		if (app_build_document_add(&rq->app, rq->params[0], rq->params[1], in, &r) == 0)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/build/phases/%s/documents/%s",
			         rq->params[0], rq->params[1]);
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}
