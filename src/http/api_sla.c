/*
 * SLA policies and the business calendar (issue 5, item 4):
 *   GET/PUT  /api/v1/sla-policies
 *   GET/PUT  /api/v1/business-hours
 *   GET/POST /api/v1/holidays, PATCH/DELETE /api/v1/holidays/{day}
 *   GET      /api/v1/incidents/{id}/sla
 * Everyone signed in reads; administrators write. This file checks the
 * shape of requests and the role; app/sla.c checks values and writes.
 */
#include "app/sla.h"
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_params[] = {NULL};
static const char *const year_params[] = {"year", NULL};

static const struct field_spec holiday_create_spec[] = {
        {"day", FT_STRING, 10, 10, 0, 1, NULL},
        {"name", FT_STRING, 1, 100, 0, 1, NULL},
        {"name_en", FT_STRING, 0, 100, 0, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const struct field_spec holiday_update_spec[] = {
        {"enabled", FT_BOOL, 0, 0, 0, 0, NULL},
        {"name", FT_STRING, 1, 100, 0, 0, NULL},
        {"name_en", FT_STRING, 0, 100, 0, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

/* The body of an admin write whose only member is `member`; NULL with rs
 * filled. */
static json_t *admin_body(struct http_req *rq, struct http_resp *rs, const char *member)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return NULL;
	json_t *in = http_json_body(rq, rs);
	if (!in)
		return NULL;
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		if (strcmp(k, member) != 0) {
			http_problem_field(rs, 400, "unknown-field", k, "only \"%s\" may be given", member);
			json_decref(in);
			return NULL;
		}
	}
	if (!json_is_array(json_object_get(in, member))) {
		http_problem_field(rs, 422, "validation", member, "is required: an array");
		json_decref(in);
		return NULL;
	}
	return in;
}

/* A validated body for a holiday write; NULL with rs filled. */
static json_t *holiday_body(struct http_req *rq, struct http_resp *rs, const struct field_spec *spec, int creating)
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

void api_sla_policies_get(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_sla_policies_get(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_sla_policies_put(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = admin_body(rq, rs, "items");
	if (!in)
		return;
	/* If-Match is optional here (a settings page); when given it must match */
	int64_t version = 0;
	if (http_header(rq, "If-Match") && http_if_match(rq, rs, &version) < 0) {
		json_decref(in);
		return;
	}
	struct app_result r;
	app_result_init(&r);
	app_sla_policies_put(&rq->app, version, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_business_hours_get(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_business_hours_get(&rq->app, &r);
	http_reply(rs, &r, 200);
}

void api_business_hours_put(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = admin_body(rq, rs, "days");
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_business_hours_put(&rq->app, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_holidays_list(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, year_params, rs) < 0)
		return;
	const char *ys = http_query(rq, "year");
	long year = 0;
	if (ys) {
		char *end;
		year = strtol(ys, &end, 10);
		if (*ys < '0' || *ys > '9' || *end || year < 2000 || year > 2099) {
			http_problem_field(rs, 400, "invalid-parameter", "year", "must be a year from 2000 to 2099");
			return;
		}
	}
	struct app_result r;
	app_result_init(&r);
	app_holidays_list(&rq->app, (int)year, &r);
	http_reply_list(rs, &r);
}

void api_holidays_create(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = holiday_body(rq, rs, holiday_create_spec, 1);
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_holiday_create(&rq->app, in, &r);
	if (r.err == APP_OK)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/holidays/%s",
		         json_string_value(json_object_get(in, "day")));
	json_decref(in);
	http_reply(rs, &r, 201);
}

void api_holidays_update(struct http_req *rq, struct http_resp *rs)
{
	json_t *in = holiday_body(rq, rs, holiday_update_spec, 0);
	if (!in)
		return;
	struct app_result r;
	app_result_init(&r);
	app_holiday_update(&rq->app, rq->params[0], in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}

void api_holidays_delete(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0 || http_require_role(rq, rs, ROLE_ADMIN) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	if (app_holiday_delete(&rq->app, rq->params[0], &r) < 0)
		http_app_error(rs, &r);
	else
		rs->status = 204;
	app_result_free(&r);
}

void api_incident_sla(struct http_req *rq, struct http_resp *rs)
{
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	struct app_result r;
	app_result_init(&r);
	app_incident_sla(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}
