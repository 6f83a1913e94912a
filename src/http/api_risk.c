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
	http_call(rq, rs, ROLE_VIEWER, app_risk_questions, 200);
}

void api_risk_list(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_risk_list, 200);
}

/* The body is {answers: {...}} and nothing else; 0, or -1 with rs filled. */
static int assess_shape(const json_t *in, struct http_resp *rs)
{
	return http_body_only_object(in, "answers", "an object of item code to scale value", rs);
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
	http_call_id(rq, rs, ROLE_VIEWER, app_risk_get, 200);
}

void api_risk_apply(struct http_req *rq, struct http_resp *rs)
{
	http_call_id(rq, rs, ROLE_ADMIN, app_risk_apply, 200);
}
