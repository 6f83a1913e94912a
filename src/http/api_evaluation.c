/*
 * HTTP handlers for the CSIRT evaluation (/api/v1/evaluation/questions,
 * /api/v1/evaluations): the questionnaire and the evaluations (any user
 * reads; handlers record evaluations and track the roadmap). Shape checks
 * here; scoring in core/evaluation.c, the use cases in app/evaluation.c.
 */
#include "app/evaluation.h"
#include "http/http.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

static const char *const no_params[] = {NULL};
static const char *const roadmap_status[] = {"open", "in_progress", "done", "deferred", NULL};

static const struct field_spec create_spec[] = {
        {"answers", FT_STRING, 0, 0, 0, 0, NULL}, /* shape checked below: an object */
        {"date", FT_STRING, 10, 10, 1, 0, NULL},
        {"note", FT_TEXT, 0, 4000, 1, 0, NULL},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

static const struct field_spec roadmap_spec[] = {
        {"owner", FT_STRING, 1, 200, 0, 0, NULL},
        {"target_date", FT_STRING, 10, 10, 0, 0, NULL},
        {"status", FT_STRING, 1, 20, 0, 0, roadmap_status},
        {NULL, 0, 0, 0, 0, 0, NULL},
};

void api_evaluation_questions(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_evaluation_questions, 200);
}

void api_evaluation_list(struct http_req *rq, struct http_resp *rs)
{
	http_call(rq, rs, ROLE_VIEWER, app_evaluation_list, 200);
}

/* {answers: object, date?, note?}; 0, or -1 with rs filled. */
static int create_shape(json_t *in, struct http_resp *rs)
{
	json_t *answers = json_incref(json_object_get(in, "answers"));
	int rc = 0;
	json_object_del(in, "answers"); /* the spec cannot describe an object */
	if (http_validate(in, create_spec, 0, rs) < 0)
		rc = -1;
	else if (!json_is_object(answers)) {
		http_problem_field(rs, 422, "validation", "answers",
		                   "is required: an object of item code to answer letter, with \"services\"");
		rc = -1;
	}
	if (answers)
		json_object_set(in, "answers", answers);
	json_decref(answers);
	return rc;
}

void api_evaluation_create(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (create_shape(in, rs) == 0) {
		app_result_init(&r);
		if (app_evaluation_create(&rq->app, in, &r) == 0)
			snprintf(rs->location, sizeof(rs->location), "/api/v1/evaluations/%lld",
			         (long long)json_integer_value(json_object_get(r.object, "id")));
		http_reply(rs, &r, 201);
	}
	json_decref(in);
}

void api_evaluation_get(struct http_req *rq, struct http_resp *rs)
{
	http_call_id(rq, rs, ROLE_VIEWER, app_evaluation_get, 200);
}

void api_evaluation_roadmap_update(struct http_req *rq, struct http_resp *rs)
{
	struct app_result r;
	int64_t id, n, version;
	json_t *in;
	if (http_require_role(rq, rs, ROLE_HANDLER) < 0 || http_query_check(rq, no_params, rs) < 0 ||
	    http_path_id(rq, rs, 0, &id) < 0 || http_path_id(rq, rs, 1, &n) < 0)
		return;
	if (!(in = http_json_body(rq, rs)))
		return;
	if (http_validate(in, roadmap_spec, 0, rs) == 0 && http_if_match(rq, rs, &version) == 0) {
		app_result_init(&r);
		app_evaluation_roadmap_update(&rq->app, id, n, version, in, &r);
		http_etag_from(rs, r.object);
		http_reply(rs, &r, 200);
	}
	json_decref(in);
}

static int report_doc(const struct app_ctx *ctx, const char *lang, const void *arg, struct app_result *r)
{
	return app_evaluation_report(ctx, *(const int64_t *)arg, lang, r);
}

/* The evaluation report: {lang, markdown, html} by default, or
 * ?format=md|html|pdf (an internal document: TLP:AMBER). */
void api_evaluation_report(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	char name[48];
	if (http_path_id(rq, rs, 0, &id) < 0)
		return;
	snprintf(name, sizeof(name), "evaluation-%lld", (long long)id);
	http_document(rq, rs,
	              &(struct http_doc){name, "CSIRT 評価報告書", "CSIRT evaluation report", "json", report_doc, &id,
	                                 "AMBER"});
}
