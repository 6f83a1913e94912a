/*
 * HTTP handlers for the risk-tolerance assessment (/api/v1/risk-tolerance):
 * the questions (any user), assessments (recorded by handlers, read by any
 * user) and applying an assessment's proposed priority matrix (admin).
 * Shape checks here; scoring in core/risk.c, the use cases in app/risk.c.
 */
#include "app/risk.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

static const char *const no_params[] = {NULL};

void api_risk_questions(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_risk_questions(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_risk_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	app_result_init(&r);
	app_risk_list(&rq->app, &r);
	http_reply(rs, &r, 200);
}

/* The body is {answers: {...}} and nothing else; 0, or -1 with rs filled. */
static int assess_shape(const json_t *in, struct http_resp *rs)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in, k, v)
	{
		if (strcmp(k, "answers") != 0) {
			http_problem_field(rs, 400, "unknown-field", k, "only \"answers\" may be given");
			return -1;
		}
	}
	if (!json_is_object(json_object_get(in, "answers"))) {
		http_problem_field(rs, 422, "validation", "answers",
		                   "is required: an object of item code to scale value");
		return -1;
	}
	return 0;
}

void api_risk_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (assess_shape(in, rs) == 0) {
		app_result_init(&r);
		if (app_risk_assess(&rq->app, in, &r) == 0)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/risk-tolerance/assessments/%lld",
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_risk_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_query_check(rq, no_params, rs) < 0 || http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	app_risk_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_risk_apply(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id;
	if (http_require_role(rq, rs, ROLE_ADMIN) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0)
		return;
	app_result_init(&r);
	app_risk_apply(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}
