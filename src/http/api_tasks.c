/*
 * HTTP handlers for incident tasks: /api/v1/incidents/{id}/tasks (list,
 * create) and /api/v1/tasks/{id} (read, PATCH with If-Match). Shape checks
 * here, rules and visibility in app/task.c (a task is visible when its
 * incident is).
 */
#include "app/task.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec task_create_spec[] = {
        {"title", FT_STRING, 1, 300, 0, 1, NULL}, {"assignee_id", FT_ID, 0, 0, 1, 0, NULL},
        {"due_at", FT_TIME, 0, 0, 1, 0, NULL},    {"done", FT_BOOL, 0, 0, 0, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const struct field_spec task_update_spec[] = {
        {"title", FT_STRING, 1, 300, 0, 0, NULL}, {"assignee_id", FT_ID, 0, 0, 1, 0, NULL},
        {"due_at", FT_TIME, 0, 0, 1, 0, NULL},    {"done", FT_BOOL, 0, 0, 0, 0, NULL},
        {NULL, FT_STRING, 0, 0, 0, 0, NULL},
};

static const char *const no_params[] = {NULL};
static const char *const page_params[] = {"limit", "cursor", NULL};

/* The {id} of /tasks/{id}: a positive decimal id, else 0 (answered 404). */
static int64_t task_id(const char *s)
{
	char *end;
	if (!s || s[0] < '1' || s[0] > '9' || strlen(s) > 18)
		return 0;
	long long v = strtoll(s, &end, 10);
	return *end ? 0 : (int64_t)v;
}

void api_tasks_list(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	if (http_query_check(rq, page_params, rs) < 0)
		return;
	app_result_init(&r);
	app_task_list(&rq->app, rq->params[0], &r);
	http_reply(rs, &r, 200);
}

void api_tasks_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, task_create_spec, 1, rs) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	int rc = app_task_create(&rq->app, rq->params[0], in, &r);
	json_decref(in);
	if (rc == 0)
		snprintf(rs->location, sizeof(rs->location), "/api/v1/tasks/%" JSON_INTEGER_FORMAT,
		         json_integer_value(json_object_get(r.object, "id")));
	http_reply(rs, &r, 201);
}

void api_tasks_get(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id = task_id(rq->params[0]);
	if (http_query_check(rq, no_params, rs) < 0)
		return;
	if (!id) {
		http_problem(rs, 404, "not-found", "no such task", NULL);
		return;
	}
	app_result_init(&r);
	app_task_get(&rq->app, id, &r);
	http_reply(rs, &r, 200);
}

void api_tasks_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t version, id = task_id(rq->params[0]);
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!id) {
		http_problem(rs, 404, "not-found", "no such task", NULL);
		return;
	}
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, task_update_spec, 0, rs) < 0 || http_if_match(rq, rs, &version) < 0) {
		json_decref(in);
		return;
	}
	app_result_init(&r);
	app_task_update(&rq->app, id, version, in, &r);
	json_decref(in);
	http_reply(rs, &r, 200);
}
